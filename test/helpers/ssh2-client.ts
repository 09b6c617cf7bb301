import {readFile} from 'node:fs/promises';
import ssh2, {type ConnectConfig, type SFTPWrapper} from 'ssh2';
import {fingerprintOfBlob} from '../../source/core/keys/public-key.js';
import type {TestSandbox} from './sandbox.js';

/**
 * ssh2's client, for what OpenSSH's `sftp` cannot send: NUL bytes, read+write opens,
 * password logins, raw request floods. Rejects with the connection error.
 */
export async function connectSsh2(sandbox: TestSandbox, options: Partial<ConnectConfig> = {}): Promise<ssh2.Client> {
	const privateKey = 'password' in options || 'tryKeyboard' in options ? undefined : await readFile(sandbox.key.privateKey);
	const client = new ssh2.Client();
	return new Promise((resolve, reject) => {
		client.once('ready', () => resolve(client));
		client.once('error', reject);
		client.connect({
			host: sandbox.server.host,
			port: sandbox.server.port,
			username: 'sftptestcompany',
			privateKey,
			// The fingerprint is known: check it, as a real client must.
			hostVerifier: (key: Buffer) => fingerprintOfBlob(key) === sandbox.server.hostKeyFingerprint,
			readyTimeout: 10_000,
			...options,
		});
	});
}

export async function openSftp(client: ssh2.Client): Promise<SFTPWrapper> {
	return new Promise((resolve, reject) => {
		client.sftp((error, sftp) => {
			if (error) {
				reject(error);
			} else {
				resolve(sftp);
			}
		});
	});
}

/** An SFTP call as a promise that resolves to its error (or undefined) and result. */
export async function settle<T>(call: (callback: (error: Error | null | undefined, result?: T) => void) => void): Promise<{error: (Error & {code?: number}) | undefined; result: T | undefined}> {
	return new Promise(resolve => {
		call((error, result) => {
			resolve({error: error ?? undefined, result});
		});
	});
}
