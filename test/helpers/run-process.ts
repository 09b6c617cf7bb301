import {spawn} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export type ProcessResult = {code: number | null; stdout: string; stderr: string};

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cliPath = path.join(projectRoot, 'bin', 'asapp-sftp.js');

/** Runs a program to completion and collects its output; never rejects on a non-zero exit. */
export async function runProcess(
	command: string,
	args: string[],
	options: {input?: string | Buffer; env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number} = {},
): Promise<ProcessResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env ?? process.env,
			stdio: ['pipe', 'pipe', 'pipe'],
			timeout: options.timeoutMs ?? 120_000,
		});
		const stdout: Buffer[] = [];
		const stderr: Buffer[] = [];
		child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
		child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
		child.on('error', reject);
		child.on('close', code => {
			resolve({code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8')});
		});
		child.stdin.end(options.input);
	});
}

/** Runs the built CLI (`bin/asapp-sftp.js`) as a user would. */
export async function runCli(args: string[], options: {env?: NodeJS.ProcessEnv; cwd?: string; input?: string; timeoutMs?: number} = {}): Promise<ProcessResult> {
	const env = {...process.env, NO_COLOR: '1', ...options.env};
	return runProcess(process.execPath, [cliPath, ...args], {...options, env});
}

export type RunningCli = {
	/** Resolves once stdout + stderr (together) match `pattern`; rejects if the process ends first. */
	waitForOutput(pattern: RegExp): Promise<void>;
	signal(name: NodeJS.Signals): void;
	/** The process's end: exit code (null when a signal ended it), its signal, and its output. */
	finished: Promise<ProcessResult & {signal: NodeJS.Signals | null}>;
};

/** Starts the built CLI and leaves it running, so a test can watch its output and signal it. */
export function startCli(args: string[], options: {env?: NodeJS.ProcessEnv; cwd?: string} = {}): RunningCli {
	const child = spawn(process.execPath, [cliPath, ...args], {cwd: options.cwd, env: {...process.env, NO_COLOR: '1', ...options.env}, stdio: ['ignore', 'pipe', 'pipe']});
	let stdout = '';
	let stderr = '';
	const watchers = new Set<() => void>();
	const onData = () => {
		for (const watcher of watchers) {
			watcher();
		}
	};

	child.stdout.on('data', (chunk: Buffer) => {
		stdout += chunk.toString('utf8');
		onData();
	});
	child.stderr.on('data', (chunk: Buffer) => {
		stderr += chunk.toString('utf8');
		onData();
	});
	const finished = new Promise<ProcessResult & {signal: NodeJS.Signals | null}>((resolve, reject) => {
		child.on('error', reject);
		child.on('close', (code, signal) => {
			onData();
			resolve({code, signal, stdout, stderr});
		});
	});
	return {
		async waitForOutput(pattern) {
			return new Promise((resolve, reject) => {
				const check = () => {
					if (pattern.test(stdout + stderr)) {
						watchers.delete(check);
						resolve();
					} else if (child.exitCode !== null || child.signalCode !== null) {
						watchers.delete(check);
						reject(new Error(`the process ended before printing ${String(pattern)}:\n${stdout}${stderr}`));
					}
				};

				watchers.add(check);
				check();
			});
		},
		signal(name) {
			child.kill(name);
		},
		finished,
	};
}
