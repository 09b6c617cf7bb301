import assert from 'node:assert/strict';
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, test} from 'node:test';
import {parse} from 'csv-parse/sync';
import {convertFile} from '../../../source/core/convert/convert-file.js';
import {FileExistsError} from '../../../source/core/fs/write-new-files.js';
import type {RepairCode} from '../../../source/core/validate/repairs.js';
import {validateFile} from '../../../source/core/validate/validate-file.js';
import {projectRoot} from '../../helpers/run-process.js';
import {makeTempDir} from '../../helpers/temp-dir.js';
import {callRow, callsHeader, summary} from '../validate/helpers.js';
import {convertText, filesIn} from './helpers.js';

const exporters = path.join(projectRoot, 'test', 'fixtures', 'exporters');

function firstRecord(jsonl: string | undefined): Record<string, unknown> {
	return JSON.parse(jsonl!.split('\n')[0]!) as Record<string, unknown>;
}

type RepairCase = {code: RepairCode; content: string | Buffer; field: string; expected: unknown; findingWithout: string};

const repairCases: RepairCase[] = [
	{code: 'empty-to-null', content: `${callsHeader}\n${callRow({survey_answer: ''})}\n`, field: 'survey_answer', expected: null, findingWithout: '2 survey_answer empty-cell'},
	{code: 'timestamp-to-utc', content: `${callsHeader}\n${callRow({call_assigned_to_agent: '2020-01-03T22:03:13.25+02:00'})}\n`, field: 'call_assigned_to_agent', expected: '2020-01-03T20:03:13.25Z', findingWithout: '2 call_assigned_to_agent timestamp-invalid'},
	{code: 'timestamp-to-utc', content: `${callsHeader}\n${callRow({call_assigned_to_agent: '2020-01-03 14:33:13-05:30'})}\n`, field: 'call_assigned_to_agent', expected: '2020-01-03T20:03:13Z', findingWithout: '2 call_assigned_to_agent timestamp-invalid'},
	{code: 'timestamp-to-utc', content: `${callsHeader}\n${callRow({call_assigned_to_agent: '2020-01-03 20:03:13+00:00'})}\n`, field: 'call_assigned_to_agent', expected: '2020-01-03T20:03:13Z', findingWithout: '2 call_assigned_to_agent timestamp-not-canonical'},
	{code: 'timestamp-to-utc', content: `${callsHeader}\n${callRow({call_assigned_to_agent: '2020-01-03 20:03:13.123456 UTC'})}\n`, field: 'call_assigned_to_agent', expected: '2020-01-03T20:03:13.123456Z', findingWithout: '2 call_assigned_to_agent timestamp-invalid'},
	{code: 'bool-case', content: `${callsHeader}\n${callRow({survey_offered: 'TRUE'})}\n`, field: 'survey_offered', expected: true, findingWithout: '2 survey_offered bool-case'},
	{code: 'bool-case', content: `${callsHeader}\n${callRow({survey_offered: 'False'})}\n`, field: 'survey_offered', expected: false, findingWithout: '2 survey_offered bool-case'},
	{code: 'integer-point-zero', content: `${callsHeader}\n${callRow({time_in_queue: '30.0'})}\n`, field: 'time_in_queue', expected: 30, findingWithout: '2 time_in_queue integer-invalid'},
	{code: 'backslash-n-to-null', content: `${callsHeader}\n${callRow({survey_answer: '\\N'})}\n`, field: 'survey_answer', expected: null, findingWithout: ''},
	{code: 'bom-dropped', content: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${callsHeader}\n${callRow()}\n`)]), field: 'customer_id', expected: '347bdddb-d3a1-45fc-bbcd-dbd3a175fc1c', findingWithout: '1 - utf8-bom'},
];

describe('convert --fix: each certain repair, reported', () => {
	for (const repair of repairCases) {
		test(`${repair.code}: ${repair.field} becomes ${JSON.stringify(repair.expected)}`, async t => {
			const without = await convertText(t, 'calls.csv', repair.content);
			if (repair.findingWithout !== '') {
				assert.ok(summary(without.result.report).includes(repair.findingWithout), summary(without.result.report).join('; '));
			}

			const {result, jsonl} = await convertText(t, 'calls.csv', repair.content, {fix: true});
			assert.equal(result.report.valid, true, summary(result.report).join('; '));
			assert.ok(!summary(result.report).includes(repair.findingWithout), 'the repaired finding is no longer reported');
			assert.deepEqual(result.repairs.counts, {[repair.code]: 1});
			assert.equal(result.repairs.listed[0]!.code, repair.code);
			assert.equal(result.repairs.listed[0]!.line, repair.code === 'bom-dropped' ? 1 : 2);
			assert.equal(firstRecord(jsonl)[repair.field], repair.expected);
			// The repaired JSONL passes our own validate without a warning about the repaired value.
			const report = await validateFile(result.output!);
			assert.equal(report.valid, true);
			assert.equal(report.warningCount, 0, summary(report).join('; '));
		});
	}

	test('repairs are counted exactly and listed with line and field, across worker ranges too', async t => {
		const rows = Array.from({length: 40_000}, (_, index) => callRow({survey_offered: index % 2 === 0 ? 'TRUE' : 'true', survey_answer: index % 4 === 0 ? '' : 'NULL'}));
		const content = `${callsHeader}\n${rows.join('\n')}\n`;
		const dir = await makeTempDir(t);
		const input = path.join(dir, 'calls.csv');
		await writeFile(input, content);
		const single = await convertFile(input, {fix: true, out: path.join(dir, 'a.jsonl'), workers: 1});
		const split = await convertFile(input, {fix: true, out: path.join(dir, 'b.jsonl'), workers: 3, minParallelBytes: 0});
		assert.deepEqual(single.repairs.counts, {'bool-case': 20_000, 'empty-to-null': 10_000});
		assert.deepEqual(split.repairs, single.repairs);
		assert.deepEqual(single.repairs.listed.slice(0, 3).map(repair => `${repair.line} ${repair.field} ${repair.code}`), ['2 survey_offered bool-case', '2 survey_answer empty-to-null', '4 survey_offered bool-case']);
		assert.ok((await readFile(single.output!)).equals(await readFile(split.output!)));
	});
});

describe('convert --fix: what is not certain stays an error', () => {
	const refusals: Array<[string, Record<string, string>, string]> = [
		['an empty required field', {customer_id: ''}, '2 customer_id empty-cell'],
		['a quoted empty value', {survey_answer: '""'}, '2 survey_answer empty-cell'],
		['an impossible date', {call_assigned_to_agent: '2021-02-30T10:00:00Z'}, '2 call_assigned_to_agent timestamp-invalid'],
		['a timestamp without a zone', {call_assigned_to_agent: '2021-03-01 10:00:00'}, '2 call_assigned_to_agent timestamp-invalid'],
		['an offset with an impossible time', {call_assigned_to_agent: '2021-03-01T25:00:00+02:00'}, '2 call_assigned_to_agent timestamp-invalid'],
		['a fractional whole number', {time_in_queue: '30.5'}, '2 time_in_queue integer-invalid'],
		['t / f outside a PostgreSQL file', {survey_offered: 't'}, '2 survey_offered bool-invalid'],
		['1 / 0 outside a MySQL file', {survey_offered: '1'}, '2 survey_offered bool-invalid'],
		['\\N in a required field', {customer_id: '\\N'}, '2 customer_id required-missing'],
		['a decimal comma', {caller_account_value: '"129,45"'}, '2 caller_account_value decimal-invalid'],
	];
	for (const [what, overrides, finding] of refusals) {
		test(what, async t => {
			const {dir, result} = await convertText(t, 'calls.csv', `${callsHeader}\n${callRow(overrides)}\n`, {fix: true});
			assert.ok(summary(result.report).includes(finding), summary(result.report).join('; '));
			assert.equal(result.output, null);
			assert.equal(result.refusal, 'record-errors');
			assert.deepEqual(await filesIn(dir), ['calls.csv'], 'no output on errors');
		});
	}

	test('an unknown enum value in transcripts stays an error', async t => {
		const {result} = await convertText(t, 't.csv', 'conversation_externalId,sender_externalId,sender_role,text,timestamp\nc1,s1,Agent,hi,2020-01-03T20:02:13Z\n', {fix: true});
		assert.deepEqual(summary(result.report).filter(line => !line.endsWith('coverage-short')), ['2 sender_role enum-invalid']);
		assert.equal(result.output, null);
	});
});

describe('convert: exporter fingerprints, each on a file made the way that tool writes it', () => {
	const cases = [
		{file: 'pandas-to-csv.csv', tool: 'pandas', setting: 'na_rep=\'NULL\'', fixes: true},
		{file: 'postgresql-copy.csv', tool: 'postgresql', setting: 'NULL \'NULL\'', fixes: true},
		{file: 'bigquery-export.csv', tool: 'bigquery', setting: 'FORMAT_TIMESTAMP(\'%Y-%m-%dT%H:%M:%E*SZ\', column)', fixes: true},
		// Timestamps without a zone: their instant is unknown, so no repair makes the file valid.
		{file: 'mysql-outfile.csv', tool: 'mysql', setting: 'FIELDS TERMINATED BY \',\' OPTIONALLY ENCLOSED BY \'"\'', fixes: false, schema: 'calls' as const},
		// Decimal commas could be thousands separators: not repaired.
		{file: 'excel-european.csv', tool: 'excel-eu', setting: 'list separator "," and decimal symbol "."', fixes: false},
	];
	for (const {file, tool, setting, fixes, schema} of cases) {
		test(`${file}: recognised as ${tool}, with the setting to change; --fix ${fixes ? 'makes it valid' : 'leaves what is uncertain'}`, async t => {
			const source = path.join(exporters, file);
			const report = await validateFile(source, {schema});
			assert.equal(report.exporter?.tool, tool);
			assert.equal(report.exporter?.setting, setting);
			assert.ok(report.exporter!.advice.includes(setting));
			assert.ok(report.exporter!.evidence.length > 0);
			const dir = await makeTempDir(t);
			const result = await convertFile(source, {schema, fix: true, out: path.join(dir, 'out.jsonl')});
			assert.equal(result.report.exporter?.tool, tool);
			assert.equal(result.report.valid, fixes, summary(result.report).join('; '));
			if (fixes) {
				const converted = await validateFile(result.output!);
				assert.equal(converted.valid, true);
				assert.equal(converted.records, report.records);
			}
		});
	}

	test('PostgreSQL: t/f, +00 offsets and empty cells are repaired; its "" (an empty string, not NULL) would stay an error', async t => {
		const dir = await makeTempDir(t);
		const result = await convertFile(path.join(exporters, 'postgresql-copy.csv'), {fix: true, out: path.join(dir, 'out.jsonl')});
		assert.deepEqual(Object.keys(result.repairs.counts).sort(), ['bool-postgresql', 'empty-to-null', 'timestamp-to-utc']);
		const records = (await readFile(result.output!, 'utf8')).trim().split('\n').map(line => JSON.parse(line) as Record<string, unknown>);
		assert.deepEqual(records.map(record => [record['call_start'], record['survey_offered'], record['survey_taken'], record['caller_account_value']]), [
			['2021-03-01T10:00:00Z', true, false, 129.45],
			['2021-03-01T11:00:00.25Z', false, null, null],
			['2021-03-02T09:30:00Z', true, true, 0.5],
		]);
		assert.equal(records[1]!['disposition_notes'], 'two\nlines and a "quote"');
		const quotedEmpty = await readFile(path.join(exporters, 'postgresql-copy.csv'), 'utf8');
		const withEmptyString = await convertText(t, 'pg.csv', quotedEmpty.replace('Business', '""'), {fix: true});
		assert.ok(summary(withEmptyString.result.report).includes('5 customer_type empty-cell'));
	});

	test('MySQL: \\N and 1/0 are repaired, the zoneless timestamps stay errors', async t => {
		const dir = await makeTempDir(t);
		const result = await convertFile(path.join(exporters, 'mysql-outfile.csv'), {schema: 'calls', fix: true, out: path.join(dir, 'out.jsonl')});
		assert.ok((result.repairs.counts['backslash-n-to-null'] ?? 0) > 0);
		assert.ok((result.repairs.counts['bool-mysql'] ?? 0) > 0);
		assert.deepEqual(Object.keys(result.report.ruleCounts).filter(code => code !== 'delimiter-not-comma'), ['timestamp-invalid']);
		assert.match(result.report.errors[0]!.message, /has no time zone/);
	});

	test('a plain file matches no tool', async t => {
		const {result} = await convertText(t, 'calls.csv', `${callsHeader}\n${callRow()}\n`);
		assert.equal(result.report.exporter, null);
	});
});

describe('convert: errors, skipped records and invalid rows', () => {
	const failing = [
		callRow({time_in_queue: 'soon', disposition_notes: '"first line\nsecond, line with ""quotes"""'}),
		callRow({customer_id: '', call_start: '2021-13-01T00:00:00Z'}),
		callRow({disposition_notes: '"crlf\r\ninside"', caller_account_value: '$5'}),
	];
	const content = `${callsHeader}\n${callRow()}\n${failing[0]}\n${callRow({customer_id: 'ok-2'})}\n${failing[1]}\r\n${failing[2]}\n${callRow({customer_id: 'ok-3'})}\n`;

	test('no output on errors: the report is validate\'s, nothing is left in the folder', async t => {
		const {dir, input, result} = await convertText(t, 'calls.csv', content);
		assert.equal(result.output, null);
		assert.equal(result.refusal, 'record-errors');
		assert.equal(result.invalidRecords, 3);
		assert.equal(result.written, 0);
		assert.deepEqual(result.report, await validateFile(input));
		assert.deepEqual(await filesIn(dir), ['calls.csv']);
	});

	test('--skip-invalid writes the valid records and counts the others', async t => {
		const {result, jsonl} = await convertText(t, 'calls.csv', content, {skipInvalid: true});
		assert.equal(result.refusal, null);
		assert.equal(result.written, 3);
		assert.equal(result.invalidRecords, 3);
		assert.deepEqual(jsonl!.trim().split('\n').map(line => (JSON.parse(line) as Record<string, unknown>)['customer_id']), ['347bdddb-d3a1-45fc-bbcd-dbd3a175fc1c', 'ok-2', 'ok-3']);
	});

	test('file-level errors write nothing, even with --skip-invalid', async t => {
		const {dir, result} = await convertText(t, 'calls.csv', `customer_id,call_start\nc1,2020-01-03T20:02:13Z\n`, {skipInvalid: true});
		assert.ok(summary(result.report).includes('1 - header-missing-column'));
		assert.equal(result.refusal, 'file-errors');
		assert.deepEqual(await filesIn(dir), ['calls.csv']);
	});

	for (const split of [false, true]) {
		test(`--invalid-rows: the failing records byte for byte, multi-line cells and CRLF included, with the header and an errors column${split ? ' (split over workers)' : ''}`, async t => {
			const dir = await makeTempDir(t);
			const input = path.join(dir, 'calls.csv');
			// Split: many valid records around the failing ones, so they land in different ranges.
			const padding = split ? Array.from({length: 3000}, () => callRow()).join('\n') : callRow();
			const text = split ? `${callsHeader}\n${padding}\n${failing[0]}\n${padding}\n${failing[1]}\r\n${padding}\n${failing[2]}\n${padding}\n` : content;
			await writeFile(input, text);
			const invalidRowsPath = path.join(dir, 'bad-rows.csv');
			const result = await convertFile(input, {invalidRowsPath, workers: split ? 3 : 1, minParallelBytes: 0});
			assert.deepEqual(result.invalidRows, {path: invalidRowsPath, records: 3});
			assert.equal(result.output, null);
			const written = await readFile(invalidRowsPath, 'utf8');
			const rows = parse(written, {record_delimiter: ['\r\n', '\n']}) as string[][];
			assert.equal(rows.length, 4);
			assert.deepEqual(rows[0], [...callsHeader.split(','), 'errors']);
			const expectedErrors = [
				/^time_in_queue: not a whole number \(value "soon"\) \[integer-invalid\]$/,
				/^customer_id: empty cell; write NULL for a missing value \[empty-cell\]; call_start: timestamp is not a real date and time \(value "2021-13-01T00:00:00Z"\) \[timestamp-invalid\]$/,
				/^caller_account_value: not a plain decimal number \(value "\$5"\) \[decimal-invalid\]$/,
			];
			const errorCells = rows.slice(1).map(row => row.at(-1)!);
			for (const [index, pattern] of expectedErrors.entries()) {
				assert.match(errorCells[index]!, pattern);
			}

			// Byte for byte: each original record, its own line end, the errors cell appended.
			const quoted = (cell: string): string => `"${cell.replaceAll('"', '""')}"`;
			const expected = `${callsHeader},errors\n${failing[0]},${quoted(errorCells[0]!)}\n${failing[1]},${quoted(errorCells[1]!)}\r\n${failing[2]},${quoted(errorCells[2]!)}\n`;
			assert.equal(written, expected);
			assert.deepEqual(await filesIn(dir), ['bad-rows.csv', 'calls.csv']);
		});
	}

	test('--invalid-rows keeps a BOM and a semicolon delimiter; no failing record writes no file', async t => {
		const header = `\uFEFF${callsHeader.replaceAll(',', ';')}\r\n`;
		const bad = callRow({time_in_queue: 'x', disposition_notes: 'NULL', transaction_completed: 'NULL'}).replaceAll(',', ';');
		const dir = await makeTempDir(t);
		const input = path.join(dir, 'eu.csv');
		await writeFile(input, `${header}${bad}\r\n`);
		const result = await convertFile(input, {invalidRowsPath: path.join(dir, 'bad.csv')});
		const written = await readFile(path.join(dir, 'bad.csv'), 'utf8');
		assert.equal(written, `${header.slice(0, -2)};errors\r\n${bad};"time_in_queue: not a whole number (value ""x"") [integer-invalid]"\r\n`);
		assert.equal(result.invalidRows?.records, 1);
		const clean = path.join(dir, 'clean.csv');
		await writeFile(clean, `${callsHeader}\n${callRow()}\n`);
		const none = await convertFile(clean, {invalidRowsPath: path.join(dir, 'none.csv')});
		assert.equal(none.invalidRows, null);
		assert.deepEqual(await filesIn(dir), ['bad.csv', 'clean.csv', 'clean.jsonl', 'eu.csv']);
	});
});

describe('convert: a preview', () => {
	test('counts the repairs a conversion would make and whether it would be refused, and writes nothing', async t => {
		const dir = await makeTempDir(t);
		const input = path.join(dir, 'calls.csv');
		await writeFile(input, `${callsHeader}\n${callRow({survey_answer: '', survey_offered: 'TRUE'})}\n${callRow()}\n`);
		await writeFile(path.join(dir, 'calls.jsonl'), 'mine');
		const preview = await convertFile(input, {fix: true, preview: true});
		assert.equal(preview.refusal, null);
		assert.equal(preview.output, null);
		assert.equal(preview.written, 2);
		assert.deepEqual(preview.repairs.counts, {'empty-to-null': 1, 'bool-case': 1});
		assert.deepEqual(await filesIn(dir), ['calls.csv', 'calls.jsonl']);
		await writeFile(input, `${callsHeader}\n${callRow({customer_id: ''})}\n`);
		assert.equal((await convertFile(input, {fix: true, preview: true})).refusal, 'record-errors');
	});
});

describe('convert: nothing is replaced', () => {
	test('an existing output or invalid-rows file is left untouched and nothing is written', async t => {
		const dir = await makeTempDir(t);
		const input = path.join(dir, 'calls.csv');
		await writeFile(input, `${callsHeader}\n${callRow()}\n${callRow({time_in_queue: 'x'})}\n`);
		await writeFile(path.join(dir, 'calls.jsonl'), 'mine');
		await assert.rejects(convertFile(input, {skipInvalid: true}), (error: unknown) => error instanceof FileExistsError && error.path === path.join(dir, 'calls.jsonl'));
		assert.equal(await readFile(path.join(dir, 'calls.jsonl'), 'utf8'), 'mine');
		await writeFile(path.join(dir, 'rows.csv'), 'also mine');
		await assert.rejects(convertFile(input, {out: path.join(dir, 'other.jsonl'), invalidRowsPath: path.join(dir, 'rows.csv')}), FileExistsError);
		assert.equal(await readFile(path.join(dir, 'rows.csv'), 'utf8'), 'also mine');
		await assert.rejects(convertFile(input, {out: input}), /three different files/);
		assert.deepEqual(await filesIn(dir), ['calls.csv', 'calls.jsonl', 'rows.csv']);
	});

	test('a JSONL or other file is not converted', async t => {
		const dir = await makeTempDir(t);
		await assert.rejects(convertFile(path.join(dir, 'x.jsonl')), /is not a \.csv file/);
		await assert.rejects(convertFile(path.join(dir, 'missing.csv')), /does not exist/);
		assert.deepEqual(await filesIn(dir), []);
	});
});
