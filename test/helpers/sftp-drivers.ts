import {copyFile, mkdtemp, rename} from 'node:fs/promises';
import path from 'node:path';
import {runCli, runProcess, type ProcessResult} from './run-process.js';
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
	/**
	 * True when uploads keep the local file's name (the driver stages a copy to rename),
	 * so a remote name the local file system cannot hold cannot be tried.
	 */
	uploadsUnderLocalName?: boolean;
	/** Names in a remote folder (no `.`/`..`). */
	ls(remote: string): Promise<DriverResult & {names: string[]}>;
	put(local: string, remote: string): Promise<DriverResult>;
	putRecursive?(localFolder: string, remote: string): Promise<DriverResult>;
	get(remote: string, local: string): Promise<DriverResult>;
	mkdir?(remote: string): Promise<DriverResult>;
	rmdir?(remote: string): Promise<DriverResult>;
	rm?(remote: string): Promise<DriverResult>;
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
		rm: async remote => one(`rm ${quote(remote)}`),
		rename: async (from, to) => one(`rename ${quote(from)} ${quote(to)}`),
		chmod: async (mode, remote) => one(`chmod ${mode} ${quote(remote)}`),
	};
}

/**
 * Our own CLI as the client (`asapp-sftp ls/put/get/mkdir/rm/rmdir`). The scenarios send random
 * bytes, so uploads skip the CSV/JSONL validation gate (`--no-validate`). It uploads into
 * a folder (`--to DIR`) under the local name and downloads into a folder, so a driver
 * call with another target name goes through a staging folder holding that name.
 */
export function ourCliDriver(sandbox: TestSandbox): SftpDriver {
	const connection = [
		'--host', sandbox.server.host,
		'--port', String(sandbox.server.port),
		'--user', 'sftptestcompany',
		'--identity', sandbox.key.privateKey,
		'--known-hosts', path.join(sandbox.base, 'our_known_hosts'),
		'--accept-new-host-key',
	];
	const env = {SSH_AUTH_SOCK: '', ASAPP_SFTP_PASSPHRASE: '', XDG_STATE_HOME: path.join(sandbox.base, 'state')};
	const cli = async (args: string[]): Promise<DriverResult> => {
		const result = await runCli([...args, ...connection], {env, timeoutMs: 60_000});
		return {ok: result.code === 0, output: result.stdout + result.stderr};
	};

	const staging = async () => mkdtemp(path.join(sandbox.base, 'stage-'));
	const remoteFolderOf = (remote: string) => path.posix.dirname(remote.endsWith('/') ? `${remote}x` : remote);

	return {
		name: 'asapp-sftp CLI',
		uploadsUnderLocalName: true,
		async ls(remote) {
			const result = await runCli(['ls', remote, ...connection], {env, timeoutMs: 60_000});
			const names = result.code === 0
				? result.stdout.split('\n').filter(line => line !== '').map(line => line.replace(/\/$/, ''))
				: [];
			return {ok: result.code === 0, output: result.stdout + result.stderr, names};
		},
		async put(local, remote) {
			const name = path.posix.basename(remote);
			if (remote.endsWith('/') || name === path.basename(local)) {
				return cli(['put', '--no-validate', '--to', remoteFolderOf(remote), local]);
			}

			const stage = await staging();
			await copyFile(local, path.join(stage, name));
			return cli(['put', '--no-validate', '--to', remoteFolderOf(remote), path.join(stage, name)]);
		},
		putRecursive: async (localFolder, remote) => cli(['put', '--no-validate', '-r', '--to', remote, localFolder]),
		async get(remote, local) {
			const stage = await staging();
			const result = await cli(['get', '--to', stage, remote]);
			if (result.ok) {
				await rename(path.join(stage, path.posix.basename(remote)), local);
			}

			return result;
		},
		mkdir: async remote => cli(['mkdir', remote]),
		rmdir: async remote => cli(['rmdir', remote]),
		rm: async remote => cli(['rm', '--yes', remote]),
	};
}
