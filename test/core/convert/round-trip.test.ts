import assert from 'node:assert/strict';
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, test} from 'node:test';
import {convertFile} from '../../../source/core/convert/convert-file.js';
import type {SchemaName} from '../../../source/core/validate/schemas.js';
import {validateFile} from '../../../source/core/validate/validate-file.js';
import {generateCalls} from '../../../bench/support/generate-calls.js';
import {makeTempDir} from '../../helpers/temp-dir.js';
import {callRow, callsHeader, salesHeader, transcriptRow, transcriptsHeader} from '../validate/helpers.js';
import {assertSameValues, convertText, filesIn, rawNumber} from './helpers.js';

type Fixture = {name: string; content: string; schema: SchemaName; header?: boolean; delimiter?: string};

const unicodeNote = '"Zoë said ""ok"" \\ fine; 日本 😀, tab:\there"';

/** Valid CSV files of each table, written the ways exports vary (all valid, some with warnings). */
const fixtures: Fixture[] = [
	{name: 'calls.csv', schema: 'calls', content: `${callsHeader}\n${callRow()}\n${callRow({conversation_id: 'NULL', survey_offered: 'TRUE', survey_taken: 'False', disposition_notes: unicodeNote, time_in_queue: '0', caller_account_value: '0.10'})}\n`},
	{
		name: 'numbers.csv',
		schema: 'calls',
		content: `${callsHeader}\n${[
			callRow({time_in_queue: '9223372036854775807', call_handle_time: '-12345678901234567890123', call_wrap_time: '007', caller_account_value: '123456789012345678901234.5678901234567890123'}),
			callRow({time_in_queue: '-0', caller_account_value: '.5'}),
			callRow({caller_account_value: '5.'}),
			callRow({caller_account_value: '-007.50'}),
			callRow({caller_account_value: '-.25', call_wrap_time: '000'}),
		].join('\n')}\n`,
	},
	{name: 'crlf-and-null-spellings.csv', schema: 'calls', content: `${callsHeader}\r\n${callRow({survey_answer: 'null', customer_type: '"NULL"', disposition_notes: '"line one\r\nline two"'})}\r\n${callRow({call_start: '2020-01-03 20:02:13+00:00', call_assigned_to_agent: '2020-01-03t20:03:13z'})}\r\n`},
	{name: 'columns-reordered.csv', schema: 'calls', content: 'call_end,customer_id,Call_Start,extra_column,time_in_queue\n2020-01-03T20:12:13Z,c1,2020-01-03T20:02:13Z,dropped,42\n2020-01-04T20:12:13Z,c2,2020-01-04T20:02:13Z,"also, dropped",NULL\n'},
	{name: 'headerless.csv', schema: 'calls', header: false, content: `${callRow()}\n${callRow({customer_id: 'second'})}\n`},
	{name: 'semicolons-bom.csv', schema: 'calls', delimiter: ';', content: `\uFEFF${callsHeader.replaceAll(',', ';')}\n${callRow({disposition_notes: '"Notes; with a semicolon"', transaction_completed: 'NULL'}).replaceAll(',', ';')}\n`},
	{
		name: 'transcripts.csv',
		schema: 'transcripts',
		content: `${transcriptsHeader}\n${[
			transcriptRow('conv-1', 'agent-7', 'agent', 'Hello! Choose: (A) 1-way ticket (B) round trip', '2020-01-03T20:02:13Z'),
			transcriptRow('conv-1', 'cust-1', 'customer', '(A) 1-way ticket, "please"\nthanks', '2020-01-03T20:02:14.5Z'),
			transcriptRow('conv-2', 'bot-1', 'bot', 'Hi', '2020-06-03T20:02:13Z'),
		].join('\n')}\n`,
	},
	{
		name: 'sales.csv',
		schema: 'sales',
		content: `${salesHeader}\ntx-1,2021-05-01T10:00:00Z,99.99,NULL,consumer,NULL,cust-9,NULL,sess-1,phones,NULL,Phone X,px-1,2,99.99,NULL\ntx-2,2021-05-02T10:00:00Z,NULL,10,NULL,NULL,NULL,issue-3,sess-2,NULL,NULL,NULL,NULL,1,NULL,10.00\n`,
	},
];

async function assertRoundTrip(csvPath: string, jsonlPath: string, fixture: Pick<Fixture, 'schema' | 'header' | 'delimiter'>): Promise<void> {
	const schema = fixture.header === false ? fixture.schema : undefined;
	const fromCsv = await validateFile(csvPath, {schema});
	assert.equal(fromCsv.valid, true, JSON.stringify(fromCsv.errors));
	const fromJsonl = await validateFile(jsonlPath, {schema});
	assert.equal(fromJsonl.valid, true, JSON.stringify(fromJsonl.errors));
	assert.equal(fromJsonl.schema, fixture.schema);
	assert.equal(fromJsonl.records, fromCsv.records);
	assert.deepEqual(fromJsonl.profile, fromCsv.profile);
	// Of the CSV's warnings only those about values kept as written (or about the whole file) remain.
	assert.deepEqual(fromJsonl.warnings.filter(finding => finding.code !== 'timestamp-not-canonical' && finding.code !== 'coverage-short'), []);
	assertSameValues(await readFile(csvPath, 'utf8'), await readFile(jsonlPath, 'utf8'), {schema: fixture.schema, header: fixture.header !== false, delimiter: fixture.delimiter});
}

describe('convert: round trip through our own validate', () => {
	for (const fixture of fixtures) {
		test(`${fixture.name}: the JSONL is valid, same records and profile, every value equal`, async t => {
			const {input, result} = await convertText(t, fixture.name, fixture.content, {schema: fixture.header === false ? fixture.schema : undefined});
			assert.equal(result.refusal, null);
			assert.ok(result.output?.endsWith('.jsonl'));
			assert.equal(path.dirname(result.output!), path.dirname(input));
			assert.equal(result.written, result.report.records);
			await assertRoundTrip(input, result.output!, fixture);
		});
	}

	test('timestamps are canonical only when written so; a non-canonical one stays as written without --fix', async t => {
		const {jsonl} = await convertText(t, 'c.csv', fixtures[2]!.content);
		assert.equal((JSON.parse(jsonl!.split('\n')[1]!) as Record<string, unknown>)['call_start'], '2020-01-03 20:02:13+00:00');
	});

	test('integers beyond 2^53 keep every digit; decimals keep theirs', async t => {
		const {jsonl} = await convertText(t, 'n.csv', fixtures[1]!.content);
		const lines = jsonl!.split('\n');
		assert.equal(rawNumber(lines[0]!, 'time_in_queue'), '9223372036854775807');
		assert.equal(rawNumber(lines[0]!, 'call_handle_time'), '-12345678901234567890123');
		assert.equal(rawNumber(lines[0]!, 'call_wrap_time'), '7');
		assert.equal(rawNumber(lines[0]!, 'caller_account_value'), '123456789012345678901234.5678901234567890123');
		assert.deepEqual([1, 2, 3, 4].map(index => rawNumber(lines[index]!, 'caller_account_value')), ['0.5', '5', '-7.50', '-0.25']);
		assert.equal(rawNumber(lines[4]!, 'call_wrap_time'), '0');
	});

	test('a generated export split over worker threads: the same bytes as one pass, and a valid round trip', async t => {
		const dir = await makeTempDir(t);
		const csv = path.join(dir, 'calls.csv');
		// Every thousandth record has a quoted line break, so range cuts land inside some.
		await generateCalls(csv, 6000, 'csv');
		const single = await convertFile(csv, {out: path.join(dir, 'single.jsonl'), workers: 1});
		const split = await convertFile(csv, {out: path.join(dir, 'split.jsonl'), workers: 3, minParallelBytes: 0});
		const inThread = await convertFile(csv, {out: path.join(dir, 'in-thread.jsonl'), workers: 5, minParallelBytes: 0, inThread: true});
		const bytes = await readFile(single.output!);
		assert.ok(bytes.equals(await readFile(split.output!)), 'worker threads');
		assert.ok(bytes.equals(await readFile(inThread.output!)), 'five ranges on the calling thread');
		assert.deepEqual({...split.report, path: ''}, {...single.report, path: ''});
		assert.equal(split.written, 6000);
		await assertRoundTrip(csv, split.output!, {schema: 'calls'});
		assert.deepEqual(await filesIn(dir), ['calls.csv', 'in-thread.jsonl', 'single.jsonl', 'split.jsonl'], 'no part files left');
	});

	test('without --fix the report is exactly validate\'s', async t => {
		const content = `${callsHeader}\n${callRow({survey_offered: 'True', time_in_queue: '1.5'})}\n${callRow({call_start: '2020-01-03 20:02:13+00:00'})}\n`;
		const {input, result} = await convertText(t, 'calls.csv', content);
		assert.deepEqual(result.report, await validateFile(input));
		const dir = await makeTempDir(t);
		const plain = path.join(dir, 'plain.csv');
		await writeFile(plain, `${callsHeader}\n${callRow()}\n`);
		assert.deepEqual((await convertFile(plain)).report, await validateFile(plain));
	});
});
