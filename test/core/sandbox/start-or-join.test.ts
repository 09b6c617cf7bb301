import assert from 'node:assert/strict';
import net from 'node:net';
import path from 'node:path';
import {test} from 'node:test';
import {startOrJoinSandbox, startSandbox} from '../../../source/core/sandbox/index.js';
import {makeTempDir} from '../../helpers/temp-dir.js';

async function pathsIn(t: Parameters<typeof makeTempDir>[0]) {
	const base = await makeTempDir(t);
	return {root: path.join(base, 'root'), authorizedKeysFile: path.join(base, 'authorized_keys'), hostKeyFile: path.join(base, 'host_key')};
}

test('a practice server already on the port with our host key is used, not started again; closing it leaves it running', async t => {
	const paths = await pathsIn(t);
	const running = await startSandbox({...paths, port: 0});
	t.after(async () => running.close());
	const joined = await startOrJoinSandbox({...paths, port: running.port});
	assert.equal(joined.port, running.port);
	assert.equal(joined.hostKeyFingerprint, running.hostKeyFingerprint);
	assert.match(joined.note ?? '', /already running on port \d+/);
	await joined.close();
	await new Promise<void>((resolve, reject) => {
		const socket = net.connect(running.port, '127.0.0.1', () => {
			socket.end();
			resolve();
		});
		socket.on('error', reject);
	});
});

test('another server on the port: a new practice server on a free port, with a note that says why', async t => {
	const mine = await pathsIn(t);
	const other = await pathsIn(t);
	const stranger = await startSandbox({...other, port: 0});
	t.after(async () => stranger.close());
	const started = await startOrJoinSandbox({...mine, port: stranger.port});
	t.after(async () => started.close());
	assert.notEqual(started.port, stranger.port);
	assert.notEqual(started.hostKeyFingerprint, stranger.hostKeyFingerprint);
	assert.equal(started.note, `Port ${stranger.port} is taken by an SSH server with another host key (${stranger.hostKeyFingerprint}), so the practice server runs on port ${started.port} instead.`);

	const plain = net.createServer(socket => socket.end('not ssh\n'));
	await new Promise<void>(resolve => {
		plain.listen(0, '127.0.0.1', resolve);
	});
	t.after(() => plain.close());
	const port = (plain.address() as net.AddressInfo).port;
	const moved = await startOrJoinSandbox({...mine, port});
	t.after(async () => moved.close());
	assert.match(moved.note ?? '', new RegExp(`^Port ${port} is taken by a program that is not an SSH server`));
});
