import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parse} from 'csv-parse/sync';
import {CsvRecord, readCsvRecord} from '../../../source/core/validate/csv-tokenizer.js';
import {cellFlags} from '../../../source/core/validate/record-checker.js';

/** A small seeded generator, so a failure names a case that can be replayed. */
function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state * 1_664_525 + 1_013_904_223) >>> 0;
		return state / 2 ** 32;
	};
}

const alphabet = ['a', 'Z', '7', ' ', ',', '"', '\n', '\r\n', 'é', '日', '😀', 'NULL', '-', '.'];

function randomCell(random: () => number): {text: string; csv: string} {
	const length = Math.floor(random() * 6);
	let text = '';
	for (let index = 0; index < length; index++) {
		text += alphabet[Math.floor(random() * alphabet.length)]!;
	}

	const needsQuotes = /[",\r\n]/.test(text) || (text !== '' && random() < 0.2);
	return {text, csv: needsQuotes ? `"${text.replaceAll('"', '""')}"` : text};
}

/** Cells as our tokenizer sees them, with quoted cells unescaped as a CSV reader would. */
function tokenize(text: string): string[][] {
	const buffer = Buffer.from(text);
	const record = new CsvRecord();
	const rows: string[][] = [];
	let position = 0;
	while (position < buffer.length) {
		const next = readCsvRecord(buffer, position, buffer.length, true, 0x2c, record);
		assert.ok(next > position, 'the tokenizer must advance');
		const cells: string[] = [];
		for (let index = 0; index < record.count; index++) {
			const raw = buffer.toString('utf8', record.starts[index], record.ends[index]);
			cells.push((record.flags[index]! & cellFlags.escapedQuotes) === 0 ? raw : raw.replaceAll('""', '"'));
		}

		rows.push(cells);
		position = next;
	}

	return rows;
}

test('the byte tokenizer reads well-formed CSV exactly as csv-parse does (500 seeded random files)', () => {
	for (let seed = 1; seed <= 500; seed++) {
		const random = seededRandom(seed);
		const rowCount = 1 + Math.floor(random() * 6);
		const lines: string[] = [];
		for (let row = 0; row < rowCount; row++) {
			const cellCount = 1 + Math.floor(random() * 5);
			const cells = Array.from({length: cellCount}, () => randomCell(random));
			// A record holding one empty cell is a blank line, which the two readers treat differently on purpose.
			if (cellCount === 1 && cells[0]!.csv === '') {
				cells[0] = {text: 'x', csv: 'x'};
			}

			lines.push(cells.map(cell => cell.csv).join(','));
		}

		const lineEnd = random() < 0.5 ? '\n' : '\r\n';
		const text = lines.join(lineEnd) + (random() < 0.5 ? lineEnd : '');
		const expected = parse(text, {relax_column_count: true, skip_empty_lines: false}) as string[][];
		assert.deepEqual(tokenize(text), expected, `seed ${seed}: ${JSON.stringify(text)}`);
	}
});
