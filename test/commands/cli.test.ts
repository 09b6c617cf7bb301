import assert from 'node:assert/strict';
import {test} from 'node:test';
import {runCli} from '../helpers/run-process.js';

test('--help lists the sub-commands', async () => {
	const result = await runCli(['--help']);
	assert.equal(result.code, 0);
	assert.match(result.stdout, /Commands:/);
	assert.match(result.stdout, /^\s+keygen\s/m);
});

test('an unknown command exits 2 with a one-line hint', async () => {
	const result = await runCli(['frobnicate']);
	assert.equal(result.code, 2);
	assert.equal(result.stderr.trim().split('\n').length, 1);
	assert.match(result.stderr, /unknown command "frobnicate".*--help/);
});

test('an unknown top-level flag exits 2', async () => {
	const result = await runCli(['--frobnicate']);
	assert.equal(result.code, 2);
	assert.match(result.stderr, /unknown option '--frobnicate'.*--help/i);
});

test('each lazily loaded command is the one its list entry names, with the same summary', async () => {
	const {commands} = await import('../../source/commands/index.js');
	assert.deepEqual(commands.map(entry => entry.name), ['keygen', 'doctor', 'ls', 'mkdir', 'put', 'rm', 'rmdir', 'get', 'validate', 'convert', 'sandbox']);
	for (const entry of commands) {
		const command = await entry.load();
		assert.equal(command.name, entry.name);
		assert.equal(command.summary, entry.summary, `summary of ${entry.name}`);
	}
});

test('a sub-command\'s --help loads and runs that command', async () => {
	const result = await runCli(['put', '--help']);
	assert.equal(result.code, 0);
	assert.match(result.stdout, /^Usage: asapp-sftp put /);
});
