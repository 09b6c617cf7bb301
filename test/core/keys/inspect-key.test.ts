import assert from 'node:assert/strict';
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, test} from 'node:test';
import {inspectPrivateKey} from '../../../source/core/keys/inspect-key.js';
import {KeyPassphraseNeededError, KeyPassphraseWrongError} from '../../../source/core/ssh/parse-private-key.js';
import {runProcess} from '../../helpers/run-process.js';
import {makeTempDir} from '../../helpers/temp-dir.js';

async function sshKeygen(dir: string, name: string, args: string[]): Promise<{path: string; fingerprintLine: string}> {
	const keyPath = path.join(dir, name);
	const made = await runProcess('ssh-keygen', ['-q', ...args, '-f', keyPath]);
	assert.equal(made.code, 0, made.stderr);
	const listed = await runProcess('ssh-keygen', ['-lf', `${keyPath}.pub`]);
	return {path: keyPath, fingerprintLine: listed.stdout.trim()};
}

describe('inspectPrivateKey reads keys made by ssh-keygen', () => {
	test('OpenSSH-format RSA 4096 with a passphrase: needs it, refuses a wrong one, then reports like ssh-keygen -l', async t => {
		const dir = await makeTempDir(t);
		const key = await sshKeygen(dir, 'openssh', ['-t', 'rsa', '-b', '4096', '-C', 'sftptestcompany', '-N', 'pass phrase']);
		await assert.rejects(inspectPrivateKey(key.path), KeyPassphraseNeededError);
		await assert.rejects(inspectPrivateKey(key.path, 'nope'), KeyPassphraseWrongError);
		const report = await inspectPrivateKey(key.path, 'pass phrase');
		assert.equal(report.format, 'openssh');
		assert.equal(report.encrypted, true);
		assert.equal(`${report.bits} ${report.fingerprint} ${report.comment} (RSA)`, key.fingerprintLine);
		assert.equal(report.unfitReason, undefined);
	});

	test('PEM RSA 4096 without a passphrase takes its comment from the .pub beside it', async t => {
		const dir = await makeTempDir(t);
		const key = await sshKeygen(dir, 'pem', ['-t', 'rsa', '-b', '4096', '-m', 'PEM', '-C', 'sftpacme', '-N', '']);
		const report = await inspectPrivateKey(key.path);
		assert.equal(report.format, 'pem');
		assert.equal(report.encrypted, false);
		assert.equal(report.comment, 'sftpacme');
		assert.equal(`${report.bits} ${report.fingerprint} ${report.comment} (RSA)`, key.fingerprintLine);
	});

	test('an RSA 2048 key and an Ed25519 key are reported unfit, with the reason', async t => {
		const dir = await makeTempDir(t);
		const small = await sshKeygen(dir, 'small', ['-t', 'rsa', '-b', '2048', '-N', '']);
		assert.match((await inspectPrivateKey(small.path)).unfitReason ?? '', /an RSA key \(2048 bits\); ASAPP asked for RSA 4096/);
		const ed = await sshKeygen(dir, 'ed', ['-t', 'ed25519', '-N', '']);
		const edReport = await inspectPrivateKey(ed.path);
		assert.equal(edReport.bits, 256);
		assert.match(edReport.unfitReason ?? '', /an ED25519 key \(256 bits\); ASAPP asked for RSA 4096/);
	});

	test('a public key, a missing file and garbage each get their own clear error', async t => {
		const dir = await makeTempDir(t);
		const key = await sshKeygen(dir, 'k', ['-t', 'ed25519', '-N', '']);
		await assert.rejects(inspectPrivateKey(`${key.path}.pub`), /not a private key|public key/);
		await assert.rejects(inspectPrivateKey(path.join(dir, 'absent')), /There is no file/);
		const garbage = path.join(dir, 'garbage');
		await writeFile(garbage, Buffer.from([0, 1, 2, 3, 255]));
		await assert.rejects(inspectPrivateKey(garbage), /not a private key this tool can read/);
		await assert.rejects(inspectPrivateKey(dir), /folder/);
	});
});
