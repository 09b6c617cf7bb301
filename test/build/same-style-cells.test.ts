import assert from 'node:assert/strict';
import {readFile} from 'node:fs/promises';
import {createRequire} from 'node:module';
import path from 'node:path';
import {test} from 'node:test';
import {pathToFileURL} from 'node:url';
import {ansiCodesToString, diffAnsiCodes, reduceAnsiCodesIncremental, styledCharsFromTokens, styledCharsToString, tokenize} from '@alcalzone/ansi-tokenize';
import {projectRoot} from '../helpers/run-process.js';

type StyledChars = ReturnType<typeof styledCharsFromTokens>;

// The bundle skips ansi-tokenize's colour diff between cells of the same colours
// (scripts/build.js): every frame must come out exactly as the library itself writes it.
test('the bundle\'s frame-to-text step gives ansi-tokenize\'s own text, colours and all', async () => {
	const {skipSameStyleDiffs} = await import(pathToFileURL(path.join(projectRoot, 'scripts', 'build.js')).href) as {skipSameStyleDiffs: (source: string) => string};
	const file = path.join(path.dirname(createRequire(import.meta.url).resolve('@alcalzone/ansi-tokenize/package.json')), 'build', 'styledChars.js');
	// The patched module, its imports handed in as they are.
	const body = skipSameStyleDiffs(await readFile(file, 'utf8'))
		.replaceAll(/^import .*$/gm, '')
		.replaceAll(/^export function /gm, 'function ');
	// The module under test, built from the library's own source.
	const patched = new Function('ansiCodesToString', 'diffAnsiCodes', 'reduceAnsiCodesIncremental', `${body}\nreturn styledCharsToString;`)(
		ansiCodesToString, diffAnsiCodes, reduceAnsiCodesIncremental) as (chars: StyledChars) => string;

	// Lines as Ink draws them: text in colours, bold, dim, inverse and underline, nested and reset.
	const codes = ['\u001B[36m', '\u001B[39m', '\u001B[32m', '\u001B[90m', '\u001B[1m', '\u001B[2m', '\u001B[22m', '\u001B[7m', '\u001B[27m', '\u001B[4m', '\u001B[24m', '\u001B[0m', '\u001B[38;5;208m', '\u001B[48;2;1;2;3m', '\u001B[49m'];
	const text = ['a', 'b', ' ', '█', '░', '┃', '…', '✔'];
	let seed = 7;
	const random = (below: number) => {
		seed = (seed * 1_664_525 + 1_013_904_223) >>> 0;
		return Math.floor(seed / 2 ** 32 * below);
	};

	let skipped = 0;
	for (let line = 0; line < 2000; line++) {
		let source = '';
		for (let piece = random(40); piece > 0; piece--) {
			source += random(3) === 0 ? codes[random(codes.length)]! : text[random(text.length)]!.repeat(1 + random(4));
		}

		const chars = styledCharsFromTokens(tokenize(source));
		assert.equal(patched(chars), styledCharsToString(chars), JSON.stringify(source));
		skipped += chars.filter((char, index) => index > 0 && JSON.stringify(char.styles) === JSON.stringify(chars[index - 1]!.styles)).length;
	}

	assert.ok(skipped > 1000, 'the lines hold neighbours of the same colours, the case the bundle skips');
});
