import assert from 'node:assert/strict';
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {inspectPrivateKey} from '../../source/core/keys/inspect-key.js';
import {runCli, runProcess} from '../helpers/run-process.js';
import {startSftpFixture, suiteCleanup, type SftpFixture} from '../helpers/sftp-fixture.js';
import {makeTempDir} from '../helpers/temp-dir.js';

type PuttyKey = {file: string; publicLine: string; fingerprint: string};

describe('PuTTY keys, version 3 (puttygen\'s default since 0.75), made by the real puttygen', () => {
	let fixture: SftpFixture;
	let dir: string;
	let passphraseFile: string;
	const cleanup = suiteCleanup();
	const made: Record<string, PuttyKey> = {};

	/** puttygen -t TYPE ... --ppk-param version=3, with or without a passphrase. */
	async function puttygen(name: string, args: string[], passphrase: 'none' | 'set'): Promise<PuttyKey> {
		const file = path.join(dir, `${name}.ppk`);
		const empty = path.join(dir, 'empty');
		await writeFile(empty, '');
		const result = await runProcess('puttygen', [...args, '-o', file, '--new-passphrase', passphrase === 'set' ? passphraseFile : empty, '-C', `${name}-comment`, '-q']);
		assert.equal(result.code, 0, result.stderr);
		const oldPassphrase = ['--old-passphrase', passphrase === 'set' ? passphraseFile : empty];
		const publicLine = (await runProcess('puttygen', [file, '-O', 'public-openssh', ...oldPassphrase])).stdout.trim();
		const fingerprint = /SHA256:\S+/.exec((await runProcess('puttygen', [file, '-l', '-E', 'sha256', ...oldPassphrase])).stdout)![0];
		return {file, publicLine, fingerprint};
	}

	before(async () => {
		fixture = await startSftpFixture(cleanup.context);
		dir = await makeTempDir(cleanup.context);
		passphraseFile = path.join(dir, 'passphrase');
		await writeFile(passphraseFile, 'correct horse battery\n', {mode: 0o600});
		const [plain, encrypted, argon2i, argon2d] = await Promise.all([
			puttygen('plain', ['-t', 'rsa', '-b', '4096', '--ppk-param', 'version=3'], 'none'),
			puttygen('encrypted', ['-t', 'rsa', '-b', '4096', '--ppk-param', 'version=3'], 'set'),
			puttygen('argon2i', ['-t', 'ed25519', '--ppk-param', 'version=3,kdf=argon2i'], 'set'),
			puttygen('argon2d', ['-t', 'ed25519', '--ppk-param', 'version=3,kdf=argon2d'], 'set'),
		]);
		Object.assign(made, {plain, encrypted, argon2i, argon2d});
		const authorized = await readFile(fixture.sshd.authorizedKeysFile, 'utf8');
		await fixture.sshd.setAuthorizedKeys([...authorized.trim().split('\n'), ...Object.values(made).map(key => key.publicLine)]);
	});
	after(async () => cleanup.run());

	test('the files really are version 3, Argon2id by default', async () => {
		assert.match(await readFile(made['plain']!.file, 'utf8'), /^PuTTY-User-Key-File-3: ssh-rsa\nEncryption: none\n/);
		const encrypted = await readFile(made['encrypted']!.file, 'utf8');
		assert.match(encrypted, /^Encryption: aes256-cbc$/m);
		assert.match(encrypted, /^Key-Derivation: Argon2id$/m);
		assert.match(await readFile(made['argon2i']!.file, 'utf8'), /^Key-Derivation: Argon2i$/m);
		assert.match(await readFile(made['argon2d']!.file, 'utf8'), /^Key-Derivation: Argon2d$/m);
	});

	test('a plain v3 key logs in to OpenSSH sshd: ls works, doctor shows the fingerprint puttygen shows', async () => {
		const listed = await fixture.cli(['ls'], {identity: made['plain']!.file});
		assert.equal(listed.code, 0, listed.stderr);
		assert.equal(listed.stdout, 'in/\nout/\n');
		assert.equal(listed.stderr, '', 'RSA 4096: no key warning');
		const doctor = await fixture.cli(['doctor'], {identity: made['plain']!.file});
		assert.equal(doctor.code, 0, doctor.stdout);
		assert.ok(doctor.stdout.includes(`RSA 4096 bits, ${made['plain']!.fingerprint}`), doctor.stdout);
	});

	test('an encrypted v3 key opens with its passphrase only, and logs in', async () => {
		const file = made['encrypted']!.file;
		const opened = await fixture.cli(['ls'], {identity: file, env: {ASAPP_SFTP_PASSPHRASE: 'correct horse battery'}});
		assert.equal(opened.code, 0, opened.stderr);
		assert.equal(opened.stdout, 'in/\nout/\n');
		const missing = await fixture.cli(['ls'], {identity: file});
		assert.equal(missing.code, 1);
		assert.match(missing.stderr, /protected by a passphrase and none was given/);
		const wrong = await fixture.cli(['ls'], {identity: file, env: {ASAPP_SFTP_PASSPHRASE: 'Correct horse battery'}});
		assert.equal(wrong.code, 1);
		assert.match(wrong.stderr, /The passphrase does not open .*encrypted\.ppk/);
		assert.doesNotMatch(wrong.stderr, /Unsupported key format/);
	});

	test('Argon2i and Argon2d key derivation work too (these are ED25519: a warning, then a login)', async () => {
		for (const name of ['argon2i', 'argon2d']) {
			const result = await fixture.cli(['ls'], {identity: made[name]!.file, env: {ASAPP_SFTP_PASSPHRASE: 'correct horse battery'}});
			assert.equal(result.code, 0, `${name}: ${result.stderr}`);
			assert.match(result.stderr, /is an ED25519 key \(256 bits\); ASAPP asked for RSA 4096/);
		}
	});

	test('the app\'s key check reads v3 as puttygen does: type, size, comment, fingerprint', async () => {
		const report = await inspectPrivateKey(made['encrypted']!.file, 'correct horse battery');
		assert.equal(report.format, 'ppk');
		assert.equal(report.encrypted, true);
		assert.equal(report.bits, 4096);
		assert.equal(report.comment, 'encrypted-comment');
		assert.equal(report.fingerprint, made['encrypted']!.fingerprint);
		assert.equal(report.unfitReason, undefined);
		assert.equal(report.openSshLine.split(' ').slice(0, 2).join(' '), made['encrypted']!.publicLine.split(' ').slice(0, 2).join(' '));
		await assert.rejects(inspectPrivateKey(made['encrypted']!.file), {code: 'key-passphrase-needed'});
		await assert.rejects(inspectPrivateKey(made['encrypted']!.file, 'nope'), {code: 'key-passphrase-wrong'});
	});

	test('a damaged v3 file is refused before use: its MAC no longer matches', async t => {
		const scratch = await makeTempDir(t);
		const text = await readFile(made['plain']!.file, 'utf8');
		const lines = text.split('\n');
		const privateStart = lines.findIndex(line => line.startsWith('Private-Lines:')) + 1;
		// Change one base64 character of the private part (keeping it valid base64).
		const line = lines[privateStart]!;
		lines[privateStart] = `${line.slice(0, 10)}${line[10] === 'A' ? 'B' : 'A'}${line.slice(11)}`;
		const damaged = path.join(scratch, 'damaged.ppk');
		await writeFile(damaged, lines.join('\n'), {mode: 0o600});
		const result = await fixture.cli(['ls'], {identity: damaged});
		assert.equal(result.code, 1);
		assert.match(result.stderr, /damaged\.ppk is a PuTTY key file that is damaged or incomplete \(its MAC does not match/);
	});

	test('keygen --ppk still writes version 2, which PuTTY, WinSCP and FileZilla (old and new) read', async t => {
		const scratch = await makeTempDir(t);
		const out = path.join(scratch, 'k');
		const result = await runCli(['keygen', '--marker', 'testcompany', '--out', out, '--ppk', '--no-passphrase']);
		assert.equal(result.code, 0, result.stderr);
		assert.match(await readFile(`${out}.ppk`, 'utf8'), /^PuTTY-User-Key-File-2: ssh-rsa\n/);
		const putty = await runProcess('puttygen', [`${out}.ppk`, '-O', 'public-openssh']);
		assert.equal(putty.code, 0, putty.stderr);
	});
});
