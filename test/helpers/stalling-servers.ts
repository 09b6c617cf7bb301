import {spawn} from 'node:child_process';
import {readFile} from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type {TestContext} from 'node:test';
import ssh2 from 'ssh2';
import {runProcess} from './run-process.js';
import {makeTempDir} from './temp-dir.js';

type Scope = Pick<TestContext, 'after'>;

/**
 * A port where TCP connections never complete: a child process listens with a backlog of
 * one and then never runs its event loop again, so it never accepts. Once the kernel's
 * queue holds two connections, further SYNs are dropped and a client waits in connect().
 */
export async function startUnacceptingListener(t: Scope): Promise<{port: number}> {
	const child = spawn(process.execPath, ['-e', [
		'const server = require("node:net").createServer();',
		'server.listen({port: 0, host: "127.0.0.1", backlog: 1}, () => {',
		'  process.stdout.write(`${server.address().port}\\n`);',
		'  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);',
		'});',
	].join('\n')], {stdio: ['ignore', 'pipe', 'inherit']});
	t.after(() => {
		child.kill('SIGKILL');
	});
	const port = await new Promise<number>((resolve, reject) => {
		child.stdout.once('data', (chunk: Buffer) => {
			resolve(Number(chunk.toString('utf8').trim()));
		});
		child.once('exit', () => {
			reject(new Error('the listener ended'));
		});
	});
	// Fill the queue: these two complete, the next connection cannot.
	const fillers = await Promise.all([0, 1].map(async () => new Promise<net.Socket>((resolve, reject) => {
		const socket = net.connect(port, '127.0.0.1', () => {
			resolve(socket);
		});
		socket.once('error', reject);
	})));
	t.after(() => {
		for (const socket of fillers) {
			socket.destroy();
		}
	});
	return {port};
}

/** A TCP server that accepts and never says a word (no SSH banner). */
export async function startSilentListener(t: Scope): Promise<{port: number; connected: Promise<void>}> {
	const sockets: net.Socket[] = [];
	let onConnection: () => void = () => undefined;
	const connected = new Promise<void>(resolve => {
		onConnection = resolve;
	});
	const server = net.createServer(socket => {
		sockets.push(socket);
		socket.on('error', () => undefined);
		onConnection();
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	t.after(async () => {
		for (const socket of sockets) {
			socket.destroy();
		}

		await new Promise<void>(resolve => {
			server.close(() => {
				resolve();
			});
		});
	});
	return {port: (server.address() as net.AddressInfo).port, connected};
}

/**
 * An SSH server (ssh2's server side) that stalls at one stage: 'login' never answers the
 * login request; 'sftp' logs anyone in and never answers the SFTP subsystem request.
 * `reached` resolves when a client got that far. `knownHostsLine` trusts its host key.
 */
export async function startStallingSshServer(t: Scope, stallAt: 'login' | 'sftp'): Promise<{port: number; reached: Promise<void>; knownHostsLine: string}> {
	const dir = await makeTempDir(t, 'asapp-sftp-stall-');
	const hostKeyFile = path.join(dir, 'host_key');
	const made = await runProcess('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKeyFile]);
	if (made.code !== 0) {
		throw new Error(made.stderr);
	}

	let onReached: () => void = () => undefined;
	const reached = new Promise<void>(resolve => {
		onReached = resolve;
	});
	const clients: ssh2.Connection[] = [];
	const server = new ssh2.Server({hostKeys: [await readFile(hostKeyFile)]}, client => {
		clients.push(client);
		client.on('error', () => undefined);
		client.on('authentication', context => {
			if (stallAt === 'login') {
				onReached();
				return; // Never accepted, never rejected.
			}

			context.accept();
		});
		client.on('session', accept => {
			const session = accept();
			session.on('sftp', () => {
				onReached(); // Never accepted, never rejected.
			});
		});
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	t.after(async () => {
		for (const client of clients) {
			client.end();
		}

		await new Promise<void>(resolve => {
			server.close(() => {
				resolve();
			});
		});
	});
	const port = (server.address() as net.AddressInfo).port;
	const publicKey = (await readFile(`${hostKeyFile}.pub`, 'utf8')).trim().split(' ').slice(0, 2).join(' ');
	return {port, reached, knownHostsLine: `[127.0.0.1]:${port} ${publicKey}`};
}
