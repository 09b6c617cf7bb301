import assert from 'node:assert/strict';
import {createHash, randomBytes} from 'node:crypto';
import {mkdir, readdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {maxChannelsPerConnection, openSftpSession, type SftpSession} from '../../../source/core/ssh/sftp-session.js';
import {channelPoolOf} from '../../../source/core/transfer/channel-pool.js';
import type {TransferEvent, TransferFile} from '../../../source/core/transfer/progress.js';
import {uploadFiles} from '../../../source/core/transfer/upload.js';
import type {UploadReceipt} from '../../../source/core/transfer/upload-receipt.js';
import {startCuttingProxy} from '../../helpers/cutting-proxy.js';
import {startDelayProxy, type DelayProxy} from '../../helpers/delay-proxy.js';
import {startSftpFixture, suiteCleanup, type SftpFixture} from '../../helpers/sftp-fixture.js';
import {makeTempDir} from '../../helpers/temp-dir.js';

const mib = 1024 * 1024;

/**
 * On a long link, files go side by side on SFTP channels of their own (one file, one
 * channel), at most 10 channels per connection; checked against a real sshd behind a
 * proxy that delays every chunk.
 */
describe('uploads over several channels on a long link', () => {
	let fixture: SftpFixture;
	let proxy: DelayProxy;
	let knownHosts: string;
	const cleanup = suiteCleanup();
	const connect = async () => openSftpSession({host: '127.0.0.1', port: proxy.port, user: fixture.sshd.user, privateKey: await readFile(fixture.identity), knownHostsFile: knownHosts});
	before(async () => {
		fixture = await startSftpFixture(cleanup.context);
		// 30 ms round trip: above the 10 ms from which own channels are used.
		proxy = await startDelayProxy({targetPort: fixture.sshd.port, oneWayDelayMs: 15});
		cleanup.context.after(async () => proxy.close());
		knownHosts = path.join(fixture.dir, 'known_hosts_proxy');
		await writeFile(knownHosts, `[127.0.0.1]:${proxy.port} ${fixture.sshd.hostPublicKey}\n`);
	});
	after(async () => cleanup.run());

	/** `count` local files of `size` bytes (plus a few bytes each, so no two are alike) under a fresh folder. */
	async function makeFiles(dir: string, count: number, size: number, folder: string): Promise<{files: TransferFile[]; data: Map<string, Buffer>}> {
		const data = new Map<string, Buffer>();
		const files: TransferFile[] = [];
		for (let index = 0; index < count; index++) {
			const bytes = randomBytes(size + index * 1001);
			const name = `part-${index}.bin`;
			const localPath = path.join(dir, name);
			await writeFile(localPath, bytes);
			data.set(name, bytes);
			files.push({index, size: bytes.length, localPath, remotePath: `in/${folder}/${name}`});
		}

		return {files, data};
	}

	async function assertArrived(folder: string, data: Map<string, Buffer>): Promise<void> {
		assert.deepEqual((await readdir(fixture.serverPath(`in/${folder}`))).sort(), [...data.keys()].sort(), 'exactly the files, no leftovers');
		for (const [name, bytes] of data) {
			assert.ok((await readFile(fixture.serverPath(`in/${folder}/${name}`))).equals(bytes), `${name} differs on the server`);
		}
	}

	test('several files go on more than one channel and all arrive byte-identical, with their digests', async t => {
		const dir = await makeTempDir(t);
		const session = await connect();
		t.after(() => session.close());
		// The overwrite check's stat measures the link before the upload, as put does.
		await session.statIfExists('in');
		assert.ok((session.roundTripMs ?? 0) >= 10, `the link is long (${session.roundTripMs} ms)`);
		const {files, data} = await makeFiles(dir, 6, 2 * mib, 'several');
		const summary = await uploadFiles({connect, session, plan: {directories: ['in/several'], files}});
		assert.ok(summary.ok, summary.results.find(result => result.status !== 'done')?.error?.message);
		await assertArrived('several', data);
		for (const result of summary.results) {
			const bytes = data.get(path.basename(result.file.localPath))!;
			assert.equal(result.verifiedSize, bytes.length);
			assert.equal(result.sha256, createHash('sha256').update(bytes).digest('hex'));
		}

		// Each file had a channel of its own, given back for the next transfer when done.
		assert.ok(channelPoolOf(session).idleCount >= 2, `more than one extra channel was used (${channelPoolOf(session).idleCount})`);
	});

	test('small files on a long link: 128 go at once, to hide the round trips', async t => {
		const dir = await makeTempDir(t);
		const session = await connect();
		t.after(() => session.close());
		await session.statIfExists('in');
		const {files, data} = await makeFiles(dir, 150, 100, 'small');
		const inFlight = new Set<number>();
		let most = 0;
		const summary = await uploadFiles({connect, session, plan: {directories: ['in/small'], files}, onEvent(event: TransferEvent) {
			if (event.type === 'file-start') {
				inFlight.add(event.file.index);
			} else if (event.type === 'file-done') {
				inFlight.delete(event.result.file.index);
			}

			most = Math.max(most, inFlight.size);
		}});
		assert.ok(summary.ok, summary.results.find(result => result.status !== 'done')?.error?.message);
		await assertArrived('small', data);
		assert.equal(most, 128);
	});

	test('more files than channels: never more than 10 on the connection, the rest share', async t => {
		const dir = await makeTempDir(t);
		const session = await connect();
		t.after(() => session.close());
		await session.statIfExists('in');
		const {files, data} = await makeFiles(dir, 14, mib, 'many');
		const summary = await uploadFiles({connect, session, parallelFiles: 14, plan: {directories: ['in/many'], files}});
		assert.ok(summary.ok, summary.results.find(result => result.status !== 'done')?.error?.message);
		await assertArrived('many', data);
		// Every extra channel the connection may hold was used, and not one more.
		assert.equal(channelPoolOf(session).idleCount, maxChannelsPerConnection - 1);
		await assert.rejects(session.openChannel(), {code: 'sftp-unavailable'});
	});

	test('with every channel taken, files still go (on the queue\'s channel)', async t => {
		const dir = await makeTempDir(t);
		const session = await connect();
		t.after(() => session.close());
		await session.statIfExists('in');
		const taken: SftpSession[] = [];
		for (let index = 1; index < maxChannelsPerConnection; index++) {
			taken.push(await session.openChannel());
		}

		const {files, data} = await makeFiles(dir, 3, mib, 'taken');
		const summary = await uploadFiles({connect, session, plan: {directories: ['in/taken'], files}});
		assert.ok(summary.ok, summary.results.find(result => result.status !== 'done')?.error?.message);
		await assertArrived('taken', data);
		assert.equal(channelPoolOf(session).idleCount, 0, 'no channel beyond the limit was opened');
	});

	test('a connection dropped while files are on several channels: they are sent again on the new one and arrive whole', async t => {
		const dir = await makeTempDir(t);
		// In front of the long link: cuts the first connection after 3 MiB went to the server.
		const cutter = await startCuttingProxy(t, proxy.port, 3 * mib);
		const cutterHosts = path.join(dir, 'known_hosts');
		await writeFile(cutterHosts, `[127.0.0.1]:${cutter.port} ${fixture.sshd.hostPublicKey}\n`);
		const viaCutter = async () => openSftpSession({host: '127.0.0.1', port: cutter.port, user: fixture.sshd.user, privateKey: await readFile(fixture.identity), knownHostsFile: cutterHosts});
		const session = await viaCutter();
		await session.statIfExists('in');
		const {files, data} = await makeFiles(dir, 4, 2 * mib, 'dropped');
		const events: TransferEvent[] = [];
		const summary = await uploadFiles({connect: viaCutter, session, retry: {baseMs: 10}, plan: {directories: ['in/dropped'], files}, onEvent: event => events.push(event)});
		assert.ok(cutter.cut, 'the first connection was cut');
		assert.ok(events.some(event => event.type === 'reconnect'), 'the queue reconnected');
		assert.ok(summary.ok, summary.results.find(result => result.status !== 'done')?.error?.message);
		await assertArrived('dropped', data);
		for (const result of summary.results) {
			assert.equal(result.sha256, createHash('sha256').update(data.get(path.basename(result.file.localPath))!).digest('hex'));
		}
	});

	test('a cancel while files are on several channels stops them all and removes what they left', async t => {
		const dir = await makeTempDir(t);
		const session = await connect();
		t.after(() => session.close());
		await session.statIfExists('in');
		// Bigger than the 8 MiB a file keeps in flight, so a cancel finds data still to send.
		const {files} = await makeFiles(dir, 4, 24 * mib, 'cancelled');
		const controller = new AbortController();
		const moving = new Set<number>();
		const summary = await uploadFiles({connect, session, signal: controller.signal, progressIntervalMs: 0, plan: {directories: ['in/cancelled'], files}, onEvent(event) {
			// Once three files are moving, at least two of them on channels of their own.
			if (event.type === 'progress' && event.fileProgress.bytes > 0 && event.fileProgress.bytes < event.file.size) {
				moving.add(event.file.index);
				if (moving.size >= 3) {
					controller.abort();
				}
			}
		}});
		assert.ok(summary.cancelled);
		const statuses = summary.results.map(result => result.status);
		assert.ok(statuses.every(status => status === 'done' || status === 'cancelled'), statuses.join(', '));
		assert.ok(statuses.filter(status => status === 'cancelled').length >= 2, statuses.join(', '));
		const done = summary.results.filter(result => result.status === 'done').map(result => path.basename(result.file.remotePath));
		assert.deepEqual((await readdir(fixture.serverPath('in/cancelled'))).sort(), done.sort(), 'no partial file left on the server');
		assert.ok(channelPoolOf(session).idleCount >= 1, 'the extra channels were in use');
	});

	test('an error answer measures the link too: put\'s overwrite checks (mostly "no such file") decide on channels before the first file', async t => {
		const session = await connect();
		t.after(() => session.close());
		assert.equal(await session.statIfExists('in/not-there.bin'), undefined);
		assert.ok((session.roundTripMs ?? 0) >= 10, `measured ${session.roundTripMs} ms`);
	});

	test('put on a long link: several channels, every file byte-identical, the receipt with each digest', async t => {
		const dir = await makeTempDir(t);
		const {files, data} = await makeFiles(dir, 4, 2 * mib, 'cli');
		await mkdir(fixture.serverPath('in/cli'));
		const before = fixture.sshd.sftpChannelsOpened;
		const receiptFile = path.join(dir, 'receipt.json');
		const result = await fixture.cli(['put', '--no-validate', '--receipt', receiptFile, '--to', 'in/cli', ...files.map(file => file.localPath)], {port: proxy.port, knownHosts});
		assert.equal(result.code, 0, result.stderr);
		await assertArrived('cli', data);
		assert.ok(fixture.sshd.sftpChannelsOpened - before >= 3, `channels opened: ${fixture.sshd.sftpChannelsOpened - before}`);
		const receipt = JSON.parse(await readFile(receiptFile, 'utf8')) as UploadReceipt;
		assert.deepEqual(receipt.files.map(entry => [path.basename(entry.remotePath), entry.outcome, entry.sha256]), [...data].map(([name, bytes]) => [name, 'verified', createHash('sha256').update(bytes).digest('hex')]));

		// Straight to the sshd (which channels are used on a quick link: the next test).
		const quick = await fixture.cli(['put', '--no-validate', '--overwrite', '--to', 'in/cli', ...files.map(file => file.localPath)]);
		assert.equal(quick.code, 0, quick.stderr);
		await assertArrived('cli', data);
	});

	test('on a quick link files stay on one channel', async t => {
		const dir = await makeTempDir(t);
		const session = await openSftpSession({host: '127.0.0.1', port: fixture.sshd.port, user: fixture.sshd.user, privateKey: await readFile(fixture.identity), knownHostsFile: fixture.knownHosts});
		t.after(() => session.close());
		await session.statIfExists('in');
		const {files, data} = await makeFiles(dir, 3, mib, 'quick');
		// Loopback answers in well under 10 ms, except on a machine so busy that even its
		// quickest answer takes longer: the threshold is set just above what was measured.
		const quickerThan = Math.max(10, (session.roundTripMs ?? 0) + 1);
		const summary = await uploadFiles({connect, session, plan: {directories: ['in/quick'], files}, ownChannelFromRoundTripMs: quickerThan});
		assert.ok(summary.ok, summary.results.find(result => result.status !== 'done')?.error?.message);
		await assertArrived('quick', data);
		assert.equal(channelPoolOf(session).idleCount, 0);
	});
});
