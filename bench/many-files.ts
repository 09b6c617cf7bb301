import {mkdirSync, readdirSync, writeFileSync} from 'node:fs';
import {mkdir, mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {startLoopbackSshd} from './support/loopback-sshd.js';
import {runMeasured, type MeasuredRun} from './support/peak-rss.js';
import {formatSeconds} from './support/stats.js';

const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'asapp-sftp.js');
const goalMb = 200;
const goalFiles = 100_000;

/** One small valid transcript line per file, ids varied (one conversation per file, as contact centers export them). */
function buildTree(root: string, count: number, folders: number): void {
	for (let folder = 0; folder < folders; folder++) {
		mkdirSync(path.join(root, `folder-${folder}`), {recursive: true});
	}

	for (let index = 0; index < count; index++) {
		const line = JSON.stringify({conversation_externalId: String(index + 1), sender_externalId: String(100_000 + index), sender_role: 'agent', text: `Hello from conversation ${index + 1}`, timestamp: '2022-03-16T18:42:24.488424Z'});
		writeFileSync(path.join(root, `folder-${index % folders}`, `conversation-${index}.jsonl`), `${line}\n`);
	}
}

/** Files (not folders) under `root`, at any depth. */
function countFiles(root: string): number {
	return readdirSync(root, {recursive: true, withFileTypes: true}).filter(entry => entry.isFile()).length;
}

function checked(run: MeasuredRun, what: string): MeasuredRun {
	if (run.code !== 0) {
		throw new Error(`${what} failed (exit ${run.code}): ${run.stderr.slice(0, 500)}`);
	}

	return run;
}

/**
 * `asapp-sftp put -r` (validation on) of trees of many small valid JSONL transcripts on a
 * loopback sshd: wall time, client CPU seconds and peak RSS at each count, so the memory
 * each extra file costs shows; every file must arrive. OpenSSH `sftp -b` `put -r` of the
 * same tree is the peer (it sends one file at a time: slow, so it runs only up to a cap).
 * Knobs: BENCH_MANY_COUNTS (20000,100000), BENCH_MANY_FOLDERS (100),
 * BENCH_MANY_PEER_MAX (20000: the largest count the peer runs at; 0 skips it).
 */
export async function benchManyFiles(): Promise<string> {
	const counts = (process.env['BENCH_MANY_COUNTS'] ?? '20000,100000').split(',').map(Number).filter(count => count > 0).sort((a, b) => a - b);
	const folders = Math.max(1, Number(process.env['BENCH_MANY_FOLDERS'] ?? 100));
	const peerMax = Number(process.env['BENCH_MANY_PEER_MAX'] ?? 20_000);
	const cleanups: Array<() => unknown> = [];
	const dir = await mkdtemp(path.join(tmpdir(), 'asapp-sftp-bench-many-'));
	try {
		const {sshd, ourFlags, peerArgs} = await startLoopbackSshd(dir, cleanups);
		// Receipts and the journal go under the bench's folder, not the user's state.
		const env = {...process.env, XDG_STATE_HOME: path.join(dir, 'state')};
		const lines = [`many files: asapp-sftp put -r (validated) vs OpenSSH sftp -b put -r, ${folders} folders of one-line JSONL transcripts, loopback sshd`];
		const measured: Array<{count: number; peakMb: number}> = [];
		for (const count of counts) {
			const tree = path.join(dir, `tree-${count}`);
			buildTree(tree, count, folders);
			const remote = `in/ours-${count}`;
			await mkdir(path.join(sshd.root, remote));
			const ours = checked(await runMeasured(process.execPath, [cli, 'put', '-r', '--to', remote, '--receipt', path.join(dir, `receipt-${count}.json`), tree, ...ourFlags], {env}), `asapp-sftp put -r of ${count} files`);
			const arrived = countFiles(path.join(sshd.root, remote));
			if (arrived !== count) {
				throw new Error(`asapp-sftp put -r of ${count} files: ${arrived} arrived`);
			}

			await rm(path.join(sshd.root, remote), {recursive: true});
			measured.push({count, peakMb: ours.peakRssMb});
			let peerText = `sftp: not run (above BENCH_MANY_PEER_MAX=${peerMax})`;
			if (count <= peerMax) {
				const peer = checked(await runMeasured('sftp', peerArgs, {input: `put -r ${tree} in/peer-${count}\n`}), `sftp put -r of ${count} files`);
				const peerArrived = countFiles(path.join(sshd.root, `in/peer-${count}`));
				await rm(path.join(sshd.root, `in/peer-${count}`), {recursive: true});
				peerText = `sftp: ${formatSeconds(peer.ms)}, CPU ${peer.cpuSeconds.toFixed(1)} s, peak RSS ${peer.peakRssMb.toFixed(0)} MB (${peerArrived} arrived); ours/sftp time ${(ours.ms / peer.ms).toFixed(2)}x`;
			}

			lines.push(`  ${count.toLocaleString('en-US')} files: ours ${formatSeconds(ours.ms)}, CPU ${ours.cpuSeconds.toFixed(1)} s, peak RSS ${ours.peakRssMb.toFixed(0)} MB (${arrived} arrived); ${peerText}`);
			await rm(tree, {recursive: true});
		}

		if (measured.length > 1) {
			const first = measured[0]!;
			const last = measured.at(-1)!;
			lines.push(`  growth: ${((last.peakMb - first.peakMb) * 1024 / (last.count - first.count)).toFixed(2)} KB of peak RSS per extra file (${first.count.toLocaleString('en-US')} -> ${last.count.toLocaleString('en-US')})`);
		}

		const atGoal = measured.find(entry => entry.count === goalFiles);
		lines.push(atGoal === undefined
			? `  goal <= ${goalMb} MB at ${goalFiles.toLocaleString('en-US')} files: not measured (add ${goalFiles} to BENCH_MANY_COUNTS)`
			: `  goal <= ${goalMb} MB at ${goalFiles.toLocaleString('en-US')} files: ${atGoal.peakMb <= goalMb ? 'meets' : 'MISSES'} (${atGoal.peakMb.toFixed(0)} MB)`);
		return lines.join('\n');
	} finally {
		for (const cleanup of cleanups.reverse()) {
			await cleanup();
		}

		await rm(dir, {recursive: true, force: true});
	}
}
