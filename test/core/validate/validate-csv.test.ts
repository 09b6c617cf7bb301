import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {callRow, callsHeader, summary, validateText} from './helpers.js';

describe('calls CSV', () => {
	test('a valid file has no findings and a profile', async t => {
		const text = `${callsHeader}\n${callRow()}\n${callRow({call_start: '2020-02-01T00:00:00Z', call_end: '2020-02-01T00:10:00.5Z'})}\n`;
		const report = await validateText(t, 'calls.csv', text);
		assert.deepEqual(summary(report), []);
		assert.equal(report.valid, true);
		assert.equal(report.schema, 'calls');
		assert.equal(report.format, 'csv');
		assert.equal(report.records, 2);
		assert.deepEqual(report.profile.months, [{month: '2020-01', count: 1}, {month: '2020-02', count: 1}]);
		assert.equal(report.profile.firstTimestamp, '2020-01-03T20:02:13.000Z');
		assert.equal(report.profile.lastTimestamp, '2020-02-01T00:00:00.000Z');
		assert.equal(report.profile.timestampField, 'call_start');
	});

	test('each value rule reports its code, field and the record\'s line', async t => {
		const rows = [
			callRow({customer_id: ''}),
			callRow({customer_id: 'NULL'}),
			callRow({call_start: '2020-01-03T20:02:13'}),
			callRow({call_end: '2020-01-03T20:00:00Z'}),
			callRow({survey_offered: 'yes'}),
			callRow({time_in_queue: '6.5'}),
			callRow({caller_account_value: '"$1,200"'}),
			callRow({survey_offered: 'TRUE'}),
			callRow({call_start: '2020-01-03T20:02:13+00:00'}),
			callRow({conversation_id: 'null'}),
			callRow({conversation_id: '"NULL"'}),
			callRow({customer_type: '5" screen'}),
			callRow({customer_type: '"Wireless"Premier'}),
			callRow({customer_type: '""'}),
			`${callRow()},extra`,
			callRow({call_assigned_to_agent: '2020-01-03'}),
		];
		const report = await validateText(t, 'calls.csv', `${callsHeader}\n${rows.join('\n')}\n`);
		assert.deepEqual(summary(report), [
			'2 customer_id empty-cell',
			'3 customer_id required-missing',
			'4 call_start timestamp-invalid',
			'5 call_end end-before-start',
			'6 survey_offered bool-invalid',
			'7 time_in_queue integer-invalid',
			'8 caller_account_value decimal-invalid',
			'14 customer_type invalid-quote',
			'15 customer_type empty-cell',
			'16 - cell-count',
			'17 call_assigned_to_agent timestamp-invalid',
			'9 survey_offered bool-case',
			'10 call_start timestamp-not-canonical',
			'11 conversation_id null-spelling',
			'12 conversation_id null-quoted',
			'13 customer_type stray-quote',
		]);
		assert.equal(report.valid, false);
		assert.equal(report.errorCount, 11);
		assert.equal(report.warningCount, 5);
		assert.equal(report.ruleCounts['empty-cell'], 2);
		const timestamp = report.errors.find(finding => finding.line === 4)!;
		assert.equal(timestamp.value, '2020-01-03T20:02:13');
		assert.match(timestamp.message, /no time zone/);
		assert.match(timestamp.hint!, /2020-01-03T20:02:13Z/);
		assert.match(report.errors.find(finding => finding.line === 17)!.message, /date without a time/);
	});

	test('line numbers count quoted line breaks and CRLF endings', async t => {
		const rows = [
			callRow({disposition_notes: '"first line\r\nsecond line\nthird line"'}),
			callRow({time_in_queue: 'x'}),
			callRow({survey_answer: '"a\nb"', call_wrap_time: 'y'}),
			callRow({call_handle_time: 'z'}),
		];
		const report = await validateText(t, 'calls.csv', `${callsHeader}\r\n${rows.join('\r\n')}\r\n`);
		assert.deepEqual(summary(report), [
			'5 time_in_queue integer-invalid',
			'6 call_wrap_time integer-invalid',
			'8 call_handle_time integer-invalid',
			'2 disposition_notes control-character',
			'6 survey_answer control-character',
		]);
	});

	test('an unclosed quote makes the file invalid at the record\'s first line and keeps earlier findings', async t => {
		const plain = {disposition_notes: 'NULL', transaction_completed: 'NULL'};
		const rows = [callRow({time_in_queue: 'x'}), callRow(), callRow({...plain, disposition_notes: '"never closed'}), callRow(plain), callRow(plain)];
		const report = await validateText(t, 'calls.csv', `${callsHeader}\n${rows.join('\n')}\n`);
		assert.deepEqual(summary(report).filter(line => !line.includes('warning')), ['2 time_in_queue integer-invalid', '4 - unclosed-quote']);
		assert.equal(report.valid, false);
		assert.equal(report.records, 2);
	});

	test('header: a missing required column is a file-level error, unknown and doubled columns are reported', async t => {
		const header = callsHeader.replace('call_end,', '').replace('customer_type', 'customer_typ') + ',survey_offered';
		const row = callRow().split(',');
		row.splice(3, 1);
		const report = await validateText(t, 'calls.csv', `${header}\n${row.join(',')},true\n`);
		assert.deepEqual(summary(report), [
			'1 - header-duplicate-column',
			'1 - header-missing-column',
			'1 - header-unknown-column',
		]);
		assert.match(report.errors.find(finding => finding.code === 'header-missing-column')!.message, /call_end/);
	});

	test('a headerless CSV needs --schema and is read in the table\'s order', async t => {
		const text = `${callRow()}\n${callRow({time_in_queue: 'x'})}\n`;
		const withSchema = await validateText(t, 'calls.csv', text, {schema: 'calls'});
		assert.deepEqual(summary(withSchema), ['2 time_in_queue integer-invalid']);
		assert.equal(withSchema.records, 2);
		const without = await validateText(t, 'calls.csv', text);
		assert.deepEqual(summary(without), ['- - schema-unknown'.replace('- - ', '1 - ')]);
		assert.equal(without.schema, null);
		assert.equal(without.valid, false);
	});

	test('--schema on a file whose header belongs to another table reports the header, not every row', async t => {
		const report = await validateText(t, 'calls.csv', `${callsHeader}\n${callRow()}\n`, {schema: 'transcripts'});
		assert.equal(report.schema, 'transcripts');
		assert.equal(report.ruleCounts['header-missing-column'], 5);
		assert.equal(report.ruleCounts['header-unknown-column'], 23);
		assert.equal(report.records, 1);
	});

	test('header names in another letter case or with spaces are taken, with a warning; UTF-16 is refused', async t => {
		const header = callsHeader.replace('customer_id', ' Customer_ID').replace('call_start', 'CALL_START');
		const report = await validateText(t, 'calls.csv', `${header}\n${callRow()}\n`);
		assert.deepEqual(summary(report), ['1 - header-name-variant', '1 - header-name-variant']);
		assert.equal(report.warnings[0]!.message, 'column " Customer_ID" taken as customer_id');
		assert.equal(report.profile.months.length, 1);
		const utf16 = await validateText(t, 'calls.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${callsHeader}\n`, 'utf16le')]));
		assert.deepEqual(summary(utf16), ['1 - invalid-utf8']);
		assert.match(utf16.errors[0]!.message, /the file is UTF-16LE/);
		assert.match(utf16.errors[0]!.hint!, /iconv -f UTF-16 -t UTF-8 converts this UTF-16LE file/);
		assert.doesNotMatch(utf16.errors[0]!.hint!, /WINDOWS-1252/);
		const bigEndian = await validateText(t, 'calls.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(`${callsHeader}\n`, 'utf16le').swap16()]));
		assert.match(bigEndian.errors[0]!.message, /the file is UTF-16BE/);
	});

	test('a byte-order mark and a semicolon delimiter are accepted with warnings', async t => {
		const text = `\uFEFF${callsHeader.replaceAll(',', ';')}\n${callRow({disposition_notes: 'NULL', transaction_completed: 'NULL'}).replaceAll(',', ';')}\n`;
		const report = await validateText(t, 'calls.csv', text);
		assert.deepEqual(summary(report), ['1 - utf8-bom', '1 - delimiter-not-comma']);
		assert.equal(report.records, 1);
	});

	test('invalid UTF-8 is reported at its own line, also inside a multi-line record', async t => {
		const bad = Buffer.from([0x66, 0xe9, 0x65]);
		const text = Buffer.concat([
			Buffer.from(`${callsHeader}\n${callRow()}\n`),
			Buffer.from(callRow({disposition_notes: '"line one\nline '}).split('"line one')[0]!),
			Buffer.from('"line one\nline '), bad, Buffer.from(`",NULL,1\n${callRow()}\n`),
		]);
		const report = await validateText(t, 'calls.csv', text);
		assert.deepEqual(summary(report).filter(line => line.includes('utf8')), ['4 - invalid-utf8']);
		assert.equal(report.valid, false);
	});

	test('an empty file is an error; a header alone is valid with a warning', async t => {
		const empty = await validateText(t, 'empty.csv', '');
		assert.deepEqual(summary(empty), ['- - empty-file']);
		const headerOnly = await validateText(t, 'header.csv', `${callsHeader}\n`);
		assert.deepEqual(summary(headerOnly), ['- - no-records']);
		assert.equal(headerOnly.valid, true);
	});

	test('blank lines are warnings, a truncated last record is a cell-count error', async t => {
		const full = callRow();
		const report = await validateText(t, 'calls.csv', `${callsHeader}\n${full}\n\n${full}\n${full.slice(0, 60)}`);
		assert.deepEqual(summary(report), ['5 - cell-count', '3 - blank-line']);
	});

	test('a 50 MB line is checked; lines after it keep their numbers', async t => {
		const huge = `"${'x'.repeat(50 * 1024 * 1024)}"`;
		const report = await validateText(t, 'calls.csv', `${callsHeader}\n${callRow({disposition_notes: huge})}\n${callRow({time_in_queue: 'x'})}\n`);
		assert.deepEqual(summary(report), ['3 time_in_queue integer-invalid']);
		assert.equal(report.records, 2);
	});

	test('a record beyond maxRecordBytes is reported and skipped with bounded memory', async t => {
		const huge = `"${'y\n'.repeat(300_000)}"`;
		const report = await validateText(t, 'calls.csv', `${callsHeader}\n${callRow({disposition_notes: huge})}\n${callRow({time_in_queue: 'x'})}\n`, {maxRecordBytes: 64 * 1024});
		assert.deepEqual(summary(report), ['2 - record-too-large', '300003 time_in_queue integer-invalid']);
	});

	test('a million errors: counts exact, lists capped', async t => {
		const report = await validateText(t, 'calls.csv', `${callsHeader}\n${'x\n'.repeat(1_000_000)}`, {maxFindings: 50});
		assert.equal(report.errorCount, 1_000_000);
		assert.equal(report.ruleCounts['cell-count'], 1_000_000);
		assert.equal(report.errors.length, 50);
		assert.equal(report.errors[49]!.line, 51);
		assert.equal(report.findingsCapped, true);
		assert.equal(report.records, 1_000_000);
	});

	test('binary content does not crash the reader', async t => {
		const bytes = Buffer.alloc(256 * 1024);
		for (let index = 0; index < bytes.length; index++) {
			bytes[index] = (index * 7919) % 251;
		}

		const report = await validateText(t, 'binary.csv', Buffer.concat([Buffer.from(`${callsHeader}\n`), bytes]), {maxFindings: 10});
		assert.equal(report.valid, false);
		assert.ok((report.ruleCounts['invalid-utf8'] ?? 0) > 0);
	});
});
