import assert from 'node:assert/strict';
import {readFile, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {after, before, describe, test, type TestContext} from 'node:test';
import {runProcess, type ProcessResult} from '../helpers/run-process.js';
import {startSftpFixture, suiteCleanup, type SftpFixture} from '../helpers/sftp-fixture.js';
import {makeTempDir} from '../helpers/temp-dir.js';

describe('known_hosts: the system-wide file, revoked keys, servers with several key types', () => {
	let fixture: SftpFixture;
	let otherKey: string;
	const cleanup = suiteCleanup();
	before(async () => {
		fixture = await startSftpFixture(cleanup.context, {rsaHostKey: true});
		const dir = await makeTempDir(cleanup.context);
		const other = path.join(dir, 'other');
		assert.equal((await runProcess('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other])).code, 0);
		otherKey = (await readFile(`${other}.pub`, 'utf8')).trim().split(' ').slice(0, 2).join(' ');
	});
	after(async () => cleanup.run());

	const name = () => `[127.0.0.1]:${fixture.sshd.port}`;

	/** Our CLI with a user known_hosts and a stand-in for /etc/ssh/ssh_known_hosts. */
	async function ours(args: string[], files: {user: string; global: string}): Promise<ProcessResult> {
		return fixture.cli(args, {knownHosts: files.user, env: {ASAPP_SFTP_GLOBAL_KNOWN_HOSTS: files.global}});
	}

	/** OpenSSH's sftp with the same two files and StrictHostKeyChecking=accept-new: the oracle. */
	async function openssh(files: {user: string; global: string}): Promise<ProcessResult> {
		return runProcess('sftp', [
			'-b', '-', '-P', String(fixture.sshd.port), '-i', fixture.identity, '-o', 'IdentitiesOnly=yes', '-o', 'IdentityAgent=none', '-o', 'BatchMode=yes',
			'-o', 'StrictHostKeyChecking=accept-new', '-o', `UserKnownHostsFile=${files.user}`, '-o', `GlobalKnownHostsFile=${files.global}`,
			`${fixture.sshd.user}@127.0.0.1`,
		], {input: 'ls\n'});
	}

	async function files(t: TestContext, user: string, global: string): Promise<{user: string; global: string}> {
		const dir = await makeTempDir(t);
		const paths = {user: path.join(dir, 'known_hosts'), global: path.join(dir, 'ssh_known_hosts')};
		if (user !== '') {
			await writeFile(paths.user, user);
		}

		await writeFile(paths.global, global);
		return paths;
	}

	test('a different key pinned in the global file is HOST KEY CHANGED, even with --accept-new-host-key (as OpenSSH)', async t => {
		const paths = await files(t, '', `${name()} ${otherKey}\n`);
		const oracle = await openssh(paths);
		assert.notEqual(oracle.code, 0);
		assert.match(oracle.stderr, /REMOTE HOST IDENTIFICATION HAS CHANGED/);
		const result = await ours(['ls', '--accept-new-host-key'], paths);
		assert.equal(result.code, 1, result.stderr);
		assert.match(result.stderr, /THE HOST KEY OF 127\.0\.0\.1 \(port \d+\) HAS CHANGED/);
		assert.ok(result.stderr.includes(`${paths.global}:1`), result.stderr);
		assert.match(result.stderr, /system-wide one: ask your administrator/);
		assert.equal(result.stdout, '');
		await assert.rejects(stat(paths.user), 'no key was recorded in the user file');
		assert.equal(await readFile(paths.global, 'utf8'), `${name()} ${otherKey}\n`, 'the global file is never written');
	});

	test('a server trusted by the global file connects without a question and without writing anything', async t => {
		const paths = await files(t, '', `${name()} ${fixture.sshd.hostPublicKey}\n`);
		const result = await ours(['ls'], paths);
		assert.equal(result.code, 0, result.stderr);
		assert.equal(result.stdout, 'in/\nout/\n');
		await assert.rejects(stat(paths.user));
	});

	test('a server that also has a key of another type is matched against the type already pinned (user or global file)', async t => {
		const rsaLine = `${name()} ${fixture.sshd.rsaHostPublicKey!}\n`;
		for (const where of ['user', 'global'] as const) {
			const paths = await files(t, where === 'user' ? rsaLine : '', where === 'global' ? rsaLine : '');
			const result = await ours(['ls'], paths);
			assert.equal(result.code, 0, `${where}: ${result.stderr}`);
			assert.equal(result.stderr, '', where);
			assert.equal(await readFile(paths.user, 'utf8').catch(() => ''), where === 'user' ? rsaLine : '', `${where}: no ed25519 key was added`);
		}
	});

	test('a revoked key: ssh-keygen -R does not help, the advice given does (followed here)', async t => {
		const paths = await files(t, `${name()} ${fixture.sshd.hostPublicKey}\n@revoked ${name()} ${fixture.sshd.hostPublicKey}\n`, '');
		const refused = await ours(['ls', '--accept-new-host-key'], paths);
		assert.equal(refused.code, 1);
		assert.match(refused.stderr, /IS MARKED REVOKED/);
		assert.doesNotMatch(refused.stderr, /ssh-keygen -R "/, 'no advice that does not work');
		// The old advice, as a person would follow it: the trusted line goes, @revoked stays.
		assert.equal((await runProcess('ssh-keygen', ['-R', name(), '-f', paths.user])).code, 0);
		assert.match(await readFile(paths.user, 'utf8'), /^@revoked /m);
		const stillRefused = await ours(['ls', '--accept-new-host-key'], paths);
		assert.match(stillRefused.stderr, /IS MARKED REVOKED/);
		// Ours: "delete line N of FILE" (once ASAPP confirmed the key).
		const advice = /delete line (\d+) of (\S+) \(the line starting with @revoked/.exec(stillRefused.stderr);
		assert.ok(advice, stillRefused.stderr);
		const [, lineText, file] = advice;
		assert.equal(file, paths.user);
		const lines = (await readFile(file, 'utf8')).split('\n');
		assert.match(lines[Number(lineText) - 1]!, /^@revoked /);
		await writeFile(file, lines.filter((_line, index) => index !== Number(lineText) - 1).join('\n'));
		const accepted = await ours(['ls', '--accept-new-host-key'], paths);
		assert.equal(accepted.code, 0, accepted.stderr);
		assert.equal(accepted.stdout, 'in/\nout/\n');
		const again = await ours(['ls'], paths);
		assert.equal(again.code, 0, again.stderr);
	});

	test('a key revoked in the global file is refused, and the advice says who can change that file', async t => {
		const paths = await files(t, `${name()} ${fixture.sshd.hostPublicKey}\n`, `@revoked * ${fixture.sshd.hostPublicKey}\n`);
		const oracle = await openssh(paths);
		assert.notEqual(oracle.code, 0);
		assert.match(oracle.stderr, /REVOKED/);
		const result = await ours(['ls'], paths);
		assert.equal(result.code, 1);
		assert.match(result.stderr, /IS MARKED REVOKED/);
		assert.ok(result.stderr.includes(`delete line 1 of ${paths.global}`), result.stderr);
		assert.match(result.stderr, /ask your administrator/);
	});
});
