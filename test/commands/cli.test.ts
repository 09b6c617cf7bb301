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
	assert.match(result.stderr, /unknown option/);
});
