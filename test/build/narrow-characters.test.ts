import assert from 'node:assert/strict';
import {createRequire} from 'node:module';
import path from 'node:path';
import {test} from 'node:test';
import {pathToFileURL} from 'node:url';
import stringWidth8 from 'string-width';
import {projectRoot} from '../helpers/run-process.js';

type StringWidth = (text: string) => number;

// The bundle counts these characters itself (scripts/build.js); string-width must agree,
// in both versions Ink's tree holds.
test('every character the bundle counts as one column is one column for string-width 7 and 8', async () => {
	const {narrowCharacterClass} = await import(pathToFileURL(path.join(projectRoot, 'scripts', 'narrow-characters.js')).href) as {narrowCharacterClass: string};
	// wrap-ansi keeps its own string-width 7.
	const wrapAnsi = createRequire(import.meta.url).resolve('wrap-ansi');
	const seven = await import(pathToFileURL(path.join(path.dirname(wrapAnsi), 'node_modules', 'string-width', 'index.js')).href) as {default: StringWidth};
	const widths: StringWidth[] = [stringWidth8, seven.default];
	const narrow = new RegExp(`^[${narrowCharacterClass}]*$`);
	const admitted: string[] = [];
	for (let codePoint = 0; codePoint <= 0xFFFF; codePoint++) {
		const character = String.fromCodePoint(codePoint);
		if (narrow.test(character)) {
			admitted.push(character);
			for (const width of widths) {
				assert.equal(width(character), 1, `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`);
			}
		}
	}

	assert.ok(admitted.includes('·') && admitted.includes('↑') && admitted.includes('…') && admitted.includes('⠋'));
	// Strings of them: no two of them join into a wider or narrower cluster.
	let seed = 1;
	const random = () => {
		seed = (seed * 1_664_525 + 1_013_904_223) >>> 0;
		return seed / 2 ** 32;
	};

	for (let index = 0; index < 5000; index++) {
		let text = '';
		const length = 1 + Math.floor(random() * 12);
		for (let position = 0; position < length; position++) {
			text += admitted[Math.floor(random() * admitted.length)]!;
		}

		for (const width of widths) {
			assert.equal(width(text), text.length, JSON.stringify(text));
		}
	}
});
