import ssh2 from 'ssh2';
import {AppError} from '../app-error.js';

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
