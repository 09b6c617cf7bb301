import assert from 'node:assert/strict';
import {randomBytes} from 'node:crypto';
import {writeFile} from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {after, before, describe, test} from 'node:test';
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
	maxQueuedRequestsPerSession: 64,
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

async function openRawSftp(channel: ClientChannel, file: string): Promise<Buffer> {
	channel.write(packet(1, uint32(3)));
	channel.write(packet(3, uint32(1), sshString(file), uint32(1), uint32(0)));
	let received = Buffer.alloc(0);
	return new Promise((resolve, reject) => {
		const onData = (chunk: Buffer) => {
			received = Buffer.concat([received, chunk]);
			// VERSION (9 bytes incl. length), then HANDLE: length, 102, id, string handle.
			if (received.length >= 9 + 13) {
				const handleResponse = received.subarray(9);
				if (handleResponse[4] !== 102) {
					reject(new Error(`expected a HANDLE answer, got type ${handleResponse[4]}`));
					return;
				}

				channel.off('data', onData);
				const handleLength = handleResponse.readUInt32BE(9);
				resolve(handleResponse.subarray(13, 13 + handleLength));
			}
		};

		channel.on('data', onData);
	});
}

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

	test('a client flooding reads without reading the answers is cut off, not buffered', async () => {
		const client = await connectSsh2(sandbox);
		let peakQueued = 0;
		const sampler = setInterval(() => {
			peakQueued = Math.max(peakQueued, sandbox.server.stats().queuedBytes);
		}, 5);
		try {
			const channel = await new Promise<ClientChannel>((resolve, reject) => {
				client.subsys('sftp', (error, stream) => error ? reject(error) : resolve(stream));
			});
			const handle = await openRawSftp(channel, '/out/big.bin');
			// From here on nothing is read: the SSH window closes and answers pile up server-side.
			channel.pause();
			for (let id = 2; id < 5000; id++) {
				channel.write(packet(5, uint32(id), sshString(handle), uint32(0), uint32(0), uint32(65_536)));
			}

			for (let wait = 0; wait < 250 && !sandbox.log.some(line => line.includes('faster than it read')); wait++) {
				await delay(20);
			}

			assert.ok(sandbox.log.some(line => line.includes('faster than it read')), sandbox.log.join('\n'));
		} finally {
			clearInterval(sampler);
			client.end();
		}

		assert.ok(peakQueued <= limits.maxQueuedBytesPerSession, `peak queued ${peakQueued}`);
		for (let wait = 0; wait < 100 && (sandbox.server.stats().sessions > 0 || sandbox.server.stats().handlesOpen > 0); wait++) {
			await delay(20);
		}

		assert.deepEqual(sandbox.server.stats(), {connections: sandbox.server.stats().connections, sessions: 0, handlesOpen: 0, queuedBytes: 0});
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
