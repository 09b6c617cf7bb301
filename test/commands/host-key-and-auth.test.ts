import assert from 'node:assert/strict';
import {readdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {runProcess} from '../helpers/run-process.js';
import {startSftpFixture, suiteCleanup, type SftpFixture} from '../helpers/sftp-fixture.js';
import {makeTempDir} from '../helpers/temp-dir.js';

async function fingerprintOf(publicKeyLine: string, dir: string): Promise<string> {
	const file = path.join(dir, `key-${Math.random().toString(36).slice(2)}.pub`);
	await writeFile(file, `${publicKeyLine}\n`);
	const listed = await runProcess('ssh-keygen', ['-lf', file]);
	return listed.stdout.split(' ')[1]!;
}

describe('host keys and authentication', () => {
	let fixture: SftpFixture;
	const cleanup = suiteCleanup();
	before(async () => {
		fixture = await startSftpFixture(cleanup.context);
	});
	after(async () => cleanup.run());

	test('an unknown host key is refused without --accept-new-host-key; nothing is transferred', async t => {
		const dir = await makeTempDir(t);
		const knownHosts = path.join(dir, 'known_hosts');
		const file = path.join(dir, 'data.csv');
		await writeFile(file, 'a\n');
		const result = await fixture.cli(['put', file], {knownHosts});
		assert.equal(result.code, 1);
		const fingerprint = await fingerprintOf(fixture.sshd.hostPublicKey, dir);
		assert.match(result.stderr, new RegExp(`127\\.0\\.0\\.1 \\(port ${fixture.sshd.port}\\) is not in .*known_hosts; its host key ${fingerprint.replaceAll('+', '\\+')} was not trusted`));
		assert.match(result.stderr, /--accept-new-host-key/);
		assert.deepEqual(await readdir(fixture.serverPath('in')), []);
		await assert.rejects(readFile(knownHosts), 'nothing was recorded');
	});

	test('--accept-new-host-key records a line ssh-keygen -F finds; the next run needs no flag', async t => {
		const dir = await makeTempDir(t);
		const knownHosts = path.join(dir, 'ssh', 'known_hosts');
		const first = await fixture.cli(['ls', '--accept-new-host-key'], {knownHosts});
		assert.equal(first.code, 0, first.stderr);
		assert.match(first.stderr, /recorded the new host key/);
		const found = await runProcess('ssh-keygen', ['-F', `[127.0.0.1]:${fixture.sshd.port}`, '-f', knownHosts]);
		assert.equal(found.code, 0, found.stdout + found.stderr);
		assert.ok(found.stdout.includes(fixture.sshd.hostPublicKey), found.stdout);
		const second = await fixture.cli(['ls'], {knownHosts});
		assert.equal(second.code, 0, second.stderr);
		assert.equal(second.stderr, '');
		assert.equal((await readFile(knownHosts, 'utf8')).trim().split('\n').length, 1, 'recorded once');
	});

	test('a hashed entry written by ssh-keygen -H is honoured', async t => {
		const dir = await makeTempDir(t);
		const knownHosts = path.join(dir, 'known_hosts');
		await writeFile(knownHosts, `# a comment\nother.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n${fixture.sshd.knownHostsLine}\n`);
		const hashed = await runProcess('ssh-keygen', ['-H', '-f', knownHosts]);
		assert.equal(hashed.code, 0, hashed.stderr);
		assert.doesNotMatch(await readFile(knownHosts, 'utf8'), /127\.0\.0\.1/);
		const result = await fixture.cli(['ls'], {knownHosts});
		assert.equal(result.code, 0, result.stderr);
		assert.equal(result.stdout, 'in/\nout/\n');
	});

	test('a changed host key is refused loudly, naming the host, both fingerprints and the line', async t => {
		const dir = await makeTempDir(t);
		const other = path.join(dir, 'other');
		assert.equal((await runProcess('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other])).code, 0);
		const otherLine = (await readFile(`${other}.pub`, 'utf8')).trim().split(' ').slice(0, 2).join(' ');
		const knownHosts = path.join(dir, 'known_hosts');
		await writeFile(knownHosts, `example.org ${otherLine}\n[127.0.0.1]:${fixture.sshd.port} ${otherLine}\n`);
		const file = path.join(dir, 'data.csv');
		await writeFile(file, 'a\n');
		const result = await fixture.cli(['put', '--accept-new-host-key', file], {knownHosts});
		assert.equal(result.code, 1);
		assert.match(result.stderr, /THE HOST KEY OF 127\.0\.0\.1 \(port \d+\) HAS CHANGED/);
		assert.ok(result.stderr.includes(await fingerprintOf(fixture.sshd.hostPublicKey, dir)), result.stderr);
		assert.ok(result.stderr.includes(await fingerprintOf(otherLine, dir)), result.stderr);
		assert.ok(result.stderr.includes(`${knownHosts}:2`), result.stderr);
		assert.deepEqual(await readdir(fixture.serverPath('in')), []);
		assert.equal((await readFile(knownHosts, 'utf8')).split('\n').length, 3, 'known_hosts untouched');
	});

	test('a key the server does not accept is refused with its fingerprint', async t => {
		const dir = await makeTempDir(t);
		const wrong = path.join(dir, 'wrong');
		assert.equal((await runProcess('ssh-keygen', ['-q', '-t', 'rsa', '-b', '2048', '-N', '', '-f', wrong])).code, 0);
		const fingerprint = (await runProcess('ssh-keygen', ['-lf', `${wrong}.pub`])).stdout.split(' ')[1]!;
		const result = await fixture.cli(['ls'], {identity: wrong});
		assert.equal(result.code, 1);
		assert.match(result.stderr, /The server refused to log in .* with the key SHA256:/);
		assert.ok(result.stderr.includes(`ASAPP may not have installed your public key yet, or this is not the key you sent: its fingerprint is ${fingerprint}`), result.stderr);
	});

	test('an encrypted key opens with ASAPP_SFTP_PASSPHRASE and says so when it is missing', async t => {
		const dir = await makeTempDir(t);
		const locked = path.join(dir, 'locked');
		assert.equal((await runProcess('ssh-keygen', ['-q', '-t', 'rsa', '-b', '2048', '-m', 'PEM', '-N', 'open sesame', '-f', locked])).code, 0);
		const authorized = await readFile(fixture.sshd.authorizedKeysFile, 'utf8');
		await fixture.sshd.setAuthorizedKeys([...authorized.trim().split('\n'), await readFile(`${locked}.pub`, 'utf8')]);
		const missing = await fixture.cli(['ls'], {identity: locked});
		assert.equal(missing.code, 1);
		assert.match(missing.stderr, /protected by a passphrase and none was given/);
		const opened = await fixture.cli(['ls'], {identity: locked, env: {ASAPP_SFTP_PASSPHRASE: 'open sesame'}});
		assert.equal(opened.code, 0, opened.stderr);
		const wrong = await fixture.cli(['ls'], {identity: locked, env: {ASAPP_SFTP_PASSPHRASE: 'nope'}});
		assert.equal(wrong.code, 1);
		assert.match(wrong.stderr, /passphrase does not open/);
	});

	test('connection failures get plain messages: refused port, unknown host', async () => {
		const refused = await fixture.cli(['ls'], {port: 1});
		assert.equal(refused.code, 1);
		assert.match(refused.stderr, /refused a connection on port 1\.\n\s+Open port 1 outbound to 127\.0\.0\.1/);
		const dns = await fixture.cli(['ls'], {host: 'no-such-host.invalid'});
		assert.equal(dns.code, 1, dns.stderr);
		assert.match(dns.stderr, /The name no-such-host\.invalid could not be resolved/);
	});

	test('-v shows the protocol log', async () => {
		const result = await fixture.cli(['ls', '-v']);
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stderr, /debug: .*(Handshake|KEXINIT)/i);
	});
});
