import assert from 'node:assert/strict';
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, test} from 'node:test';
import {runCli} from '../helpers/run-process.js';
import {makeTempDir} from '../helpers/temp-dir.js';
import {callRow, callsHeader} from '../core/validate/helpers.js';

describe('asapp-sftp validate', () => {
	test('exit 0 for valid files (warnings allowed), with a verdict and the profile', async t => {
		const dir = await makeTempDir(t);
		const file = path.join(dir, 'calls.csv');
		await writeFile(file, `${callsHeader}\n${callRow()}\n${callRow({survey_offered: 'TRUE'})}\n`);
		const result = await runCli(['validate', file]);
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout, /calls\.csv: valid, with warnings \(calls, CSV\): 2 records, 0 errors, 1 warning/);
		assert.match(result.stdout, /calls\.csv:3 survey_offered: warning: accepted as a Bool, but not in lower case \(value "TRUE"\) \[bool-case\]/);
		assert.match(result.stdout, /profile: 2 records, call_start from 2020-01-03 to 2020-01-03/);
	});

	test('exit 1 with findings sorted by line, counts per rule and a hint', async t => {
		const dir = await makeTempDir(t);
		const file = path.join(dir, 'calls.csv');
		await writeFile(file, `${callsHeader}\n${callRow({time_in_queue: 'soon'})}\n${callRow({customer_id: ''})}\n${callRow({time_in_queue: '1.5'})}\n`);
		const result = await runCli(['validate', file]);
		assert.equal(result.code, 1);
		const lines = result.stdout.split('\n');
		assert.match(lines[0]!, /INVALID \(calls, CSV\): 3 records, 3 errors, 0 warnings/);
		assert.match(lines[1]!, /errors: {3}integer-invalid 2, empty-cell 1/);
		const findings = lines.filter(line => line.startsWith(`  ${file}:`));
		assert.deepEqual(findings.map(line => line.trim().split(' ')[0]), [`${file}:2`, `${file}:3`, `${file}:4`]);
		assert.match(findings[0]!, /time_in_queue: error: not a whole number \(value "soon"\) \[integer-invalid\]/);
		assert.match(result.stdout, /hint: Write a whole number/);
	});

	test('--json prints one document with the issue\'s shape', async t => {
		const dir = await makeTempDir(t);
		const good = path.join(dir, 'good.jsonl');
		const bad = path.join(dir, 'bad.csv');
		await writeFile(good, `${JSON.stringify({customer_id: 'c', call_start: '2020-01-03T20:02:13Z', call_end: '2020-01-03T20:02:14Z'})}\n`);
		await writeFile(bad, `${callsHeader}\n"${'x'},\n`);
		const result = await runCli(['validate', '--json', good, bad]);
		assert.equal(result.code, 1);
		const document = JSON.parse(result.stdout) as {files: Array<Record<string, unknown>>; unreadable: unknown[]};
		assert.deepEqual(document.unreadable, []);
		assert.deepEqual(document.files.map(file => [file['path'], file['schema'], file['format'], file['valid']]), [[good, 'calls', 'jsonl', true], [bad, 'calls', 'csv', false]]);
		for (const file of document.files) {
			for (const key of ['records', 'errorCount', 'warningCount', 'errors', 'warnings', 'profile', 'ruleCounts']) {
				assert.ok(key in file, key);
			}
		}

		const finding = (document.files[1]!['errors'] as Array<Record<string, unknown>>)[0]!;
		assert.deepEqual(Object.keys(finding).slice(0, 4), ['line', 'field', 'code', 'message']);
		assert.equal(finding['line'], 2);
		assert.equal(finding['code'], 'unclosed-quote');
	});

	test('--schema reads a headerless CSV in the table\'s order', async t => {
		const dir = await makeTempDir(t);
		const file = path.join(dir, 'noheader.csv');
		await writeFile(file, `${callRow()}\n`);
		assert.equal((await runCli(['validate', file])).code, 1);
		const result = await runCli(['validate', '--schema', 'calls', file]);
		assert.equal(result.code, 0, result.stdout);
	});

	test('exit 2 for wrong usage and unreadable files', async t => {
		const dir = await makeTempDir(t);
		const missing = await runCli(['validate', path.join(dir, 'missing.csv')]);
		assert.equal(missing.code, 2);
		assert.match(missing.stderr, /Error: Cannot read .*missing\.csv: it does not exist\./);
		const other = await runCli(['validate', path.join(dir, 'notes.txt')]);
		assert.equal(other.code, 2);
		assert.match(other.stderr, /not a \.csv, \.jsonl or \.ndjson file/);
		const none = await runCli(['validate']);
		assert.equal(none.code, 2);
		assert.match(none.stderr, /give at least one FILE/);
		const schema = await runCli(['validate', '--schema', 'orders', 'x.csv']);
		assert.equal(schema.code, 2);
		assert.match(schema.stderr, /--schema must be one of calls, transcripts, sales/);
		const help = await runCli(['validate', '--help']);
		assert.equal(help.code, 0);
		assert.match(help.stdout, /Exit codes: 0/);
	});
});
