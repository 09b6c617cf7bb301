import assert from 'node:assert/strict';
import {randomBytes} from 'node:crypto';
import {readFile, writeFile} from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {after, before, describe, test} from 'node:test';
import type ssh2 from 'ssh2';
import type {ClientChannel} from 'ssh2';
import {sampleFileName} from '../../../source/core/sandbox/index.js';
import {suiteCleanups} from '../../helpers/temp-dir.js';
import {startTestSandbox, type TestSandbox} from '../../helpers/sandbox.js';
import {runOpenSshBatch} from '../../helpers/sftp-drivers.js';
import {connectSsh2, openSftp, settle} from '../../helpers/ssh2-client.js';

const limits = {
	maxConnections: 4,
	maxSessionsPerConnection: 3,
	maxHandlesPerSession: 6,
	maxHandlesTotal: 8,
	pauseInputAtRequests: 100,
	pauseInputAtBytes: 1024 * 1024,
	maxQueuedRequestsPerSession: 1000,
	maxQueuedBytesPerSession: 4 * 1024 * 1024,
	loginTimeoutMs: 2000,
};

/** SFTP packet: uint32 length, byte type, payload. */
function packet(type: number, ...fields: Buffer[]): Buffer {
	const body = Buffer.concat([Buffer.from([type]), ...fields]);
	const length = Buffer.alloc(4);
	length.writeUInt32BE(body.length);
	return Buffer.concat([length, body]);
}

const uint32 = (value: number) => {
	const buffer = Buffer.alloc(4);
	buffer.writeUInt32BE(value);
	return buffer;
};

const sshString = (value: Buffer | string) => {
	const data = Buffer.from(value);
	return Buffer.concat([uint32(data.length), data]);
};

/**
 * Just enough of an SFTP client over a raw channel to misbehave: requests are written
 * without waiting, and answers are only read while the channel is not paused.
 */
class RawSftp {
	private received = Buffer.alloc(0);
	private readonly waiting = new Map<number, (answer: {type: number; body: Buffer}) => void>();
	private nextId = 1;
	answers = 0;

	constructor(readonly channel: ClientChannel) {
		channel.on('data', (chunk: Buffer) => {
			this.received = Buffer.concat([this.received, chunk]);
			while (this.received.length >= 4 && this.received.length >= 4 + this.received.readUInt32BE(0)) {
				const length = this.received.readUInt32BE(0);
				const type = this.received[4]!;
				const body = this.received.subarray(5, 4 + length);
				this.received = this.received.subarray(4 + length);
				this.answers++;
				const id = type === 2 ? 0 : body.readUInt32BE(0); // VERSION has no id.
				this.waiting.get(id)?.({type, body});
				this.waiting.delete(id);
			}
		});
	}

	static async open(client: ssh2.Client): Promise<RawSftp> {
		const channel = await new Promise<ClientChannel>((resolve, reject) => {
			client.subsys('sftp', (error, stream) => error ? reject(error) : resolve(stream));
		});
		const raw = new RawSftp(channel);
		const version = raw.answer(0);
		channel.write(packet(1, uint32(3)));
		await version;
		return raw;
	}

	private async answer(id: number): Promise<{type: number; body: Buffer}> {
		return new Promise(resolve => {
			this.waiting.set(id, resolve);
		});
	}

	/** Sends a request; the promise settles when (if ever) its answer is read. */
	send(type: number, ...fields: Buffer[]): Promise<{type: number; body: Buffer}> {
		const id = this.nextId++;
		const answered = this.answer(id);
		this.channel.write(packet(type, uint32(id), ...fields));
		return answered;
	}

	async openFile(file: string, flags: number): Promise<Buffer> {
		const {type, body} = await this.send(3, sshString(file), uint32(flags), uint32(0));
		assert.equal(type, 102, `OPEN ${file} answered type ${type}`);
		return body.subarray(8, 8 + body.readUInt32BE(4));
	}
}

const uint64 = (value: number) => {
	const buffer = Buffer.alloc(8);
	buffer.writeBigUInt64BE(BigInt(value));
	return buffer;
};

describe('practice server: bounded sessions, handles and queued requests', () => {
	let sandbox: TestSandbox;
	const cleanups = suiteCleanups();
	before(async () => {
		sandbox = await startTestSandbox(cleanups.scope, limits);
		await writeFile(path.join(sandbox.root, 'out', 'big.bin'), randomBytes(8 * 1024 * 1024));
	});
	after(async () => cleanups.run());

	test('a session cannot hold more open files than its limit', async () => {
		const client = await connectSsh2(sandbox);
		try {
			const sftp = await openSftp(client);
			const handles: Buffer[] = [];
			for (let index = 0; index < limits.maxHandlesPerSession; index++) {
				const opened = await settle<Buffer>(callback => sftp.open(`/out/${sampleFileName}`, 'r', callback));
				assert.equal(opened.error, undefined);
				handles.push(opened.result!);
			}

			const extra = await settle<Buffer>(callback => sftp.open(`/out/${sampleFileName}`, 'r', callback));
			assert.match(extra.error?.message ?? '', /Too many open files/);
			const folder = await settle<Buffer>(callback => sftp.opendir('/out', callback));
			assert.match(folder.error?.message ?? '', /Too many open files/);
			assert.equal(sandbox.server.stats().handlesOpen, limits.maxHandlesPerSession);

			await settle(callback => sftp.close(handles.pop()!, callback));
			assert.equal((await settle<Buffer>(callback => sftp.open(`/out/${sampleFileName}`, 'r', callback))).error, undefined);
		} finally {
			client.end();
		}

		// Dropping the connection releases every handle it held.
		for (let wait = 0; wait < 100 && sandbox.server.stats().handlesOpen > 0; wait++) {
			await delay(20);
		}

		assert.equal(sandbox.server.stats().handlesOpen, 0);
	});

	test('open files are also bounded over the whole server', async () => {
		const client = await connectSsh2(sandbox);
		try {
			const [first, second] = await Promise.all([openSftp(client), openSftp(client)]);
			const open = async (sftp: typeof first) => settle<Buffer>(callback => sftp.open(`/out/${sampleFileName}`, 'r', callback));
			for (let index = 0; index < limits.maxHandlesPerSession; index++) {
				assert.equal((await open(first)).error, undefined);
			}

			for (let index = limits.maxHandlesPerSession; index < limits.maxHandlesTotal; index++) {
				assert.equal((await open(second)).error, undefined);
			}

			assert.match((await open(second)).error?.message ?? '', /too many open files; try again/);
		} finally {
			client.end();
		}

		for (let wait = 0; wait < 100 && sandbox.server.stats().handlesOpen > 0; wait++) {
			await delay(20);
		}

		assert.equal(sandbox.server.stats().handlesOpen, 0);
	});

	test('one connection gets at most its number of SFTP sessions', async () => {
		const client = await connectSsh2(sandbox);
		try {
			await Promise.all(Array.from({length: limits.maxSessionsPerConnection}, async () => openSftp(client)));
			await assert.rejects(openSftp(client), /open failure|Channel open failure/i);
		} finally {
			client.end();
		}
	});

	test('connections beyond the limit are dropped, and the server serves again once they leave', async () => {
		const clients = await Promise.all(Array.from({length: limits.maxConnections}, async () => connectSsh2(sandbox)));
		try {
			await assert.rejects(connectSsh2(sandbox));
		} finally {
			for (const client of clients) {
				client.end();
			}
		}

		for (let wait = 0; wait < 100 && sandbox.server.stats().connections > 0; wait++) {
			await delay(20);
		}

		const result = await runOpenSshBatch(sandbox, ['ls /']);
		assert.equal(result.code, 0, result.stderr);
	});

	test('a connection that never logs in is closed after the login timeout', async () => {
		const started = Date.now();
		const received = await new Promise<string>((resolve, reject) => {
			let text = '';
			const socket = net.connect({host: sandbox.server.host, port: sandbox.server.port});
			socket.on('data', (chunk: Buffer) => {
				text += chunk.toString('latin1');
			});
			socket.once('close', () => resolve(text));
			socket.once('error', reject);
			setTimeout(() => {
				socket.destroy();
				reject(new Error('still open after 10 s'));
			}, 10_000).unref();
		});
		assert.match(received, /^SSH-2\.0-asapp-sftp-practice/);
		assert.ok(Date.now() - started >= limits.loginTimeoutMs - 100);
		assert.ok(sandbox.log.some(line => line.includes('no login within')));
	});

	test('a client that stops reading answers gets its window closed, not its requests buffered', async () => {
		const client = await connectSsh2(sandbox);
		let peakQueued = 0;
		const sampler = setInterval(() => {
			peakQueued = Math.max(peakQueued, sandbox.server.stats().queuedBytes);
		}, 2);
		try {
			const raw = await RawSftp.open(client);
			const reader = await raw.openFile('/out/big.bin', 0x01);
			const writer = await raw.openFile('/in/pushed-back.bin', 0x02 | 0x08 | 0x10);
			raw.channel.pause();
			// 100 answers of 64 KiB overflow what the client buffers (2 MiB) plus its window...
			for (let index = 0; index < 100; index++) {
				void raw.send(5, sshString(reader), uint64(index * 65_536), uint32(65_536));
			}

			// ...so these writes queue on the server until it stops reading them.
			const chunks = Array.from({length: 200}, () => randomBytes(32 * 1024));
			const written = chunks.map(async (chunk, index) => raw.send(6, sshString(writer), uint64(index * chunk.length), sshString(chunk)));
			await delay(1500);
			const stalled = sandbox.server.stats().queuedBytes;
			assert.ok(stalled > 0, 'requests should be waiting');
			assert.ok(peakQueued <= limits.pauseInputAtBytes + (2 * 1024 * 1024) + (64 * 1024), `peak queued ${peakQueued}`);
			assert.equal(sandbox.log.some(line => line.includes('past the SSH window')), false);

			// Reading again lets everything through, in order and complete.
			raw.channel.resume();
			const answers = await Promise.all(written);
			assert.ok(answers.every(answer => answer.type === 101 && answer.body.readUInt32BE(4) === 0));
			assert.equal((await raw.send(4, sshString(writer))).body.readUInt32BE(4), 0);
			assert.deepEqual(await readFile(path.join(sandbox.root, 'in', 'pushed-back.bin')), Buffer.concat(chunks));
		} finally {
			clearInterval(sampler);
			client.end();
		}
	});

	test('a client that sends past its window is cut off', async () => {
		const client = await connectSsh2(sandbox);
		try {
			const raw = await RawSftp.open(client);
			const reader = await raw.openFile('/out/big.bin', 0x01);
			raw.channel.pause();
			// Small requests: 5000 fit in one SSH window, well past the server's hard bound.
			for (let index = 0; index < 5000; index++) {
				void raw.send(5, sshString(reader), uint64(0), uint32(65_536));
			}

			for (let wait = 0; wait < 250 && !sandbox.log.some(line => line.includes('past the SSH window')); wait++) {
				await delay(20);
			}

			assert.ok(sandbox.log.some(line => line.includes('past the SSH window')), sandbox.log.join('\n'));
		} finally {
			client.end();
		}

		for (let wait = 0; wait < 100 && (sandbox.server.stats().sessions > 0 || sandbox.server.stats().handlesOpen > 0); wait++) {
			await delay(20);
		}

		const stats = sandbox.server.stats();
		assert.deepEqual({sessions: stats.sessions, handlesOpen: stats.handlesOpen, queuedBytes: stats.queuedBytes}, {sessions: 0, handlesOpen: 0, queuedBytes: 0});
		const result = await runOpenSshBatch(sandbox, [`get /out/${sampleFileName} ${path.join(sandbox.work, 'after-flood.csv')}`]);
		assert.equal(result.code, 0, result.stderr);
	});
});

test('a logged-in connection that sends no request for the idle time is closed', async t => {
	const sandbox = await startTestSandbox(t, {idleTimeoutMs: 1000});
	const client = await connectSsh2(sandbox);
	await openSftp(client);
	const closed = await new Promise<boolean>(resolve => {
		client.once('close', () => resolve(true));
		setTimeout(() => resolve(false), 10_000).unref();
	});
	assert.ok(closed);
	assert.ok(sandbox.log.some(line => line.includes('without a request')));
});

test('close() disconnects connected clients, releases their files and stops listening', async t => {
	const sandbox = await startTestSandbox(t);
	const client = await connectSsh2(sandbox);
	const sftp = await openSftp(client);
	await settle<Buffer>(callback => sftp.open(`/out/${sampleFileName}`, 'r', callback));
	const idle = net.connect({host: sandbox.server.host, port: sandbox.server.port});
	idle.on('error', () => undefined);
	const clientClosed = new Promise<void>(resolve => {
		client.once('close', () => resolve());
	});
	await sandbox.server.close();
	await clientClosed;
	assert.deepEqual(sandbox.server.stats(), {connections: 0, sessions: 0, handlesOpen: 0, queuedBytes: 0});
	const refused = await new Promise<string>(resolve => {
		const socket = net.connect({host: sandbox.server.host, port: sandbox.server.port});
		socket.once('connect', () => {
			socket.destroy();
			resolve('connected');
		});
		socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
	});
	assert.equal(refused, 'ECONNREFUSED');
});
