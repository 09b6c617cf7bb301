import ssh2 from 'ssh2';
import {AppError} from '../app-error.js';
import {isPuttyKeyV3, puttyKeyV3IsEncrypted, readPuttyKeyV3} from '../keys/putty-key-v3.js';

export type PrivateKeyFormat = 'pem' | 'openssh' | 'ppk';

export type ParsedPrivateKey = {
	format: PrivateKeyFormat;
	encrypted: boolean;
	type: string;
	comment: string;
	publicBlob: Buffer;
};

export class KeyPassphraseNeededError extends AppError {
	constructor(keyPath: string) {
		super('key-passphrase-needed', `${keyPath} is protected by a passphrase.`, {
			hint: 'Enter the passphrase you chose when the key was made.',
		});
		this.name = 'KeyPassphraseNeededError';
	}
}

export class KeyPassphraseWrongError extends AppError {
	constructor(keyPath: string) {
		super('key-passphrase-wrong', `The passphrase does not open ${keyPath}.`, {
			hint: 'Check the passphrase (it is case-sensitive) and try again.',
		});
		this.name = 'KeyPassphraseWrongError';
	}
}

function formatOf(text: string): PrivateKeyFormat | undefined {
	if (text.includes('-----BEGIN OPENSSH PRIVATE KEY-----')) {
		return 'openssh';
	}

	if (/^PuTTY-User-Key-File-\d+:/m.test(text)) {
		return 'ppk';
	}

	if (/-----BEGIN (?:RSA|DSA|EC) PRIVATE KEY-----/.test(text)) {
		return 'pem';
	}

	return undefined;
}

function looksEncrypted(text: string, format: PrivateKeyFormat): boolean {
	switch (format) {
		case 'pem': {
			return /Proc-Type:\s*4,ENCRYPTED/.test(text);
		}

		case 'ppk': {
			return !/^Encryption:\s*none\s*$/m.test(text);
		}

		case 'openssh': {
			// The cipher name sits unencrypted right after the magic; "none" means no passphrase.
			const body = text.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
			const blob = Buffer.from(body, 'base64');
			const cipherLength = blob.readUInt32BE(15);
			return blob.subarray(19, 19 + cipherLength).toString('latin1') !== 'none';
		}
	}
}

/**
 * Reads a private key in PEM (PKCS#1), new OpenSSH or PuTTY format. Throws
 * KeyPassphraseNeededError when the key is encrypted and no passphrase was given.
 */
export function parsePrivateKey(data: Buffer | string, keyPath: string, passphrase?: string): ParsedPrivateKey {
	const text = typeof data === 'string' ? data : data.toString('utf8');
	const format = formatOf(text);
	if (!format) {
		throw new AppError('key-unreadable', `${keyPath} is not a private key this tool can read.`, {
			hint: 'Choose the private key file (not the .pub): PEM, OpenSSH or PuTTY .ppk format.',
		});
	}

	let encrypted: boolean;
	try {
		encrypted = looksEncrypted(text, format);
	} catch {
		encrypted = false;
	}

	if (encrypted && (passphrase === undefined || passphrase === '')) {
		throw new KeyPassphraseNeededError(keyPath);
	}

	const parsed = ssh2.utils.parseKey(text, encrypted ? passphrase : undefined);
	const key = Array.isArray(parsed) ? parsed[0] : parsed;
	if (!key || key instanceof Error) {
		const reason = key instanceof Error ? key.message : 'no key found';
		if (encrypted && /passphrase|decrypt|integrity|malformed/i.test(reason)) {
			throw new KeyPassphraseWrongError(keyPath);
		}

		throw new AppError('key-unreadable', `${keyPath} could not be read as a private key (${reason}).`, {
			hint: 'Choose the private key file (not the .pub) and check it is complete.',
		});
	}

	if (!key.isPrivateKey()) {
		throw new AppError('key-is-public', `${keyPath} is a public key; the private key is needed here.`, {
			hint: 'Choose the file without the .pub ending.',
		});
	}

	return {format, encrypted, type: key.type, comment: key.comment, publicBlob: key.getPublicSSH()};
}

export type ReadPrivateKey = ParsedPrivateKey & {
	/** What ssh2 logs in with: the file as it is, or a PuTTY v3 key re-encoded, unencrypted, in memory. */
	usableKey: Buffer;
	/** The passphrase ssh2 still needs for `usableKey` (none once this tool decrypted it). */
	usablePassphrase: string | undefined;
};

/**
 * parsePrivateKey for every format this tool reads, PuTTY's version 3 included (ssh2 reads
 * only version 2): a v3 key is checked (its MAC), decrypted with its Argon2-derived key when
 * it has a passphrase, and handed on as an OpenSSH key that never touches the disk.
 */
export async function readPrivateKey(data: Buffer, keyPath: string, passphrase?: string): Promise<ReadPrivateKey> {
	const text = data.toString('utf8');
	if (!isPuttyKeyV3(text)) {
		return {...parsePrivateKey(data, keyPath, passphrase), usableKey: data, usablePassphrase: passphrase};
	}

	const encrypted = puttyKeyV3IsEncrypted(text);
	if (encrypted && (passphrase === undefined || passphrase === '')) {
		throw new KeyPassphraseNeededError(keyPath);
	}

	const putty = await readPuttyKeyV3(text, keyPath, passphrase).catch((error: unknown) => {
		throw (error as AppError).code === 'key-passphrase-wrong' ? new KeyPassphraseWrongError(keyPath) : error;
	});

	const usableKey = Buffer.from(putty.openSshPrivateKey, 'utf8');
	const parsed = parsePrivateKey(usableKey, keyPath);
	if (!parsed.publicBlob.equals(putty.publicBlob)) {
		throw new AppError('key-unreadable', `${keyPath}: its private and public parts do not belong together.`, {hint: 'Export the key again from PuTTYgen.'});
	}

	return {...parsed, format: 'ppk', encrypted, comment: putty.comment, usableKey, usablePassphrase: undefined};
}
