/** Small pieces of English grammar that messages on both faces share. */

/** `1 error`, `2 errors`, `0 errors`; `noun` is the singular. */
export function countNoun(count: number, noun: string, pluralForm = `${noun}s`): string {
	return `${count.toLocaleString('en-US')} ${count === 1 ? noun : pluralForm}`;
}

// Letters whose names start with a vowel sound: "an RSA key", "an ED25519 key", "an ECDSA key".
const vowelSoundLetters = new Set(['A', 'E', 'F', 'H', 'I', 'L', 'M', 'N', 'O', 'R', 'S', 'X']);

/**
 * `a` or `an` before `word`. An all-capitals word is read letter by letter (an RSA, a DSA);
 * any other by its first letter (an ECDSA-like word is all capitals too).
 */
export function withArticle(word: string): string {
	const first = word.charAt(0);
	const isInitialism = /^[A-Z0-9-]{2,}$/.test(word);
	const vowelSound = isInitialism ? vowelSoundLetters.has(first) : /^[aeiou]/i.test(word);
	return `${vowelSound ? 'an' : 'a'} ${word}`;
}
