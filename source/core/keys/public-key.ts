import {createHash} from 'node:crypto';
import {AppError} from '../app-error.js';

/** What `ssh-keygen -lf` tells about a public key, plus the key's own OpenSSH line. */
export type PublicKeyInfo = {
	type: string;
	bits: number;
	comment: string;
	/** `SHA256:` followed by unpadded base64, as OpenSSH prints it. */
	fingerprint: string;
	/** `ssh-rsa AAAA... comment` */
	openSshLine: string;
};

/** SHA256 fingerprint of an SSH public-key blob, in OpenSSH's notation. */
export function fingerprintOfBlob(blob: Buffer): string {
	return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The size OpenSSH reports for a key of this type: modulus bits for RSA. */
function bitsOfBlob(blob: Buffer): {type: string; bits: number} {
	const fields = readSshStrings(blob);
	const type = fields[0]?.toString('latin1') ?? '';
	switch (type) {
		case 'ssh-rsa': {
			const modulus = fields[2];
			return {type, bits: modulus ? mpintBits(modulus) : 0};
		}

		case 'ssh-ed25519': {
			return {type, bits: 256};
		}

		case 'ecdsa-sha2-nistp256':
		case 'ecdsa-sha2-nistp384':
		case 'ecdsa-sha2-nistp521': {
			return {type, bits: Number(type.slice('ecdsa-sha2-nistp'.length))};
		}

		case 'ssh-dss': {
			const prime = fields[1];
			return {type, bits: prime ? mpintBits(prime) : 0};
		}

		default: {
			return {type, bits: 0};
		}
	}
}

/** Splits an SSH wire-format blob into its length-prefixed strings. */
function readSshStrings(blob: Buffer): Buffer[] {
	const fields: Buffer[] = [];
	let offset = 0;
	while (offset + 4 <= blob.length) {
		const length = blob.readUInt32BE(offset);
		offset += 4;
		if (offset + length > blob.length) {
			break;
		}

		fields.push(blob.subarray(offset, offset + length));
		offset += length;
	}

	return fields;
}

function mpintBits(mpint: Buffer): number {
	let index = 0;
	while (index < mpint.length && mpint[index] === 0) {
		index++;
	}

	if (index === mpint.length) {
		return 0;
	}

	const first = mpint[index]!;
	return ((mpint.length - index - 1) * 8) + (32 - Math.clz32(first));
}

/** Describes a public key given as its wire-format blob. */
export function describePublicKeyBlob(blob: Buffer, comment: string): PublicKeyInfo {
	const {type, bits} = bitsOfBlob(blob);
	const base = `${type} ${blob.toString('base64')}`;
	return {
		type,
		bits,
		comment,
		fingerprint: fingerprintOfBlob(blob),
		openSshLine: comment === '' ? base : `${base} ${comment}`,
	};
}

/** Parses one OpenSSH public-key line (`type base64 [comment]`). */
export function parseOpenSshPublicKey(line: string): PublicKeyInfo {
	const match = /^\s*(\S+)\s+([A-Za-z0-9+/]+=*)(?:\s+(.*))?$/.exec(line.trim());
	if (!match) {
		throw new AppError('public-key-unreadable', 'This is not an OpenSSH public key line.', {
			hint: 'A public key line looks like "ssh-rsa AAAA... sftpcompany".',
		});
	}

	const blob = Buffer.from(match[2]!, 'base64');
	const info = describePublicKeyBlob(blob, (match[3] ?? '').trim());
	if (info.type !== match[1]) {
		throw new AppError('public-key-unreadable', `The key says it is "${match[1]}" but holds a "${info.type}" key.`);
	}

	return info;
}

/** The line `ssh-keygen -lf` prints: `4096 SHA256:... comment (RSA)`. */
export function formatFingerprintLine(info: PublicKeyInfo): string {
	const label = keyTypeLabel(info.type);
	return `${info.bits} ${info.fingerprint} ${info.comment === '' ? 'no comment' : info.comment} (${label})`;
}

export function keyTypeLabel(type: string): string {
	switch (type) {
		case 'ssh-rsa': {
			return 'RSA';
		}

		case 'ssh-ed25519': {
			return 'ED25519';
		}

		case 'ssh-dss': {
			return 'DSA';
		}

		default: {
			return type.startsWith('ecdsa-') ? 'ECDSA' : type.toUpperCase();
		}
	}
}
