import {mkdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import type {TestContext} from 'node:test';
import {authorizeSandboxKey, startSandbox, type SandboxLimits, type SandboxServer} from '../../source/core/sandbox/index.js';
import {runProcess} from './run-process.js';
import {makeTempDir} from './temp-dir.js';

export type TestKey = {privateKey: string; publicKeyLine: string};

export type TestSandbox = {
	server: SandboxServer;
	/** Holds the root, the keys and files outside the root that must stay unreachable. */
	base: string;
	/** The root's path on disk (`/` for clients). */
	root: string;
	/** An authorized client key (RSA, so rsa-sha2 signatures are exercised). */
	key: TestKey;
	/** A key that is not authorized. */
	strangerKey: TestKey;
	/** Where local files for uploads and downloads go. */
	work: string;
	log: string[];
};

export async function makeTestKey(directory: string, name: string, type: 'rsa' | 'ed25519' = 'rsa'): Promise<TestKey> {
	const privateKey = path.join(directory, name);
	const args = type === 'rsa' ? ['-t', 'rsa', '-b', '2048'] : ['-t', 'ed25519'];
	const made = await runProcess('ssh-keygen', ['-q', ...args, '-N', '', '-C', name, '-f', privateKey]);
	if (made.code !== 0) {
		throw new Error(`ssh-keygen failed: ${made.stderr}`);
	}

	return {privateKey, publicKeyLine: (await readFile(`${privateKey}.pub`, 'utf8')).trim()};
}

/**
 * Starts the practice server on a free port with everything in a fresh temp dir, and
 * one authorized key. Closed when the test or suite ends.
 */
export async function startTestSandbox(t: Pick<TestContext, 'after'>, limits: Partial<SandboxLimits> = {}): Promise<TestSandbox> {
	const base = await makeTempDir(t, 'asapp-sftp-sandbox-');
	const root = path.join(base, 'root');
	const work = path.join(base, 'work');
	await mkdir(work);
	const [key, strangerKey] = await Promise.all([makeTestKey(base, 'client_key'), makeTestKey(base, 'stranger_key', 'ed25519')]);
	const authorizedKeysFile = path.join(base, 'authorized_keys');
	await authorizeSandboxKey(key.publicKeyLine, authorizedKeysFile);
	const log: string[] = [];
	const server = await startSandbox({
		port: 0,
		root,
		authorizedKeysFile,
		hostKeyFile: path.join(base, 'host_key'),
		log: line => log.push(line),
		limits,
	});
	t.after(async () => server.close());
	return {server, base, root, key, strangerKey, work, log};
}
