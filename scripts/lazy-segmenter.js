/**
 * Characters that are a grapheme of their own whatever stands next to them (ICU's grapheme
 * rules): printable ASCII and ESC, Latin, general punctuation, arrows, box drawing, block
 * elements and braille, without combining marks, joiners, variation selectors, CR/LF or
 * other controls. test/build/lazy-segmenter.test.ts checks every one against Intl.Segmenter.
 */
// eslint-disable-next-line no-control-regex -- ESC starts the colour codes Ink puts around text
const ownGraphemes = /^[\u001B\u0020-\u007E\u00A0-\u00AC\u00AE-\u02FF\u2010-\u2027\u2030-\u205E\u2190-\u21FF\u2500-\u259F\u2800-\u28FF]*$/;

function segmentOf(input, index) {
	return {segment: input[index], index, input};
}

/** Intl.Segmenter's Segments for text whose every UTF-16 unit is a grapheme of its own. */
class SingleUnitSegments {
	constructor(input) {
		this.input = input;
	}

	containing(at = 0) {
		const index = Math.trunc(Number(at));
		return index >= 0 && index < this.input.length ? segmentOf(this.input, index) : undefined;
	}

	* [Symbol.iterator]() {
		for (let index = 0; index < this.input.length; index++) {
			yield segmentOf(this.input, index);
		}
	}
}

/**
 * A grapheme segmenter for the modules Ink draws with (string-width, slice-ansi,
 * ansi-tokenize), which build theirs when loaded: the first Intl.Segmenter of a process
 * loads ICU's break rules, 8 to 30 ms of every start of the app. This one builds the real
 * segmenter only for text that needs it; the app's own screens (ASCII, box drawing, bars,
 * arrows, colour codes) never do. Other granularities get the real segmenter at once.
 */
export function lazyGraphemeSegmenter(locales, options) {
	if ((options?.granularity ?? 'grapheme') !== 'grapheme') {
		return new Intl.Segmenter(locales, options);
	}

	let real;
	return {
		segment(input) {
			const text = String(input);
			if (ownGraphemes.test(text)) {
				return new SingleUnitSegments(text);
			}

			real ??= new Intl.Segmenter(locales, options);
			return real.segment(text);
		},
	};
}
