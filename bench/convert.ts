import {mkdtemp, rm, stat} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {generateCalls} from './support/generate-calls.js';
import {median, pairedRounds, reportPaired} from './support/stats.js';
import {assertSucceeded, timedProcess} from './support/timed-process.js';

const support = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'support');

type ConvertRun = {ms: number; maxRssMb: number; records: number; written: number; errors: number; outputBytes: number};
type ParseRun = {ms: number; maxRssMb: number; records: number};

function megabytes(bytes: number): number {
	return bytes / 1e6;
}

/**
 * `convertFile` (CSV to typed JSONL, validated in the same pass, written under a temporary
 * name, flushed and linked into place) on the validation benchmark's 1,000,000-record calls
 * CSV (BENCH_CONVERT_RECORDS), against a bare single-threaded csv-parse pass over the same
 * file, alternating. Goals: at least twice csv-parse's speed (ours/csv-parse <= 0.5) and
 * peak RSS <= 200 MB. Times are inside the measured processes (start-up excluded).
 */
export async function benchConvert(): Promise<string> {
	const records = Number(process.env['BENCH_CONVERT_RECORDS'] ?? 1_000_000);
	const rounds = Math.max(Number(process.env['BENCH_ROUNDS'] ?? 3), 1);
	const dir = await mkdtemp(path.join(tmpdir(), 'asapp-sftp-bench-convert-'));
	try {
		const csv = path.join(dir, 'calls.csv');
		await generateCalls(csv, records, 'csv');
		const size = (await stat(csv)).size;
		const oursRuns: ConvertRun[] = [];
		const peerRuns: ParseRun[] = [];
		const result = await pairedRounds(`convert: ${records.toLocaleString('en-US')}-record calls CSV (${megabytes(size).toFixed(0)} MB) to JSONL, time inside the process`, rounds, 0.5,
			async () => {
				const run = await timedProcess(process.execPath, ['--import', 'tsx', path.join(support, 'convert-probe.ts'), csv, path.join(dir, 'calls.jsonl')]);
				assertSucceeded(run, 'convert probe');
				const parsed = JSON.parse(run.stdout) as ConvertRun;
				if (parsed.written !== records || parsed.errors !== 0) {
					throw new Error(`convert wrote ${parsed.written} records with ${parsed.errors} errors; expected ${records} and 0`);
				}

				oursRuns.push(parsed);
				return parsed.ms;
			},
			async () => {
				const run = await timedProcess(process.execPath, ['--import', 'tsx', path.join(support, 'validate-probe.ts'), 'csv-parse', csv]);
				assertSucceeded(run, 'csv-parse probe');
				const parsed = JSON.parse(run.stdout) as ParseRun;
				if (parsed.records !== records) {
					throw new Error(`csv-parse saw ${parsed.records} records; expected ${records}`);
				}

				peerRuns.push(parsed);
				return parsed.ms;
			},
		);
		const oursMbps = megabytes(size) / (median(result.ours) / 1000);
		const peerMbps = megabytes(size) / (median(result.peer) / 1000);
		const rss = Math.max(...oursRuns.map(run => run.maxRssMb));
		const verdict = (ok: boolean): string => (ok ? 'meets' : 'MISSES');
		return [
			reportPaired(result, 'csv-parse'),
			`  throughput (CSV read): ours ${oursMbps.toFixed(0)} MB/s, csv-parse ${peerMbps.toFixed(0)} MB/s; speed-up ${(1 / result.medianRatio).toFixed(2)}x (goal >= 2x: ${verdict(result.medianRatio <= 0.5)}); JSONL written: ${megabytes(oursRuns[0]!.outputBytes).toFixed(0)} MB`,
			`  peak RSS: ours ${rss.toFixed(0)} MB, csv-parse ${Math.max(...peerRuns.map(run => run.maxRssMb)).toFixed(0)} MB; goal <= 200 MB: ${verdict(rss <= 200)}`,
		].join('\n');
	} finally {
		await rm(dir, {recursive: true, force: true});
	}
}
