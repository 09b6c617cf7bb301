import assert from 'node:assert/strict';
import {readdir} from 'node:fs/promises';
import path from 'node:path';
import {describe, test} from 'node:test';
import {startCli} from '../helpers/run-process.js';
import {makeTempDir} from '../helpers/temp-dir.js';

describe('keygen and Ctrl-C', () => {
	test('SIGINT while the key is generated: exit 130, one line, no key file and no temporary file', {timeout: 60_000}, async t => {
		// The key's folder, apart from HOME (where Node 22 and later keep the compile cache).
		const dir = await makeTempDir(t);
		const home = await makeTempDir(t);
		const cli = startCli(['keygen', '--marker', 'testcompany', '--out', path.join(dir, 'key'), '--no-passphrase', '--ppk'], {env: {HOME: home}});
		await cli.waitForOutput(/Generating an RSA 4096 key/);
		cli.signal('SIGINT');
		const result = await cli.finished;
		assert.equal(result.signal, null, 'keygen ended by itself');
		assert.equal(result.code, 130, result.stderr);
		assert.match(result.stderr, /\nCancelling\.\.\.\nCancelled: no key was made and no file was written\.\n$/);
		assert.equal(result.stdout, '');
		assert.deepEqual(await readdir(dir), []);
	});
});
