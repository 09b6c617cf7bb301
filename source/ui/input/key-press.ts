import type {Key} from 'ink';

/** One key as a screen sees it: Ink's `input` text and its `Key` flags. */
export type KeyPress = {input: string; key: Key};

const noKey: Key = {
	upArrow: false,
	downArrow: false,
	leftArrow: false,
	rightArrow: false,
	pageDown: false,
	pageUp: false,
	home: false,
	end: false,
	return: false,
	escape: false,
	ctrl: false,
	shift: false,
	tab: false,
	backspace: false,
	delete: false,
	meta: false,
	super: false,
	hyper: false,
	capsLock: false,
	numLock: false,
};

/** The key one character stands for, read the way Ink reads a lone character. */
function characterKey(character: string): KeyPress {
	const code = character.codePointAt(0) ?? 0;
	switch (character) {
		case '\r':
		case '\n': {
			return {input: '', key: {...noKey, return: true}};
		}

		case '\t': {
			return {input: '', key: {...noKey, tab: true}};
		}

		case '\b': {
			return {input: '', key: {...noKey, backspace: true}};
		}

		case '\u007F': {
			return {input: '', key: {...noKey, delete: true}};
		}

		default: {
			if (code >= 1 && code <= 26) {
				return {input: String.fromCodePoint(code + 96), key: {...noKey, ctrl: true}};
			}

			return {input: character, key: {...noKey, shift: /^[A-Z]$/.test(character)}};
		}
	}
}

/** True for a key that is a character of text (what a text field appends). */
export function isText({input, key}: KeyPress): boolean {
	if (input === '' || key.ctrl || key.meta || key.return || key.tab || key.escape || key.backspace || key.delete) {
		return false;
	}

	// eslint-disable-next-line no-control-regex -- control characters are exactly what is not text
	return !/[\u0000-\u001F\u007F]/.test(input);
}

/**
 * Splits what Ink handed over as one event into the keys it holds. Ink separates escape
 * sequences (arrows, Esc) but passes a run of other characters on as one string: `j` and
 * Enter typed fast, or `:pwd` + Enter from a script, arrive as `j\r` or `:pwd\r`. Each
 * character of such a run is a key of its own; escape sequences and keys Ink has named
 * stay as they are.
 */
export function splitKeyPresses(input: string, key: Key): KeyPress[] {
	const named = key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.pageDown || key.pageUp
		|| key.home || key.end || key.return || key.escape || key.tab || key.backspace || key.delete || key.ctrl || key.meta;
	if (named) {
		return [{input, key}];
	}

	const characters = [...input];
	if (characters.length === 1 && isText({input, key})) {
		return [{input, key}];
	}

	return characters.map(character => characterKey(character));
}
