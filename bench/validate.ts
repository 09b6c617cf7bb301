import {mkdtemp, rm, stat} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {generateCalls} from './support/generate-calls.js';
import {median, pairedRounds, reportPaired} from './support/stats.js';
import {assertSucceeded, timedProcess} from './support/timed-process.js';

const probe = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'support', 'validate-probe.ts');

type ProbeResult = {ms: number; maxRssMb: number; records: number; errors: number; warnings: number};

async function runProbe(mode: 'ours' | 'csv-parse', file: string): Promise<ProbeResult> {
	const run = await timedProcess(process.execPath, ['--import', 'tsx', probe, mode, file]);
	assertSucceeded(run, `validate probe (${mode})`);
	return JSON.parse(run.stdout) as ProbeResult;
}

function megabytes(bytes: number): number {
	return bytes / 1e6;
}

/**
 * `validateFile` on a generated valid calls CSV (BENCH_VALIDATE_RECORDS records, default
 * 1,000,000, about 320 MB) against a bare single-threaded csv-parse pass over the same file,
 * alternating. Goals: >= 60 MB/s, >= 1.5x csv-parse, peak RSS <= 200 MB and flat when the
 * file doubles; JSONL at least as fast as CSV. Times are inside the measured process
 * (start-up excluded), peak RSS is the whole process's.
 */
export async function benchValidate(): Promise<string> {
	const records = Number(process.env['BENCH_VALIDATE_RECORDS'] ?? 1_000_000);
	const rounds = Math.max(Number(process.env['BENCH_ROUNDS'] ?? 3), 1);
	const dir = await mkdtemp(path.join(tmpdir(), 'asapp-sftp-bench-validate-'));
	try {
		const csv = path.join(dir, 'calls.csv');
		await generateCalls(csv, records, 'csv');
		const size = (await stat(csv)).size;
		const oursRuns: ProbeResult[] = [];
		const peerRuns: ProbeResult[] = [];
		const result = await pairedRounds(`validate: ${records.toLocaleString('en-US')}-record calls CSV (${megabytes(size).toFixed(0)} MB), time inside the process`, rounds, 0.667,
			async () => {
				const run = await runProbe('ours', csv);
				if (run.records !== records || run.errors !== 0) {
					throw new Error(`validate saw ${run.records} records and ${run.errors} errors; expected ${records} and 0`);
				}

				oursRuns.push(run);
				return run.ms;
			},
			async () => {
				const run = await runProbe('csv-parse', csv);
				if (run.records !== records) {
					throw new Error(`csv-parse saw ${run.records} records; expected ${records}`);
				}

				peerRuns.push(run);
				return run.ms;
			},
		);
		const oursMbps = megabytes(size) / (median(result.ours) / 1000);
		const peerMbps = megabytes(size) / (median(result.peer) / 1000);
		const speedup = 1 / result.medianRatio;
		const oursRss = Math.max(...oursRuns.map(run => run.maxRssMb));
		await rm(csv);

		const doubled = path.join(dir, 'calls-doubled.csv');
		await generateCalls(doubled, records * 2, 'csv');
		const doubledSize = (await stat(doubled)).size;
		const doubledRuns: ProbeResult[] = [];
		for (let round = 0; round < Math.min(rounds, 2); round++) {
			doubledRuns.push(await runProbe('ours', doubled));
		}

		const doubledRun = {maxRssMb: Math.max(...doubledRuns.map(run => run.maxRssMb)), ms: median(doubledRuns.map(run => run.ms))};
		await rm(doubled);

		const jsonl = path.join(dir, 'calls.jsonl');
		await generateCalls(jsonl, records, 'jsonl');
		const jsonlSize = (await stat(jsonl)).size;
		const jsonlRuns: ProbeResult[] = [];
		for (let round = 0; round < rounds; round++) {
			jsonlRuns.push(await runProbe('ours', jsonl));
		}

		const jsonlMbps = megabytes(jsonlSize) / (median(jsonlRuns.map(run => run.ms)) / 1000);
		const jsonlRecordsPerSecond = records / (median(jsonlRuns.map(run => run.ms)) / 1000);
		const csvRecordsPerSecond = records / (median(result.ours) / 1000);
		const verdict = (ok: boolean): string => (ok ? 'meets' : 'MISSES');
		return [
			reportPaired(result, 'csv-parse'),
			`  throughput: ours ${oursMbps.toFixed(0)} MB/s, csv-parse ${peerMbps.toFixed(0)} MB/s; speed-up ${speedup.toFixed(2)}x (goal >= 1.5x: ${verdict(speedup >= 1.5)}); goal >= 60 MB/s: ${verdict(oursMbps >= 60)}`,
			`  peak RSS: ours ${oursRss.toFixed(0)} MB on ${megabytes(size).toFixed(0)} MB, ${doubledRun.maxRssMb.toFixed(0)} MB on the doubled file (${megabytes(doubledSize).toFixed(0)} MB, ${(megabytes(doubledSize) / (doubledRun.ms / 1000)).toFixed(0)} MB/s); csv-parse ${Math.max(...peerRuns.map(run => run.maxRssMb)).toFixed(0)} MB; goal <= 200 MB and flat: ${verdict(Math.max(oursRss, doubledRun.maxRssMb) <= 200 && doubledRun.maxRssMb <= oursRss * 1.15)}`,
			`  JSONL, same records (${megabytes(jsonlSize).toFixed(0)} MB): median ${(median(jsonlRuns.map(run => run.ms)) / 1000).toFixed(2)} s, ${jsonlMbps.toFixed(0)} MB/s, ${(jsonlRecordsPerSecond / 1e6).toFixed(2)} M records/s vs CSV ${(csvRecordsPerSecond / 1e6).toFixed(2)} M records/s (goal, in MB/s as for CSV: at least as fast: ${verdict(jsonlMbps >= oursMbps)}); peak RSS ${Math.max(...jsonlRuns.map(run => run.maxRssMb)).toFixed(0)} MB`,
		].join('\n');
	} finally {
		await rm(dir, {recursive: true, force: true});
	}
}
