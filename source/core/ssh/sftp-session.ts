import ssh2 from 'ssh2';
import type {Client as SshClient, ConnectConfig, SFTPWrapper, FileEntryWithStats, Stats} from 'ssh2';
import {AppError} from '../app-error.js';
import {fingerprintOfBlob} from '../keys/public-key.js';
import {addKnownHost, checkHostKey, defaultGlobalKnownHostsPath, defaultKnownHostsPath, keyTypeOfBlob, knownKeyTypes} from './known-hosts.js';
import {coalesceSmallRequests, coalesceWrites, keepSftpWindowOpen, pipelineSftpInit, remoteSoftware, sftpRequestLimits, signPublicKeyRequestsAtOnce} from './ssh2-internals.js';
import {connectWithLargeReads} from './large-read-socket.js';
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
	/** Default ~/.ssh/known_hosts. The only file a new key is recorded in. */
	knownHostsFile?: string;
	/** Read after knownHostsFile, never written; default /etc/ssh/ssh_known_hosts (see defaultGlobalKnownHostsPath). */
	globalKnownHostsFile?: string;
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
	/** Cancels the connection at any stage (name lookup, TCP, banner, host-key question, login, SFTP start). */
	signal?: AbortSignal;
	/** Resolves the host name to an address; default the system resolver (tests pass one that stalls). */
	lookup?: (host: string) => Promise<string>;
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

/** AWS Transfer Family allows 10 SFTP channels per connection: every transfer shares them. */
export const maxChannelsPerConnection = 10;

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
	/** Largest data length of one READ / WRITE request the server accepts (known once its limits arrive). */
	get maxReadLength(): number {
		return sftpRequestLimits(this.sftp).maxReadLength;
	}

	get maxWriteLength(): number {
		return sftpRequestLimits(this.sftp).maxWriteLength;
	}

	/**
	 * Lets the server send up to `bytes` ahead on this channel (2 MiB otherwise), for reads
	 * over a long link, where one channel moves at most its window per round trip.
	 */
	widenReceiveWindow(bytes: number): void {
		keepSftpWindowOpen(this.sftp, bytes);
	}

	private readonly client: SshClient;
	private readonly sftp: SFTPWrapper;
	private closedError: AppError | undefined;
	private readonly closeListeners = new Set<(error: AppError | undefined) => void>();
	/** Rejecters of requests in flight: a dropped connection fails them all at once. */
	private readonly pending = new Set<(error: AppError) => void>();

	/** The session that owns the connection: itself, or the one openChannel was called on. */
	readonly connection: SftpSession;
	/** SFTP channels open on this connection (kept on the connection's session). */
	private channelCount = 1;
	private fastestReplyMs: number | undefined;

	/**
	 * The quickest answer to any request on this connection so far: an upper bound of the
	 * round trip (undefined before the first answer). Decides whether more channels help.
	 */
	get roundTripMs(): number | undefined {
		return this.connection.fastestReplyMs;
	}

	private noteReply(ms: number): void {
		if (this.fastestReplyMs === undefined || ms < this.fastestReplyMs) {
			this.fastestReplyMs = ms;
		}
	}

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

		if (this.connection === this) {
			// Every channel listens for the connection's end: room for the 10 of them beside
			// the usual few, so a full pool prints no leak warning.
			this.client.setMaxListeners(Math.max(this.client.getMaxListeners(), maxChannelsPerConnection + 10));
		}

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

		const started = performance.now();
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
			// An answer, success or status error ("no such file" from an overwrite check),
			// measures the round trip; a failure before the request left does not.
			let sent = false;
			const noteAnswer = () => {
				if (sent && !settled && this.closedError === undefined) {
					this.connection.noteReply(performance.now() - started);
				}
			};

			try {
				start(value => {
					noteAnswer();
					if (!settled) {
						settled = true;
						this.pending.delete(fail);
						resolve(value);
					}
				}, error => {
					noteAnswer();
					fail(error);
				});
				sent = true;
			} catch (error) {
				fail(this.closedError ?? error);
			}
		});
	}

	/**
	 * The entries of a folder. Two READDIR requests go together, so a folder that fits in
	 * one answer is listed, EOF included, in one round trip after OPENDIR; the CLOSE is
	 * not waited for. Each READDIR answers atomically, so the entries of all answers up
	 * to an EOF are the whole folder, whatever order the server handles them in.
	 */
	async list(remotePath: string): Promise<RemoteEntry[]> {
		const handle = await this.request<Buffer>((resolve, reject) => {
			this.sftp.opendir(remotePath, (error, raw) => {
				if (error) {
					reject(sftpError(error, 'list', remotePath));
				} else {
					resolve(raw);
				}
			});
		});
		const readOnce = async () => this.request<FileEntryWithStats[] | undefined>((resolve, reject) => {
			this.sftp.readdir(handle, (error: Error | undefined, list: FileEntryWithStats[] | false) => {
				if (error && (error as {code?: unknown}).code === 1) {
					resolve(undefined);
				} else if (error) {
					reject(sftpError(error, 'list', remotePath));
				} else {
					resolve(list === false ? undefined : list);
				}
			});
		});
		const entries: RemoteEntry[] = [];
		try {
			let done = false;
			while (!done) {
				for (const batch of await Promise.all([readOnce(), readOnce()])) {
					if (batch === undefined) {
						done = true;
					} else {
						for (const entry of batch) {
							entries.push({name: entry.filename, ...statOf(entry.attrs as unknown as Stats)});
						}
					}
				}
			}
		} finally {
			try {
				this.sftp.close(handle, () => undefined);
			} catch {
				// The channel is gone: so is the handle.
			}
		}

		return entries;
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
					// A copy: ssh2's handle is a view of the 256 KiB slab its packet was read into
					// (large-read-socket.ts), which it would keep alive while the file is open.
					resolve({path: remotePath, raw: Buffer.from(raw)});
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

		const connection = this.connection;
		if (connection.channelCount >= maxChannelsPerConnection) {
			throw new AppError('sftp-unavailable', `Already ${maxChannelsPerConnection} SFTP channels open to ${this.host}, the most a server like ASAPP's allows.`);
		}

		connection.channelCount++;

		const sftp = await new Promise<SFTPWrapper>((resolve, reject) => {
			this.client.sftp((error, channel) => {
				if (error) {
					connection.channelCount--;
					reject(new AppError('sftp-unavailable', `${this.host} refused another SFTP channel: ${error.message}.`, {cause: error}));
				} else {
					resolve(channel);
				}
			});
		});
		const channel = new SftpSession({client: this.client, sftp, host: this.host, port: this.port, user: this.user, serverSoftware: this.serverSoftware, hostKey: this.hostKey, connection: this.connection});
		sftp.once('close', () => {
			connection.channelCount--;
		});
		return channel;
	}

	/** Drops the connection at once, e.g. on cancel: pending requests fail. */
	destroy(): void {
		this.client.destroy();
	}
}

/**
 * Connects, verifies the host key against known_hosts (unknown keys go through
 * `onUnknownHostKey`; a changed key always throws HostKeyMismatchError), logs in and
 * opens the SFTP channel. All failures are AppErrors from the one table in ssh-errors.ts.
 */
export async function openSftpSession(options: ConnectOptions): Promise<SftpSession> {
	const port = options.port ?? 22;
	const knownHostsFile = options.knownHostsFile ?? defaultKnownHostsPath();
	const globalKnownHostsFile = options.globalKnownHostsFile ?? defaultGlobalKnownHostsPath();
	const knownHostsFiles = [knownHostsFile, globalKnownHostsFile];
	const context: ConnectContext = {
		host: options.host, port, user: options.user, keyFingerprint: options.keyFingerprint, keyPath: options.keyPath, usedAgent: options.privateKey === undefined && options.agent !== undefined,
	};
	const {signal} = options;
	const cancelled = () => new AppError('cancelled', 'Cancelled while connecting; nothing was transferred.');
	if (signal?.aborted) {
		throw cancelled();
	}

	const [knownTypes, address] = await untilAborted(Promise.all([
		knownKeyTypes(knownHostsFiles, options.host, port),
		resolveHost(options.host, options.lookup).catch((error: unknown) => {
			throw connectError(error, context);
		}),
	]), signal, cancelled);
	const client = new ssh2.Client();
	// ssh2 may emit more than one 'error' for one failure (a dead agent, then "all methods
	// failed"): a listener that stays keeps a late one from crashing the process.
	client.on('error', () => undefined);
	let verdict: AppError | undefined;
	let hostKey: HostKeyInfo | undefined;
	let agentFailure: Error | undefined;
	// Once the connection is gone, ssh2's protocol object is torn down: answering a pending
	// host-key check then makes ssh2 throw (protocol._destruct is not a function).
	let ended = false;
	client.once('close', () => {
		ended = true;
	});

	const hostVerifier = (key: Buffer, verify: (ok: boolean) => void) => {
		const info: HostKeyInfo = {host: options.host, port, keyType: keyTypeOfBlob(key), fingerprint: fingerprintOfBlob(key), knownHostsFile};
		hostKey = info;
		const judge = async (): Promise<HostKeyVerdict> => {
			const check = await checkHostKey(knownHostsFiles, options.host, port, key);
			switch (check.status) {
				case 'known': {
					return 'known';
				}

				case 'changed':
				case 'revoked': {
					verdict = new HostKeyMismatchError({
						host: options.host, port, presentedFingerprint: info.fingerprint, knownFingerprint: check.status === 'changed' ? check.knownFingerprint : info.fingerprint,
						knownHostsFile: check.file, knownHostsLine: check.line, revoked: check.status === 'revoked', managedBySystem: check.file === globalKnownHostsFile && check.file !== knownHostsFile,
					});
					return 'changed';
				}

				case 'unknown': {
					const trusted = options.onUnknownHostKey ? await options.onUnknownHostKey(info) : false;
					if (ended || signal?.aborted) {
						return 'refused';
					}

					if (!trusted) {
						verdict = new HostKeyUnknownError({host: options.host, port, fingerprint: info.fingerprint, knownHostsFile});
						return 'refused';
					}

					await addKnownHost(knownHostsFile, options.host, port, key);
					return 'accepted';
				}
			}
		};

		// Answered from a later tick, never from inside ssh2's own call, and never once the
		// connection ended (cancelled while a person was deciding, or dropped by the server).
		judge().then(result => {
			if (ended || signal?.aborted) {
				return;
			}

			options.onHostKeyChecked?.(info, result);
			verify(result === 'known' || result === 'accepted');
		}, (error: unknown) => {
			verdict = error instanceof AppError ? error : new AppError('known-hosts-failed', `Could not read or update ${knownHostsFile}: ${error instanceof Error ? error.message : String(error)}.`, {hint: 'Check that file and its folder, or use another known_hosts file.', next: {kind: 'choose-known-hosts'}, cause: error});
			if (!ended && !signal?.aborted) {
				verify(false);
			}
		});
	};

	const config: ConnectConfig = {
		username: options.user,
		privateKey: options.privateKey,
		passphrase: options.passphrase,
		agent: options.privateKey === undefined ? options.agent : undefined,
		// ssh2 by default first tries the `none` method (a round trip that only ever fails
		// on servers like this one); go straight to the key.
		authHandler: options.privateKey !== undefined ? ['publickey'] : options.agent === undefined ? undefined : ['agent'],
		readyTimeout: options.readyTimeoutMs ?? 20_000,
		// The server drops unresponsive clients after 300 s; a keepalive every 30 s keeps us
		// answering and notices a dead link within about two minutes.
		keepaliveInterval: 30_000,
		keepaliveCountMax: 4,
		hostVerifier,
		algorithms: {serverHostKey: hostKeyOrder(knownTypes) as never},
		debug: options.debug,
	};

	// Destroying from the abort event (not from inside an ssh2 callback) is always safe.
	const onAbort = () => {
		ended = true;
		client.destroy();
	};

	signal?.addEventListener('abort', onAbort, {once: true});
	try {
		await new Promise<void>((resolve, reject) => {
			const onError = (error: Error & {level?: string}) => {
				if (error.level === 'agent') {
					// ssh2 goes on with the next method; remember why the agent failed.
					agentFailure = error;
					return;
				}

				cleanup();
				reject(verdict ?? (agentFailure && options.privateKey === undefined ? agentError(options.agent ?? '', agentFailure) : connectError(error, context)));
			};

			const onClose = () => {
				cleanup();
				reject(verdict ?? (signal?.aborted ? cancelled() : connectError(new Error('connection closed'), context)));
			};

			const onReady = () => {
				cleanup();
				resolve();
			};

			function cleanup() {
				client.off('error', onError);
				client.off('close', onClose);
				client.off('ready', onReady);
			}

			client.on('error', onError);
			client.on('close', onClose);
			client.on('ready', onReady);
			options.debug?.(`Client: Trying ${address} on port ${port} ...`);
			const socket = connectWithLargeReads(address, port);
			try {
				client.connect({...config, sock: socket});
			} catch (error) {
				// ssh2 throws at once for a key it cannot use, before it owns the socket.
				socket.destroy();
				cleanup();
				reject(new AppError('key-unusable', `The private key${options.keyPath ? ` ${options.keyPath}` : ''} cannot be used: ${error instanceof Error ? error.message : String(error)}.`, {
					hint: 'Give the private key file (not the .pub) in PEM, OpenSSH or PuTTY format.',
					cause: error,
				}));
				return;
			}

			coalesceWrites(client);
			signPublicKeyRequestsAtOnce(client);
			pipelineSftpInit(client);
		});

		const sftp = await untilAborted(new Promise<SFTPWrapper>((resolve, reject) => {
			client.sftp((error, channel) => {
				if (error) {
					reject(new AppError('sftp-unavailable', `${options.host} accepted the login but refused an SFTP session: ${error.message}.`, {hint: 'Check that this account is meant for SFTP.', cause: error}));
				} else {
					resolve(channel);
				}
			});
		}), signal, cancelled);
		const software = remoteSoftware(client);
		return new SftpSession({client, sftp, host: options.host, port, user: options.user, serverSoftware: software, hostKey: hostKey!});
	} catch (error) {
		ended = true;
		client.destroy();
		if (signal?.aborted) {
			throw cancelled();
		}

		throw error;
	} finally {
		signal?.removeEventListener('abort', onAbort);
	}
}

/**
 * The name (or address) to connect to. Without a `lookup`, the socket resolves the name itself
 * (Node then tries every address, IPv6 and IPv4); a cancel during that lookup destroys
 * the socket, which ends it.
 */
async function resolveHost(host: string, lookup?: (host: string) => Promise<string>): Promise<string> {
	return lookup ? lookup(host) : host;
}

/** Settles with `work`, or rejects with `cancelled()` as soon as `signal` aborts. */
async function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined, cancelled: () => AppError): Promise<T> {
	if (!signal) {
		return work;
	}

	if (signal.aborted) {
		work.catch(() => undefined);
		throw cancelled();
	}

	return new Promise<T>((resolve, reject) => {
		const onAbort = () => {
			reject(cancelled());
		};

		signal.addEventListener('abort', onAbort, {once: true});
		work.then(value => {
			signal.removeEventListener('abort', onAbort);
			resolve(value);
		}, (error: unknown) => {
			signal.removeEventListener('abort', onAbort);
			reject(error);
		});
	});
}

/** The ssh-agent failed and there was no key file to fall back on. */
export function agentError(socketPath: string, cause: unknown): AppError {
	const reason = cause instanceof Error ? cause.message : String(cause);
	return new AppError('agent-unavailable', `The ssh-agent at ${socketPath} (SSH_AUTH_SOCK) does not answer (${reason.replace(/\.$/, '')}), and there is no key file to log in with instead.`, {
		hint: 'Start your ssh-agent and add your key to it, or give your private key file directly.',
		cause,
	});
}

