import path from 'node:path';
import ssh2 from 'ssh2';
import {AppError} from '../app-error.js';
import {fingerprintOfBlob} from '../keys/public-key.js';
import {loadOrCreateHostKey} from './host-key.js';
import {defaultSandboxPaths} from './sandbox-paths.js';
import {defaultSandboxPort, sandboxHost, startSandbox, type SandboxServer, type StartSandboxOptions} from './start-sandbox.js';

/** A practice server to use, and a sentence when it is not simply a new one on its usual port. */
export type PracticeServer = SandboxServer & {note?: string};

const probeTimeoutMs = 5000;

/** The fingerprint of the host key an SSH server presents, or undefined when none answers. */
async function presentedHostKey(port: number): Promise<string | undefined> {
	return new Promise(resolve => {
		let fingerprint: string | undefined;
		const client = new ssh2.Client();
		const done = () => {
			clearTimeout(timer);
			client.removeAllListeners();
			client.on('error', () => undefined);
			client.end();
			resolve(fingerprint);
		};

		const timer = setTimeout(done, probeTimeoutMs);
		client.on('error', done);
		client.on('close', done);
		client.connect({
			host: sandboxHost,
			port,
			username: 'asapp-sftp-probe',
			readyTimeout: probeTimeoutMs,
			// Only the key is wanted: refusing it ends the handshake before any login.
			hostVerifier(key: Buffer) {
				fingerprint = fingerprintOfBlob(key);
				return false;
			},
		});
	});
}

/**
 * Starts the practice server on its port (2222), or, when that port is taken, uses the
 * server already there if it is this practice server (same host key: another asapp-sftp
 * serving the same folder, which reads the same authorized keys at each login). Anything
 * else on the port: a new server on a free port, with a note that says why.
 */
export async function startOrJoinSandbox(options: StartSandboxOptions = {}): Promise<PracticeServer> {
	try {
		return await startSandbox(options);
	} catch (error) {
		if (!(error instanceof AppError && error.code === 'sandbox-port-in-use')) {
			throw error;
		}
	}

	const port = options.port ?? defaultSandboxPort;
	const defaults = defaultSandboxPaths();
	const hostKey = await loadOrCreateHostKey(path.resolve(options.hostKeyFile ?? defaults.hostKeyFile));
	const presented = await presentedHostKey(port);
	if (presented === hostKey.fingerprint) {
		return {
			host: sandboxHost,
			port,
			root: path.resolve(options.root ?? defaults.root),
			hostKeyFingerprint: hostKey.fingerprint,
			hostPublicKeyLine: hostKey.publicKeyLine,
			authorizedKeysFile: path.resolve(options.authorizedKeysFile ?? defaults.authorizedKeysFile),
			stats: () => ({connections: 0, sessions: 0, handlesOpen: 0, queuedBytes: 0}),
			// Not ours to stop: whoever started it keeps it running.
			close: async () => undefined,
			note: `Using the practice server already running on port ${port} (same host key, same folder).`,
		};
	}

	const server = await startSandbox({...options, port: 0});
	const what = presented === undefined
		? 'a program that is not an SSH server'
		: `an SSH server with another host key (${presented})`;
	return {...server, note: `Port ${port} is taken by ${what}, so the practice server runs on port ${server.port} instead.`};
}
