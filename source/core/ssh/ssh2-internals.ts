import type {Socket} from 'node:net';
import process from 'node:process';
import type {Client as SshClient, SFTPWrapper} from 'ssh2';

/**
 * Every use of ssh2's private fields lives here (ssh2 is pinned to an exact version in
 * package.json for that reason). `test/core/ssh/ssh2-internals.test.ts` checks each
 * field below against the installed ssh2 and fails loudly when one is gone; each helper
 * degrades to ssh2's plain behaviour if a field is missing at run time.
 */

/** The private fields this module reads or replaces, by owner: the test checks them all. */
export const reliedOnFields = {
	client: ['_sock', '_remoteVer', '_protocol', '_chanMgr'],
	protocol: ['authPK', 'subsystem', 'channelData', 'channelClose', 'channelWindowAdjust'],
	channelManager: ['_channels'],
	sftp: ['_maxReadLen', '_maxWriteLen', '_protocol', 'outgoing', 'incoming', '_init', '_buffer', '_waitChanDrain', 'push', '_version', '_requests'],
} as const;

type ParsedKey = {isPrivateKey?: () => boolean; sign?: (data: Buffer, hash?: string) => Buffer | Error};
type Protocol = {
	authPK(username: string, key: unknown, keyAlgo?: string, cbSign?: (data: Buffer, done: (signature: Buffer) => void) => void): void;
	subsystem(channel: number, name: string, wantReply: boolean): void;
	channelData(channel: number, data: Buffer): void;
	channelClose(channel: number): void;
	channelWindowAdjust(channel: number, amount: number): void;
};
type ClientInternals = {_sock?: Socket; _remoteVer?: string; _protocol?: Protocol; _chanMgr?: {_channels?: Record<number, unknown>}};
type SftpInternals = {
	_maxReadLen?: number;
	_maxWriteLen?: number;
	_protocol?: Protocol;
	_init?: () => void;
	_buffer?: unknown[];
	_waitChanDrain?: boolean;
	_version?: number;
	_requests?: Record<number, unknown>;
	outgoing?: {id: number; packetSize?: number; state?: string};
	incoming?: {window: number};
	push(data: Buffer | null): unknown;
};

const internalsOf = (client: SshClient) => client as unknown as ClientInternals;
const sftpInternalsOf = (sftp: SFTPWrapper) => sftp as unknown as SftpInternals;

/** The server's software version from its banner, e.g. `OpenSSH_9.2p1` ('' if unknown). */
export function remoteSoftware(client: SshClient): string {
	return internalsOf(client)._remoteVer ?? '';
}

/** Largest READ / WRITE data lengths ssh2 negotiated for this channel (limits@openssh.com). */
export function sftpRequestLimits(sftp: SFTPWrapper): {maxReadLength: number; maxWriteLength: number} {
	const internals = sftpInternalsOf(sftp);
	return {maxReadLength: internals._maxReadLen ?? 32_768, maxWriteLength: internals._maxWriteLen ?? 32_768};
}

/**
 * ssh2 writes every SSH packet (at most 32 KiB of data) to the socket on its own: one
 * system call each. Corking the socket until the end of the current tick sends all the
 * packets produced together in one writev, which cuts the client's CPU per byte.
 * Nagle's algorithm is switched off for the same socket.
 */
export function coalesceWrites(client: SshClient): void {
	const socket = internalsOf(client)._sock;
	if (!socket) {
		return;
	}

	// Without TCP_NODELAY, Nagle holds back small READ requests until the server's delayed
	// ACK: downloads stall. Corking already batches what belongs together.
	socket.setNoDelay(true);
	const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
	let corked = false;
	const uncork = () => {
		corked = false;
		socket.uncork();
	};

	socket.write = ((...args: unknown[]) => {
		if (!corked) {
			corked = true;
			socket.cork();
			process.nextTick(uncork);
		}

		return write(...args);
	}) as Socket['write'];
}

const hashOfKeyAlgorithm: Record<string, string | undefined> = {'rsa-sha2-256': 'sha256', 'rsa-sha2-512': 'sha512', 'ssh-rsa': 'sha1'};

/**
 * Fewer round trips to log in. ssh2 first asks whether the server would take a key
 * (a publickey request without signature) and signs only after the server's yes: one
 * round trip more than needed, since RFC 4252 lets a client send the signed request at
 * once (OpenSSH servers and AWS Transfer Family accept it). With a private key in hand,
 * this signs every publickey request. A refusal comes back as the same USERAUTH_FAILURE
 * a refused query gets, so ssh2's fallbacks (next algorithm, next method) still run.
 * Agent keys keep the query: signing costs the agent, maybe a confirmation prompt.
 */
export function signPublicKeyRequestsAtOnce(client: SshClient): void {
	const protocol = internalsOf(client)._protocol;
	if (!protocol || typeof protocol.authPK !== 'function') {
		return;
	}

	const authPK = protocol.authPK.bind(protocol);
	protocol.authPK = (username, key, keyAlgo, cbSign) => {
		const parsed = key as ParsedKey;
		if (cbSign || typeof keyAlgo !== 'string' || typeof parsed.sign !== 'function' || parsed.isPrivateKey?.() !== true) {
			authPK(username, key, keyAlgo, cbSign);
			return;
		}

		const hash = hashOfKeyAlgorithm[keyAlgo];
		authPK(username, key, keyAlgo, (data, done) => {
			const signature = parsed.sign!(data, hash);
			if (signature instanceof Error) {
				// Nothing was sent yet: ask first, so ssh2 reports the key that cannot sign.
				authPK(username, key, keyAlgo);
				return;
			}

			done(signature);
		});
	};
}

/**
 * ssh2 opens an SFTP channel in three round trips: channel open, subsystem request
 * (waiting for its reply), then SFTP INIT. The INIT may follow the subsystem request
 * at once (the server reads the channel in order, and a refused subsystem closes the
 * channel either way): two round trips.
 */
export function pipelineSftpInit(client: SshClient): void {
	const internals = internalsOf(client);
	const protocol = internals._protocol;
	if (!protocol || typeof protocol.subsystem !== 'function') {
		return;
	}

	const subsystem = protocol.subsystem.bind(protocol);
	protocol.subsystem = (channel, name, wantReply) => {
		subsystem(channel, name, wantReply);
		if (name !== 'sftp') {
			return;
		}

		for (const candidate of Object.values(internals._chanMgr?._channels ?? {})) {
			const sftp = candidate as SftpInternals | undefined;
			if (sftp && typeof sftp === 'object' && sftp.outgoing?.id === channel && typeof sftp._init === 'function') {
				readyOnVersion(sftp);
				sftp._init();
				return;
			}
		}
	};
}

/**
 * After the server's VERSION, ssh2 asks for limits@openssh.com and reports the channel
 * ready only when that answer is back: a round trip before the first real request.
 * Requests may go at once: ssh2's default read/write sizes hold until the limits
 * arrive (SftpSession reads them at each request), and answers come back in order.
 */
function readyOnVersion(sftp: SftpInternals & {emit?: (event: string) => boolean}): void {
	if (typeof sftp.push !== 'function' || typeof sftp.emit !== 'function' || sftp._version === undefined) {
		return;
	}

	const push = sftp.push.bind(sftp);
	let reported = false;
	sftp.push = (data: Buffer | null) => {
		const result = push(data);
		if (!reported && typeof sftp._version === 'number' && sftp._version >= 0) {
			reported = true;
			sftp.push = push;
			const waitingForLimits = Object.values(sftp._requests ?? {}).some(request => (request as {extended?: string}).extended === 'limits@openssh.com');
			if (waitingForLimits) {
				sftp.emit!('ready');
			}
		}

		return result;
	};
}

/**
 * ssh2 sends every SFTP request as its own SSH packet. Small requests issued in the same
 * tick (OPEN, CLOSE, STAT, READ of many files at once) are joined here into one
 * CHANNEL_DATA packet, up to the channel's packet size: the server then decrypts and
 * dispatches one packet instead of dozens. Order is kept: a large payload or a channel
 * close first sends what is waiting. ssh2 has already accounted the window for each piece.
 */
export function coalesceSmallRequests(sftp: SFTPWrapper): void {
	const state = sftpInternalsOf(sftp);
	const protocol = state._protocol;
	const packetSize = state.outgoing?.packetSize;
	if (!protocol || !packetSize) {
		return;
	}

	const smallLimit = Math.min(8192, packetSize);
	let pending: Buffer[] = [];
	let pendingLength = 0;
	let pendingChannel = 0;
	let scheduled = false;
	const flush = () => {
		scheduled = false;
		if (pendingLength === 0) {
			return;
		}

		const data = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingLength);
		pending = [];
		pendingLength = 0;
		protocol.channelData(pendingChannel, data);
	};

	const wrapper: Pick<Protocol, 'channelData' | 'channelClose'> = {
		channelData(channel, data) {
			if (data.length > smallLimit || (pendingLength > 0 && channel !== pendingChannel)) {
				flush();
				if (data.length > smallLimit) {
					protocol.channelData(channel, data);
					return;
				}
			}

			if (pendingLength + data.length > packetSize) {
				flush();
			}

			pendingChannel = channel;
			pending.push(data);
			pendingLength += data.length;
			if (!scheduled) {
				scheduled = true;
				process.nextTick(flush);
			}
		},
		channelClose(channel) {
			flush();
			protocol.channelClose(channel);
		},
	};
	// Anything else ssh2 might call on the channel's protocol goes straight through.
	state._protocol = new Proxy(wrapper, {
		get(target, property) {
			if (property === 'channelData' || property === 'channelClose') {
				return target[property];
			}

			const value = (protocol as unknown as Record<string | symbol, unknown>)[property];
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(protocol) : value;
		},
	}) as Protocol;
}

// Server side (the practice server's SFTP sessions).

/** True while ssh2 holds SFTP answers back because the client's window is shut. */
export function sftpOutputBlocked(sftp: SFTPWrapper): boolean {
	const pending = sftpInternalsOf(sftp)._buffer;
	return pending !== undefined && pending.length > 0;
}

/**
 * ssh2 hands incoming SFTP data to `push()` and reopens the peer's SSH window unless it
 * returns false. `shouldPause` is asked after each push; true keeps the window shut.
 */
export function interceptSftpInput(sftp: SFTPWrapper, shouldPause: (data: Buffer | null) => boolean): void {
	const channel = sftpInternalsOf(sftp);
	const push = channel.push.bind(channel);
	channel.push = (data: Buffer | null) => {
		push(data);
		return !shouldPause(data);
	};
}

/** Reopens the peer's SSH window to `fullWindow`, as ssh2's own channels do. */
export function reopenSftpWindow(sftp: SFTPWrapper, fullWindow: number): void {
	const channel = sftpInternalsOf(sftp);
	channel._waitChanDrain = false;
	const amount = fullWindow - (channel.incoming?.window ?? fullWindow);
	if (amount > 0 && channel.outgoing?.state === 'open' && channel._protocol) {
		channel.incoming!.window += amount;
		channel._protocol.channelWindowAdjust(channel.outgoing.id, amount);
	}
}
