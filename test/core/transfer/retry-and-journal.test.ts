import assert from 'node:assert/strict';
import {readdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, test} from 'node:test';
import {openSftpSession} from '../../../source/core/ssh/sftp-session.js';
import type {TransferEvent} from '../../../source/core/transfer/progress.js';
import {defaultRetryPolicy} from '../../../source/core/transfer/run-queue.js';
import {backoffMs} from '../../../source/core/transfer/session-keeper.js';
import {uploadFiles} from '../../../source/core/transfer/upload.js';
import {forgetUnfinishedUploads, readUnfinishedUploads, UploadJournal} from '../../../source/core/transfer/upload-journal.js';
import {runProcess} from '../../helpers/run-process.js';
import {makeTempDir} from '../../helpers/temp-dir.js';

describe('retries outlast a short outage', () => {
	test('by default a file is retried for at least a minute, with pauses that double up to a cap', () => {
		assert.ok(defaultRetryPolicy.forMs >= 60_000, `${defaultRetryPolicy.forMs} ms`);
		const pauses = [1, 2, 3, 4, 5, 6].map(attempt => backoffMs(attempt, defaultRetryPolicy.baseMs, defaultRetryPolicy.maxDelayMs));
		assert.deepEqual(pauses, [1000, 2000, 4000, 8000, 15_000, 15_000]);
	});

	test('an unreachable server is retried with growing pauses until the time runs out, the last try at the deadline', async t => {
		const dir = await makeTempDir(t);
		const localPath = path.join(dir, 'a.csv');
		await writeFile(localPath, 'a\n');
		const key = path.join(dir, 'key');
		assert.equal((await runProcess('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key])).code, 0);
		const privateKey = await readFile(key);
		const events: TransferEvent[] = [];
		const started = Date.now();
		await assert.rejects(uploadFiles({
			connect: async () => openSftpSession({host: '127.0.0.1', port: 1, user: 'nobody', privateKey, knownHostsFile: path.join(dir, 'kh')}),
			plan: {directories: [], files: [{index: 0, localPath, remotePath: 'in/a.csv', size: 2}]},
			retry: {forMs: 700, baseMs: 50, maxDelayMs: 200},
			onEvent: event => events.push(event),
		}), {code: 'connection-refused'});
		assert.ok(Date.now() - started >= 700, 'kept trying for the time given');
		const pauses = events.flatMap(event => (event.type === 'retry' ? [event.delayMs] : []));
		assert.deepEqual(pauses.slice(0, 4), [50, 100, 200, 200]);
		assert.ok(pauses.length >= 5, pauses.join(', '));
		const done = events.find(event => event.type === 'file-done');
		assert.equal(done?.type === 'file-done' ? done.result.status : undefined, 'failed', 'the file still gets its result');
	});
});

describe('the journal of unfinished uploads', () => {
	const server = {host: 'sftp.example.com', port: 22, user: 'sftpacme'};
	const file = (remotePath: string) => ({remotePath, localPath: `/data/${path.posix.basename(remotePath)}`, size: 1000});

	test('started and not finished is a remnant; finished (in this run or a later one) is not; runs never share a log', async t => {
		const dir = await makeTempDir(t);
		const first = new UploadJournal(dir, server);
		first.started(file('in/a.csv'));
		first.started(file('in/b.csv'));
		first.finished('in/a.csv');
		const other = new UploadJournal(dir, {...server, user: 'sftpother'});
		other.started(file('in/c.csv'));
		assert.equal((await readdir(dir)).length, 2, 'one log per run');
		assert.deepEqual((await readUnfinishedUploads(dir, server)).map(entry => entry.remotePath), ['in/b.csv']);
		await first.close();
		await other.close();
		assert.deepEqual((await readUnfinishedUploads(dir, server)).map(entry => entry.remotePath), ['in/b.csv']);
		assert.deepEqual((await readUnfinishedUploads(dir)).map(entry => entry.remotePath).sort(), ['in/b.csv', 'in/c.csv']);
		assert.equal((await readdir(dir)).length, 1, 'ended runs are folded into one file');

		const later = new UploadJournal(dir, server);
		later.started(file('in/./b.csv'));
		later.finished('in/b.csv');
		await later.close();
		assert.deepEqual(await readUnfinishedUploads(dir, server), []);
		const [remnant] = await readUnfinishedUploads(dir);
		assert.deepEqual({...remnant, startedAt: 'x'}, {host: 'sftp.example.com', port: 22, user: 'sftpother', remotePath: 'in/c.csv', localPath: '/data/c.csv', size: 1000, startedAt: 'x'});
		await forgetUnfinishedUploads(dir, {...server, user: 'sftpother'}, ['in/c.csv']);
		assert.deepEqual(await readUnfinishedUploads(dir), []);
		assert.deepEqual(await readdir(dir), []);
	});

	test('a log cut short by a crash still counts, up to its last whole line; a running process keeps its log', async t => {
		const dir = await makeTempDir(t);
		const line = JSON.stringify({type: 'start', at: 1, ...server, remotePath: 'in/crashed.bin', localPath: '/data/crashed.bin', size: 5, startedAt: '2026-01-01T00:00:00.000Z'});
		// A pid that cannot be running: the log of a run that crashed.
		await writeFile(path.join(dir, '4194999-1-dead.jsonl'), `${line}\n{"type":"end","at":2,"host":"sftp.ex`);
		const running = path.join(dir, `${process.ppid}-1-live.jsonl`);
		await writeFile(running, `${JSON.stringify({type: 'start', at: 3, ...server, remotePath: 'in/live.bin', localPath: '/data/live.bin', size: 5, startedAt: '2026-01-01T00:00:01.000Z'})}\n`);
		assert.deepEqual((await readUnfinishedUploads(dir, server)).map(entry => entry.remotePath), ['in/crashed.bin', 'in/live.bin']);
		const journal = new UploadJournal(dir, server);
		journal.started(file('in/x.csv'));
		journal.finished('in/x.csv');
		await journal.close();
		const names = await readdir(dir);
		assert.ok(names.includes(path.basename(running)), 'the log of a running process is left alone');
		assert.ok(!names.includes('4194999-1-dead.jsonl'), 'the crashed run is folded');
		assert.deepEqual((await readUnfinishedUploads(dir, server)).map(entry => entry.remotePath), ['in/crashed.bin', 'in/live.bin']);
	});
});
