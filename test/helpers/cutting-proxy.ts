import net from 'node:net';
import type {TestContext} from 'node:test';

export type CuttingProxy = {
	port: number;
	/** Connections accepted so far. */
	readonly connections: number;
	/** True once the first connection was cut. */
	readonly cut: boolean;
	/** With deadAfterCut: the server is back; new connections pass through again. */
	revive(): void;
};

/**
 * A TCP proxy to 127.0.0.1:`targetPort` that cuts its first connection (both sides, at
 * once) after `cutAfterBytes` bytes went in `direction` (uploads: to the server); later
 * connections pass through, unless `everyConnection`. Simulates a network drop in the middle of an upload.
 */
export async function startCuttingProxy(t: Pick<TestContext, 'after'>, targetPort: number, cutAfterBytes: number, direction: 'to-server' | 'to-client' = 'to-server', options: {everyConnection?: boolean; /** After the cut, every new connection is dropped at once: the server is gone. */ deadAfterCut?: boolean} = {}): Promise<CuttingProxy> {
	let connections = 0;
	let cut = false;
	let revived = false;
	const sockets = new Set<net.Socket>();
	const server = net.createServer(client => {
		const index = connections++;
		if (cut && options.deadAfterCut && !revived) {
			client.destroy();
			return;
		}

		const upstream = net.connect(targetPort, '127.0.0.1');
		sockets.add(client);
		sockets.add(upstream);
		let sent = 0;
		const forward = (from: net.Socket, to: net.Socket, counted: boolean) => {
			from.on('data', (chunk: Buffer) => {
				if (counted) {
					sent += chunk.length;
					if ((options.everyConnection || (index === 0 && !cut)) && sent > cutAfterBytes) {
						cut = true;
						client.destroy();
						upstream.destroy();
						return;
					}
				}

				if (!to.write(chunk)) {
					from.pause();
					to.once('drain', () => from.resume());
				}
			});
		};

		forward(client, upstream, direction === 'to-server');
		forward(upstream, client, direction === 'to-client');
		const close = () => {
			client.destroy();
			upstream.destroy();
			sockets.delete(client);
			sockets.delete(upstream);
		};

		client.on('error', close);
		upstream.on('error', close);
		client.on('close', close);
		upstream.on('close', close);
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	t.after(async () => {
		for (const socket of sockets) {
			socket.destroy();
		}

		await new Promise<void>(resolve => {
			server.close(() => resolve());
		});
	});
	const address = server.address();
	if (!address || typeof address !== 'object') {
		throw new Error('proxy did not listen');
	}

	return {
		port: address.port,
		get connections() {
			return connections;
		},
		get cut() {
			return cut;
		},
		revive() {
			revived = true;
		},
	};
}
