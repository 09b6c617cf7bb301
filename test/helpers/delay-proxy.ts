import net from 'node:net';

export type DelayProxyOptions = {
	targetPort: number;
	/** Added to every chunk in each direction: half the round trip. */
	oneWayDelayMs: number;
	/** Optional cap on each direction's rate, bytes per second. */
	bytesPerSecond?: number;
};

/** Per connection: how often one side had to wait for the other. */
export type ConnectionTurns = {
	/**
	 * Client flights: times the client sent data after new data had reached it from the
	 * server since its last send. Each is one round trip the client waited for (a
	 * pipelined client sends several requests in one flight).
	 */
	clientFlights: number;
	bytesToServer: number;
	bytesToClient: number;
};

export type DelayProxy = {
	port: number;
	/** Per accepted connection, in order; counts grow while it lives. */
	readonly connections: readonly ConnectionTurns[];
	close(): Promise<void>;
};

/**
 * One direction of a long link: chunks leave `delayMs` after they arrived, in order,
 * and no faster than `bytesPerSecond`. The source is paused while the destination
 * cannot take more (its socket buffer is full), as a real link's TCP window would.
 */
function delayedPipe(from: net.Socket, to: net.Socket, delayMs: number, notBefore: number, bytesPerSecond: number | undefined, onDeliver: (bytes: number) => void): void {
	const queue: Array<{at: number; chunk: Buffer}> = [];
	let timer: NodeJS.Timeout | undefined;
	let linkFreeAt = 0;
	let blocked = false;
	const pump = () => {
		timer = undefined;
		const now = performance.now();
		while (queue.length > 0 && !blocked && queue[0]!.at <= now + 0.5) {
			const {chunk} = queue.shift()!;
			onDeliver(chunk.length);
			if (!to.write(chunk)) {
				blocked = true;
				from.pause();
				to.once('drain', () => {
					blocked = false;
					from.resume();
					schedule();
				});
			}
		}

		schedule();
	};

	function schedule() {
		if (timer === undefined && queue.length > 0 && !blocked) {
			timer = setTimeout(pump, Math.max(0, queue[0]!.at - performance.now()));
		}
	}

	from.on('data', (chunk: Buffer) => {
		const now = performance.now();
		let at = Math.max(now + delayMs, notBefore);
		if (bytesPerSecond) {
			// The chunk occupies the link for length / rate after the previous one left it.
			linkFreeAt = Math.max(linkFreeAt, now) + (chunk.length / bytesPerSecond) * 1000;
			at = Math.max(linkFreeAt + delayMs, notBefore);
		}

		queue.push({at, chunk});
		schedule();
	});
	from.on('end', () => {
		const finish = () => {
			if (to.destroyed) {
				return;
			}

			if (queue.length === 0) {
				to.end();
			} else {
				setTimeout(finish, 5);
			}
		};

		finish();
	});
	to.on('close', () => {
		clearTimeout(timer);
		queue.length = 0;
	});
}

/**
 * A TCP proxy on 127.0.0.1 to `targetPort` that delays every chunk by `oneWayDelayMs`
 * each way (so a request and its answer take the round trip), optionally capping the
 * bandwidth. It counts, per connection, the round trips the client waited for.
 */
export async function startDelayProxy(options: DelayProxyOptions): Promise<DelayProxy> {
	const connections: ConnectionTurns[] = [];
	const sockets = new Set<net.Socket>();
	const server = net.createServer(client => {
		const turns: ConnectionTurns = {clientFlights: 0, bytesToServer: 0, bytesToClient: 0};
		connections.push(turns);
		client.setNoDelay(true);
		const upstream = net.connect(options.targetPort, '127.0.0.1');
		upstream.setNoDelay(true);
		sockets.add(client);
		sockets.add(upstream);
		// The client starts a new flight when it sends after hearing from the server.
		let heardSinceSend = true;
		client.on('data', (chunk: Buffer) => {
			if (heardSinceSend) {
				turns.clientFlights++;
				heardSinceSend = false;
			}

			turns.bytesToServer += chunk.length;
		});
		// The loopback connect to the proxy is instant; a real one costs a round trip (SYN,
		// SYN-ACK) before either side's first byte can arrive: 1.5 round trips after connect.
		const notBefore = performance.now() + 3 * options.oneWayDelayMs;
		delayedPipe(client, upstream, options.oneWayDelayMs, notBefore, options.bytesPerSecond, () => undefined);
		delayedPipe(upstream, client, options.oneWayDelayMs, notBefore, options.bytesPerSecond, bytes => {
			heardSinceSend = true;
			turns.bytesToClient += bytes;
		});
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
	const address = server.address();
	if (!address || typeof address !== 'object') {
		throw new Error('the delay proxy did not listen');
	}

	return {
		port: address.port,
		connections,
		async close() {
			for (const socket of sockets) {
				socket.destroy();
			}

			await new Promise<void>(resolve => {
				server.close(() => resolve());
			});
		},
	};
}
