import assert from 'node:assert/strict';
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {runDoctor, type DoctorStage} from '../../source/core/ssh/doctor.js';
import {startSftpFixture, suiteCleanup, type SftpFixture} from '../helpers/sftp-fixture.js';
import {makeTempDir} from '../helpers/temp-dir.js';

describe('doctor', () => {
	let fixture: SftpFixture;
	const cleanup = suiteCleanup();
	before(async () => {
		fixture = await startSftpFixture(cleanup.context);
	});
	after(async () => cleanup.run());

	test('every stage passes against a healthy server, banner shown', async () => {
		const result = await fixture.cli(['doctor']);
		assert.equal(result.code, 0, result.stdout + result.stderr);
		const lines = result.stdout.trim().split('\n');
		assert.deepEqual(lines.map(line => line.slice(0, 6)), Array.from({length: 7}, () => '[ok  ]'));
		assert.match(lines[0]!, /^\[ok {2}\] Your key: \S+id_rsa: RSA 4096 bits, SHA256:/);
		assert.match(result.stdout, /SSH banner: SSH-2\.0-OpenSSH_/);
		assert.match(result.stdout, /Folders in\/ and out\/: in\/ and out\/ are there/);
	});

	test('a wrong key fails at authentication with the fingerprint in the fix', async t => {
		const dir = await makeTempDir(t);
		const other = path.join(dir, 'other');
		const {runProcess} = await import('../helpers/run-process.js');
		await runProcess('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
		const result = await fixture.cli(['doctor'], {identity: other});
		assert.equal(result.code, 1);
		assert.match(result.stdout, /\[FAIL\] Authentication: The server refused to log in/);
		assert.match(result.stdout, /fix: ASAPP may not have installed your public key yet/);
		assert.match(result.stdout, /\[-- {2}\] Folders/);
	});

	test('stages arrive as events: running, then the outcome; a changed key fails the host-key stage', async t => {
		const dir = await makeTempDir(t);
		const knownHosts = path.join(dir, 'known_hosts');
		const other = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';
		await writeFile(knownHosts, `[127.0.0.1]:${fixture.sshd.port} ${other}\n`);
		const events: DoctorStage[] = [];
		const result = await runDoctor({
			host: '127.0.0.1', port: fixture.sshd.port, user: fixture.sshd.user, privateKey: await readFile(fixture.identity), knownHostsFile: knownHosts,
			onStage: stage => events.push(stage),
		});
		assert.equal(result.ok, false);
		assert.deepEqual(events.filter(event => event.status === 'running').map(event => event.stage), ['dns', 'tcp', 'host-key']);
		const hostKey = result.stages.find(stage => stage.stage === 'host-key');
		assert.equal(hostKey?.status, 'failed');
		assert.match(hostKey?.detail ?? '', /HAS CHANGED/);
		assert.deepEqual(result.stages.map(stage => stage.status), ['ok', 'ok', 'ok', 'failed', 'skipped', 'skipped']);
		assert.equal(result.error?.code, 'host-key-changed');
		assert.equal(result.session, undefined);
	});

	test('with keepSession the logged-in session is handed back and still works; an unknown key refused by the callback ends with its typed error', async t => {
		const kept = await runDoctor({
			host: '127.0.0.1', port: fixture.sshd.port, user: fixture.sshd.user, privateKey: await readFile(fixture.identity), knownHostsFile: fixture.knownHosts,
			keepSession: true,
		});
		assert.equal(kept.ok, true);
		assert.ok(kept.session);
		assert.deepEqual((await kept.session.list('.')).map(entry => entry.name).sort(), ['in', 'out']);
		kept.session.close();

		const dir = await makeTempDir(t);
		const offered: string[] = [];
		const refused = await runDoctor({
			host: '127.0.0.1', port: fixture.sshd.port, user: fixture.sshd.user, privateKey: await readFile(fixture.identity), knownHostsFile: path.join(dir, 'known_hosts'),
			keepSession: true,
			async onUnknownHostKey(info) {
				offered.push(info.fingerprint);
				return false;
			},
		});
		assert.equal(refused.ok, false);
		assert.equal(refused.session, undefined);
		assert.equal(refused.error?.code, 'host-key-unknown');
		assert.equal(offered.length, 1);
		assert.match(offered[0]!, /^SHA256:/);
	});
});
