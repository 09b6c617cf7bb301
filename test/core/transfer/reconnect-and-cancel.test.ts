import assert from 'node:assert/strict';
import {createHash, randomBytes} from 'node:crypto';
import {createReadStream} from 'node:fs';
import {readdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {openSftpSession} from '../../../source/core/ssh/sftp-session.js';
import {downloadFiles, partialPathFor} from '../../../source/core/transfer/download.js';
import type {TransferEvent} from '../../../source/core/transfer/progress.js';
import {uploadFiles} from '../../../source/core/transfer/upload.js';
import {startCuttingProxy} from '../../helpers/cutting-proxy.js';
import {startSftpFixture, suiteCleanup, type SftpFixture} from '../../helpers/sftp-fixture.js';
import {makeTempDir} from '../../helpers/temp-dir.js';

async function sha256File(file: string): Promise<string> {
	const hash = createHash('sha256');
	for await (const chunk of createReadStream(file)) {
		hash.update(chunk as Buffer);
	}

	return hash.digest('hex');
}

describe('dropped connections and cancellation', () => {
	let fixture: SftpFixture;
	let big: string;
	const cleanup = suiteCleanup();
	before(async () => {
		fixture = await startSftpFixture(cleanup.context);
		big = path.join(fixture.dir, 'big.bin');
		await writeFile(big, randomBytes(64 * 1024 * 1024));
	});
	after(async () => cleanup.run());

	test('put through a proxy that cuts the first connection mid-upload of 64 MB still ends identical', async t => {
		const proxy = await startCuttingProxy(t, fixture.sshd.port, 20 * 1024 * 1024);
		const dir = await makeTempDir(t);
		const knownHosts = path.join(dir, 'known_hosts');
		await writeFile(knownHosts, `[127.0.0.1]:${proxy.port} ${fixture.sshd.hostPublicKey}\n`);
		const result = await fixture.cli(['put', '--to', 'in', big], {port: proxy.port, knownHosts});
		assert.equal(result.code, 0, result.stderr);
		assert.ok(proxy.cut, 'the first connection was cut');
		assert.ok(proxy.connections >= 2, 'a new connection was made');
		assert.match(result.stderr, /Retrying in\/big\.bin from the start \(try 2\)/);
		assert.equal(await sha256File(fixture.serverPath('in/big.bin')), await sha256File(big));
	});

	test('get through a cutting proxy resumes and ends identical', async t => {
		await writeFile(fixture.serverPath('out/big.bin'), await readFile(big));
		const proxy = await startCuttingProxy(t, fixture.sshd.port, 20 * 1024 * 1024, 'to-client');
		const dir = await makeTempDir(t);
		const knownHosts = path.join(dir, 'known_hosts');
		await writeFile(knownHosts, `[127.0.0.1]:${proxy.port} ${fixture.sshd.hostPublicKey}\n`);
		const result = await fixture.cli(['get', '--to', dir, 'out/big.bin'], {port: proxy.port, knownHosts});
		assert.equal(result.code, 0, result.stderr);
		assert.ok(proxy.cut);
		assert.equal(await sha256File(path.join(dir, 'big.bin')), await sha256File(big));
		assert.deepEqual((await readdir(dir)).sort(), ['big.bin', 'known_hosts']);
	});

	test('an upload that keeps failing gives up after the tries, reports it and removes the partial remote file', async t => {
		const proxy = await startCuttingProxy(t, fixture.sshd.port, 4 * 1024 * 1024, 'to-server', {everyConnection: true});
		const dir = await makeTempDir(t);
		const knownHosts = path.join(dir, 'known_hosts');
		await writeFile(knownHosts, `[127.0.0.1]:${proxy.port} ${fixture.sshd.hostPublicKey}\n`);
		const events: TransferEvent[] = [];
		const summary = await uploadFiles({
			connect: async () => openSftpSession({host: '127.0.0.1', port: proxy.port, user: fixture.sshd.user, privateKey: await readFile(fixture.identity), knownHostsFile: knownHosts}),
			plan: {directories: [], files: [{index: 0, localPath: big, remotePath: 'in/doomed.bin', size: 64 * 1024 * 1024}]},
			retry: {maxAttempts: 2, baseMs: 10},
			onEvent: event => events.push(event),
		});
		assert.equal(summary.ok, false);
		assert.equal(summary.results[0]?.status, 'failed');
		assert.equal(summary.results[0]?.attempts, 2);
		assert.equal(summary.results[0]?.error?.code, 'connection-lost');
		assert.deepEqual(events.filter(event => event.type === 'retry').map(event => event.type === 'retry' && event.attempt), [2]);
		assert.ok(!(await readdir(fixture.serverPath('in'))).includes('doomed.bin'), 'the partial file was removed');
	});

	test('cancelling a download leaves no partial local file; cancelling an upload removes the remote file', async t => {
		const dir = await makeTempDir(t);
		await writeFile(fixture.serverPath('out/cancel.bin'), await readFile(big));
		const connect = async () => openSftpSession({host: '127.0.0.1', port: fixture.sshd.port, user: fixture.sshd.user, privateKey: await readFile(fixture.identity), knownHostsFile: fixture.knownHosts});
		const controller = new AbortController();
		const events: TransferEvent[] = [];
		const target = path.join(dir, 'cancel.bin');
		const summary = await downloadFiles({
			connect,
			files: [{index: 0, localPath: target, remotePath: 'out/cancel.bin', size: 64 * 1024 * 1024}],
			signal: controller.signal,
			progressIntervalMs: 0,
			onEvent(event) {
				events.push(event);
				if (event.type === 'progress' && event.overall.bytes > 0) {
					controller.abort();
				}
			},
		});
		assert.equal(summary.cancelled, true);
		assert.ok(events.some(event => event.type === 'progress' && event.overall.bytes > 0 && event.overall.bytes < event.overall.total), 'cancelled mid-transfer');
		assert.equal(summary.results[0]?.status, 'cancelled');
		assert.ok(events.some(event => event.type === 'progress'));
		assert.deepEqual(await readdir(dir), [], `no ${path.basename(target)} and no ${path.basename(partialPathFor(target))}`);

		const uploadController = new AbortController();
		const upload = await uploadFiles({
			connect,
			plan: {directories: [], files: [{index: 0, localPath: big, remotePath: 'in/cancelled.bin', size: 64 * 1024 * 1024}]},
			signal: uploadController.signal,
			progressIntervalMs: 0,
			onEvent(event) {
				if (event.type === 'progress' && event.overall.bytes > 0) {
					uploadController.abort();
				}
			},
		});
		assert.equal(upload.results[0]?.status, 'cancelled');
		assert.ok(!(await readdir(fixture.serverPath('in'))).includes('cancelled.bin'), 'the partial upload was removed');
	});

	test('a partial download left by an earlier run is resumed from its length', async t => {
		const dir = await makeTempDir(t);
		const data = await readFile(big);
		await writeFile(fixture.serverPath('out/resume.bin'), data.subarray(0, 8 * 1024 * 1024));
		const target = path.join(dir, 'resume.bin');
		// The first 3 MiB are already here; mark them so we can tell they were not fetched again.
		const marked = Buffer.from(data.subarray(0, 3 * 1024 * 1024));
		await writeFile(partialPathFor(target), marked);
		const events: TransferEvent[] = [];
		const summary = await downloadFiles({
			connect: async () => openSftpSession({host: '127.0.0.1', port: fixture.sshd.port, user: fixture.sshd.user, privateKey: await readFile(fixture.identity), knownHostsFile: fixture.knownHosts}),
			files: [{index: 0, localPath: target, remotePath: 'out/resume.bin', size: 8 * 1024 * 1024}],
			onEvent: event => events.push(event),
		});
		assert.ok(summary.ok, summary.results[0]?.error?.message);
		assert.equal(summary.results[0]?.verifiedSize, 8 * 1024 * 1024);
		assert.deepEqual(await readFile(target), data.subarray(0, 8 * 1024 * 1024));
		const firstProgress = events.find(event => event.type === 'progress');
		assert.equal(firstProgress?.type === 'progress' ? firstProgress.fileProgress.bytes : -1, 3 * 1024 * 1024);
	});
});
