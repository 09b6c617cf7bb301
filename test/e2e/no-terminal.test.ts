import assert from 'node:assert/strict';
import {test} from 'node:test';
import {runCli} from '../helpers/run-process.js';

test('with no sub-command and no terminal, the app says it needs one (exit 2) and points at the sub-commands', async () => {
	const result = await runCli([]);
	assert.equal(result.code, 2);
	assert.equal(result.stdout, '');
	assert.match(result.stderr, /^Error: the interactive app needs a terminal\.\n {2}Run it in a terminal, or use a sub-command \(asapp-sftp --help lists them\)\.\n$/);
});

test('--help still lists the sub-commands and the interactive app', async () => {
	const result = await runCli(['--help']);
	assert.equal(result.code, 0);
	assert.match(result.stdout, /asapp-sftp {17}start the interactive app/);
	assert.match(result.stdout, /keygen/);
});
