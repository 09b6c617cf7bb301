import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {readdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, test} from 'node:test';
import {cliPath, projectRoot, runCli} from '../helpers/run-process.js';
import {makeTempDir} from '../helpers/temp-dir.js';
import {callRow, callsHeader} from '../core/validate/helpers.js';

const exporters = path.join(projectRoot, 'test', 'fixtures', 'exporters');

describe('asapp-sftp convert', () => {
	test('writes FILE.jsonl beside the CSV, exit 0, and says how many records', async t => {
		const dir = await makeTempDir(t);
		const file = path.join(dir, 'calls.csv');
		await writeFile(file, `${callsHeader}\n${callRow()}\n${callRow({survey_answer: 'NULL'})}\n`);
		const result = await runCli(['convert', file]);
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout, /calls\.csv: valid \(calls, CSV\): 2 records, 0 errors, 0 warnings/);
		assert.match(result.stdout, new RegExp(`Wrote ${path.join(dir, 'calls.jsonl').replaceAll('.', '\\.')}: 2 records as JSONL\\.`));
		const lines = (await readFile(path.join(dir, 'calls.jsonl'), 'utf8')).trim().split('\n');
		assert.equal(lines.length, 2);
		assert.equal((JSON.parse(lines[0]!) as Record<string, unknown>)['time_in_queue'], 600);
		const validate = await runCli(['validate', path.join(dir, 'calls.jsonl')]);
		assert.equal(validate.code, 0, validate.stdout);
	});

	test('errors: validate\'s report, nothing written, exit 1; --fix lists its repairs; --skip-invalid and --invalid-rows say what they did', async t => {
		const dir = await makeTempDir(t);
		const file = path.join(dir, 'calls.csv');
		await writeFile(file, `${callsHeader}\n${callRow({survey_answer: ''})}\n${callRow({time_in_queue: 'soon'})}\n`);
		const refused = await runCli(['convert', file]);
		assert.equal(refused.code, 1);
		const validate = await runCli(['validate', file]);
		assert.ok(refused.stdout.startsWith(validate.stdout.trimEnd()), 'the report is validate\'s');
		assert.match(refused.stdout, /Nothing written: 2 records have errors/);
		assert.deepEqual(await readdir(dir), ['calls.csv']);

		const fixed = await runCli(['convert', '--fix', '--skip-invalid', '--invalid-rows', path.join(dir, 'bad.csv'), file]);
		assert.equal(fixed.code, 0, fixed.stdout);
		assert.match(fixed.stdout, /repairs: 1 value: empty-to-null 1/);
		assert.match(fixed.stdout, /calls\.csv:2 survey_answer: repaired \(""\s->\snull\) \[empty-to-null\]/);
		assert.match(fixed.stdout, /: 1 record as JSONL; 1 record with errors left out\./);
		assert.match(fixed.stdout, /Wrote the 1 failing record to .*bad\.csv/);
		assert.deepEqual((await readdir(dir)).sort(), ['bad.csv', 'calls.csv', 'calls.jsonl']);

		const again = await runCli(['convert', '--fix', '--skip-invalid', file]);
		assert.equal(again.code, 1);
		assert.match(again.stderr, /calls\.jsonl already exists; it was left untouched/);
	});

	test('the exporter is named once, at the top of the report, in text and in --json', async t => {
		const pandas = path.join(exporters, 'pandas-to-csv.csv');
		const dir = await makeTempDir(t);
		const text = await runCli(['convert', '--out', path.join(dir, 'out.jsonl'), pandas]);
		const lines = text.stdout.split('\n');
		assert.match(lines[1]!, /^ {2}looks like pandas DataFrame\.to_csv \(.*\): export with to_csv\(\.\.\., na_rep='NULL'\)/);
		assert.equal(text.stdout.match(/looks like/g)?.length, 1);
		const json = await runCli(['convert', '--json', '--fix', '--out', path.join(dir, 'out.jsonl'), pandas]);
		assert.equal(json.code, 0, json.stdout);
		const document = JSON.parse(json.stdout) as {files: Array<{report: {exporter: {tool: string; setting: string}}; output: string; written: number; repairs: {counts: Record<string, number>}}>; problems: unknown[]};
		assert.deepEqual(document.problems, []);
		assert.equal(document.files[0]!.report.exporter.tool, 'pandas');
		assert.equal(document.files[0]!.report.exporter.setting, 'na_rep=\'NULL\'');
		assert.equal(document.files[0]!.written, 3);
		assert.ok((document.files[0]!.repairs.counts['integer-point-zero'] ?? 0) > 0);
		const validateJson = await runCli(['validate', '--json', path.join(exporters, 'postgresql-copy.csv')]);
		assert.equal((JSON.parse(validateJson.stdout) as {files: Array<{exporter: {tool: string}}>}).files[0]!.exporter.tool, 'postgresql');
		const validateText = await runCli(['validate', path.join(exporters, 'bigquery-export.csv')]);
		assert.match(validateText.stdout.split('\n')[1]!, /looks like BigQuery CSV export .*FORMAT_TIMESTAMP/);
	});

	test('wrong usage exits 2', async t => {
		const dir = await makeTempDir(t);
		assert.equal((await runCli(['convert'])).code, 2);
		const two = await runCli(['convert', '--out', 'x.jsonl', 'a.csv', 'b.csv']);
		assert.equal(two.code, 2);
		assert.match(two.stderr, /--out and --invalid-rows name one file/);
		const jsonl = await runCli(['convert', path.join(dir, 'x.jsonl')]);
		assert.equal(jsonl.code, 2);
		assert.match(jsonl.stderr, /is not a \.csv file/);
		assert.match((await runCli(['convert', '--help'])).stdout, /--invalid-rows FILE/);
	});

	test('Ctrl-C (a real SIGINT) during a conversion leaves no file behind', async t => {
		const dir = await makeTempDir(t);
		const file = path.join(dir, 'calls.csv');
		// About 100 MB: long enough to be interrupted while its parts are being written.
		const row = `${callRow()}\n`;
		await writeFile(file, `${callsHeader}\n${row.repeat(300_000)}`);
		const child = spawn(process.execPath, [cliPath, 'convert', file], {stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, NO_COLOR: '1'}});
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => {
			stderr += chunk.toString('utf8');
		});
		const exited = new Promise<number | null>(resolve => {
			child.on('close', code => resolve(code));
		});
		// Wait until the conversion is visibly under way: its temporary parts exist.
		for (;;) {
			const names = await readdir(dir);
			if (names.some(name => name.includes('.part'))) {
				break;
			}

			assert.ok(child.exitCode === null, `convert ended before it could be interrupted: ${stderr}`);
			await new Promise(resolve => {
				setTimeout(resolve, 2);
			});
		}

		child.kill('SIGINT');
		const code = await exited;
		assert.equal(code, 130, stderr);
		assert.match(stderr, /Cancelled; no file was written\./);
		assert.deepEqual(await readdir(dir), ['calls.csv']);
	});
});
