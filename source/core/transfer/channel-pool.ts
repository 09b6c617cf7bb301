import type {SftpSession} from '../ssh/sftp-session.js';

/**
 * Extra SFTP channels of one connection lent to transfers that can use several (a big
 * download read by ranges). Returned channels stay open for the next borrower; the
 * connection's own limit (SftpSession.openChannel refuses beyond 10) bounds the total,
 * shared with every other user of the connection.
 */
class ChannelPool {
	private readonly idle: SftpSession[] = [];

	constructor(private readonly connection: SftpSession) {}

	/**
	 * Up to `count` extra channels, each handed to `onChannel` as soon as it is ready (idle
	 * ones at once, new ones when open); fewer if the server or the limit says no.
	 * Resolves when no more will come.
	 */
	async borrow(count: number, onChannel: (channel: SftpSession) => void): Promise<void> {
		let wanted = count;
		while (wanted > 0 && this.idle.length > 0) {
			const channel = this.idle.pop()!;
			if (!channel.isClosed) {
				wanted--;
				onChannel(channel);
			}
		}

		await Promise.all(Array.from({length: wanted}, async () => {
			const channel = await this.connection.openChannel().catch(() => undefined);
			if (channel) {
				onChannel(channel);
			}
		}));
	}

	/** Channels open and waiting for a borrower. */
	get idleCount(): number {
		return this.idle.filter(channel => !channel.isClosed).length;
	}

	giveBack(channel: SftpSession): void {
		if (!channel.isClosed && channel !== this.connection) {
			this.idle.push(channel);
		}
	}
}

const pools = new WeakMap<SftpSession, ChannelPool>();

/** The pool of `session`'s connection. */
export function channelPoolOf(session: SftpSession): ChannelPool {
	const connection = session.connection;
	let pool = pools.get(connection);
	if (!pool) {
		pool = new ChannelPool(connection);
		pools.set(connection, pool);
	}

	return pool;
}
