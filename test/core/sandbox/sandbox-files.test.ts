import assert from 'node:assert/strict';
import {readFile, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, test} from 'node:test';
import {authorizeSandboxKey, defaultSandboxPaths, sampleFileName, startSandbox} from '../../../source/core/sandbox/index.js';
import {readAuthorizedKeys} from '../../../source/core/sandbox/authorized-keys.js';
import {loadOrCreateHostKey} from '../../../source/core/sandbox/host-key.js';
import {prepareSandboxRoot, sampleFileText} from '../../../source/core/sandbox/sandbox-root.js';
import {areaOf, isRefusal, parseVirtualPath, type VirtualPath} from '../../../source/core/sandbox/virtual-path.js';
import {runProcess} from '../../helpers/run-process.js';
import {makeTestKey} from '../../helpers/sandbox.js';
import {makeTempDir} from '../../helpers/temp-dir.js';

function parsed(requested: string): VirtualPath {
	const result = parseVirtualPath(requested);
	assert.ok(!isRefusal(result), requested);
	return result;
}

describe('virtual paths', () => {
	test('.. never climbs above the root, and relative paths start at it', () => {
		assert.equal(parsed('../x').text, '/x');
		assert.equal(parsed('/../x').text, '/x');
		assert.equal(parsed('/in/../../../etc/passwd').text, '/etc/passwd');
		assert.equal(parsed('in//a/./b/..').text, '/in/a');
		assert.equal(parsed('').text, '/');
		assert.equal(parsed('.').text, '/');
		assert.deepEqual(parsed('/in/x/').parts, ['in', 'x']);
	});

	test('NUL bytes and over-long names or paths are refused', () => {
		assert.deepEqual(parseVirtualPath('/in/a\0b'), {refused: 'nul-byte'});
		assert.deepEqual(parseVirtualPath(`/in/${'a'.repeat(256)}`), {refused: 'too-long'});
		assert.ok(!isRefusal(parseVirtualPath(`/in/${'a'.repeat(255)}`)));
		assert.deepEqual(parseVirtualPath(`/in/${'d/'.repeat(600)}`), {refused: 'too-long'});
		// Bytes count, not characters: 128 two-byte letters exceed NAME_MAX.
		assert.deepEqual(parseVirtualPath(`/in/${'é'.repeat(128)}`), {refused: 'too-long'});
	});

	test('only in/ below its top is writable territory; other top-level names are hidden', () => {
		assert.equal(areaOf(parsed('/')), 'root');
		assert.equal(areaOf(parsed('/in')), 'in-folder');
		assert.equal(areaOf(parsed('/in/a/b')), 'in');
		assert.equal(areaOf(parsed('/out')), 'out-folder');
		assert.equal(areaOf(parsed('/out/x')), 'out');
		assert.equal(areaOf(parsed('/etc/passwd')), 'hidden');
	});
});

describe('sandbox files', () => {
	test('the default paths live under the data directory', () => {
		const paths = defaultSandboxPaths({XDG_DATA_HOME: '/data'});
		assert.equal(paths.root, '/data/asapp-sftp/sandbox/root');
		assert.equal(paths.authorizedKeysFile, '/data/asapp-sftp/sandbox/authorized_keys');
		assert.equal(paths.hostKeyFile, '/data/asapp-sftp/sandbox/ssh_host_rsa_key');
	});

	test('authorizeSandboxKey adds a key once, keeps other lines, and refuses junk', async t => {
		const dir = await makeTempDir(t);
		const file = path.join(dir, 'nested', 'authorized_keys');
		const first = await makeTestKey(dir, 'first', 'ed25519');
		const second = await makeTestKey(dir, 'second', 'ed25519');
		await authorizeSandboxKey(first.publicKeyLine, file);
		await authorizeSandboxKey(`${first.publicKeyLine}\n`, file);
		await authorizeSandboxKey(second.publicKeyLine, file);
		assert.equal(await readFile(file, 'utf8'), `${first.publicKeyLine}\n${second.publicKeyLine}\n`);
		assert.equal((await stat(file)).mode & 0o777, 0o600);
		assert.equal((await readAuthorizedKeys(file)).length, 2);
		await assert.rejects(authorizeSandboxKey('not a key', file), {code: 'sandbox-key-unreadable'});
		await assert.rejects(authorizeSandboxKey('-----BEGIN RSA PRIVATE KEY-----', file), {code: 'sandbox-key-unreadable'});
	});

	test('authorized_keys lines with options are not honoured half-way: they are skipped', async t => {
		const dir = await makeTempDir(t);
		const key = await makeTestKey(dir, 'optioned', 'ed25519');
		const file = path.join(dir, 'authorized_keys');
		await writeFile(file, `# comment\n\nfrom="10.0.0.1" ${key.publicKeyLine}\n`);
		assert.equal((await readAuthorizedKeys(file)).length, 0);
		assert.deepEqual(await readAuthorizedKeys(path.join(dir, 'missing')), []);
	});

	test('the host key is made once (0600), kept, and ssh-keygen agrees on its fingerprint', async t => {
		const dir = await makeTempDir(t);
		const keyFile = path.join(dir, 'keys', 'host_key');
		const made = await loadOrCreateHostKey(keyFile);
		assert.equal((await stat(keyFile)).mode & 0o777, 0o600);
		assert.match(await readFile(keyFile, 'utf8'), /^-----BEGIN RSA PRIVATE KEY-----\n/);
		const again = await loadOrCreateHostKey(keyFile);
		assert.equal(again.fingerprint, made.fingerprint);
		const listed = await runProcess('ssh-keygen', ['-lf', keyFile]);
		assert.equal(listed.code, 0, listed.stderr);
		assert.match(listed.stdout, new RegExp(`^3072 ${made.fingerprint.replace(/[+/]/g, '\\$&')} `));
		assert.match(made.publicKeyLine, /^ssh-rsa AAAA[A-Za-z0-9+/=]+$/);

		await writeFile(path.join(dir, 'broken'), 'garbage');
		await assert.rejects(loadOrCreateHostKey(path.join(dir, 'broken')), {code: 'sandbox-host-key-unreadable'});
	});

	test('the root gets in/, out/ and the sample, which is never overwritten', async t => {
		const dir = await makeTempDir(t);
		const root = path.join(dir, 'root');
		await prepareSandboxRoot(root);
		const sample = path.join(root, 'out', sampleFileName);
		assert.equal(await readFile(sample, 'utf8'), sampleFileText);
		assert.ok((await stat(path.join(root, 'in'))).isDirectory());
		await writeFile(sample, 'edited by the user');
		await prepareSandboxRoot(root);
		assert.equal(await readFile(sample, 'utf8'), 'edited by the user');
	});

	test('the sample is a valid Historical Transcript CSV: header, five fields, no empty values', () => {
		const lines = sampleFileText.trimEnd().split('\n');
		assert.equal(lines[0], 'conversation_externalId,sender_externalId,sender_role,text,timestamp');
		for (const line of lines.slice(1)) {
			const fields = line.match(/("[^"]*"|[^,]+)(?=,|$)/g) ?? [];
			assert.equal(fields.length, 5, line);
			assert.match(fields[2]!, /^(agent|customer|bot)$/);
			assert.match(fields[4]!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
		}
	});

	test('a port in use gives a clear error', async t => {
		const dir = await makeTempDir(t);
		const options = {port: 0, root: path.join(dir, 'root'), authorizedKeysFile: path.join(dir, 'ak'), hostKeyFile: path.join(dir, 'hk')};
		const first = await startSandbox(options);
		t.after(async () => first.close());
		await assert.rejects(startSandbox({...options, port: first.port}), {code: 'sandbox-port-in-use'});
	});
});
