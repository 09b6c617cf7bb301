import {existsSync} from 'node:fs';
import process from 'node:process';
import {AppError} from '../../core/app-error.js';
import {asappServer} from '../../core/config/asapp-server.js';
import {defaultKeyPath} from '../../core/keys/create-key-files.js';
import {userNameForMarker} from '../../core/keys/marker.js';
import {loadIdentity, type LoadedIdentity} from '../../core/ssh/identity.js';
import {defaultKnownHostsPath} from '../../core/ssh/known-hosts.js';
import {openSftpSession, type ConnectOptions, type SftpSession} from '../../core/ssh/sftp-session.js';
import type {ServerIdentity} from '../../core/transfer/upload-journal.js';
import {parsePort} from './parse-port.js';
import {promptSecret} from './prompt-secret.js';
import {UsageError} from './usage-error.js';

export const defaultHost = asappServer.host;

/** The flags every connecting command takes, for parseFlags. */
export const connectionFlags = {
	host: {type: 'string'},
	port: {type: 'string'},
	user: {type: 'string'},
	marker: {type: 'string'},
	identity: {type: 'string', short: 'i'},
	'known-hosts': {type: 'string'},
	'accept-new-host-key': {type: 'boolean'},
	verbose: {type: 'boolean', short: 'v'},
} as const;

export const connectionHelp = `Connection:
  --host HOST             server (default ${defaultHost})
  --port PORT             port (default 22)
  --marker MARKER         your company marker; the user is sftp<MARKER>
  --user USER             the user name, instead of --marker
  -i, --identity FILE     private key (default: the ssh-agent when SSH_AUTH_SOCK is set,
                          else ~/.ssh/asapp_sftp<MARKER>_rsa from keygen)
  --known-hosts FILE      known_hosts file (default ~/.ssh/known_hosts)
  --accept-new-host-key   trust and record the server's key on first contact
                          (like StrictHostKeyChecking=accept-new); a changed key is
                          always refused
  -v, --verbose           show the SSH protocol log on stderr

An encrypted key's passphrase is asked on a terminal, else read from ASAPP_SFTP_PASSPHRASE.`;

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

export type Connection = {
	options: ConnectOptions;
	/** host, port and user: whose unfinished uploads the journal holds. */
	server: ServerIdentity;
	/** The connection flags as given, to repeat in a command we suggest (rm, put). */
	flags: string[];
	identity: LoadedIdentity | undefined;
	/** Opens a new session with these options (also used to reconnect). */
	connect: () => Promise<SftpSession>;
};

async function askPassphrase(keyPath: string): Promise<string | undefined> {
	if (process.stdin.isTTY && process.stderr.isTTY) {
		return promptSecret(`Passphrase for ${keyPath}: `);
	}

	return process.env['ASAPP_SFTP_PASSPHRASE'];
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
	const agent = process.env['SSH_AUTH_SOCK'];

	let keyPath = values.identity;
	if (keyPath === undefined && !agent && values.marker !== undefined && existsSync(defaultKeyPath(values.marker))) {
		keyPath = defaultKeyPath(values.marker);
	}

	if (keyPath === undefined && !agent) {
		throw new AppError('no-identity', 'No private key to log in with: no --identity and no ssh-agent (SSH_AUTH_SOCK).', {
			hint: 'Give your private key with --identity FILE (asapp-sftp keygen makes one).',
		});
	}

	const identity = keyPath === undefined ? undefined : await loadIdentity(keyPath, async () => askPassphrase(keyPath));
	const verbose = values.verbose ?? false;
	const acceptNew = values['accept-new-host-key'] ?? false;
	const options: ConnectOptions = {
		host,
		port,
		user,
		privateKey: identity?.privateKey,
		passphrase: identity?.passphrase,
		keyPath: identity?.keyPath,
		keyFingerprint: identity?.fingerprint,
		agent: identity ? undefined : agent,
		knownHostsFile,
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
	return {options, identity, server: {host, port, user}, flags, connect: async () => openSftpSession(options)};
}
