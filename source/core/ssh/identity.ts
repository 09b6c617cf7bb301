import {readFile} from 'node:fs/promises';
import {AppError, errnoCode} from '../app-error.js';
import {describePublicKeyBlob} from '../keys/public-key.js';
import {KeyPassphraseNeededError, readPrivateKey} from './parse-private-key.js';

/** A private key ready for login, with what messages need to say about it. */
export type LoadedIdentity = {
	keyPath: string;
	privateKey: Buffer;
	passphrase: string | undefined;
	/** SHA256 fingerprint of the public half, as `ssh-keygen -lf` prints it. */
	fingerprint: string;
	type: string;
	/** Size as `ssh-keygen -l` reports it (RSA modulus bits). */
	bits: number;
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
		parsed = await readPrivateKey(data, keyPath);
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

		parsed = await readPrivateKey(data, keyPath, passphrase);
	}

	const info = describePublicKeyBlob(parsed.publicBlob, parsed.comment);
	return {keyPath, privateKey: parsed.usableKey, passphrase: parsed.usablePassphrase, fingerprint: info.fingerprint, type: info.type, bits: info.bits};
}
