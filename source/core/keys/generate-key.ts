import type forgeTypes from 'node-forge';
import {AppError} from '../app-error.js';
import {parseOpenSshPublicKey, type PublicKeyInfo} from './public-key.js';

/** ASAPP asks for RSA 4096; ssh-keygen's own default (3072) is not enough. */
export const requiredRsaBits = 4096;

export type GeneratedKey = {
	/** PKCS#1 PEM (`BEGIN RSA PRIVATE KEY`), encrypted when a passphrase was given. */
	privatePem: string;
	/** PuTTY `.ppk` text for WinSCP and FileZilla users. */
	ppk: string;
	publicKey: PublicKeyInfo;
};

/**
 * Makes an RSA key pair. forge's callback form hands the work to Node's native crypto in
 * the background, so the event loop (and the UI's spinner) keeps running; its synchronous
 * and pure-JavaScript paths take about 47 s here and are never used.
 */
export async function generateRsaKey(options: {comment: string; passphrase?: string; bits?: number; signal?: AbortSignal}): Promise<GeneratedKey> {
	const {signal} = options;
	if (signal?.aborted) {
		throw keyCancelledError();
	}

	// Loaded here, not at the top: every connecting command imports this module (for the
	// key size and default path) and would otherwise pay about 20 ms to load node-forge.
	const {default: forge} = await import('node-forge');
	const bits = options.bits ?? requiredRsaBits;
	const keyPair = await new Promise<forgeTypes.pki.rsa.KeyPair>((resolve, reject) => {
		if ((forge as unknown as {options: {usePureJavaScript: boolean}}).options.usePureJavaScript) {
			reject(new Error('node-forge is set to pure JavaScript; refusing a 47-second key generation.'));
			return;
		}

		// Native generation cannot be stopped midway: a cancel settles at once and its result
		// is dropped when it arrives, so the key never exists outside this closure.
		const onAbort = () => {
			reject(keyCancelledError());
		};

		signal?.addEventListener('abort', onAbort, {once: true});
		forge.pki.rsa.generateKeyPair({bits, e: 0x10001}, (error, pair) => {
			signal?.removeEventListener('abort', onAbort);
			if (error) {
				reject(error);
			} else {
				resolve(pair);
			}
		});
	});

	const passphrase = options.passphrase ?? '';
	const privatePem = passphrase === ''
		? forge.pki.privateKeyToPem(keyPair.privateKey)
		// Legacy PEM encryption (Proc-Type/DEK-Info, AES-128-CBC) is what OpenSSH, PuTTY and Cyberduck all open.
		: forge.pki.encryptRsaPrivateKey(keyPair.privateKey, passphrase, {legacy: true, algorithm: 'aes128'});
	const ppk = forge.ssh.privateKeyToPutty(keyPair.privateKey, passphrase, options.comment);
	const publicKey = parseOpenSshPublicKey(forge.ssh.publicKeyToOpenSSH(keyPair.publicKey, options.comment));
	return {privatePem: normalizeNewlines(privatePem), ppk: normalizeNewlines(ppk), publicKey};
}

/** Key generation was cancelled before any file was written. */
export function keyCancelledError(): AppError {
	return new AppError('cancelled', 'Cancelled: no key was made and no file was written.');
}

/** forge writes CRLF line ends; OpenSSH and PuTTY accept LF, which is what Unix tools expect. */
function normalizeNewlines(text: string): string {
	const lf = text.replaceAll('\r\n', '\n');
	return lf.endsWith('\n') ? lf : `${lf}\n`;
}
