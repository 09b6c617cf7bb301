/**
 * Characters that take one terminal column whatever stands next to them, as string-width 7
 * and 8 (both in Ink's tree) count them: ASCII, Latin, general punctuation, arrows, box
 * drawing, block elements (the progress bars' █ and ░) and braille, without combining
 * marks, soft hyphen, zero-width or bidi controls, and without the text characters that
 * string-width 7 takes for emoji (© ® ‼ ⁉ ↔-↙ ↩ ↪).
 */
const narrow = /^[\u0020-\u007E\u00A0-\u00A8\u00AA-\u00AC\u00AF-\u02FF\u2010-\u2027\u2030-\u203B\u203D-\u2048\u204A-\u205E\u2190-\u2193\u219A-\u21A8\u21AB-\u21FF\u2500-\u259F\u2800-\u28FF]*$/;
// Colours and weights (SGR), which Ink puts around nested text; they take no column.
// eslint-disable-next-line no-control-regex -- ESC is what starts a colour code
const sgr = /\u001B\[[\d;]*m/g;

/**
 * The width string-width would give, for text made only of always-narrow characters and
 * colour codes; undefined for anything else (ask string-width). The bundle puts this in
 * front of string-width (scripts/build.js), which spares the first frame its grapheme
 * segmenter and emoji pattern; test/build/narrow-characters.test.ts checks it against both.
 */
export function narrowWidth(input, options) {
	if (typeof input !== 'string' || options?.ambiguousIsNarrow === false || options?.countAnsiEscapeCodes === true) {
		return undefined;
	}

	const text = input.includes('\u001B') ? input.replace(sgr, '') : input;
	return narrow.test(text) ? text.length : undefined;
}
