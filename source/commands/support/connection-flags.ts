import {existsSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {AppError} from '../../core/app-error.js';
import {asappServer} from '../../core/config/asapp-server.js';
import {defaultKeyPath, sshDirectory} from '../../core/keys/create-key-files.js';
import {requiredRsaBits} from '../../core/keys/generate-key.js';
import {keyFitnessForAsapp} from '../../core/keys/key-fitness.js';
import {userNameForMarker} from '../../core/keys/marker.js';
import {loadIdentity, type LoadedIdentity} from '../../core/ssh/identity.js';
import {defaultKnownHostsPath} from '../../core/ssh/known-hosts.js';
import {agentError, openSftpSession, type ConnectOptions, type SftpSession} from '../../core/ssh/sftp-session.js';
import {probeAgent} from '../../core/ssh/agent.js';
import type {ServerIdentity} from '../../core/transfer/upload-journal.js';
import {cancelOnSignal} from './cancel-on-signal.js';
import {serverFlags} from './app-flags.js';
import {parsePort} from './parse-port.js';
import {promptSecret} from './prompt-secret.js';
import {UsageError} from './usage-error.js';

export const defaultHost = asappServer.host;

/** The flags every connecting command takes, for parseFlags. */
export const connectionFlags = {
	...serverFlags,
	'accept-new-host-key': {type: 'boolean'},
	verbose: {type: 'boolean', short: 'v'},
} as const;

export const connectionHelp = `Connection:
  --host HOST             server (default ${defaultHost})
  --port PORT             port (default 22)
  --marker MARKER         your company marker; the user is sftp<MARKER>
  --user USER             the user name, instead of --marker
  -i, --identity FILE     private key (default: the ssh-agent when SSH_AUTH_SOCK is set
                          and it answers, else ~/.ssh/asapp_sftp<MARKER>_rsa from keygen,
                          else ~/.ssh/id_rsa, id_ecdsa or id_ed25519)
  --known-hosts FILE      known_hosts file (default ~/.ssh/known_hosts); the system-wide
                          /etc/ssh/ssh_known_hosts is read too (never written)
  --accept-new-host-key   trust and record the server's key on first contact
                          (like StrictHostKeyChecking=accept-new); a changed key is
                          always refused
  -v, --verbose           show the SSH protocol log on stderr

An encrypted key's passphrase is asked on a terminal, else read from ASAPP_SFTP_PASSPHRASE.
A key other than RSA 4096 (what ASAPP asked for) is used with a warning.`;

export type ConnectionFlagValues = {
	host?: string;
	port?: string;
	user?: string;
	marker?: string;
	identity?: string;
	'known-hosts'?: string;
	'accept-new-host-key'?: boolean;
	verbose?: boolean;
};

/** The key a connection logs in with, for warnings and doctor's key stage. */
export type KeyInUse = {source: string; type: string; bits: number; fingerprint: string};

export type Connection = {
	options: ConnectOptions;
	/** host, port and user: whose unfinished uploads the journal holds. */
	server: ServerIdentity;
	/** The connection flags as given, to repeat in a command we suggest (rm, put). */
	flags: string[];
	identity: LoadedIdentity | undefined;
	/** The key file, or the agent's key that fits best; undefined when the agent holds none. */
	key: KeyInUse | undefined;
	/** Opens a new session with these options (also used to reconnect). */
	connect: () => Promise<SftpSession>;
};

async function askPassphrase(keyPath: string): Promise<string | undefined> {
	if (process.stdin.isTTY && process.stderr.isTTY) {
		return promptSecret(`Passphrase for ${keyPath}: `);
	}

	return process.env['ASAPP_SFTP_PASSPHRASE'];
}

/**
 * Key files tried when no --identity is given and no agent answers, in order: keygen's
 * default for the marker (told from --marker, or from a --user of the form sftp<MARKER>),
 * then OpenSSH's defaults, as `sftp` tries them.
 */
function defaultKeyFiles(marker: string | undefined, user: string): string[] {
	const fromUser = /^sftp([A-Za-z0-9_-]+)$/.exec(user)?.[1];
	const forMarker = marker ?? fromUser;
	return [
		...(forMarker === undefined ? [] : [defaultKeyPath(forMarker)]),
		...['id_rsa', 'id_ecdsa', 'id_ed25519'].map(name => path.join(sshDirectory(), name)),
	];
}

/** One line on stderr when the key is not what ASAPP asked for: the server may still take it. */
function warnAboutKey(key: KeyInUse | undefined): void {
	if (!key) {
		return;
	}

	const fitness = keyFitnessForAsapp(key);
	if (!fitness.fit) {
		process.stderr.write(`Warning: ${key.source} is ${fitness.description}; ASAPP asked for RSA ${requiredRsaBits}. Going on: the server may accept it.\n`);
	}
}

/** Turns the shared connection flags into connect options; loads the key (asking its passphrase). */
export async function connectionFromFlags(command: string, values: ConnectionFlagValues): Promise<Connection> {
	if (values.user !== undefined && values.marker !== undefined) {
		throw new UsageError('--user and --marker exclude each other', command);
	}

	if (values.user === undefined && values.marker === undefined) {
		throw new UsageError('--marker MARKER (or --user USER) is required', command);
	}

	const user = values.user ?? userNameForMarker(values.marker!);
	const port = parsePort(values.port, command);
	const host = values.host ?? defaultHost;
	const knownHostsFile = values['known-hosts'] ?? defaultKnownHostsPath();
	const agentSocket = process.env['SSH_AUTH_SOCK'] || undefined;
	const keyFile = () => defaultKeyFiles(values.marker, user).find(candidate => existsSync(candidate));

	let keyPath = values.identity;
	let agent: string | undefined;
	let agentKey: KeyInUse | undefined;
	if (keyPath === undefined && agentSocket !== undefined) {
		const probe = await probeAgent(agentSocket);
		const reason = probe.status === 'dead' ? probe.reason : probe.keys.length === 0 ? 'it holds no keys' : undefined;
		if (reason === undefined && probe.status === 'ok') {
			agent = agentSocket;
			const best = probe.keys.find(key => keyFitnessForAsapp(key).fit) ?? probe.keys[0]!;
			agentKey = {source: `the ssh-agent's key ${best.fingerprint}`, type: best.type, bits: best.bits, fingerprint: best.fingerprint};
		} else {
			// As OpenSSH does: an agent that cannot help is passed over for the key file.
			keyPath = keyFile();
			if (keyPath === undefined) {
				const error = agentError(agentSocket, new Error(reason));
				throw new AppError(error.code, error.message, {hint: 'Start your ssh-agent and add your key (ssh-add), unset SSH_AUTH_SOCK, or give your private key with --identity FILE.', cause: error});
			}

			process.stderr.write(`Note: the ssh-agent at ${agentSocket} (SSH_AUTH_SOCK) cannot be used (${reason}); using the key file ${keyPath} instead.\n`);
		}
	}

	if (keyPath === undefined && agent === undefined) {
		keyPath = keyFile();
		if (keyPath === undefined) {
			throw new AppError('no-identity', 'No private key to log in with: no --identity, no ssh-agent (SSH_AUTH_SOCK) and no key file in ~/.ssh.', {
				hint: 'Give your private key with --identity FILE (asapp-sftp keygen makes one).',
			});
		}
	}

	const identity = keyPath === undefined ? undefined : await loadIdentity(keyPath, async () => askPassphrase(keyPath));
	const key: KeyInUse | undefined = identity ? {source: identity.keyPath, type: identity.type, bits: identity.bits, fingerprint: identity.fingerprint} : agentKey;
	warnAboutKey(key);
	const verbose = values.verbose ?? false;
	const acceptNew = values['accept-new-host-key'] ?? false;
	// One Ctrl-C cancels the connection at whatever stage it is (and the transfer after it).
	const cancel = cancelOnSignal();
	const options: ConnectOptions = {
		host,
		port,
		user,
		privateKey: identity?.privateKey,
		passphrase: identity?.passphrase,
		keyPath: identity?.keyPath,
		keyFingerprint: identity?.fingerprint,
		agent,
		knownHostsFile,
		signal: cancel.signal,
		debug: verbose ? line => process.stderr.write(`debug: ${line}\n`) : undefined,
		async onUnknownHostKey(info) {
			if (acceptNew) {
				process.stderr.write(`Warning: recorded the new host key of ${info.host} (${info.keyType} ${info.fingerprint}) in ${info.knownHostsFile}.\n`);
			}

			return acceptNew;
		},
	};
	const flags = [
		...(values.host === undefined ? [] : ['--host', values.host]),
		...(values.port === undefined ? [] : ['--port', String(port)]),
		...(values.marker === undefined ? ['--user', user] : ['--marker', values.marker]),
		...(values.identity === undefined ? [] : ['-i', values.identity]),
		...(values['known-hosts'] === undefined ? [] : ['--known-hosts', values['known-hosts']]),
	];
	return {options, identity, key, server: {host, port, user}, flags, connect: async () => openSftpSession(options)};
}
