import {readFile} from 'node:fs/promises';
import {AppError, errnoCode} from '../app-error.js';
import {readPrivateKey, type PrivateKeyFormat} from '../ssh/parse-private-key.js';
import {keyFitnessForAsapp} from './key-fitness.js';
import {describePublicKeyBlob, parseOpenSshPublicKey, type PublicKeyInfo} from './public-key.js';

export type KeyReport = PublicKeyInfo & {
	path: string;
	format: PrivateKeyFormat;
	encrypted: boolean;
	/** Why this server will not accept the key, or undefined when it fits. */
	unfitReason: string | undefined;
};

/** Why the key does not fit what ASAPP asked for (keyFitnessForAsapp), or undefined when it does. */
export function unfitReasonFor(info: Pick<PublicKeyInfo, 'type' | 'bits'>): string | undefined {
	const fitness = keyFitnessForAsapp(info);
	return fitness.fit ? undefined : fitness.reason;
}

/**
 * Reads an existing private key (PEM, OpenSSH or PuTTY format) and reports what
 * `ssh-keygen -lf` would, plus whether ASAPP's server accepts it. PEM keys carry no
 * comment, so the comment comes from the `.pub` beside the key when there is one.
 */
export async function inspectPrivateKey(keyPath: string, passphrase?: string): Promise<KeyReport> {
	let data: Buffer;
	try {
		data = await readFile(keyPath);
	} catch (error) {
		const code = errnoCode(error);
		if (code === 'ENOENT') {
			throw new AppError('key-missing', `There is no file at ${keyPath}.`, {hint: 'Check the path, or create a new key.'});
		}

		if (code === 'EACCES') {
			throw new AppError('key-unreadable', `${keyPath} cannot be read by this user.`, {hint: 'Check the file\'s owner and permissions.'});
		}

		if (code === 'EISDIR') {
			throw new AppError('key-unreadable', `${keyPath} is a folder, not a key file.`, {hint: 'Choose the private key file inside it.'});
		}

		throw error;
	}

	const parsed = await readPrivateKey(data, keyPath, passphrase);
	const comment = parsed.comment === '' ? await commentFromPublicFile(keyPath, parsed.publicBlob) : parsed.comment;
	const info = describePublicKeyBlob(parsed.publicBlob, comment);
	return {...info, path: keyPath, format: parsed.format, encrypted: parsed.encrypted, unfitReason: unfitReasonFor(info)};
}

async function commentFromPublicFile(keyPath: string, blob: Buffer): Promise<string> {
	try {
		const line = (await readFile(`${keyPath}.pub`, 'utf8')).split('\n')[0] ?? '';
		const info = parseOpenSshPublicKey(line);
		// Only trust the comment if the .pub really is this key's other half.
		return info.openSshLine.split(' ')[1] === blob.toString('base64') ? info.comment : '';
	} catch {
		return '';
	}
}
