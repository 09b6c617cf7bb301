import assert from 'node:assert/strict';
import {stat} from 'node:fs/promises';
import path from 'node:path';
import {test} from 'node:test';
import {generateCalls} from '../../bench/support/generate-calls.js';
import {runCli} from '../helpers/run-process.js';
import {makeTempDir} from '../helpers/temp-dir.js';

// The binary as installed: bin/asapp-sftp.js over the bundled dist/, on whichever Node
// runs the suite (`.ci/run` runs it on Node 20 and Node 24).

test('--version and --help print what was asked on stdout and not a word on stderr', async () => {
	const version = await runCli(['--version']);
	assert.equal(version.code, 0);
	assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
	assert.equal(version.stderr, '', `Node ${process.version} printed on stderr`);
	const help = await runCli(['--help']);
	assert.equal(help.code, 0);
	assert.match(help.stdout, /^Usage: asapp-sftp/m);
	assert.equal(help.stderr, '', `Node ${process.version} printed on stderr`);
});

test('a file large enough for the worker threads is validated by the bundle\'s scan worker', async t => {
	const dir = await makeTempDir(t);
	const file = path.join(dir, 'calls.csv');
	const records = 30_000;
	await generateCalls(file, records, 'csv');
	assert.ok((await stat(file)).size > 8 * 1024 * 1024, 'past the size where workers take over');
	const result = await runCli(['validate', '--json', file], {timeoutMs: 120_000});
	assert.equal(result.stderr, '');
	assert.equal(result.code, 0, result.stdout);
	const report = JSON.parse(result.stdout) as {files: Array<{records: number; errorCount: number}>};
	assert.equal(report.files[0]?.records, records);
	assert.equal(report.files[0]?.errorCount, 0);
});
