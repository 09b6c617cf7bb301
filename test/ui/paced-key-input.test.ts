import assert from 'node:assert/strict';
import {PassThrough} from 'node:stream';
import {test} from 'node:test';
import {PacedKeyInput, splitKeys} from '../../source/ui/paced-key-input.js';

test('splitKeys separates keys, escape sequences and the first character of a text run', () => {
	assert.deepEqual(splitKeys('j\r'), ['j', '\r']);
	assert.deepEqual(splitKeys(':lcd /tmp/data\r'), [':', 'lcd /tmp/data', '\r']);
	assert.deepEqual(splitKeys('\u001B[A\u001B[B\u001B'), ['\u001B[A', '\u001B[B', '\u001B']);
	assert.deepEqual(splitKeys('\u001BOP\t\u007F'), ['\u001BOP', '\t', '\u007F']);
	assert.deepEqual(splitKeys('😀é'), ['😀', 'é']);
	assert.deepEqual(splitKeys('x'), ['x']);
	assert.deepEqual(splitKeys(''), []);
});

/** A terminal stand-in: a stream with the raw-mode switch Ink calls. */
function fakeTerminal(): PassThrough & {setRawMode(mode: boolean): void; rawModes: boolean[]} {
	const stream = new PassThrough() as PassThrough & {setRawMode(mode: boolean): void; rawModes: boolean[]; ref(): void; unref(): void};
	stream.rawModes = [];
	stream.setRawMode = mode => stream.rawModes.push(mode);
	stream.ref = () => undefined;
	stream.unref = () => undefined;
	return stream;
}

test('PacedKeyInput hands one read over piece by piece, in order, with a gap between pieces', async () => {
	const terminal = fakeTerminal();
	const input = new PacedKeyInput(terminal as unknown as NodeJS.ReadStream & {setRawMode(mode: boolean): unknown});
	input.setRawMode(true);
	input.ref();
	const received: Array<{piece: string; at: number}> = [];
	const started = Date.now();
	input.on('readable', () => {
		let piece: unknown;
		while ((piece = input.read()) !== null) {
			received.push({piece: String(piece), at: Date.now() - started});
		}
	});
	terminal.write(':put *\r');
	terminal.write('q');
	await new Promise(resolve => setTimeout(resolve, 400));
	assert.deepEqual(received.map(entry => entry.piece), [':', 'put *', '\r', 'q']);
	for (let index = 1; index < 3; index++) {
		assert.ok(received[index]!.at - received[index - 1]!.at >= 40, `piece ${index} came ${received[index]!.at - received[index - 1]!.at} ms after the one before`);
	}

	assert.deepEqual(terminal.rawModes, [true]);
	input.unref();
});

test('keys read one at a time are not held back', async () => {
	const terminal = fakeTerminal();
	const input = new PacedKeyInput(terminal as unknown as NodeJS.ReadStream & {setRawMode(mode: boolean): unknown});
	input.ref();
	const received: string[] = [];
	input.on('readable', () => {
		let piece: unknown;
		while ((piece = input.read()) !== null) {
			received.push(String(piece));
		}
	});
	for (const key of ['j', 'j', 'j']) {
		terminal.write(key);
		await new Promise(resolve => setImmediate(resolve));
	}

	assert.deepEqual(received, ['j', 'j', 'j']);
	input.unref();
});
