import assert from 'node:assert/strict';
import {test} from 'node:test';
import {CsvRecord, readCsvRecord} from '../../../source/core/validate/csv-tokenizer.js';
import {cellFlags} from '../../../source/core/validate/record-checker.js';

function records(text: string, final = true): Array<{cells: string[]; flags: number[]; newlines: number; unclosed: boolean}> {
	const buffer = Buffer.from(text);
	const record = new CsvRecord();
	const out = [];
	let position = 0;
	while (position < buffer.length) {
		const next = readCsvRecord(buffer, position, buffer.length, final, 0x2c, record);
		if (next < 0) {
			break;
		}

		out.push({
			cells: Array.from({length: record.count}, (_, index) => buffer.toString('utf8', record.starts[index], record.ends[index])),
			flags: Array.from(record.flags.subarray(0, record.count)),
			newlines: record.newlines,
			unclosed: record.unclosed,
		});
		position = next;
	}

	return out;
}

test('plain, quoted and escaped cells; LF and CRLF records', () => {
	const got = records('a,b,c\r\n"x,y","say ""hi""",\n1,2,3');
	assert.deepEqual(got.map(r => r.cells), [['a', 'b', 'c'], ['x,y', 'say ""hi""', ''], ['1', '2', '3']]);
	assert.deepEqual(got.map(r => r.newlines), [1, 1, 0]);
	assert.equal(got[1]!.flags[0], cellFlags.quoted);
	assert.equal(got[1]!.flags[1], cellFlags.quoted | cellFlags.escapedQuotes);
});

test('a quoted line break stays in its cell and is counted', () => {
	const got = records('"one\r\ntwo\nthree",x\r\nnext,y\n');
	assert.deepEqual(got.map(r => r.cells), [['one\r\ntwo\nthree', 'x'], ['next', 'y']]);
	assert.deepEqual(got.map(r => r.newlines), [3, 1]);
	assert.ok((got[0]!.flags[0]! & cellFlags.control) !== 0);
});

test('stray quotes, text after a closing quote and raw control characters are flagged', () => {
	const got = records('5" screen,"ab"cd,e\tf\n');
	assert.deepEqual(got[0]!.cells, ['5" screen', '"ab"cd', 'e\tf']);
	assert.equal(got[0]!.flags[0], cellFlags.strayQuote);
	assert.ok((got[0]!.flags[1]! & cellFlags.afterClosingQuote) !== 0);
	assert.equal(got[0]!.flags[2], cellFlags.control);
});

test('an unclosed quote runs to the end of the data and is marked', () => {
	const got = records('a,b\n"never closed,\nmore\n');
	assert.equal(got.length, 2);
	assert.equal(got[1]!.unclosed, true);
	assert.equal(got[1]!.newlines, 2);
});

test('without final, a record cut by the end of the buffer asks for more', () => {
	const record = new CsvRecord();
	for (const text of ['a,b', 'a,"b\n', 'a,b\r', 'a,"b"']) {
		assert.equal(readCsvRecord(Buffer.from(text), 0, text.length, false, 0x2c, record), -1, JSON.stringify(text));
	}

	assert.equal(readCsvRecord(Buffer.from('a,b\nc'), 0, 5, false, 0x2c, record), 4);
});

test('another delimiter', () => {
	const buffer = Buffer.from('a;"b;c"\n');
	const record = new CsvRecord();
	assert.equal(readCsvRecord(buffer, 0, buffer.length, true, 0x3b, record), buffer.length);
	assert.equal(record.count, 2);
});
