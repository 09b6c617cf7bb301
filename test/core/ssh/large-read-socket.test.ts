import assert from 'node:assert/strict';
import {randomBytes} from 'node:crypto';
import {createServer, type AddressInfo, type Socket} from 'node:net';
import {test} from 'node:test';
import {connectWithLargeReads} from '../../../source/core/ssh/large-read-socket.js';

test('a socket that reads into slabs delivers every byte intact, in reads larger than Node\'s 64 KiB', async t => {
	const block = randomBytes(256 * 1024);
	const sent: Buffer[] = [];
	let full!: () => void;
	const kernelBuffersFull = new Promise<void>(resolve => {
		full = resolve;
	});
	const server = createServer((peer: Socket) => {
		// Until a write is held back: then the kernel's buffers (the reader's too) are full.
		let accepted = true;
		while (accepted) {
			sent.push(block);
			accepted = peer.write(block);
		}

		peer.end();
		full();
	});
	t.after(() => server.close());
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});

	const socket = connectWithLargeReads('127.0.0.1', (server.address() as AddressInfo).port);
	t.after(() => socket.destroy());
	// As ssh2 does: paused until it listens for 'data'.
	socket.pause();
	const chunks: Buffer[] = [];
	socket.on('data', (chunk: Buffer) => chunks.push(chunk));
	const ended = new Promise(resolve => socket.once('end', resolve));
	await new Promise(resolve => socket.once('connect', resolve));
	// Let the kernel's buffers fill, so a read can take more than 64 KiB at once.
	await kernelBuffersFull;
	socket.resume();
	await ended;

	// Chunks are views of the slabs: compared only now, after every later read, so a slab
	// written over would show here.
	assert.ok(Buffer.concat(chunks).equals(Buffer.concat(sent)), 'the bytes read are the bytes sent');
	assert.ok(Math.max(...chunks.map(chunk => chunk.length)) > 64 * 1024, `largest read ${Math.max(...chunks.map(chunk => chunk.length))} bytes`);
});
