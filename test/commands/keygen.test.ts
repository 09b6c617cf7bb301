import assert from 'node:assert/strict';
import {readFile, stat, writeFile, mkdir} from 'node:fs/promises';
import path from 'node:path';
import {describe, test} from 'node:test';
import {runCli, runProcess} from '../helpers/run-process.js';
import {startTestSshd} from '../helpers/sshd.js';
import {makeTempDir} from '../helpers/temp-dir.js';

type KeygenJson = {privateKey: string; publicKey: string; ppk: string | null; fingerprint: string; bits: number; comment: string};

async function keygenJson(args: string[], env: NodeJS.ProcessEnv = {}): Promise<KeygenJson> {
	const result = await runCli(['keygen', '--json', ...args], {env});
	assert.equal(result.code, 0, result.stderr);
	return JSON.parse(result.stdout) as KeygenJson;
}

function keyPart(line: string): string {
	return line.trim().split(/\s+/).slice(0, 2).join(' ');
}

describe('keygen against the OpenSSH and PuTTY tools', () => {
	test('ssh-keygen reads our key pair as RSA 4096 with the sftp<marker> comment', async t => {
		const dir = await makeTempDir(t);
		const out = path.join(dir, 'keyforasapp');
		const made = await keygenJson(['--marker', 'testcompany', '--out', out]);
		assert.equal(made.bits, 4096);
		assert.equal(made.comment, 'sftptestcompany');
		assert.equal(made.ppk, null);

		const listed = await runProcess('ssh-keygen', ['-lf', `${out}.pub`]);
		assert.equal(listed.code, 0, listed.stderr);
		assert.match(listed.stdout.trim(), /^4096 SHA256:[A-Za-z0-9+/]{43} sftptestcompany \(RSA\)$/);
		assert.equal(listed.stdout.trim(), `4096 ${made.fingerprint} sftptestcompany (RSA)`);

		const derived = await runProcess('ssh-keygen', ['-y', '-f', out]);
		assert.equal(derived.code, 0, derived.stderr);
		const publicLine = await readFile(`${out}.pub`, 'utf8');
		assert.equal(keyPart(derived.stdout), keyPart(publicLine));
		assert.match(publicLine, /^ssh-rsa AAAA[A-Za-z0-9+/=]+ sftptestcompany\n$/);

		const privateText = await readFile(out, 'utf8');
		assert.match(privateText, /^-----BEGIN RSA PRIVATE KEY-----\n/);
		assert.equal((await stat(out)).mode & 0o777, 0o600);
		assert.equal((await stat(`${out}.pub`)).mode & 0o777, 0o644);
	});

	test('a passphrase from a file encrypts the key: ssh-keygen opens it with that passphrase only', async t => {
		const dir = await makeTempDir(t);
		const out = path.join(dir, 'secret-key');
		const passFile = path.join(dir, 'pass.txt');
		await writeFile(passFile, 'correct horse battery\n', {mode: 0o600});
		const made = await keygenJson(['--marker', 'acme_co', '--out', out, '--passphrase-file', passFile, '--ppk']);
		assert.ok(made.ppk);

		const privateText = await readFile(out, 'utf8');
		assert.match(privateText, /Proc-Type: 4,ENCRYPTED/);
		assert.doesNotMatch(privateText, /correct horse/);

		const opened = await runProcess('ssh-keygen', ['-y', '-P', 'correct horse battery', '-f', out]);
		assert.equal(opened.code, 0, opened.stderr);
		assert.equal(keyPart(opened.stdout), keyPart(await readFile(`${out}.pub`, 'utf8')));

		const withoutPassphrase = await runProcess('ssh-keygen', ['-y', '-P', '', '-f', out]);
		assert.notEqual(withoutPassphrase.code, 0);
		const wrongPassphrase = await runProcess('ssh-keygen', ['-y', '-P', 'wrong', '-f', out]);
		assert.notEqual(wrongPassphrase.code, 0);

		const putty = await runProcess('puttygen', [made.ppk, '-O', 'public-openssh', '--old-passphrase', passFile]);
		assert.equal(putty.code, 0, putty.stderr);
		assert.equal(keyPart(putty.stdout), keyPart(await readFile(`${out}.pub`, 'utf8')));
		assert.equal((await stat(made.ppk)).mode & 0o777, 0o600);
	});

	test('puttygen reads the unencrypted .ppk as the same key', async t => {
		const dir = await makeTempDir(t);
		const out = path.join(dir, 'k');
		const made = await keygenJson(['--marker', 'testcompany', '--out', out, '--ppk']);
		assert.equal(made.ppk, `${out}.ppk`);
		const putty = await runProcess('puttygen', [`${out}.ppk`, '-O', 'public-openssh']);
		assert.equal(putty.code, 0, putty.stderr);
		assert.equal(keyPart(putty.stdout), keyPart(await readFile(`${out}.pub`, 'utf8')));
		const fingerprint = await runProcess('puttygen', [`${out}.ppk`, '-l', '-E', 'sha256']);
		assert.match(fingerprint.stdout, new RegExp(made.fingerprint.replaceAll('+', '\\+')));
	});

	test('OpenSSH sftp logs in with our key and lists in and out', async t => {
		const dir = await makeTempDir(t);
		const out = path.join(dir, 'login-key');
		await keygenJson(['--marker', 'testcompany', '--out', out]);
		const sshd = await startTestSshd(t, {authorizedKeys: [await readFile(`${out}.pub`, 'utf8')]});
		const listing = await runProcess('sftp', [...sshd.clientOptions(out), '-b', '-', `${sshd.user}@127.0.0.1`], {input: 'ls -1\n'});
		assert.equal(listing.code, 0, listing.stderr);
		const names = listing.stdout.split('\n').map(line => line.trim()).filter(line => line !== '' && !line.startsWith('sftp>'));
		assert.deepEqual(names.sort(), ['in', 'out']);
	});
});

describe('keygen never overwrites', () => {
	for (const existing of ['', '.pub', '.ppk']) {
		test(`refuses when ${existing === '' ? 'the private key' : `the ${existing} file`} exists, leaving every file byte-identical`, async t => {
			const dir = await makeTempDir(t);
			const out = path.join(dir, 'id_rsa');
			const occupied = `${out}${existing}`;
			const original = Buffer.from(`precious ${existing} content\n`);
			await writeFile(occupied, original, {mode: 0o640});

			const result = await runCli(['keygen', '--marker', 'testcompany', '--out', out, '--ppk']);
			assert.equal(result.code, 1);
			assert.match(result.stderr, new RegExp(`${occupied.replaceAll('.', '\\.')} already exists`));
			assert.match(result.stderr, /--out/);
			assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
			assert.deepEqual(await readFile(occupied), original);
			assert.equal((await stat(occupied)).mode & 0o777, 0o640);
			for (const other of ['', '.pub', '.ppk'].filter(suffix => suffix !== existing)) {
				await assert.rejects(stat(`${out}${other}`), /ENOENT/, `${other} must not be created`);
			}
		});
	}

	test('the default path is a dedicated name in ~/.ssh, made 0700 when missing', async t => {
		const home = await makeTempDir(t);
		const made = await keygenJson(['--marker', 'testcompany'], {HOME: home});
		assert.equal(made.privateKey, path.join(home, '.ssh', 'asapp_sftptestcompany_rsa'));
		assert.equal((await stat(path.join(home, '.ssh'))).mode & 0o777, 0o700);
		const again = await runCli(['keygen', '--marker', 'testcompany'], {env: {HOME: home}});
		assert.equal(again.code, 1);
		assert.match(again.stderr, /already exists/);
	});

	test('an existing ~/.ssh keeps its mode and an existing id_rsa is untouched', async t => {
		const home = await makeTempDir(t);
		await mkdir(path.join(home, '.ssh'), {mode: 0o755});
		const idRsa = path.join(home, '.ssh', 'id_rsa');
		await writeFile(idRsa, 'old key', {mode: 0o600});
		const result = await runCli(['keygen', '--marker', 'x'], {env: {HOME: home}});
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout, /never collides with an existing ~\/\.ssh\/id_rsa/);
		assert.equal(await readFile(idRsa, 'utf8'), 'old key');
		assert.equal((await stat(path.join(home, '.ssh'))).mode & 0o777, 0o755);
	});
});

describe('keygen input checks', () => {
	for (const marker of ['', 'a b', 'evil/../x', 'tab\there', 'ünï']) {
		test(`rejects the marker ${JSON.stringify(marker)} with a clear message`, async t => {
			const home = await makeTempDir(t);
			const result = await runCli(['keygen', '--marker', marker], {env: {HOME: home}});
			assert.equal(result.code, 1);
			assert.match(result.stderr, /marker/);
			assert.doesNotMatch(result.stderr, /\n\s+at /);
		});
	}

	test('human output names the files, the fingerprint line and the next step', async t => {
		const dir = await makeTempDir(t);
		const out = path.join(dir, 'k');
		const result = await runCli(['keygen', '--marker', 'testcompany', '--out', out]);
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stdout, /^4096 SHA256:\S+ sftptestcompany \(RSA\)$/m);
		assert.match(result.stdout, /^ssh-rsa AAAA\S+ sftptestcompany$/m);
		assert.match(result.stdout, /send the \.pub file to ASAPP/);
		assert.ok(result.stdout.includes(`${out}.pub`));
	});

	test('a missing --marker and an unknown flag are usage errors (exit 2)', async () => {
		const missing = await runCli(['keygen']);
		assert.equal(missing.code, 2);
		assert.match(missing.stderr, /--marker is required/);
		const unknown = await runCli(['keygen', '--marker', 'x', '--passphrase', 'secret']);
		assert.equal(unknown.code, 2);
		assert.equal(unknown.stderr.trim().split('\n').length, 1);
	});
});
