import {createDecipheriv, createHmac, randomBytes, timingSafeEqual} from 'node:crypto';
import {argon2d, argon2i, argon2id} from 'hash-wasm';
import {AppError} from '../app-error.js';

/**
 * PuTTY's key format version 3 (puttygen's default since 0.75), read here because ssh2 reads
 * only version 2. Layout, from PuTTY's documentation (sshpubk.c):
 *
 *   PuTTY-User-Key-File-3: <algorithm>
 *   Encryption: none | aes256-cbc
 *   Comment: <text>
 *   Public-Lines: N, then N lines of base64 (the public key blob)
 *   Key-Derivation: Argon2id | Argon2i | Argon2d   (encrypted only, with the four below)
 *   Argon2-Memory: KiB, Argon2-Passes, Argon2-Parallelism, Argon2-Salt: hex
 *   Private-Lines: N, then N lines of base64 (the private blob, encrypted or not)
 *   Private-MAC: hex HMAC-SHA-256
 *
 * When encrypted, Argon2 turns the passphrase into 80 bytes: the AES-256-CBC key (32), its
 * IV (16) and the MAC key (32); unencrypted, the MAC key is empty. The MAC covers the
 * algorithm, encryption, comment, public blob and decrypted private blob, each as an SSH
 * string, so a wrong passphrase and a damaged file are both caught before the key is used.
 */

export type PuttyKeyV3 = {
	algorithm: string;
	encrypted: boolean;
	comment: string;
	publicBlob: Buffer;
	/** The same key as an unencrypted OpenSSH private key (PEM text), which ssh2 reads. */
	openSshPrivateKey: string;
};

export class PuttyKeyCorruptError extends AppError {
	constructor(keyPath: string, detail: string) {
		super('key-unreadable', `${keyPath} is a PuTTY key file that is damaged or incomplete (${detail}).`, {
			hint: 'Export the key again from PuTTYgen, or use the original file.',
		});
		this.name = 'PuttyKeyCorruptError';
	}
}

export function isPuttyKeyV3(text: string): boolean {
	return /^PuTTY-User-Key-File-3:/.test(text.trimStart());
}

/** Whether a version 3 file is encrypted, read from its header alone. */
export function puttyKeyV3IsEncrypted(text: string): boolean {
	return !/^Encryption:\s*none\s*$/m.test(text);
}

type Fields = {header: Map<string, string>; publicBlob: Buffer; privateBlob: Buffer};

function parseFields(text: string, keyPath: string): Fields {
	const lines = text.replaceAll('\r\n', '\n').split('\n');
	const header = new Map<string, string>();
	let publicBlob: Buffer | undefined;
	let privateBlob: Buffer | undefined;
	for (let index = 0; index < lines.length; index++) {
		const line = lines[index]!;
		if (line.trim() === '') {
			continue;
		}

		const match = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
		if (!match) {
			throw new PuttyKeyCorruptError(keyPath, `unexpected line ${index + 1}`);
		}

		const [, name, value] = match as unknown as [string, string, string];
		if (name === 'Public-Lines' || name === 'Private-Lines') {
			const count = Number(value);
			if (!Number.isInteger(count) || count < 0 || index + count >= lines.length) {
				throw new PuttyKeyCorruptError(keyPath, `bad ${name}`);
			}

			const blob = Buffer.from(lines.slice(index + 1, index + 1 + count).join(''), 'base64');
			if (name === 'Public-Lines') {
				publicBlob = blob;
			} else {
				privateBlob = blob;
			}

			index += count;
			continue;
		}

		header.set(name, value.trim());
	}

	if (!publicBlob || !privateBlob || !header.has('Private-MAC')) {
		throw new PuttyKeyCorruptError(keyPath, 'a section is missing');
	}

	return {header, publicBlob, privateBlob};
}

function sshString(data: Buffer | string): Buffer {
	const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
	const length = Buffer.alloc(4);
	length.writeUInt32BE(bytes.length);
	return Buffer.concat([length, bytes]);
}

/** Reads the SSH strings of a blob in order; throws when one runs past the end. */
function sshStrings(blob: Buffer, count: number): Buffer[] {
	const fields: Buffer[] = [];
	let offset = 0;
	for (let index = 0; index < count; index++) {
		if (offset + 4 > blob.length) {
			throw new Error('blob too short');
		}

		const length = blob.readUInt32BE(offset);
		offset += 4;
		if (offset + length > blob.length) {
			throw new Error('blob too short');
		}

		fields.push(blob.subarray(offset, offset + length));
		offset += length;
	}

	return fields;
}

const argon2Variants = {Argon2id: argon2id, Argon2i: argon2i, Argon2d: argon2d} as const;

async function deriveKeys(header: Map<string, string>, passphrase: string, keyPath: string): Promise<{cipherKey: Buffer; iv: Buffer; macKey: Buffer}> {
	const variant = header.get('Key-Derivation') ?? '';
	if (!(variant in argon2Variants)) {
		throw new AppError('key-unreadable', `${keyPath} uses a key derivation this tool does not know (${variant || 'none given'}).`, {
			hint: 'Save the key again in PuTTYgen (Argon2id is its default), or export it in OpenSSH format.',
		});
	}

	const memory = Number(header.get('Argon2-Memory'));
	const passes = Number(header.get('Argon2-Passes'));
	const parallelism = Number(header.get('Argon2-Parallelism'));
	const salt = Buffer.from(header.get('Argon2-Salt') ?? '', 'hex');
	// Bounds keep a hostile file from asking for gigabytes or hours.
	if (![memory, passes, parallelism].every(value => Number.isInteger(value) && value > 0) || memory > 4 * 1024 * 1024 || passes > 10_000 || parallelism > 255 || salt.length === 0) {
		throw new PuttyKeyCorruptError(keyPath, 'bad Argon2 parameters');
	}

	const derived = Buffer.from(await argon2Variants[variant as keyof typeof argon2Variants]({
		password: passphrase, salt, memorySize: memory, iterations: passes, parallelism, hashLength: 80, outputType: 'binary',
	}));
	return {cipherKey: derived.subarray(0, 32), iv: derived.subarray(32, 48), macKey: derived.subarray(48, 80)};
}

/**
 * Decrypts (when needed) and checks a version 3 key, and re-encodes it as an unencrypted
 * OpenSSH private key held in memory. A wrong passphrase rejects with code
 * 'key-passphrase-wrong'; a file whose MAC does not match, with PuttyKeyCorruptError.
 */
export async function readPuttyKeyV3(text: string, keyPath: string, passphrase: string | undefined): Promise<PuttyKeyV3> {
	const {header, publicBlob, privateBlob: stored} = parseFields(text, keyPath);
	const algorithm = /^PuTTY-User-Key-File-3:\s*(\S+)/.exec(text.trimStart())?.[1] ?? '';
	const encryption = header.get('Encryption') ?? '';
	const comment = header.get('Comment') ?? '';
	const encrypted = encryption !== 'none';
	if (encrypted && encryption !== 'aes256-cbc') {
		throw new AppError('key-unreadable', `${keyPath} is encrypted with ${encryption}, which PuTTY keys do not use.`, {hint: 'Export the key again from PuTTYgen.'});
	}

	let privateBlob = stored;
	let macKey: Buffer = Buffer.alloc(0);
	if (encrypted) {
		if (passphrase === undefined || passphrase === '') {
			throw new AppError('key-passphrase-needed', `${keyPath} is protected by a passphrase.`, {hint: 'Enter the passphrase you chose when the key was made.'});
		}

		if (stored.length === 0 || stored.length % 16 !== 0) {
			throw new PuttyKeyCorruptError(keyPath, 'the private part is not whole AES blocks');
		}

		const keys = await deriveKeys(header, passphrase, keyPath);
		const decipher = createDecipheriv('aes-256-cbc', keys.cipherKey, keys.iv).setAutoPadding(false);
		privateBlob = Buffer.concat([decipher.update(stored), decipher.final()]);
		macKey = keys.macKey;
	}

	const macInput = Buffer.concat([sshString(algorithm), sshString(encryption), sshString(comment), sshString(publicBlob), sshString(privateBlob)]);
	const expected = createHmac('sha256', macKey).update(macInput).digest();
	const given = Buffer.from(header.get('Private-MAC') ?? '', 'hex');
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
		if (encrypted) {
			throw new AppError('key-passphrase-wrong', `The passphrase does not open ${keyPath}.`, {hint: 'Check the passphrase (it is case-sensitive) and try again.'});
		}

		throw new PuttyKeyCorruptError(keyPath, 'its MAC does not match: the file was changed or damaged');
	}

	let openSshPrivateKey: string;
	try {
		openSshPrivateKey = toOpenSsh(algorithm, publicBlob, privateBlob, comment);
	} catch (error) {
		if (error instanceof AppError) {
			throw error;
		}

		throw new PuttyKeyCorruptError(keyPath, 'its key fields do not fit its type');
	}

	return {algorithm, encrypted, comment, publicBlob, openSshPrivateKey};
}

/** The key fields OpenSSH's private-key format holds for each type, from PuTTY's blobs. */
function privateFields(algorithm: string, publicBlob: Buffer, privateBlob: Buffer): Buffer[] {
	switch (algorithm) {
		case 'ssh-rsa': {
			const [, e, n] = sshStrings(publicBlob, 3) as [Buffer, Buffer, Buffer];
			const [d, p, q, iqmp] = sshStrings(privateBlob, 4) as [Buffer, Buffer, Buffer, Buffer];
			return [n, e, d, iqmp, p, q].map(field => sshString(field));
		}

		case 'ssh-ed25519': {
			const [, publicPoint] = sshStrings(publicBlob, 2) as [Buffer, Buffer];
			const [seed] = sshStrings(privateBlob, 1) as [Buffer];
			if (seed.length !== 32 || publicPoint.length !== 32) {
				throw new Error('bad ed25519 key');
			}

			return [sshString(publicPoint), sshString(Buffer.concat([seed, publicPoint]))];
		}

		case 'ecdsa-sha2-nistp256':
		case 'ecdsa-sha2-nistp384':
		case 'ecdsa-sha2-nistp521': {
			const [, curve, point] = sshStrings(publicBlob, 3) as [Buffer, Buffer, Buffer];
			const [secret] = sshStrings(privateBlob, 1) as [Buffer];
			return [sshString(curve), sshString(point), sshString(secret)];
		}

		default: {
			throw new AppError('key-unreadable', `This PuTTY key is of type ${algorithm}, which this tool cannot use.`, {
				hint: 'ASAPP asks for an RSA 4096 key: make one, or export this key in OpenSSH format.',
			});
		}
	}
}

/** An unencrypted `openssh-key-v1` private key (PROTOCOL.key in OpenSSH's sources). */
function toOpenSsh(algorithm: string, publicBlob: Buffer, privateBlob: Buffer, comment: string): string {
	const check = randomBytes(4);
	const body = Buffer.concat([check, check, sshString(algorithm), ...privateFields(algorithm, publicBlob, privateBlob), sshString(comment)]);
	const padding = Buffer.from(Array.from({length: (8 - (body.length % 8)) % 8}, (_value, index) => index + 1));
	const blob = Buffer.concat([
		Buffer.from('openssh-key-v1\0', 'latin1'),
		sshString('none'), sshString('none'), sshString(''),
		Buffer.from([0, 0, 0, 1]),
		sshString(publicBlob),
		sshString(Buffer.concat([body, padding])),
	]);
	const lines = blob.toString('base64').match(/.{1,70}/g) ?? [];
	return ['-----BEGIN OPENSSH PRIVATE KEY-----', ...lines, '-----END OPENSSH PRIVATE KEY-----', ''].join('\n');
}
