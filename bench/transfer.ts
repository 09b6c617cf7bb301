import {execFileSync} from 'node:child_process';
import {mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {startLoopbackSshd} from './support/loopback-sshd.js';
import {runMeasured, type MeasuredRun} from './support/peak-rss.js';
import {median, pairedRounds, reportPaired, type PairedResult} from './support/stats.js';

const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'asapp-sftp.js');

function succeeded(run: MeasuredRun, what: string): number {
	if (run.code !== 0) {
		throw new Error(`${what} failed (exit ${run.code}): ${run.stderr.slice(0, 500)}`);
	}

	return run.ms;
}

/**
 * put / get / put -r of `asapp-sftp` against OpenSSH `sftp -b` (aes128-gcm, its fastest
 * cipher here) on a loopback sshd, alternating, medians of per-round time ratios, and
 * our peak RSS and client CPU seconds per GiB (ours, and OpenSSH's sftp plus its ssh). Knobs: BENCH_TRANSFER_MB (512), BENCH_ROUNDS (3), BENCH_TREE_FILES (2000),
 * BENCH_TRANSFER_ONLY (comma list of upload,download,tree).
 */
export async function benchTransfer(): Promise<string> {
	const megabytes = Number(process.env['BENCH_TRANSFER_MB'] ?? 512);
	const rounds = Math.max(Number(process.env['BENCH_ROUNDS'] ?? 3), 1);
	const treeFiles = Number(process.env['BENCH_TREE_FILES'] ?? 2000);
	const only = new Set((process.env['BENCH_TRANSFER_ONLY'] ?? 'upload,download,tree').split(','));
	const cleanups: Array<() => unknown> = [];
	const dir = await mkdtemp(path.join(tmpdir(), 'asapp-sftp-bench-transfer-'));
	try {
		const {sshd, ourFlags, peerArgs} = await startLoopbackSshd(dir, cleanups);
		const serverPath = (remote: string) => path.join(sshd.root, remote);
		const peaks: number[] = [];
		// Client CPU seconds of each run, for the current comparison.
		let cpu: {ours: number[]; peer: number[]} = {ours: [], peer: []};
		const ours = async (args: string[], what: string) => {
			const run = await runMeasured(process.execPath, [cli, ...args, ...ourFlags]);
			peaks.push(run.peakRssMb);
			cpu.ours.push(run.cpuSeconds);
			return succeeded(run, what);
		};

		const peer = async (batch: string, what: string) => {
			const run = await runMeasured('sftp', peerArgs, {input: batch});
			cpu.peer.push(run.cpuSeconds);
			return succeeded(run, what);
		};

		const cpuLines: string[] = [];
		const noteCpu = (what: string, gibibytes: number) => {
			const perGib = (values: number[]) => values.map(seconds => seconds / gibibytes);
			const ratios = cpu.ours.map((seconds, index) => seconds / cpu.peer[index]!);
			cpuLines.push(`  client CPU per GiB, ${what}: ours median ${median(perGib(cpu.ours)).toFixed(2)} s (runs ${perGib(cpu.ours).map(value => value.toFixed(2)).join(' ')}), sftp+ssh median ${median(perGib(cpu.peer)).toFixed(2)} s (runs ${perGib(cpu.peer).map(value => value.toFixed(2)).join(' ')}); ratio median ${median(ratios).toFixed(2)}x`);
			cpu = {ours: [], peer: []};
		};
		const results: PairedResult[] = [];
		const bigPeaks: number[] = [];

		if (only.has('upload') || only.has('download')) {
			const big = path.join(dir, 'big.bin');
			execFileSync('sh', ['-c', `head -c ${megabytes}M /dev/urandom > '${big}'`]);
			if (only.has('upload')) {
				results.push(await pairedRounds(`upload ${megabytes} MiB`, rounds, 0.8,
					async () => {
						const ms = await ours(['put', '--to', 'in', big], 'asapp-sftp put');
						await rm(serverPath('in/big.bin'));
						return ms;
					},
					async round => {
						const ms = await peer(`put ${big} in/peer-${round}.bin\n`, 'sftp put');
						await rm(serverPath(`in/peer-${round}.bin`));
						return ms;
					}));
				bigPeaks.push(...peaks.splice(0));
				noteCpu('upload', megabytes / 1024);
			}

			if (only.has('download')) {
				await writeFile(serverPath('out/big.bin'), await readFile(big));
				const into = path.join(dir, 'downloads');
				await mkdir(into);
				results.push(await pairedRounds(`download ${megabytes} MiB`, rounds, 1,
					async () => {
						const ms = await ours(['get', '--to', into, 'out/big.bin'], 'asapp-sftp get');
						await rm(path.join(into, 'big.bin'));
						return ms;
					},
					async round => {
						const ms = await peer(`get out/big.bin ${into}/peer-${round}.bin\n`, 'sftp get');
						await rm(path.join(into, `peer-${round}.bin`));
						return ms;
					}));
				bigPeaks.push(...peaks.splice(0));
				noteCpu('download', megabytes / 1024);
			}

			await rm(big);
		}

		if (only.has('tree')) {
			const tree = path.join(dir, 'tree');
			for (let folder = 0; folder < 20; folder++) {
				await mkdir(path.join(tree, `folder-${folder}`), {recursive: true});
			}

			const block = Buffer.alloc(4096, 'x');
			for (let index = 0; index < treeFiles; index++) {
				await writeFile(path.join(tree, `folder-${index % 20}`, `file-${index}.jsonl`), block);
			}

			results.push(await pairedRounds(`put -r of ${treeFiles} files of 4 KiB`, rounds, 0.5,
				async round => {
					await mkdir(serverPath(`in/ours-${round}`));
					const ms = await ours(['put', '-r', '--to', `in/ours-${round}`, tree], 'asapp-sftp put -r');
					await rm(serverPath(`in/ours-${round}`), {recursive: true});
					return ms;
				},
				async round => {
					const ms = await peer(`put -r ${tree} in/peer-${round}\n`, 'sftp put -r');
					await rm(serverPath(`in/peer-${round}`), {recursive: true});
					return ms;
				}));
		}

		const lines = ['transfer: asapp-sftp vs OpenSSH sftp -b -c aes128-gcm@openssh.com, loopback sshd, whole commands', ...results.map(result => reportPaired(result, 'sftp'))];
		lines.push(...cpuLines);
		if (bigPeaks.length > 0) {
			lines.push(`  peak RSS of asapp-sftp during the ${megabytes} MiB transfers: max ${Math.max(...bigPeaks).toFixed(0)} MB (runs ${bigPeaks.map(mb => mb.toFixed(0)).join(' ')}); goal <= 200 MB: ${Math.max(...bigPeaks) <= 200 ? 'meets' : 'MISSES'}`);
		}

		return lines.join('\n');
	} finally {
		for (const cleanup of cleanups.reverse()) {
			await cleanup();
		}

		await rm(dir, {recursive: true, force: true});
	}
}
