/**
 * The `:` command line's words: split as a shell would (quotes, backslashes). Each word's
 * meaning is on its action (actions/index.ts).
 */
export class CommandError extends Error {}

/** Splits on blanks, honouring "double" and 'single' quotes and backslash escapes. */
export function tokenize(line: string): string[] {
	const words: string[] = [];
	let current = '';
	let inWord = false;
	let quote: '"' | '\'' | undefined;
	for (let index = 0; index < line.length; index++) {
		const char = line[index]!;
		if (quote) {
			if (char === quote) {
				quote = undefined;
			} else {
				current += char;
			}
		} else if (char === '"' || char === '\'') {
			quote = char;
			inWord = true;
		} else if (char === '\\' && index + 1 < line.length) {
			current += line[++index]!;
			inWord = true;
		} else if (/\s/.test(char)) {
			if (inWord) {
				words.push(current);
				current = '';
				inWord = false;
			}
		} else {
			current += char;
			inWord = true;
		}
	}

	if (quote) {
		throw new CommandError(`A ${quote} quote is not closed.`);
	}

	if (inWord) {
		words.push(current);
	}

	return words;
}
