import {spawn} from 'node:child_process';
import {readFile} from 'node:fs/promises';

export type MeasuredRun = {
	ms: number;
	code: number | null;
	stderr: string;
	peakRssMb: number;
	/** User + system CPU seconds of the command and every process it waited for (sftp's ssh too). */
	cpuSeconds: number;
};

/** `times` prints the shell's own, then its children's, user and system time: `0m1.234s 0m0.056s`. */
function parseTimes(line: string): number {
	return [...line.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, match) => sum + Number(match[1]) * 60 + Number(match[2]), 0);
}

/**
 * Wall time of one process, its peak resident memory (VmHWM from /proc, sampled every
 * 20 ms; the kernel keeps the high-water mark, so late samples see the peak) and its CPU
 * time: the command runs under a bash that reports its children's times on exit.
 */
export async function runMeasured(command: string, args: string[], options: {input?: string; env?: NodeJS.ProcessEnv} = {}): Promise<MeasuredRun> {
	const started = process.hrtime.bigint();
	const child = spawn('bash', ['-c', '"$@"; status=$?; times >&2; exit $status', 'bash', command, ...args], {stdio: ['pipe', 'ignore', 'pipe'], env: options.env ?? process.env});
	let peakKb = 0;
	const sample = async () => {
		try {
			const children = (await readFile(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8')).trim().split(' ').filter(Boolean);
			const status = await readFile(`/proc/${children[0] ?? child.pid}/status`, 'utf8');
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
		child.on('close', resolve);
	});
	clearInterval(timer);
	const lines = stderr.trimEnd().split('\n');
	const childTimes = lines.at(-1) ?? '';
	return {ms: Number(process.hrtime.bigint() - started) / 1e6, code, stderr: lines.slice(0, -2).join('\n'), peakRssMb: peakKb / 1024, cpuSeconds: parseTimes(childTimes)};
}
