/**
 * Shell-style `*` and `?` wildcards (no character classes, no folders), as OpenSSH's
 * match_pattern and sftp's put/get use them. The one glob of the code base.
 */
export function globExpression(pattern: string): RegExp {
	const source = pattern.replaceAll(/[.+^${}()|[\]\\]/g, String.raw`\$&`).replaceAll('*', '.*').replaceAll('?', '.');
	return new RegExp(`^${source}$`, 's');
}

/** True when the word holds a * or ? wildcard. */
export function hasWildcard(word: string): boolean {
	return /[*?]/.test(word);
}

/** A matcher for file names: like a shell, * and ? do not pick hidden files unless the pattern starts with a dot. */
export function fileNameMatcher(pattern: string): (name: string) => boolean {
	const expression = globExpression(pattern);
	return name => expression.test(name) && (!name.startsWith('.') || pattern.startsWith('.'));
}
