import {createHmac, randomBytes} from 'node:crypto';
import {appendFile, mkdir, open, readFile} from 'node:fs/promises';
import {homedir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {errnoCode} from '../app-error.js';
import {globExpression} from '../glob.js';
import {fingerprintOfBlob} from '../keys/public-key.js';

/** `~/.ssh/known_hosts`, the file OpenSSH reads and writes by default. */
export function defaultKnownHostsPath(): string {
	return path.join(homedir(), '.ssh', 'known_hosts');
}

/**
 * The system-wide file OpenSSH reads after the user's (GlobalKnownHostsFile). Read only,
 * never written. `ASAPP_SFTP_GLOBAL_KNOWN_HOSTS` points elsewhere (tests cannot write /etc).
 */
export function defaultGlobalKnownHostsPath(): string {
	return process.env['ASAPP_SFTP_GLOBAL_KNOWN_HOSTS'] ?? '/etc/ssh/ssh_known_hosts';
}

/** The name OpenSSH looks up: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
	return port === 22 ? host.toLowerCase() : `[${host.toLowerCase()}]:${port}`;
}

export type KnownHostEntry = {
	/** 1-based line number in the file, for messages that point a person at it. */
	line: number;
	marker: 'revoked' | 'cert-authority' | undefined;
	keyType: string;
	key: Buffer;
};

export type HostKeyCheck =
	| {status: 'known'; file: string; line: number}
	| {status: 'unknown'; file: string; knownTypes: string[]}
	| {status: 'changed'; file: string; line: number; knownType: string; knownFingerprint: string}
	| {status: 'revoked'; file: string; line: number};

function wildcardMatch(text: string, pattern: string): boolean {
	return globExpression(pattern).test(text);
}

function hashedMatch(name: string, field: string): boolean {
	// |1|base64(salt)|base64(HMAC-SHA1(salt, name))
	const parts = field.split('|');
	if (parts.length !== 4 || parts[1] !== '1') {
		return false;
	}

	const salt = Buffer.from(parts[2]!, 'base64');
	const expected = createHmac('sha1', salt).update(name).digest('base64');
	return expected === parts[3];
}

/** OpenSSH's rule for a host field: comma-separated patterns, `!` negates and wins. */
export function hostFieldMatches(field: string, name: string): boolean {
	if (field.startsWith('|')) {
		return hashedMatch(name, field);
	}

	let matched = false;
	for (const raw of field.split(',')) {
		const negated = raw.startsWith('!');
		const pattern = (negated ? raw.slice(1) : raw).toLowerCase();
		if (wildcardMatch(name, pattern)) {
			if (negated) {
				return false;
			}

			matched = true;
		}
	}

	return matched;
}

/** Entries in known_hosts text that apply to `name` (see knownHostsName). */
export function entriesForHost(text: string, name: string): KnownHostEntry[] {
	const entries: KnownHostEntry[] = [];
	const lines = text.split('\n');
	for (const [index, rawLine] of lines.entries()) {
		const trimmed = rawLine.trim();
		if (trimmed === '' || trimmed.startsWith('#')) {
			continue;
		}

		const fields = trimmed.split(/\s+/);
		let marker: KnownHostEntry['marker'];
		if (fields[0] === '@revoked' || fields[0] === '@cert-authority') {
			marker = fields[0] === '@revoked' ? 'revoked' : 'cert-authority';
			fields.shift();
		}

		const [hosts, keyType, keyBase64] = fields;
		if (hosts === undefined || keyType === undefined || keyBase64 === undefined || !/^[A-Za-z0-9+/]+=*$/.test(keyBase64)) {
			continue;
		}

		if (hostFieldMatches(hosts, name)) {
			entries.push({line: index + 1, marker, keyType, key: Buffer.from(keyBase64, 'base64')});
		}
	}

	return entries;
}

async function readKnownHosts(file: string): Promise<string> {
	try {
		return await readFile(file, 'utf8');
	} catch (error) {
		if (errnoCode(error) === 'ENOENT') {
			return '';
		}

		throw error;
	}
}

/** The wire type of a key blob (its first SSH string), e.g. `ssh-ed25519`. */
export function keyTypeOfBlob(blob: Buffer): string {
	if (blob.length < 4) {
		return '';
	}

	const length = blob.readUInt32BE(0);
	return blob.subarray(4, 4 + length).toString('latin1');
}

/** Entries for a host from several files, each carrying the file it came from. */
async function entriesInFiles(files: string[], host: string, port: number): Promise<Array<KnownHostEntry & {file: string}>> {
	const name = knownHostsName(host, port);
	// The user's file (first) must be readable, as it may be written; a system-wide file that
	// cannot be read is skipped, as OpenSSH does.
	const texts = await Promise.all(files.map(async (file, index) => index === 0 ? readKnownHosts(file) : readKnownHosts(file).catch(() => '')));
	return files.flatMap((file, index) => entriesForHost(texts[index]!, name).map(entry => ({...entry, file})));
}

/**
 * Judges the key a server presented against known_hosts files, as OpenSSH does with the
 * user's file and the system-wide one: a key marked @revoked in any file is refused; a
 * matching entry in any file is known; an entry for the host with another key of the same
 * type (or any entry at all when none has this key's type) means the key changed. A pin
 * in either file is never overridden by a new key.
 */
export async function checkHostKey(fileOrFiles: string | string[], host: string, port: number, key: Buffer): Promise<HostKeyCheck> {
	const files = typeof fileOrFiles === 'string' ? [fileOrFiles] : fileOrFiles;
	const entries = await entriesInFiles(files, host, port);
	const revoked = entries.find(entry => entry.marker === 'revoked' && entry.key.equals(key));
	if (revoked) {
		return {status: 'revoked', file: revoked.file, line: revoked.line};
	}

	const plain = entries.filter(entry => entry.marker === undefined);
	const match = plain.find(entry => entry.key.equals(key));
	if (match) {
		return {status: 'known', file: match.file, line: match.line};
	}

	const type = keyTypeOfBlob(key);
	const changed = plain.find(entry => entry.keyType === type) ?? plain[0];
	if (changed) {
		return {status: 'changed', file: changed.file, line: changed.line, knownType: changed.keyType, knownFingerprint: fingerprintOfBlob(changed.key)};
	}

	return {status: 'unknown', file: files[0] ?? '', knownTypes: []};
}

/**
 * Key types already recorded for a host in any of the files, so the connection asks the
 * server for one of those first: a server that gains a key of a new type is then still
 * matched against the key that is pinned.
 */
export async function knownKeyTypes(fileOrFiles: string | string[], host: string, port: number): Promise<string[]> {
	const files = typeof fileOrFiles === 'string' ? [fileOrFiles] : fileOrFiles;
	const entries = await entriesInFiles(files, host, port);
	return [...new Set(entries.filter(entry => entry.marker === undefined).map(entry => entry.keyType))];
}

/**
 * Appends `[host]:port type base64` (or hashed, `|1|salt|hash`) as OpenSSH would, creating
 * ~/.ssh (0700) and the file (0600) if needed. Returns the new line's number.
 */
export async function addKnownHost(file: string, host: string, port: number, key: Buffer, options: {hashed?: boolean} = {}): Promise<number> {
	await mkdir(path.dirname(file), {recursive: true, mode: 0o700});
	const existing = await readKnownHosts(file);
	const name = knownHostsName(host, port);
	let field = name;
	if (options.hashed) {
		const salt = randomBytes(20);
		field = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
	}

	const separator = existing === '' || existing.endsWith('\n') ? '' : '\n';
	const handle = await open(file, 'a', 0o600);
	await handle.close();
	await appendFile(file, `${separator}${field} ${keyTypeOfBlob(key)} ${key.toString('base64')}\n`);
	const lines = (existing + separator).split('\n').length;
	return existing === '' ? 1 : lines;
}
