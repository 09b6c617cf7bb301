import {AppError, errnoCode, type ErrorCode, type NextAction} from '../app-error.js';
import {sftpStatus} from './sftp-status.js';

/**
 * What a person does about a refused host key, as data each face words itself: remove one
 * line of a known_hosts file, only once ASAPP confirmed the key. `managedBySystem` says the
 * file is the system-wide one (an administrator edits it; this tool never writes it).
 */
export type KnownHostsLineFix = {file: string; line: number; managedBySystem: boolean};

/** The server presented a key other than the one recorded for it, or a revoked one: never connect. */
export class HostKeyMismatchError extends AppError {
	readonly host: string;
	readonly port: number;
	readonly presentedFingerprint: string;
	readonly knownFingerprint: string;
	readonly knownHostsFile: string;
	readonly knownHostsLine: number;
	readonly revoked: boolean;
	readonly fix: KnownHostsLineFix;

	constructor(details: {host: string; port: number; presentedFingerprint: string; knownFingerprint: string; knownHostsFile: string; knownHostsLine: number; revoked?: boolean; managedBySystem?: boolean}) {
		const where = `${details.knownHostsFile}:${details.knownHostsLine}`;
		const revoked = details.revoked ?? false;
		const managedBySystem = details.managedBySystem ?? false;
		const message = revoked
			? [
				`THE HOST KEY OF ${details.host} (port ${details.port}) IS MARKED REVOKED. Nothing was transferred.`,
				`  The server presented: ${details.presentedFingerprint}`,
				`  revoked at:           ${where}`,
			].join('\n')
			: [
				`THE HOST KEY OF ${details.host} (port ${details.port}) HAS CHANGED (REMOTE HOST IDENTIFICATION HAS CHANGED). Nothing was transferred.`,
				`  The server presented: ${details.presentedFingerprint}`,
				`  known_hosts expects:  ${details.knownFingerprint} (${where})`,
				'  Someone may be intercepting the connection, or the server was rebuilt.',
			].join('\n');
		super('host-key-changed', message, {hint: hostKeyFixHint({revoked, managedBySystem, file: details.knownHostsFile, line: details.knownHostsLine, host: details.host, port: details.port, presented: details.presentedFingerprint})});
		this.name = 'HostKeyMismatchError';
		this.host = details.host;
		this.port = details.port;
		this.presentedFingerprint = details.presentedFingerprint;
		this.knownFingerprint = details.knownFingerprint;
		this.knownHostsFile = details.knownHostsFile;
		this.knownHostsLine = details.knownHostsLine;
		this.revoked = revoked;
		this.fix = {file: details.knownHostsFile, line: details.knownHostsLine, managedBySystem};
	}
}

/**
 * Advice that works when followed. `ssh-keygen -R` removes a host's plain lines but leaves
 * `@revoked` lines in place, so a revoked key is fixed only by deleting that very line; a
 * changed key's old line goes with `ssh-keygen -R` (which writes a .old backup).
 */
function hostKeyFixHint(details: {revoked: boolean; managedBySystem: boolean; file: string; line: number; host: string; port: number; presented: string}): string {
	const where = `line ${details.line} of ${details.file}`;
	const owner = details.managedBySystem ? ' That file is the system-wide one: ask your administrator to edit it.' : '';
	if (details.revoked) {
		return `Ask ASAPP whether ${details.presented} is still their server's key. Only if they confirm it, delete ${where} (the line starting with @revoked; ssh-keygen -R does not remove it) and connect again.${owner}`;
	}

	const name = details.port === 22 ? details.host : `[${details.host}]:${details.port}`;
	const remove = details.managedBySystem ? `remove ${where}` : `remove ${where} (ssh-keygen -R "${name}" -f ${details.file})`;
	return `Ask ASAPP whether the server key changed. Only if they confirm the new fingerprint ${details.presented}, ${remove} and connect again.${owner}`;
}

/** The server is not in known_hosts and nobody agreed to trust it. */
export class HostKeyUnknownError extends AppError {
	readonly host: string;
	readonly port: number;
	readonly fingerprint: string;
	readonly knownHostsFile: string;

	constructor(details: {host: string; port: number; fingerprint: string; knownHostsFile: string}) {
		super('host-key-unknown', `${details.host} (port ${details.port}) is not in ${details.knownHostsFile}; its host key ${details.fingerprint} was not trusted, so nothing was transferred.`, {
			hint: 'Compare that fingerprint with the one ASAPP publishes; trust it only if they match (or you trust this first connection).',
			next: {kind: 'accept-host-key'},
		});
		this.name = 'HostKeyUnknownError';
		this.host = details.host;
		this.port = details.port;
		this.fingerprint = details.fingerprint;
		this.knownHostsFile = details.knownHostsFile;
	}
}

export type ConnectContext = {
	host: string;
	port: number;
	user: string;
	/** SHA256 fingerprint of the key offered, for the auth-refused message. */
	keyFingerprint?: string;
	keyPath?: string;
	usedAgent?: boolean;
};

type Rule = {
	test(error: unknown, code: string | undefined, message: string): boolean;
	make(context: ConnectContext, error: unknown): AppError;
};

function levelOf(error: unknown): string | undefined {
	if (typeof error === 'object' && error !== null && 'level' in error) {
		const {level} = error as {level: unknown};
		return typeof level === 'string' ? level : undefined;
	}

	return undefined;
}

/**
 * Every connection failure a person can act on, in one table: the first rule that
 * matches turns the raw error into what failed, why, and what to do next.
 */
const connectRules: Rule[] = [
	{
		test: (_error, code) => code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME' || code === 'EAI_FAIL',
		make: (context, error) => new AppError('dns-failed', `The name ${context.host} could not be resolved (DNS lookup failed).`, {
			hint: 'Check the host name and your internet connection or DNS settings; a company proxy or VPN may be needed.',
			cause: error,
		}),
	},
	{
		test: (_error, code) => code === 'ECONNREFUSED',
		make: (context, error) => new AppError('connection-refused', `${context.host} refused a connection on port ${context.port}.`, {
			hint: `Open port ${context.port} outbound to ${context.host} in your firewall, or check the server's address and port.`,
			next: {kind: 'check-address', host: context.host, port: context.port},
			cause: error,
		}),
	},
	{
		test: (_error, code) => code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ENETDOWN',
		make: (context, error) => new AppError('network-unreachable', `${context.host} cannot be reached from this machine (no network route).`, {
			hint: `Check your network connection; open port ${context.port} outbound to ${context.host}.`,
			cause: error,
		}),
	},
	{
		test: (error, code, message) => code === 'ETIMEDOUT' || levelOf(error) === 'client-timeout' || /timed out/i.test(message),
		make: (context, error) => new AppError('connection-timeout', `No answer from ${context.host} on port ${context.port} (timed out).`, {
			hint: `Port ${context.port} is probably blocked: open port ${context.port} outbound to ${context.host} in your firewall.`,
			cause: error,
		}),
	},
	{
		test: error => levelOf(error) === 'client-authentication',
		make: (context, error) => new AppError('auth-refused', `The server refused to log in ${context.user}${context.keyFingerprint ? ` with the key ${context.keyFingerprint}` : context.usedAgent ? ' with the keys in your ssh-agent' : ''}.`, {
			hint: context.keyFingerprint
				? `ASAPP may not have installed your public key yet, or this is not the key you sent: its fingerprint is ${context.keyFingerprint}${context.keyPath ? ` (${context.keyPath})` : ''}. Check the user name (sftp<marker>) too.`
				: 'Give the private key ASAPP installed with --identity FILE, and check the user name (sftp<marker>).',
			cause: error,
		}),
	},
	{
		test: (_error, code, message) => code === 'ECONNRESET' || code === 'EPIPE' || /connection lost|socket hang up|closed/i.test(message),
		make: (context, error) => new AppError('connection-lost', `The connection to ${context.host} was closed unexpectedly.`, {
			hint: 'Check your network and try again; if it happens before login, a firewall may be filtering SSH.',
			cause: error,
		}),
	},
	{
		test: error => levelOf(error) === 'protocol' || levelOf(error) === 'handshake',
		make: (context, error) => new AppError('ssh-handshake-failed', `The SSH handshake with ${context.host} failed: ${error instanceof Error ? error.message : String(error)}.`, {
			hint: 'Check that the host and port point at an SFTP server.',
			next: {kind: 'show-log'},
			cause: error,
		}),
	},
];

/** Turns a connection-time failure into an AppError (already-typed errors pass through). */
export function connectError(error: unknown, context: ConnectContext): AppError {
	if (error instanceof AppError) {
		return error;
	}

	const message = error instanceof Error ? error.message : String(error);
	const code = errnoCode(error);
	for (const rule of connectRules) {
		if (rule.test(error, code, message)) {
			return rule.make(context, error);
		}
	}

	return new AppError('connection-failed', `Could not connect to ${context.host}:${context.port}: ${message}.`, {
		next: {kind: 'show-log'},
		cause: error,
	});
}


export type SftpOperation = 'list' | 'stat' | 'mkdir' | 'open' | 'read' | 'write' | 'close' | 'remove' | 'rmdir' | 'realpath';

/** An SFTP request failed: carries the operation, the remote path and the status code. */
export class SftpOperationError extends AppError {
	readonly operation: SftpOperation;
	readonly remotePath: string;
	readonly status: number | undefined;

	constructor(code: ErrorCode, message: string, details: {operation: SftpOperation; remotePath: string; status: number | undefined; hint?: string; cause?: unknown; next?: NextAction}) {
		super(code, message, {hint: details.hint, cause: details.cause, next: details.next});
		this.name = 'SftpOperationError';
		this.operation = details.operation;
		this.remotePath = details.remotePath;
		this.status = details.status;
	}
}

const verbs: Record<SftpOperation, string> = {
	list: 'list', stat: 'look up', mkdir: 'create the folder', open: 'open', read: 'read', write: 'write', close: 'finish writing', remove: 'remove', rmdir: 'remove the folder', realpath: 'resolve',
};

/** Turns an ssh2 SFTP error into an SftpOperationError a person can act on. */
export function sftpError(error: unknown, operation: SftpOperation, remotePath: string): AppError {
	if (error instanceof AppError) {
		return error;
	}

	const raw = typeof error === 'object' && error !== null && 'code' in error ? (error as {code: unknown}).code : undefined;
	const status = typeof raw === 'number' ? raw : undefined;
	const message = error instanceof Error ? error.message : String(error);
	const what = `Could not ${verbs[operation]} ${remotePath} on the server`;
	switch (status) {
		case sftpStatus.NO_SUCH_FILE: {
			return new SftpOperationError('no-such-file', `${what}: no such file or folder.`, {operation, remotePath, status, cause: error, hint: 'Check the path with "asapp-sftp ls": files for ASAPP go under in/, files from ASAPP are in out/.'});
		}

		case sftpStatus.PERMISSION_DENIED: {
			return new SftpOperationError('permission-denied', `${what}: permission denied.`, {operation, remotePath, status, cause: error, hint: 'Files for ASAPP go under in/; out/ is for files from ASAPP.'});
		}

		case sftpStatus.OP_UNSUPPORTED: {
			return new SftpOperationError('unsupported', `${what}: the server does not support this operation.`, {operation, remotePath, status, cause: error});
		}

		case sftpStatus.NO_CONNECTION:
		case sftpStatus.CONNECTION_LOST: {
			return new SftpOperationError('connection-lost', `${what}: the connection was lost.`, {operation, remotePath, status, cause: error, hint: 'Check your network and try again.'});
		}

		default: {
			if (/no space|quota|disk full/i.test(message)) {
				return new SftpOperationError('disk-full', `${what}: the server's storage is full.`, {operation, remotePath, status, cause: error, hint: 'Tell ASAPP their SFTP storage is full, or send fewer files.'});
			}

			if (status === undefined && /not connected|no response|closed|ended|reset/i.test(message)) {
				return new SftpOperationError('connection-lost', `${what}: the connection was lost.`, {operation, remotePath, status, cause: error, hint: 'Check your network and try again.'});
			}

			return new SftpOperationError('sftp-failed', `${what}: ${message}.`, {operation, remotePath, status, cause: error, next: {kind: 'show-log'}});
		}
	}
}

/** Local file-system failures during a transfer, in plain words. */
export function localFileError(error: unknown, filePath: string, doing: string): AppError {
	if (error instanceof AppError) {
		return error;
	}

	const code = errnoCode(error);
	switch (code) {
		case 'ENOENT': {
			return new AppError('local-no-such-file', `${filePath}: no such file or folder (${doing}).`, {hint: 'Check the path.', cause: error});
		}

		case 'EACCES':
		case 'EPERM': {
			return new AppError('local-permission-denied', `${filePath}: permission denied (${doing}).`, {hint: 'Check the permissions of the file and its folder.', cause: error});
		}

		case 'ENOSPC':
		case 'EDQUOT': {
			return new AppError('local-disk-full', `${filePath}: the disk is full (${doing}).`, {hint: 'Free some space, or save into another folder.', next: {kind: 'choose-other-folder'}, cause: error});
		}

		default: {
			return new AppError('local-io-failed', `${filePath}: ${error instanceof Error ? error.message : String(error)} (${doing}).`, {cause: error});
		}
	}
}
