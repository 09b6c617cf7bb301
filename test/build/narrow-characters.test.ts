import assert from 'node:assert/strict';
import {createRequire} from 'node:module';
import path from 'node:path';
import {test} from 'node:test';
import {pathToFileURL} from 'node:url';
import stringWidth8 from 'string-width';
import {projectRoot} from '../helpers/run-process.js';

type StringWidth = (text: string, options?: {ambiguousIsNarrow?: boolean; countAnsiEscapeCodes?: boolean}) => number;

// The bundle counts some text itself, in front of string-width (scripts/build.js): it must
// give string-width's answer, in both versions Ink's tree holds.
test('the bundle\'s own width count agrees with string-width 7 and 8, or leaves the text to them', async () => {
	const {narrowWidth} = await import(pathToFileURL(path.join(projectRoot, 'scripts', 'narrow-characters.js')).href) as {narrowWidth: (text: string, options?: object) => number | undefined};
	// wrap-ansi keeps its own string-width 7.
	const wrapAnsi = createRequire(import.meta.url).resolve('wrap-ansi');
	const seven = await import(pathToFileURL(path.join(path.dirname(wrapAnsi), 'node_modules', 'string-width', 'index.js')).href) as {default: StringWidth};
	const widths: StringWidth[] = [stringWidth8, seven.default];
	const agree = (text: string, options?: {ambiguousIsNarrow?: boolean; countAnsiEscapeCodes?: boolean}) => {
		const ours = narrowWidth(text, options);
		if (ours !== undefined) {
			for (const width of widths) {
				assert.equal(ours, width(text, options), JSON.stringify(text));
			}
		}

		return ours;
	};

	const counted: string[] = [];
	for (let codePoint = 0; codePoint <= 0xFFFF; codePoint++) {
		const character = String.fromCodePoint(codePoint);
		if (agree(character) !== undefined) {
			counted.push(character);
		}
	}

	for (const character of ['·', '↑', '…', '⠋', '›', 'é', '█', '░']) {
		assert.ok(counted.includes(character), character);
	}

	for (const character of ['日', '😀', '\u0301', '\u200B', '\u00AD', '©', '↔', '\t', '\u001B']) {
		assert.equal(narrowWidth(character), undefined, JSON.stringify(character));
	}

	// As Ink hands them over: nested colours around key hints.
	assert.equal(agree('\u001B[1m\u001B[36m↓/j\u001B[39m\u001B[22m\u001B[90m next choice\u001B[39m'), 15);
	assert.equal(agree('\u001B[36m⠋\u001B[39m Starting…'), 11);
	// Other escapes, and options that change the count, are left to string-width.
	assert.equal(narrowWidth('\u001B]8;;https://asapp.com\u0007link\u001B]8;;\u0007'), undefined);
	assert.equal(narrowWidth('a·b', {ambiguousIsNarrow: false}), undefined);
	assert.equal(narrowWidth('\u001B[1mx', {countAnsiEscapeCodes: true}), undefined);

	// Strings of counted characters and colours: no two of them join into another width.
	let seed = 1;
	const random = () => {
		seed = (seed * 1_664_525 + 1_013_904_223) >>> 0;
		return seed / 2 ** 32;
	};

	const colours = ['\u001B[1m', '\u001B[22m', '\u001B[36m', '\u001B[39m', '\u001B[38;5;208m'];
	for (let index = 0; index < 5000; index++) {
		let text = '';
		const length = 1 + Math.floor(random() * 12);
		for (let position = 0; position < length; position++) {
			text += random() < 0.15 ? colours[Math.floor(random() * colours.length)]! : counted[Math.floor(random() * counted.length)]!;
		}

		assert.notEqual(agree(text), undefined, JSON.stringify(text));
	}
});
