import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import type {TestContext} from 'node:test';
import {runCli, runProcess, type ProcessResult} from './run-process.js';
import {startTestSshd, type TestSshd} from './sshd.js';
import {makeTempDir} from './temp-dir.js';

export type SftpFixture = {
	sshd: TestSshd;
	/** A scratch folder for this fixture. */
	dir: string;
	/** RSA 4096 private key the server accepts (what ASAPP asks for, so no key warning). */
	identity: string;
	/** A known_hosts file that already trusts the server. */
	knownHosts: string;
	/** Connection flags for the CLI (trusted server, our key). */
	flags(overrides?: {host?: string; port?: number; knownHosts?: string; identity?: string}): string[];
	/** The fixture's state folder (journal, receipts): XDG_STATE_HOME of every `cli` run unless given. */
	stateHome: string;
	/** Runs the built CLI with the connection flags appended. */
	cli(args: string[], options?: {env?: NodeJS.ProcessEnv; cwd?: string; host?: string; port?: number; knownHosts?: string; identity?: string}): Promise<ProcessResult>;
	/** The server-side path of a remote path (the test sshd serves a local folder). */
	serverPath(remotePath: string): string;
};

/**
 * A real sshd, an RSA key it accepts (so logins sign with rsa-sha2-*, as the production
 * server requires), and a known_hosts file that trusts it.
 */
export async function startSftpFixture(t: Pick<TestContext, 'after'>, options: {deniedRequests?: string[]; rsaHostKey?: boolean} = {}): Promise<SftpFixture> {
	const dir = await makeTempDir(t, 'asapp-sftp-fixture-');
	const identity = path.join(dir, 'id_rsa');
	const made = await runProcess('ssh-keygen', ['-q', '-t', 'rsa', '-b', '4096', '-m', 'PEM', '-N', '', '-C', 'sftptestcompany', '-f', identity]);
	if (made.code !== 0) {
		throw new Error(made.stderr);
	}

	const sshd = await startTestSshd(t, {authorizedKeys: [await readFile(`${identity}.pub`, 'utf8')], deniedRequests: options.deniedRequests, rsaHostKey: options.rsaHostKey});
	const knownHosts = path.join(dir, 'known_hosts');
	await writeFile(knownHosts, `${sshd.knownHostsLine}\n`);
	const flags = (overrides: {host?: string; port?: number; knownHosts?: string; identity?: string} = {}) => [
		'--host', overrides.host ?? '127.0.0.1',
		'--port', String(overrides.port ?? sshd.port),
		'--user', sshd.user,
		'--identity', overrides.identity ?? identity,
		'--known-hosts', overrides.knownHosts ?? knownHosts,
	];
	return {
		sshd,
		dir,
		identity,
		knownHosts,
		flags,
		stateHome: path.join(dir, 'state'),
		async cli(args, options = {}) {
			const env: NodeJS.ProcessEnv = {XDG_STATE_HOME: path.join(dir, 'state'), ...options.env};
			env['SSH_AUTH_SOCK'] = '';
			return runCli([...args, ...flags(options)], {env, cwd: options.cwd});
		},
		serverPath: remotePath => path.join(sshd.root, remotePath),
	};
}

/** For suite-level fixtures: collects cleanups from a `before` hook and runs them in `after`. */
export function suiteCleanup(): {context: {after(fn: () => unknown): void}; run(): Promise<void>} {
	const cleanups: Array<() => unknown> = [];
	return {
		context: {after: fn => cleanups.push(fn)},
		async run() {
			for (const cleanup of cleanups.reverse()) {
				await cleanup();
			}
		},
	};
}
