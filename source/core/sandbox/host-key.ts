import {generateKeyPair} from 'node:crypto';
import {mkdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {promisify} from 'node:util';
import ssh2 from 'ssh2';
import {AppError, errnoCode} from '../app-error.js';
import {FileExistsError, writeNewFiles} from '../fs/write-new-files.js';
import {fingerprintOfBlob} from '../keys/public-key.js';

const generateKeyPairAsync = promisify(generateKeyPair);

export type HostKey = {
	/** The private key as PEM text, for ssh2's `hostKeys`. */
	privateKeyPem: string;
	/** `SHA256:...`, as `ssh-keygen -lf` prints it. */
	fingerprint: string;
	/** `ssh-rsa AAAA...`, the part a known_hosts line holds after the host name. */
	publicKeyLine: string;
};

/** 3072 bits: OpenSSH's default RSA size; RSA in PKCS#1 PEM is the format ssh2 reads most reliably. */
const hostKeyBits = 3072;

function describe(privateKeyPem: string, keyPath: string): HostKey {
	const parsed = ssh2.utils.parseKey(privateKeyPem);
	const key = Array.isArray(parsed) ? parsed[0] : parsed;
	if (!key || key instanceof Error || !key.isPrivateKey()) {
		const reason = key instanceof Error ? key.message : 'not a private key';
		throw new AppError('sandbox-host-key-unreadable', `The practice server's host key ${keyPath} cannot be read (${reason}).`, {
			hint: 'Move that file away; a new host key is made at the next start (clients will see a new fingerprint).',
		});
	}

	const blob = key.getPublicSSH();
	return {privateKeyPem, fingerprint: fingerprintOfBlob(blob), publicKeyLine: `${key.type} ${blob.toString('base64')}`};
}

/**
 * Reads the host key, or makes it the first time (mode 0600, never overwriting a file
 * that appeared meanwhile). Keeping it means clients' known_hosts entries stay valid.
 */
export async function loadOrCreateHostKey(keyPath: string): Promise<HostKey> {
	try {
		return describe(await readFile(keyPath, 'utf8'), keyPath);
	} catch (error) {
		if (errnoCode(error) !== 'ENOENT') {
			throw error;
		}
	}

	const {privateKey} = await generateKeyPairAsync('rsa', {
		modulusLength: hostKeyBits,
		publicKeyEncoding: {type: 'pkcs1', format: 'pem'},
		privateKeyEncoding: {type: 'pkcs1', format: 'pem'},
	});
	await mkdir(path.dirname(keyPath), {recursive: true, mode: 0o700});
	try {
		await writeNewFiles([{path: keyPath, data: privateKey, mode: 0o600}], 'Another start made the host key first.');
	} catch (error) {
		if (!(error instanceof FileExistsError)) {
			throw error;
		}

		// Two starts raced: keep the key that won, so both serve the same identity.
		return describe(await readFile(keyPath, 'utf8'), keyPath);
	}

	return describe(privateKey, keyPath);
}
