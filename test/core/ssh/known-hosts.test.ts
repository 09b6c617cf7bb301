import assert from 'node:assert/strict';
import {createHmac} from 'node:crypto';
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, test} from 'node:test';
import {addKnownHost, checkHostKey, entriesForHost, hostFieldMatches, knownHostsName} from '../../../source/core/ssh/known-hosts.js';
import {runProcess} from '../../helpers/run-process.js';
import {makeTempDir} from '../../helpers/temp-dir.js';

const keyA = 'AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';
const keyB = 'AAAAC3NzaC1lZDI1NTE5AAAAIHXHnK1nGyF0iDuXxrzE6RHJ7GUQMkn8vldoe4s3vOVK';

describe('known_hosts', () => {
	test('names: host on port 22, [host]:port elsewhere, lower case', () => {
		assert.equal(knownHostsName('SFTP.us-east-1.asapp.com', 22), 'sftp.us-east-1.asapp.com');
		assert.equal(knownHostsName('127.0.0.1', 2222), '[127.0.0.1]:2222');
	});

	test('patterns: lists, wildcards, negation, hashed names', () => {
		assert.ok(hostFieldMatches('a.example.com,sftp.us-east-1.asapp.com', 'sftp.us-east-1.asapp.com'));
		assert.ok(hostFieldMatches('*.asapp.com', 'sftp.us-east-1.asapp.com'));
		assert.ok(hostFieldMatches('sftp.us-east-?.asapp.com', 'sftp.us-east-1.asapp.com'));
		assert.ok(!hostFieldMatches('*.asapp.com,!sftp.us-east-1.asapp.com', 'sftp.us-east-1.asapp.com'));
		assert.ok(!hostFieldMatches('[127.0.0.1]:2222', '127.0.0.1'));
		assert.ok(!hostFieldMatches('a.b.com', 'aXb.com'), 'dots are literal');
		const salt = Buffer.from('0123456789abcdefghij');
		const hashed = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update('[h]:23').digest('base64')}`;
		assert.ok(hostFieldMatches(hashed, '[h]:23'));
		assert.ok(!hostFieldMatches(hashed, 'h'));
	});

	test('known, changed (naming the line), unknown, revoked', async t => {
		const dir = await makeTempDir(t);
		const file = path.join(dir, 'known_hosts');
		await writeFile(file, `# comment\n\nother ssh-ed25519 ${keyB}\nsftp.example.com ssh-ed25519 ${keyA}\n@cert-authority * ssh-ed25519 ${keyB}\n`);
		const blobA = Buffer.from(keyA, 'base64');
		const blobB = Buffer.from(keyB, 'base64');
		assert.deepEqual(await checkHostKey(file, 'sftp.example.com', 22, blobA), {status: 'known', file, line: 4});
		const changed = await checkHostKey(file, 'sftp.example.com', 22, blobB);
		assert.equal(changed.status, 'changed');
		assert.equal(changed.status === 'changed' ? changed.line : 0, 4);
		assert.equal((await checkHostKey(file, 'sftp.example.com', 2222, blobA)).status, 'unknown');
		assert.equal((await checkHostKey(path.join(dir, 'missing'), 'x', 22, blobA)).status, 'unknown');
		await writeFile(file, `@revoked * ssh-ed25519 ${keyA}\nsftp.example.com ssh-ed25519 ${keyA}\n`);
		assert.equal((await checkHostKey(file, 'sftp.example.com', 22, blobA)).status, 'revoked');
	});

	test('addKnownHost appends lines ssh-keygen -F finds, plain and hashed, after a file without a final newline', async t => {
		const dir = await makeTempDir(t);
		const file = path.join(dir, 'sub', 'known_hosts');
		const blob = Buffer.from(keyA, 'base64');
		assert.equal(await addKnownHost(file, 'sftp.example.com', 22, blob), 1);
		await writeFile(file, `${(await readFile(file, 'utf8')).trimEnd()}`);
		assert.equal(await addKnownHost(file, '10.0.0.5', 2222, blob, {hashed: true}), 2);
		const text = await readFile(file, 'utf8');
		assert.equal(text.split('\n').length, 3);
		assert.match(text.split('\n')[1]!, /^\|1\|/);
		for (const name of ['sftp.example.com', '[10.0.0.5]:2222']) {
			const found = await runProcess('ssh-keygen', ['-F', name, '-f', file]);
			assert.equal(found.code, 0, `${name}: ${found.stderr}`);
			assert.ok(found.stdout.includes(keyA));
		}

		assert.equal(entriesForHost(text, '[10.0.0.5]:2222').length, 1);
	});
});
