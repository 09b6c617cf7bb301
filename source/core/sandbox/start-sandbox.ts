import {mkdir} from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import ssh2, {type AuthContext, type Connection} from 'ssh2';
import {AppError, errnoCode} from '../app-error.js';
import {fingerprintOfBlob} from '../keys/public-key.js';
import {readAuthorizedKeys} from './authorized-keys.js';
import {loadOrCreateHostKey} from './host-key.js';
import {defaultSandboxLimits, type SandboxLimits} from './limits.js';
import {defaultSandboxPaths} from './sandbox-paths.js';
import {prepareSandboxRoot} from './sandbox-root.js';
import {SftpSession, type SharedBudget} from './sftp-session.js';

export type StartSandboxOptions = {
	/** TCP port on 127.0.0.1; 0 picks a free one. Default 2222. */
	port?: number;
	/** Folder served as `/`; default under the user's data directory. */
	root?: string;
	/** Keys allowed to log in (OpenSSH format), read again at every login. */
	authorizedKeysFile?: string;
	/** The server's private key; made on first use. */
	hostKeyFile?: string;
	/** Receives one line per notable event (logins, refusals, uploads). */
	log?: (line: string) => void;
	/** Tighter or looser bounds, mostly for tests. */
	limits?: Partial<SandboxLimits>;
};

/** Live counters, for tests and for showing load. */
export type SandboxStats = {
	connections: number;
	sessions: number;
	handlesOpen: number;
	queuedBytes: number;
};

export type SandboxServer = {
	host: '127.0.0.1';
	port: number;
	/** The root as given (or the default); `/` for clients. */
	root: string;
	/** `SHA256:...`, what OpenSSH shows on first connection. */
	hostKeyFingerprint: string;
	/** `ssh-rsa AAAA...`: prefix with `[127.0.0.1]:PORT ` for a known_hosts line. */
	hostPublicKeyLine: string;
	authorizedKeysFile: string;
	stats(): SandboxStats;
	/** Stops listening, disconnects every client and releases every file. */
	close(): Promise<void>;
};

export const sandboxHost = '127.0.0.1';
export const defaultSandboxPort = 2222;

/**
 * The production server's security policy as far as ssh2 allows: MACs only SHA-2 ETM
 * (AEAD ciphers carry their own), no compression. ssh2 keeps its default key exchanges.
 */
const algorithms = {
	hmac: {remove: ['hmac-sha1-etm@openssh.com', 'hmac-sha2-256', 'hmac-sha2-512', 'hmac-sha1']},
	compress: ['none'],
} as ssh2.Algorithms;

/**
 * Starts the practice SFTP server in this process. It listens on 127.0.0.1 only,
 * accepts public keys from the authorized-keys file (any user name) and nothing else,
 * and answers SFTP like ASAPP's production server (see SftpSession).
 */
export async function startSandbox(options: StartSandboxOptions = {}): Promise<SandboxServer> {
	const defaults = defaultSandboxPaths();
	const root = path.resolve(options.root ?? defaults.root);
	const authorizedKeysFile = path.resolve(options.authorizedKeysFile ?? defaults.authorizedKeysFile);
	const hostKeyFile = path.resolve(options.hostKeyFile ?? defaults.hostKeyFile);
	const log = options.log ?? (() => undefined);
	const limits: SandboxLimits = {...defaultSandboxLimits, ...options.limits};

	await mkdir(path.dirname(authorizedKeysFile), {recursive: true, mode: 0o700});
	const realRoot = await prepareSandboxRoot(root);
	const hostKey = await loadOrCreateHostKey(hostKeyFile);
	const budget: SharedBudget = {limits, handlesOpen: 0, queuedBytes: 0};
	const connections = new Map<string, Connection>();
	const sessions = new Set<SftpSession>();

	const server = new ssh2.Server({
		hostKeys: [hostKey.privateKeyPem],
		algorithms,
		ident: 'asapp-sftp-practice',
		// As production: a client that stops answering is dropped after about 300 s.
		keepaliveInterval: 60_000,
		keepaliveCountMax: 5,
	});
	/** Every TCP connection by `ip:port`, from accept to close, logged in or not. */
	const sockets = new Map<string, net.Socket>();
	const loginTimers = new Map<string, NodeJS.Timeout>();

	/**
	 * Says goodbye, then cuts the socket if the peer has not closed its side within 2 s: a
	 * client that stopped reading would otherwise keep the connection (and close()) hanging.
	 */
	function disconnect(label: string, client?: Connection): void {
		client?.end();
		const socket = sockets.get(label);
		setTimeout(() => socket?.destroy(), client ? 2000 : 0).unref();
	}

	// Our own listener hands sockets to ssh2, so limits and the login timer apply from the
	// first byte: ssh2's own 'connection' event waits for the client's version line.
	const listener = net.createServer(socket => {
		const label = `${socket.remoteAddress}:${socket.remotePort}`;
		if (sockets.size >= limits.maxConnections) {
			log(`${label}: refused: already ${limits.maxConnections} connections`);
			socket.destroy();
			return;
		}

		sockets.set(label, socket);
		loginTimers.set(label, setTimeout(() => {
			log(`${label}: disconnected: no login within ${limits.loginTimeoutMs / 1000} s`);
			disconnect(label);
		}, limits.loginTimeoutMs));
		socket.once('close', () => {
			clearTimeout(loginTimers.get(label));
			loginTimers.delete(label);
			sockets.delete(label);
		});
		server.injectSocket(socket);
	});

	async function authenticate(context: AuthContext, label: string): Promise<void> {
		if (context.method !== 'publickey') {
			context.reject(['publickey']);
			return;
		}

		// Production refuses RSA signatures made with SHA-1 (`ssh-rsa`); so do we, and say so:
		// the client only hears "publickey" again.
		if (context.key.algo === 'ssh-rsa' && context.hashAlgo === undefined) {
			log(`${label}: refused key ${fingerprintOfBlob(context.key.data)}: ssh-rsa (SHA-1) signatures are not accepted; the client must sign with rsa-sha2-256 or rsa-sha2-512`);
			context.reject(['publickey']);
			return;
		}

		const allowed = (await readAuthorizedKeys(authorizedKeysFile)).find(key => key.blob.equals(context.key.data));
		const fingerprint = fingerprintOfBlob(context.key.data);
		if (!allowed) {
			log(`${label}: refused key ${fingerprint} (not in ${authorizedKeysFile})`);
			context.reject(['publickey']);
			return;
		}

		if (!context.signature) {
			context.accept(); // The client asks whether this key would do; it signs next.
			return;
		}

		if (allowed.key.verify(context.blob!, context.signature, context.hashAlgo) !== true) {
			log(`${label}: refused key ${fingerprint} (bad signature)`);
			context.reject(['publickey']);
			return;
		}

		log(`${label}: logged in as "${context.username}" with key ${fingerprint}`);
		context.accept();
	}

	server.on('connection', (client, info) => {
		const label = `${info.ip}:${info.port}`;
		connections.set(label, client);
		const mine = new Set<SftpSession>();
		let channels = 0;
		const idleTimer = setTimeout(() => {
			log(`${label}: disconnected after ${limits.idleTimeoutMs / 1000} s without a request`);
			disconnect(label, client);
		}, limits.idleTimeoutMs);

		client.on('authentication', context => {
			authenticate(context, label).catch((error: unknown) => {
				log(`${label}: login check failed: ${error instanceof Error ? error.message : String(error)}`);
				context.reject(['publickey']);
			});
		});
		client.on('ready', () => {
			clearTimeout(loginTimers.get(label));
			client.on('session', (accept, reject) => {
				if (channels >= limits.maxSessionsPerConnection) {
					log(`${label}: refused a session: at most ${limits.maxSessionsPerConnection} per connection`);
					reject();
					return;
				}

				channels++;
				const session = accept();
				session.once('close', () => {
					channels--;
				});
				// Only the SFTP subsystem: no shell, no exec (so no SCP), no port forwarding.
				session.on('sftp', acceptSftp => {
					const sftpSession = new SftpSession(acceptSftp(), {
						realRoot,
						budget,
						label,
						log,
						onActivity: () => idleTimer.refresh(),
					});
					mine.add(sftpSession);
					sessions.add(sftpSession);
					session.once('close', () => {
						mine.delete(sftpSession);
						sessions.delete(sftpSession);
						void sftpSession.close();
					});
				});
			});
		});
		client.on('error', (error: Error) => {
			log(`${label}: connection error: ${error.message}`);
		});
		client.on('close', () => {
			clearTimeout(idleTimer);
			connections.delete(label);
			for (const sftpSession of mine) {
				sessions.delete(sftpSession);
				void sftpSession.close();
			}

			mine.clear();
		});
	});

	const port = await listen(listener, options.port ?? defaultSandboxPort);
	log(`listening on ${sandboxHost}:${port}, root ${root}, host key ${hostKey.fingerprint}`);

	let closing: Promise<void> | undefined;
	return {
		host: sandboxHost,
		port,
		root,
		hostKeyFingerprint: hostKey.fingerprint,
		hostPublicKeyLine: hostKey.publicKeyLine,
		authorizedKeysFile,
		stats: () => ({connections: sockets.size, sessions: sessions.size, handlesOpen: budget.handlesOpen, queuedBytes: budget.queuedBytes}),
		async close() {
			closing ??= (async () => {
				const stopped = new Promise<void>(resolve => {
					listener.close(() => resolve());
				});
				for (const [label, client] of connections) {
					disconnect(label, client);
				}

				for (const [label, socket] of sockets) {
					if (![...connections.keys()].includes(label)) {
						socket.destroy(); // Not even past the version exchange.
					}
				}

				await Promise.all([...sessions].map(async sftpSession => sftpSession.close()));
				await stopped;
				log('stopped');
			})();
			return closing;
		},
	};
}

async function listen(server: net.Server, port: number): Promise<number> {
	return new Promise((resolve, reject) => {
		const onError = (error: Error) => {
			server.off('listening', onListening);
			if (errnoCode(error) === 'EADDRINUSE') {
				reject(new AppError('sandbox-port-in-use', `Port ${port} on ${sandboxHost} is already in use, so the practice server cannot start there.`, {
					hint: 'Stop the other program, or use another port.',
					next: {kind: 'choose-port', suggested: 0},
				}));
			} else if (errnoCode(error) === 'EACCES') {
				reject(new AppError('sandbox-port-denied', `Port ${port} needs privileges this user does not have.`, {
					hint: 'Use a port above 1023.',
					next: {kind: 'choose-port', suggested: 2222},
				}));
			} else {
				reject(error);
			}
		};

		const onListening = () => {
			server.off('error', onError);
			const address = server.address();
			resolve(typeof address === 'object' && address !== null ? address.port : port);
		};

		server.once('error', onError);
		server.once('listening', onListening);
		server.listen(port, sandboxHost);
	});
}
