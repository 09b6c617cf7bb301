import {spawn} from 'node:child_process';

export type TimedRun = {ms: number; code: number | null; stderr: string; stdout: string};

/** Wall time of one process from spawn to exit. */
export async function timedProcess(command: string, args: string[], options: {input?: string; env?: NodeJS.ProcessEnv} = {}): Promise<TimedRun> {
	const started = process.hrtime.bigint();
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env});
		let stderr = '';
		let stdout = '';
		child.stderr.on('data', (chunk: Buffer) => {
			stderr += chunk.toString('utf8');
		});
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk.toString('utf8');
		});
		child.on('error', reject);
		child.on('close', code => {
			resolve({ms: Number(process.hrtime.bigint() - started) / 1e6, code, stderr, stdout});
		});
		child.stdin.end(options.input);
	});
}

/** Fails the benchmark loudly when a timed command did not succeed: a fast failure is no figure. */
export function assertSucceeded(run: TimedRun, what: string): number {
	if (run.code !== 0) {
		throw new Error(`${what} failed (exit ${run.code}): ${run.stderr.slice(0, 500)}`);
	}

	return run.ms;
}
