import {readFile} from 'node:fs/promises';
import {AppError, errnoCode} from '../app-error.js';
import {fingerprintOfBlob} from '../keys/public-key.js';
import {KeyPassphraseNeededError, parsePrivateKey} from './parse-private-key.js';

/** A private key ready for login, with what messages need to say about it. */
export type LoadedIdentity = {
	keyPath: string;
	privateKey: Buffer;
	passphrase: string | undefined;
	/** SHA256 fingerprint of the public half, as `ssh-keygen -lf` prints it. */
	fingerprint: string;
	type: string;
};

/**
 * Reads and checks a private key. `askPassphrase` is called only when the key is
 * encrypted; a wrong passphrase throws KeyPassphraseWrongError.
 */
export async function loadIdentity(keyPath: string, askPassphrase: () => Promise<string | undefined>): Promise<LoadedIdentity> {
	let data: Buffer;
	try {
		data = await readFile(keyPath);
	} catch (error) {
		const code = errnoCode(error);
		throw new AppError('identity-unreadable', code === 'ENOENT' ? `The private key ${keyPath} does not exist.` : `The private key ${keyPath} cannot be read (${code ?? 'error'}).`, {
			hint: 'Use the private key whose public half ASAPP installed.',
			next: {kind: 'choose-key'},
			cause: error,
		});
	}

	let passphrase: string | undefined;
	let parsed;
	try {
		parsed = parsePrivateKey(data, keyPath);
	} catch (error) {
		if (!(error instanceof KeyPassphraseNeededError)) {
			throw error;
		}

		passphrase = await askPassphrase();
		if (passphrase === undefined || passphrase === '') {
			throw new AppError('key-passphrase-needed', `${keyPath} is protected by a passphrase and none was given.`, {
				hint: 'Run on a terminal to be asked for it, or set ASAPP_SFTP_PASSPHRASE.',
			});
		}

		parsed = parsePrivateKey(data, keyPath, passphrase);
	}

	return {keyPath, privateKey: data, passphrase, fingerprint: fingerprintOfBlob(parsed.publicBlob), type: parsed.type};
}
