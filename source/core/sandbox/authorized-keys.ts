import {appendFile, mkdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import ssh2, {type ParsedKey} from 'ssh2';
import {AppError, errnoCode} from '../app-error.js';
import {defaultSandboxPaths} from './sandbox-paths.js';

export type AuthorizedKey = {
	/** The key's wire-format blob, compared byte for byte with what a client offers. */
	blob: Buffer;
	/** For checking the client's signature. */
	key: ParsedKey;
};

const keyLinePattern = /^(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp(?:256|384|521))\s+([A-Za-z0-9+/]+=*)(?:\s.*)?$/;

function parsePublicKeyLine(line: string): AuthorizedKey | undefined {
	const match = keyLinePattern.exec(line.trim());
	if (!match) {
		return undefined;
	}

	const parsed = ssh2.utils.parseKey(`${match[1]} ${match[2]}`);
	const key = Array.isArray(parsed) ? parsed[0] : parsed;
	if (!key || key instanceof Error || key.type !== match[1]) {
		return undefined;
	}

	return {blob: key.getPublicSSH(), key};
}

/**
 * The keys allowed to log in. Lines with OpenSSH options (`from=...`, `command=...`) are
 * skipped rather than honoured half-way: this server implements none of them.
 * A missing file means nobody can log in.
 */
export async function readAuthorizedKeys(file: string): Promise<AuthorizedKey[]> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		if (errnoCode(error) === 'ENOENT') {
			return [];
		}

		throw error;
	}

	const keys: AuthorizedKey[] = [];
	for (const line of text.split(/\r?\n/)) {
		const key = parsePublicKeyLine(line);
		if (key) {
			keys.push(key);
		}
	}

	return keys;
}

/**
 * Allows a public key (one OpenSSH line, as in a `.pub` file) to log in to the practice
 * server. Adding a key that is already there changes nothing; the file is only appended to.
 */
export async function authorizeSandboxKey(publicKeyLine: string, authorizedKeysFile = defaultSandboxPaths().authorizedKeysFile): Promise<void> {
	const firstLine = publicKeyLine.split(/\r?\n/).find(line => line.trim() !== '') ?? '';
	const wanted = parsePublicKeyLine(firstLine);
	if (!wanted) {
		throw new AppError('sandbox-key-unreadable', 'This is not an OpenSSH public key line, so it cannot be allowed on the practice server.', {
			hint: 'Give the contents of the .pub file: "ssh-rsa AAAA... comment".',
		});
	}

	const existing = await readAuthorizedKeys(authorizedKeysFile);
	if (existing.some(key => key.blob.equals(wanted.blob))) {
		return;
	}

	await mkdir(path.dirname(authorizedKeysFile), {recursive: true, mode: 0o700});
	let needsNewline = false;
	try {
		const text = await readFile(authorizedKeysFile, 'utf8');
		needsNewline = text.length > 0 && !text.endsWith('\n');
	} catch (error) {
		if (errnoCode(error) !== 'ENOENT') {
			throw error;
		}
	}

	await appendFile(authorizedKeysFile, `${needsNewline ? '\n' : ''}${firstLine.trim()}\n`, {mode: 0o600});
}
