import assert from 'node:assert/strict';
import path from 'node:path';
import {test} from 'node:test';
import {pathToFileURL} from 'node:url';
import {projectRoot} from '../helpers/run-process.js';

type Segment = {segment: string; index: number; input: string};
type Segments = Iterable<Segment> & {containing(index?: number): Segment | undefined};
type Segmenter = {segment(input: string): Segments};

// The bundle hands Ink's text helpers a segmenter that skips ICU for simple text
// (scripts/build.js): it must cut every text exactly where Intl.Segmenter does.
test('the bundle\'s lazy grapheme segmenter agrees with Intl.Segmenter, simple text or not', async () => {
	const {lazyGraphemeSegmenter} = await import(pathToFileURL(path.join(projectRoot, 'scripts', 'lazy-segmenter.js')).href) as {lazyGraphemeSegmenter: (locales?: string, options?: {granularity?: string}) => Segmenter};
	const real = new Intl.Segmenter(undefined, {granularity: 'grapheme'});
	const lazy = lazyGraphemeSegmenter(undefined, {granularity: 'grapheme'});
	const plain = (segment: Segment) => ({segment: segment.segment, index: segment.index, input: segment.input});
	const agree = (text: string, at: number[] = []) => {
		assert.deepEqual([...lazy.segment(text)].map(plain), [...real.segment(text)].map(plain), JSON.stringify(text));
		for (const index of at) {
			const ours = lazy.segment(text).containing(index);
			const theirs = real.segment(text).containing(index);
			assert.deepEqual(ours && plain(ours), theirs && plain(theirs), `${JSON.stringify(text)} containing(${index})`);
		}
	};

	// Every character up to U+2FFF (the simple ones end before it), alone, doubled and
	// between letters; text with anything else goes to Intl.Segmenter itself.
	for (let codePoint = 0; codePoint <= 0x2FFF; codePoint++) {
		const character = String.fromCodePoint(codePoint);
		agree(character);
		agree(`${character}${character}`);
		agree(`a${character}a`);
	}

	// Neighbours that join what stands before or after them.
	for (const neighbour of ['\u0301', '\u200D', '\uFE0F', '\r', '\n', '\u1100', '\u{1F1E6}', '😀']) {
		for (const character of ['a', '█', '\u001B', '·', '→', '┃']) {
			agree(`${character}${neighbour}`, [0, 1]);
			agree(`${neighbour}${character}`, [0, 1]);
		}
	}

	// Lines as Ink draws them, and text that needs the real segmenter.
	agree('\u001B[1m\u001B[36m↓/j\u001B[39m\u001B[22m\u001B[90m next choice\u001B[39m', [-1, 0, 3, 2.5, 60, 61]);
	agree(' ✔ big.bin ████████░░░░  512 MiB arrived, size verified', [0, 12, 55]);
	agree('café́ 👩‍👩‍👧 🇫🇷 한글 e\u0301', [0, 4, 7, 20]);
	assert.equal(lazy.segment('').containing(0), undefined);
	// Other granularities are Intl's own.
	assert.deepEqual([...lazyGraphemeSegmenter('en', {granularity: 'word'}).segment('two words')].map(segment => segment.segment), ['two', ' ', 'words']);
});
