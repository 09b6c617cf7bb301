import {chmod, mkdir, stat} from 'node:fs/promises';
import {homedir} from 'node:os';
import path from 'node:path';
import {errnoCode} from '../app-error.js';
import {FileExistsError, pathExists, writeNewFiles} from '../fs/write-new-files.js';
import {generateRsaKey, keyCancelledError, requiredRsaBits} from './generate-key.js';
import {userNameForMarker} from './marker.js';
import type {PublicKeyInfo} from './public-key.js';

export type KeyFiles = {
	privateKey: string;
	publicKey: string;
	ppk: string | undefined;
};

export type CreatedKey = KeyFiles & {
	info: PublicKeyInfo;
	encrypted: boolean;
	/** True when the path was chosen by us rather than given. */
	defaultPath: boolean;
};

export function sshDirectory(home = homedir()): string {
	return path.join(home, '.ssh');
}

/**
 * The guide allows `~/.ssh/id_rsa` only when it is free; a name that says what the key is
 * for is clearer and never collides with the key a user already has for other servers.
 */
export function defaultKeyPath(marker: string, home = homedir()): string {
	return path.join(sshDirectory(home), `asapp_${userNameForMarker(marker)}_rsa`);
}

export function keyFilesFor(privateKeyPath: string, withPpk: boolean): KeyFiles {
	return {privateKey: privateKeyPath, publicKey: `${privateKeyPath}.pub`, ppk: withPpk ? `${privateKeyPath}.ppk` : undefined};
}

const overwriteHint = 'Nothing was overwritten. Use the existing key, or choose another file name.';

/** Throws FileExistsError naming the first of the key's files that already exists. */
export async function assertKeyFilesFree(files: KeyFiles): Promise<void> {
	for (const candidate of [files.privateKey, files.publicKey, files.ppk]) {
		if (candidate !== undefined && await pathExists(candidate)) {
			throw new FileExistsError(candidate, overwriteHint);
		}
	}
}

/** Creates `~/.ssh` as OpenSSH expects it (0700) when it is missing; leaves an existing one alone. */
async function ensureSshDirectory(directory: string): Promise<void> {
	try {
		await stat(directory);
	} catch (error) {
		if (errnoCode(error) !== 'ENOENT') {
			throw error;
		}

		await mkdir(directory, {recursive: true, mode: 0o700});
		await chmod(directory, 0o700);
	}
}

/**
 * Makes a new RSA 4096 key for `sftp<marker>` and writes it: private PEM (0600), `.pub`
 * (0644) and optionally `.ppk` (0600). Never replaces an existing file: the check runs
 * before the (slow) generation and again, atomically, when each file is published.
 */
export async function createKeyFiles(options: {
	marker: string;
	privateKeyPath?: string;
	passphrase?: string;
	ppk?: boolean;
	home?: string;
	/** Cancels: nothing is written, or what was written is removed again. */
	signal?: AbortSignal;
}): Promise<CreatedKey> {
	const comment = userNameForMarker(options.marker);
	const home = options.home ?? homedir();
	const defaultPath = options.privateKeyPath === undefined;
	const privateKeyPath = path.resolve(options.privateKeyPath ?? defaultKeyPath(options.marker, home));
	const files = keyFilesFor(privateKeyPath, options.ppk ?? false);
	await assertKeyFilesFree(files);

	const directory = path.dirname(privateKeyPath);
	if (directory === sshDirectory(home)) {
		await ensureSshDirectory(directory);
	} else {
		await mkdir(directory, {recursive: true});
	}

	const key = await generateRsaKey({comment, passphrase: options.passphrase, bits: requiredRsaBits, signal: options.signal});
	await writeNewFiles([
		{path: files.privateKey, data: key.privatePem, mode: 0o600},
		{path: files.publicKey, data: `${key.publicKey.openSshLine}\n`, mode: 0o644},
		...(files.ppk === undefined ? [] : [{path: files.ppk, data: key.ppk, mode: 0o600}]),
	], overwriteHint, {signal: options.signal, cancelledError: keyCancelledError});
	return {...files, info: key.publicKey, encrypted: (options.passphrase ?? '') !== '', defaultPath};
}
