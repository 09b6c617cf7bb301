import {spawn} from 'node:child_process';
import {readFile} from 'node:fs/promises';

export type MeasuredRun = {ms: number; code: number | null; stderr: string; peakRssMb: number};

/**
 * Wall time of one process, and its peak resident memory (VmHWM from /proc, sampled
 * every 20 ms; the kernel keeps the high-water mark, so late samples see the peak).
 */
export async function runMeasured(command: string, args: string[], options: {input?: string; env?: NodeJS.ProcessEnv} = {}): Promise<MeasuredRun> {
	const started = process.hrtime.bigint();
	const child = spawn(command, args, {stdio: ['pipe', 'ignore', 'pipe'], env: options.env ?? process.env});
	let peakKb = 0;
	const sample = async () => {
		try {
			const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
			const match = /VmHWM:\s+(\d+) kB/.exec(status);
			if (match) {
				peakKb = Math.max(peakKb, Number(match[1]));
			}
		} catch {
			// The process ended between samples.
		}
	};

	const timer = setInterval(() => void sample(), 20);
	let stderr = '';
	child.stderr.on('data', (chunk: Buffer) => {
		stderr += chunk.toString('utf8');
	});
	child.stdin.end(options.input);
	const code = await new Promise<number | null>((resolve, reject) => {
		child.on('error', reject);
		child.on('exit', resolve);
	});
	clearInterval(timer);
	return {ms: Number(process.hrtime.bigint() - started) / 1e6, code, stderr, peakRssMb: peakKb / 1024};
}
