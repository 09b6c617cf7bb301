import path from 'node:path';
import {runProcess, type ProcessResult} from './run-process.js';
import type {TestKey, TestSandbox} from './sandbox.js';

/** The outcome of one client operation: did it succeed, and what did the client say. */
export type DriverResult = {ok: boolean; output: string};

/**
 * One SFTP client as the practice-server scenarios use it, so the same scenarios run
 * with OpenSSH's `sftp` and with our own CLI. Operations a client lacks are undefined
 * and the scenarios that need them are skipped for it.
 */
export type SftpDriver = {
	name: string;
	/** Names in a remote folder (no `.`/`..`). */
	ls(remote: string): Promise<DriverResult & {names: string[]}>;
	put(local: string, remote: string): Promise<DriverResult>;
	putRecursive?(localFolder: string, remote: string): Promise<DriverResult>;
	get(remote: string, local: string): Promise<DriverResult>;
	mkdir?(remote: string): Promise<DriverResult>;
	rmdir?(remote: string): Promise<DriverResult>;
	rename?(from: string, to: string): Promise<DriverResult>;
	chmod?(mode: string, remote: string): Promise<DriverResult>;
};

export function openSshOptions(sandbox: TestSandbox, key: TestKey = sandbox.key): string[] {
	return [
		'-P', String(sandbox.server.port),
		'-i', key.privateKey,
		'-o', 'IdentitiesOnly=yes',
		'-o', 'IdentityAgent=none',
		'-o', 'BatchMode=yes',
		'-o', 'StrictHostKeyChecking=no',
		'-o', `UserKnownHostsFile=${path.join(sandbox.base, 'known_hosts')}`,
		'-o', 'LogLevel=ERROR',
	];
}

/** Runs OpenSSH `sftp -b -` with the given batch lines; any failing line fails the run. */
export async function runOpenSshBatch(sandbox: TestSandbox, lines: string[], key?: TestKey, extraOptions: string[] = []): Promise<ProcessResult> {
	return runProcess('sftp', ['-b', '-', ...extraOptions, ...openSshOptions(sandbox, key), `sftptestcompany@${sandbox.server.host}`], {
		input: `${lines.join('\n')}\n`,
		timeoutMs: 60_000,
	});
}

/** SFTP batch syntax: quote every path so spaces and odd characters pass unchanged. */
function quote(value: string): string {
	return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

export function openSshDriver(sandbox: TestSandbox): SftpDriver {
	const one = async (line: string): Promise<DriverResult> => {
		const result = await runOpenSshBatch(sandbox, [line]);
		return {ok: result.code === 0, output: result.stdout + result.stderr};
	};

	return {
		name: 'OpenSSH sftp',
		async ls(remote) {
			const result = await runOpenSshBatch(sandbox, [`ls -1a ${quote(remote)}`]);
			const names = result.stdout.split('\n')
				.filter(line => line !== '' && !line.startsWith('sftp>'))
				.map(line => path.posix.basename(line.trim()))
				.filter(name => name !== '.' && name !== '..');
			return {ok: result.code === 0, output: result.stdout + result.stderr, names};
		},
		put: async (local, remote) => one(`put ${quote(local)} ${quote(remote)}`),
		putRecursive: async (local, remote) => one(`put -r ${quote(local)} ${quote(remote)}`),
		get: async (remote, local) => one(`get ${quote(remote)} ${quote(local)}`),
		mkdir: async remote => one(`mkdir ${quote(remote)}`),
		rmdir: async remote => one(`rmdir ${quote(remote)}`),
		rename: async (from, to) => one(`rename ${quote(from)} ${quote(to)}`),
		chmod: async (mode, remote) => one(`chmod ${mode} ${quote(remote)}`),
	};
}
