import type {Socket} from 'node:net';
import process from 'node:process';
import ssh2 from 'ssh2';
import type {Client as SshClient, ConnectConfig, SFTPWrapper, FileEntryWithStats, Stats} from 'ssh2';
import {AppError} from '../app-error.js';
import {fingerprintOfBlob} from '../keys/public-key.js';
import {addKnownHost, checkHostKey, defaultKnownHostsPath, keyTypeOfBlob, knownKeyTypes} from './known-hosts.js';
import {connectError, HostKeyMismatchError, HostKeyUnknownError, SftpOperationError, sftpError, type ConnectContext} from './ssh-errors.js';

/** What a person needs to decide whether to trust a server they have not seen before. */
export type HostKeyInfo = {
	host: string;
	port: number;
	keyType: string;
	/** `SHA256:...` as `ssh-keygen -lf` prints it. */
	fingerprint: string;
	knownHostsFile: string;
};

/** known: in known_hosts; accepted: new and now recorded; refused: new and not trusted; changed: differs from known_hosts (or revoked). */
export type HostKeyVerdict = 'known' | 'accepted' | 'refused' | 'changed';

export type ConnectOptions = {
	host: string;
	/** Default 22. */
	port?: number;
	user: string;
	/** Private key contents; without it (and with `agent`) the ssh-agent signs. */
	privateKey?: Buffer | string;
	passphrase?: string;
	/** Shown in messages about the key. */
	keyPath?: string;
	/** SHA256 fingerprint of the key's public half, for the "auth refused" message. */
	keyFingerprint?: string;
	/** Path of the ssh-agent socket (SSH_AUTH_SOCK). */
	agent?: string;
	/** Default ~/.ssh/known_hosts. */
	knownHostsFile?: string;
	/**
	 * Called when the server is not in known_hosts. Resolve true to trust it (the key is
	 * then recorded in known_hosts), false to refuse. Without it, unknown keys are refused.
	 * A changed key is always refused with HostKeyMismatchError.
	 */
	onUnknownHostKey?: (info: HostKeyInfo) => Promise<boolean>;
	/** Told the verdict on the server's key before login goes on (doctor shows it). */
	onHostKeyChecked?: (info: HostKeyInfo, verdict: HostKeyVerdict) => void;
	/** Protocol log lines, like `sftp -v`. */
	debug?: (line: string) => void;
	/** Handshake timeout, default 20 s. */
	readyTimeoutMs?: number;
	signal?: AbortSignal;
};

export type RemoteEntryType = 'file' | 'directory' | 'symlink' | 'other';

export type RemoteEntry = {
	/** As the server sent it: may be hostile, check before using it as a local name. */
	name: string;
	type: RemoteEntryType;
	size: number;
	modifiedAt: Date;
	mode: number;
};

export type RemoteStat = Omit<RemoteEntry, 'name'>;

/** An open remote file. Opaque outside this module. */
export type RemoteHandle = {readonly path: string; readonly raw: Buffer};

function typeOf(stats: Stats): RemoteEntryType {
	if (stats.isDirectory()) {
		return 'directory';
	}

	if (stats.isFile()) {
		return 'file';
	}

	return stats.isSymbolicLink() ? 'symlink' : 'other';
}

function statOf(stats: Stats): RemoteStat {
	return {type: typeOf(stats), size: stats.size, modifiedAt: new Date(stats.mtime * 1000), mode: stats.mode};
}

const defaultHostKeyOrder = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256'];

/** Asks the server first for a key type already in known_hosts, as OpenSSH does. */
function hostKeyOrder(knownTypes: string[]): string[] {
	const preferred = knownTypes.flatMap(type => type === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256'] : [type]).filter(type => defaultHostKeyOrder.includes(type));
	return [...new Set([...preferred, ...defaultHostKeyOrder])];
}

/**
 * One SSH connection with one SFTP channel. Every method maps failures to AppErrors
 * (SftpOperationError for SFTP status codes). Requests may be issued concurrently: SFTP
 * pipelines them on the channel.
 */
export class SftpSession {
	readonly host: string;
	readonly port: number;
	readonly user: string;
	/** The server's software version from its banner, e.g. `OpenSSH_9.2p1`. */
	readonly serverSoftware: string;
	readonly hostKey: HostKeyInfo;
	/** Largest data length of one READ / WRITE request the server accepts. */
	readonly maxReadLength: number;
	readonly maxWriteLength: number;
	private readonly client: SshClient;
	private readonly sftp: SFTPWrapper;
	private closedError: AppError | undefined;
	private readonly closeListeners = new Set<(error: AppError | undefined) => void>();
	/** Rejecters of requests in flight: a dropped connection fails them all at once. */
	private readonly pending = new Set<(error: AppError) => void>();

	/** The session that owns the connection: itself, or the one openChannel was called on. */
	readonly connection: SftpSession;

	constructor(details: {client: SshClient; sftp: SFTPWrapper; host: string; port: number; user: string; serverSoftware: string; hostKey: HostKeyInfo; connection?: SftpSession}) {
		this.connection = details.connection ?? this;
		coalesceSmallRequests(details.sftp);
		this.client = details.client;
		this.sftp = details.sftp;
		this.host = details.host;
		this.port = details.port;
		this.user = details.user;
		this.serverSoftware = details.serverSoftware;
		this.hostKey = details.hostKey;
		const limits = details.sftp as unknown as {_maxReadLen?: number; _maxWriteLen?: number};
		this.maxReadLength = limits._maxReadLen ?? 32_768;
		this.maxWriteLength = limits._maxWriteLen ?? 32_768;
		const onGone = (error?: Error) => {
			if (this.closedError === undefined) {
				this.closedError = error
					? connectError(error, {host: this.host, port: this.port, user: this.user})
					: new AppError('connection-lost', `The connection to ${this.host} was closed.`, {hint: 'Check your network and try again.'});
				for (const fail of this.pending) {
					fail(this.closedError);
				}

				this.pending.clear();
				for (const listener of this.closeListeners) {
					listener(this.closedError);
				}
			}
		};

		this.client.on('error', onGone);
		this.client.on('close', () => onGone());
	}

	/** True once the connection dropped or was closed. */
	get isClosed(): boolean {
		return this.closedError !== undefined;
	}

	/** Runs `listener` once when the connection ends, for whatever reason. Returns an unsubscribe. */
	onClose(listener: (error: AppError | undefined) => void): () => void {
		this.closeListeners.add(listener);
		return () => this.closeListeners.delete(listener);
	}

	/**
	 * Wraps one ssh2 callback request: settles once, and fails at once if the connection
	 * ends first (ssh2 does not always answer requests that were in flight).
	 */
	private async request<T>(start: (resolve: (value: T) => void, reject: (error: unknown) => void) => void): Promise<T> {
		if (this.closedError) {
			throw this.closedError;
		}

		return new Promise<T>((resolve, reject) => {
			let settled = false;
			const fail = (error: unknown) => {
				if (!settled) {
					settled = true;
					this.pending.delete(fail);
					reject(error);
				}
			};

			this.pending.add(fail);
			try {
				start(value => {
					if (!settled) {
						settled = true;
						this.pending.delete(fail);
						resolve(value);
					}
				}, fail);
			} catch (error) {
				fail(this.closedError ?? error);
			}
		});
	}

	async list(remotePath: string): Promise<RemoteEntry[]> {
		return this.request((resolve, reject) => {
			this.sftp.readdir(remotePath, (error: Error | undefined, list: FileEntryWithStats[]) => {
				if (error) {
					reject(sftpError(error, 'list', remotePath));
					return;
				}

				resolve(list.map(entry => ({name: entry.filename, ...statOf(entry.attrs as unknown as Stats)})));
			});
		});
	}

	async stat(remotePath: string): Promise<RemoteStat> {
		return this.request((resolve, reject) => {
			this.sftp.stat(remotePath, (error, stats) => {
				if (error) {
					reject(sftpError(error, 'stat', remotePath));
				} else {
					resolve(statOf(stats));
				}
			});
		});
	}

	/** stat, but undefined when the path does not exist. */
	async statIfExists(remotePath: string): Promise<RemoteStat | undefined> {
		try {
			return await this.stat(remotePath);
		} catch (error) {
			if (error instanceof AppError && error.code === 'no-such-file') {
				return undefined;
			}

			throw error;
		}
	}

	async mkdir(remotePath: string): Promise<void> {
		const failure = await this.request<Error | undefined>(resolve => {
			this.sftp.mkdir(remotePath, error => resolve(error ?? undefined));
		});
		if (failure === undefined) {
			return;
		}

		// SFTP v3 has no "already exists" status; OpenSSH and others answer a bare FAILURE.
		const existing = await this.statIfExists(remotePath).catch(() => undefined);
		if (existing) {
			throw new SftpOperationError('already-exists', `${remotePath} already exists on the server${existing.type === 'directory' ? ' (a folder)' : ''}.`, {operation: 'mkdir', remotePath, status: undefined, hint: 'Nothing to do: it is there already.', cause: failure});
		}

		throw sftpError(failure, 'mkdir', remotePath);
	}

	/** Creates `remotePath` unless a folder by that name exists already. */
	async ensureDirectory(remotePath: string): Promise<void> {
		try {
			await this.mkdir(remotePath);
		} catch (error) {
			if (!(error instanceof SftpOperationError && error.code === 'already-exists' && (await this.stat(remotePath)).type === 'directory')) {
				throw error;
			}
		}
	}

	async realpath(remotePath: string): Promise<string> {
		return this.request((resolve, reject) => {
			this.sftp.realpath(remotePath, (error, absolute) => {
				if (error) {
					reject(sftpError(error, 'realpath', remotePath));
				} else {
					resolve(absolute);
				}
			});
		});
	}

	async remove(remotePath: string): Promise<void> {
		return this.request((resolve, reject) => {
			this.sftp.unlink(remotePath, error => {
				if (error) {
					reject(sftpError(error, 'remove', remotePath));
				} else {
					resolve();
				}
			});
		});
	}

	/** Removes an empty folder. */
	async rmdir(remotePath: string): Promise<void> {
		return this.request((resolve, reject) => {
			this.sftp.rmdir(remotePath, error => {
				if (error) {
					reject(sftpError(error, 'rmdir', remotePath));
				} else {
					resolve();
				}
			});
		});
	}

	/** Opens write-only, created or truncated: strict servers refuse read+write opens. */
	async openForWrite(remotePath: string): Promise<RemoteHandle> {
		return this.open(remotePath, 'w');
	}

	async openForRead(remotePath: string): Promise<RemoteHandle> {
		return this.open(remotePath, 'r');
	}

	private async open(remotePath: string, flags: 'r' | 'w'): Promise<RemoteHandle> {
		return this.request((resolve, reject) => {
			this.sftp.open(remotePath, flags, (error, raw) => {
				if (error) {
					reject(sftpError(error, 'open', remotePath));
				} else {
					resolve({path: remotePath, raw});
				}
			});
		});
	}

	/** Writes `length` bytes of `data` from `offset` at file position `position`. */
	async write(handle: RemoteHandle, data: Buffer, offset: number, length: number, position: number): Promise<void> {
		return this.request((resolve, reject) => {
			this.sftp.write(handle.raw, data, offset, length, position, error => {
				if (error) {
					reject(sftpError(error, 'write', handle.path));
				} else {
					resolve();
				}
			});
		});
	}

	/** Reads up to `length` bytes at `position` into `into` at `offset`; 0 means end of file. */
	async read(handle: RemoteHandle, into: Buffer, offset: number, length: number, position: number): Promise<number> {
		return this.request((resolve, reject) => {
			this.sftp.read(handle.raw, into, offset, length, position, (error, bytesRead) => {
				if (error) {
					if ((error as {code?: unknown}).code === 1) {
						resolve(0);
					} else {
						reject(sftpError(error, 'read', handle.path));
					}
				} else {
					resolve(bytesRead);
				}
			});
		});
	}

	async closeHandle(handle: RemoteHandle): Promise<void> {
		return this.request((resolve, reject) => {
			this.sftp.close(handle.raw, error => {
				if (error) {
					reject(sftpError(error, 'close', handle.path));
				} else {
					resolve();
				}
			});
		});
	}

	/** Ends the session; safe to call more than once. */
	close(): void {
		try {
			this.sftp.end();
		} catch {
			// Already closed with the connection.
		}

		if (this.connection === this) {
			this.client.end();
		}
	}

	/**
	 * Another SFTP channel on the same connection: the server runs each channel's requests
	 * in its own process, so many small files go faster over a few channels. Servers allow
	 * a limited number (AWS Transfer Family: 10 per connection). Closing it keeps the
	 * connection; closing the connection's session ends them all.
	 */
	async openChannel(): Promise<SftpSession> {
		if (this.closedError) {
			throw this.closedError;
		}

		const sftp = await new Promise<SFTPWrapper>((resolve, reject) => {
			this.client.sftp((error, channel) => {
				if (error) {
					reject(new AppError('sftp-unavailable', `${this.host} refused another SFTP channel: ${error.message}.`, {cause: error}));
				} else {
					resolve(channel);
				}
			});
		});
		return new SftpSession({client: this.client, sftp, host: this.host, port: this.port, user: this.user, serverSoftware: this.serverSoftware, hostKey: this.hostKey, connection: this.connection});
	}

	/** Drops the connection at once, e.g. on cancel: pending requests fail. */
	destroy(): void {
		this.client.destroy();
	}
}

function ignoreLateError(): void {
	// The outcome was already decided by the first error or the close.
}

/**
 * Connects, verifies the host key against known_hosts (unknown keys go through
 * `onUnknownHostKey`; a changed key always throws HostKeyMismatchError), logs in and
 * opens the SFTP channel. All failures are AppErrors from the one table in ssh-errors.ts.
 */
export async function openSftpSession(options: ConnectOptions): Promise<SftpSession> {
	const port = options.port ?? 22;
	const knownHostsFile = options.knownHostsFile ?? defaultKnownHostsPath();
	const context: ConnectContext = {
		host: options.host, port, user: options.user, keyFingerprint: options.keyFingerprint, keyPath: options.keyPath, usedAgent: options.privateKey === undefined && options.agent !== undefined,
	};
	if (options.signal?.aborted) {
		throw new AppError('cancelled', 'Cancelled before connecting.');
	}

	const knownTypes = await knownKeyTypes(knownHostsFile, options.host, port);
	const client = new ssh2.Client();
	let verdict: AppError | undefined;
	let hostKey: HostKeyInfo | undefined;

	const hostVerifier = (key: Buffer, verify: (ok: boolean) => void) => {
		const info: HostKeyInfo = {host: options.host, port, keyType: keyTypeOfBlob(key), fingerprint: fingerprintOfBlob(key), knownHostsFile};
		hostKey = info;
		const judge = async (): Promise<HostKeyVerdict> => {
			const check = await checkHostKey(knownHostsFile, options.host, port, key);
			switch (check.status) {
				case 'known': {
					return 'known';
				}

				case 'changed':
				case 'revoked': {
					verdict = new HostKeyMismatchError({
						host: options.host, port, presentedFingerprint: info.fingerprint, knownFingerprint: check.status === 'changed' ? check.knownFingerprint : info.fingerprint,
						knownHostsFile, knownHostsLine: check.line, revoked: check.status === 'revoked',
					});
					return 'changed';
				}

				case 'unknown': {
					const trusted = options.onUnknownHostKey ? await options.onUnknownHostKey(info) : false;
					if (!trusted) {
						verdict = new HostKeyUnknownError({host: options.host, port, fingerprint: info.fingerprint, knownHostsFile});
						return 'refused';
					}

					await addKnownHost(knownHostsFile, options.host, port, key);
					return 'accepted';
				}
			}
		};

		judge().then(result => {
			options.onHostKeyChecked?.(info, result);
			verify(result === 'known' || result === 'accepted');
		}, (error: unknown) => {
			verdict = error instanceof AppError ? error : new AppError('known-hosts-failed', `Could not read or update ${knownHostsFile}: ${error instanceof Error ? error.message : String(error)}.`, {hint: 'Check that file and its folder, or use another known_hosts file.', next: {kind: 'choose-known-hosts'}, cause: error});
			verify(false);
		});
	};

	const config: ConnectConfig = {
		host: options.host,
		port,
		username: options.user,
		privateKey: options.privateKey,
		passphrase: options.passphrase,
		agent: options.privateKey === undefined ? options.agent : undefined,
		readyTimeout: options.readyTimeoutMs ?? 20_000,
		// The server drops unresponsive clients after 300 s; a keepalive every 30 s keeps us
		// answering and notices a dead link within about two minutes.
		keepaliveInterval: 30_000,
		keepaliveCountMax: 4,
		hostVerifier,
		algorithms: {serverHostKey: hostKeyOrder(knownTypes) as never},
		debug: options.debug,
	};

	const onAbort = () => client.destroy();
	options.signal?.addEventListener('abort', onAbort, {once: true});
	try {
		await new Promise<void>((resolve, reject) => {
			const onError = (error: Error) => {
				cleanup();
				reject(verdict ?? connectError(error, context));
			};

			const onClose = () => {
				cleanup();
				reject(verdict ?? (options.signal?.aborted ? new AppError('cancelled', 'Cancelled while connecting.') : connectError(new Error('connection closed'), context)));
			};

			const onReady = () => {
				cleanup();
				resolve();
			};

			function cleanup() {
				client.off('error', onError);
				client.off('close', onClose);
				client.off('ready', onReady);
				// ssh2 may emit a second 'error' after 'close' (a connection dropped before the
				// handshake): without a listener, Node would crash the process.
				client.on('error', ignoreLateError);
			}

			client.on('error', onError);
			client.on('close', onClose);
			client.on('ready', onReady);
			try {
				client.connect(config);
			} catch (error) {
				// ssh2 throws at once for a key it cannot use.
				cleanup();
				reject(new AppError('key-unusable', `The private key${options.keyPath ? ` ${options.keyPath}` : ''} cannot be used: ${error instanceof Error ? error.message : String(error)}.`, {
					hint: 'Give the private key file (not the .pub) in PEM or OpenSSH format.',
					cause: error,
				}));
				return;
			}

			coalesceWrites(client);
		});

		const sftp = await new Promise<SFTPWrapper>((resolve, reject) => {
			client.sftp((error, channel) => {
				if (error) {
					reject(new AppError('sftp-unavailable', `${options.host} accepted the login but refused an SFTP session: ${error.message}.`, {hint: 'Check that this account is meant for SFTP.', cause: error}));
				} else {
					resolve(channel);
				}
			});
		});
		const software = (client as unknown as {_remoteVer?: string})._remoteVer ?? '';
		return new SftpSession({client, sftp, host: options.host, port, user: options.user, serverSoftware: software, hostKey: hostKey!});
	} catch (error) {
		client.destroy();
		if (options.signal?.aborted) {
			throw new AppError('cancelled', 'Cancelled while connecting.');
		}

		throw error;
	} finally {
		options.signal?.removeEventListener('abort', onAbort);
	}
}


/**
 * ssh2 writes every SSH packet (at most 32 KiB of data) to the socket on its own: one
 * system call each. Corking the socket until the end of the current tick sends all the
 * packets produced together in one writev, which cuts the client's CPU per byte.
 * Nagle's algorithm is switched off for the same socket.
 */
function coalesceWrites(client: SshClient): void {
	const socket = (client as unknown as {_sock?: Socket})._sock;
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

type ChannelProtocol = {channelData(channel: number, data: Buffer): void; channelClose(channel: number): void};

/**
 * ssh2 sends every SFTP request as its own SSH packet. Small requests issued in the same
 * tick (OPEN, CLOSE, STAT, READ of many files at once) are joined here into one
 * CHANNEL_DATA packet, up to the channel's packet size: the server then decrypts and
 * dispatches one packet instead of dozens. Order is kept: a large payload or a channel
 * close first sends what is waiting. ssh2 has already accounted the window for each piece.
 */
function coalesceSmallRequests(sftp: SFTPWrapper): void {
	const state = sftp as unknown as {_protocol?: ChannelProtocol; outgoing?: {packetSize?: number}};
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

	const wrapper: ChannelProtocol = {
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
	}) as ChannelProtocol;
}
