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
	assert.match(result.stdout, /asapp-sftp \[APP OPTIONS\] {3}start the interactive app/);
	assert.match(result.stdout, /--host HOST +the server/);
	assert.match(result.stdout, /keygen/);
});

test('the app\'s flags are checked before it needs a terminal: a mistake exits 2 with one line', async () => {
	for (const [args, expected] of [
		[['--port', 'abc'], /--port must be a number from 1 to 65535, not "abc"/],
		[['--user', 'u', '--marker', 'm'], /--user and --marker exclude each other/],
		[['--hots', 'x'], /Unknown option '--hots'/],
		[['--host', 'h', 'extra'], /Unexpected argument 'extra'/],
	] as const) {
		const result = await runCli([...args]);
		assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
		assert.match(result.stderr, expected);
		assert.equal(result.stderr.split('\n').filter(Boolean).length, 1, result.stderr);
	}
});

test('valid app flags with no terminal: the app says it needs one (exit 2)', async () => {
	const result = await runCli(['--host', '127.0.0.1', '--port', '2200', '--user', 'me']);
	assert.equal(result.code, 2);
	assert.match(result.stderr, /the interactive app needs a terminal/);
});
