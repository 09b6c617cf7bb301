import assert from 'node:assert/strict';
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, test} from 'node:test';
import {AppError} from '../../../source/core/app-error.js';
import {openSftpSession} from '../../../source/core/ssh/sftp-session.js';
import {HostKeyUnknownError} from '../../../source/core/ssh/ssh-errors.js';
import type {TransferEvent} from '../../../source/core/transfer/progress.js';
import {uploadFiles} from '../../../source/core/transfer/upload.js';
import {runProcess} from '../../helpers/run-process.js';
import {startSftpFixture} from '../../helpers/sftp-fixture.js';
import {makeTempDir} from '../../helpers/temp-dir.js';

describe('a queue that cannot connect stops instead of grinding through every file', () => {
	test('an unreachable server: a few tries, then one error for the whole queue', async t => {
		const dir = await makeTempDir(t);
		const files = await Promise.all([0, 1, 2].map(async index => {
			const localPath = path.join(dir, `f${index}.csv`);
			await writeFile(localPath, 'x\n');
			return {index, localPath, remotePath: `in/f${index}.csv`, size: 2};
		}));
		const key = path.join(dir, 'key');
		assert.equal((await runProcess('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key])).code, 0);
		const privateKey = await readFile(key);
		let connects = 0;
		const events: TransferEvent[] = [];
		await assert.rejects(uploadFiles({
			connect: async () => {
				connects++;
				return openSftpSession({host: '127.0.0.1', port: 1, user: 'nobody', privateKey, knownHostsFile: path.join(dir, 'kh')});
			},
			plan: {directories: [], files},
			retry: {maxAttempts: 2, baseMs: 5},
			parallelFiles: 1,
			onEvent: event => events.push(event),
		}), (error: unknown) => error instanceof AppError && error.code === 'connection-refused');
		assert.ok(connects <= 3, `connected ${connects} times`);
		assert.ok(!events.some(event => event.type === 'file-done' && event.result.status === 'done'));
	});

	test('a key ssh2 cannot use is an AppError, not a crash', async () => {
		await assert.rejects(openSftpSession({host: '127.0.0.1', port: 1, user: 'nobody', privateKey: 'not a key', keyPath: '/x/key'}), /The private key \/x\/key cannot be used/);
	});

	test('an unknown host key without a callback: HostKeyUnknownError, nothing sent', async t => {
		const fixture = await startSftpFixture(t);
		const dir = await makeTempDir(t);
		const localPath = path.join(dir, 'a.csv');
		await writeFile(localPath, 'a\n');
		await assert.rejects(uploadFiles({
			connect: async () => openSftpSession({host: '127.0.0.1', port: fixture.sshd.port, user: fixture.sshd.user, privateKey: await readFile(fixture.identity), knownHostsFile: path.join(dir, 'empty_known_hosts')}),
			plan: {directories: ['in/new'], files: [{index: 0, localPath, remotePath: 'in/new/a.csv', size: 2}]},
		}), HostKeyUnknownError);
		await assert.rejects(readFile(fixture.serverPath('in/new/a.csv')));
	});

	test('many small files go at once, large ones at most 16 at a time, and all arrive intact', async t => {
		const fixture = await startSftpFixture(t);
		const dir = await makeTempDir(t);
		// Large files first: 64 lanes take files 0-63 at once, so 16 large ones start and 4 wait.
		const sizes = [...Array.from({length: 20}, (_, index) => (1024 * 1024) + index), ...Array.from({length: 80}, (_, index) => 100 + index)];
		const files = await Promise.all(sizes.map(async (size, index) => {
			const localPath = path.join(dir, `f${index}.bin`);
			await writeFile(localPath, Buffer.alloc(size, index));
			return {index, localPath, remotePath: `in/multi/f${index}.bin`, size};
		}));
		let connects = 0;
		const inFlight = new Set<number>();
		let most = 0;
		let mostLarge = 0;
		const summary = await uploadFiles({
			connect: async () => {
				connects++;
				return openSftpSession({host: '127.0.0.1', port: fixture.sshd.port, user: fixture.sshd.user, privateKey: await readFile(fixture.identity), knownHostsFile: fixture.knownHosts});
			},
			plan: {directories: ['in/multi'], files},
			onEvent(event: TransferEvent) {
				if (event.type === 'file-start') {
					inFlight.add(event.file.index);
				} else if (event.type === 'file-done') {
					inFlight.delete(event.result.file.index);
				}

				most = Math.max(most, inFlight.size);
				mostLarge = Math.max(mostLarge, [...inFlight].filter(index => sizes[index]! >= 1024 * 1024).length);
			},
		});
		assert.ok(summary.ok);
		assert.equal(connects, 1);
		assert.ok(most >= 60, `at most ${most} files were in flight at once`);
		assert.equal(mostLarge, 16);
		for (const file of files) {
			assert.deepEqual(await readFile(fixture.serverPath(file.remotePath)), await readFile(file.localPath));
		}
	});

	test('onUnknownHostKey sees the SHA256 fingerprint; trusting records it', async t => {
		const fixture = await startSftpFixture(t);
		const dir = await makeTempDir(t);
		const knownHosts = path.join(dir, 'known_hosts');
		const seen: string[] = [];
		const session = await openSftpSession({
			host: '127.0.0.1', port: fixture.sshd.port, user: fixture.sshd.user, privateKey: await readFile(fixture.identity), knownHostsFile: knownHosts,
			async onUnknownHostKey(info) {
				seen.push(`${info.keyType} ${info.fingerprint} ${info.knownHostsFile}`);
				return true;
			},
		});
		try {
			assert.equal(seen.length, 1);
			assert.match(seen[0]!, /^ssh-ed25519 SHA256:[A-Za-z0-9+/]{43} /);
			assert.equal(session.hostKey.fingerprint, seen[0]!.split(' ')[1]);
			assert.deepEqual((await session.list('.')).map(entry => entry.name).sort(), ['in', 'out']);
			assert.equal(await session.realpath('in'), path.join(fixture.sshd.root, 'in'));
		} finally {
			session.close();
		}

		assert.match(await readFile(knownHosts, 'utf8'), new RegExp(`^\\[127\\.0\\.0\\.1\\]:${fixture.sshd.port} ssh-ed25519 `));
	});
});
