import assert from 'node:assert/strict';
import {randomBytes} from 'node:crypto';
import {readdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {maxChannelsPerConnection, openSftpSession, type SftpSession} from '../../../source/core/ssh/sftp-session.js';
import {channelPoolOf} from '../../../source/core/transfer/channel-pool.js';
import {downloadFiles, partialPathFor, prefixPathFor} from '../../../source/core/transfer/download.js';
import type {TransferEvent} from '../../../source/core/transfer/progress.js';
import {startCuttingProxy} from '../../helpers/cutting-proxy.js';
import {startSftpFixture, suiteCleanup, type SftpFixture} from '../../helpers/sftp-fixture.js';
import {makeTempDir} from '../../helpers/temp-dir.js';

const mib = 1024 * 1024;

/** Big files are read over several SFTP channels by byte ranges; these check the bytes, resume and the channel limit against a real sshd. */
describe('ranged downloads', () => {
	let fixture: SftpFixture;
	const cleanup = suiteCleanup();
	const connect = async (port?: number, knownHostsFile?: string) => openSftpSession({host: '127.0.0.1', port: port ?? fixture.sshd.port, user: fixture.sshd.user, privateKey: await readFile(fixture.identity), knownHostsFile: knownHostsFile ?? fixture.knownHosts});
	before(async () => {
		fixture = await startSftpFixture(cleanup.context);
	});
	after(async () => cleanup.run());

	test('files of awkward sizes arrive byte-identical, the big ones over several channels', async t => {
		const dir = await makeTempDir(t);
		const session = await connect();
		t.after(() => session.close());
		const sizes = [0, 1, 256 * 1024 - 1, 256 * 1024 + 1, mib - 1, mib + 1, 5 * mib + 12_345];
		const data = new Map<string, Buffer>();
		for (const size of sizes) {
			const bytes = randomBytes(size);
			data.set(`file-${size}.bin`, bytes);
			await writeFile(fixture.serverPath(`out/file-${size}.bin`), bytes);
		}

		const summary = await downloadFiles({
			connect: async () => connect(),
			session,
			files: sizes.map((size, index) => ({index, size, remotePath: `out/file-${size}.bin`, localPath: path.join(dir, `file-${size}.bin`)})),
			// Small thresholds so that a few MiB already go by ranges, and on loopback too.
			rangedFromBytes: mib, rangedFromRoundTripMs: 0,
			windowBytes: 512 * 1024,
		});
		assert.ok(summary.ok, summary.results.find(result => result.status !== 'done')?.error?.message);
		for (const [name, bytes] of data) {
			assert.ok((await readFile(path.join(dir, name))).equals(bytes), `${name} differs`);
		}

		assert.deepEqual((await readdir(dir)).sort(), [...data.keys()].sort(), 'no partial or prefix files left');
		assert.ok(channelPoolOf(session).idleCount >= 2, `extra channels were used and kept for the next file (${channelPoolOf(session).idleCount})`);
	});

	test('a connection holds at most 10 SFTP channels; a ranged download shares what is left', async t => {
		const dir = await makeTempDir(t);
		const session = await connect();
		t.after(() => session.close());
		const extra: SftpSession[] = [];
		for (let index = 1; index < maxChannelsPerConnection; index++) {
			extra.push(await session.openChannel());
		}

		await assert.rejects(session.openChannel(), {code: 'sftp-unavailable'});
		const bytes = randomBytes(3 * mib);
		await writeFile(fixture.serverPath('out/shared.bin'), bytes);
		const summary = await downloadFiles({connect: async () => connect(), session, rangedFromBytes: mib, rangedFromRoundTripMs: 0, files: [{index: 0, size: bytes.length, remotePath: 'out/shared.bin', localPath: path.join(dir, 'shared.bin')}]});
		assert.ok(summary.ok, summary.results[0]?.error?.message);
		assert.ok((await readFile(path.join(dir, 'shared.bin'))).equals(bytes));
		assert.equal(extra.length, maxChannelsPerConnection - 1);
	});

	test('resume trusts only the recorded complete prefix, not the partial file\'s length', async t => {
		const dir = await makeTempDir(t);
		const bytes = randomBytes(6 * mib + 100);
		await writeFile(fixture.serverPath('out/holes.bin'), bytes);
		const target = path.join(dir, 'holes.bin');
		// A run killed mid-way: 2 MiB complete, then a stretch of zeros (a hole), then data.
		const partial = Buffer.concat([bytes.subarray(0, 2 * mib), Buffer.alloc(mib), bytes.subarray(3 * mib, 4 * mib)]);
		await writeFile(partialPathFor(target), partial);
		await writeFile(prefixPathFor(target), String(2 * mib));
		const events: TransferEvent[] = [];
		const summary = await downloadFiles({connect: async () => connect(), rangedFromBytes: mib, rangedFromRoundTripMs: 0, files: [{index: 0, size: bytes.length, remotePath: 'out/holes.bin', localPath: target}], onEvent: event => events.push(event)});
		assert.ok(summary.ok, summary.results[0]?.error?.message);
		assert.ok((await readFile(target)).equals(bytes), 'the hole was fetched again');
		const start = events.find(event => event.type === 'file-start');
		assert.equal(start?.type === 'file-start' ? start.resumeFrom : -1, 2 * mib);
		assert.deepEqual(await readdir(dir), ['holes.bin']);
	});

	test('a cut connection resumes from the complete prefix on the next connection and ends identical', async t => {
		const dir = await makeTempDir(t);
		const bytes = randomBytes(48 * mib);
		await writeFile(fixture.serverPath('out/cut.bin'), bytes);
		const proxy = await startCuttingProxy(t, fixture.sshd.port, 20 * mib, 'to-client');
		const knownHosts = path.join(dir, 'known_hosts');
		await writeFile(knownHosts, `[127.0.0.1]:${proxy.port} ${fixture.sshd.hostPublicKey}\n`);
		const events: TransferEvent[] = [];
		const summary = await downloadFiles({
			connect: async () => connect(proxy.port, knownHosts),
			retry: {baseMs: 10},
			rangedFromRoundTripMs: 0,
			files: [{index: 0, size: bytes.length, remotePath: 'out/cut.bin', localPath: path.join(dir, 'cut.bin')}],
			onEvent: event => events.push(event),
		});
		assert.ok(summary.ok, summary.results[0]?.error?.message);
		assert.ok(proxy.cut, 'the first connection was cut');
		const starts = events.filter(event => event.type === 'file-start');
		assert.equal(starts.length, 2);
		const resumedFrom = starts[1]?.type === 'file-start' ? starts[1].resumeFrom : 0;
		assert.ok(resumedFrom > 0 && resumedFrom < 20 * mib, `resumed from ${resumedFrom}`);
		assert.ok((await readFile(path.join(dir, 'cut.bin'))).equals(bytes));
		assert.deepEqual((await readdir(dir)).sort(), ['cut.bin', 'known_hosts']);
	});
});
