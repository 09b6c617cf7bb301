import {execFileSync} from 'node:child_process';
import {mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {startTestSshd} from '../test/helpers/sshd.js';
import {startDelayProxy, type DelayProxy} from '../test/helpers/delay-proxy.js';
import {runMeasured} from './support/peak-rss.js';
import {median, pairedRounds, reportPaired, type PairedResult} from './support/stats.js';

const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'asapp-sftp.js');

type Task = {
	name: string;
	goal: number;
	/** Runs once before the rounds (e.g. puts the file to download on the server). */
	setup?: () => Promise<void>;
	ours: (round: number) => Promise<number>;
	peer: (round: number) => Promise<number>;
	/** Runs after each run of either side. */
	clean: () => Promise<void>;
};

/**
 * Transfers over a long link: a delaying TCP proxy of our own between the client and a
 * loopback OpenSSH sshd (each chunk waits half the round trip in each direction). Ours
 * (the built CLI) against OpenSSH `sftp -b -c aes128-gcm@openssh.com`, alternating,
 * medians of per-round ratios. Knobs: BENCH_WAN_RTTS (80,200 ms), BENCH_WAN_ROUNDS (3),
 * BENCH_WAN_MB (64; halved at 200 ms and more), BENCH_WAN_MULTI (8 files of 16 MiB: count),
 * BENCH_WAN_MULTI_MB (16), BENCH_WAN_TREE_FILES (100), BENCH_WAN_MBPS (no cap),
 * BENCH_WAN_ONLY (comma list of download,upload,multi,tree,list).
 */
export async function benchWan(): Promise<string> {
	const rtts = (process.env['BENCH_WAN_RTTS'] ?? '80,200').split(',').map(Number);
	const rounds = Math.max(Number(process.env['BENCH_WAN_ROUNDS'] ?? 3), 1);
	const bigMb = Number(process.env['BENCH_WAN_MB'] ?? 64);
	const multiCount = Number(process.env['BENCH_WAN_MULTI'] ?? 8);
	const multiMb = Number(process.env['BENCH_WAN_MULTI_MB'] ?? 16);
	const treeFiles = Number(process.env['BENCH_WAN_TREE_FILES'] ?? 100);
	const mbps = process.env['BENCH_WAN_MBPS'] ? Number(process.env['BENCH_WAN_MBPS']) : undefined;
	const only = new Set((process.env['BENCH_WAN_ONLY'] ?? 'download,upload,multi,tree,list').split(','));
	const cleanups: Array<() => unknown> = [];
	const dir = await mkdtemp(path.join(tmpdir(), 'asapp-sftp-bench-wan-'));
	const lines: string[] = [];
	try {
		// An RSA 4096 key, as ASAPP asks for: logins sign with rsa-sha2-*, as in production.
		const key = path.join(dir, 'id_rsa');
		execFileSync('ssh-keygen', ['-q', '-t', 'rsa', '-b', '4096', '-N', '', '-f', key]);
		const sshd = await startTestSshd({after: fn => cleanups.push(fn as () => unknown)}, {authorizedKeys: [await readFile(`${key}.pub`, 'utf8')]});
		const serverPath = (remote: string) => path.join(sshd.root, remote);
		const into = path.join(dir, 'downloads');
		await mkdir(into);
		const makeFile = (file: string, mb: number): void => {
			execFileSync('sh', ['-c', `head -c ${mb}M /dev/urandom > '${file}'`]);
		};

		const multi = Array.from({length: multiCount}, (_, index) => path.join(dir, 'multi', `part-${index}.bin`));
		if (only.has('multi')) {
			await mkdir(path.join(dir, 'multi'));
			for (const file of multi) {
				makeFile(file, multiMb);
			}
		}

		const tree = path.join(dir, 'tree');
		if (only.has('tree')) {
			for (let folder = 0; folder < 5; folder++) {
				await mkdir(path.join(tree, `folder-${folder}`), {recursive: true});
			}

			const block = Buffer.alloc(4096, 'x');
			for (let index = 0; index < treeFiles; index++) {
				await writeFile(path.join(tree, `folder-${index % 5}`, `file-${index}.jsonl`), block);
			}
		}

		for (const rtt of rtts) {
			const proxy: DelayProxy = await startDelayProxy({targetPort: sshd.port, oneWayDelayMs: rtt / 2, bytesPerSecond: mbps ? mbps * 1e6 / 8 : undefined});
			cleanups.push(async () => proxy.close());
			const knownHosts = path.join(dir, `known_hosts-${rtt}`);
			await writeFile(knownHosts, `[127.0.0.1]:${proxy.port} ${sshd.hostPublicKey}\n`);
			const ourFlags = ['--host', '127.0.0.1', '--port', String(proxy.port), '--user', sshd.user, '--identity', key, '--known-hosts', knownHosts];
			const peerOptions = sshd.clientOptions(key).map(option => option === String(sshd.port) ? String(proxy.port) : option);
			const peerArgs = ['-b', '-', '-c', 'aes128-gcm@openssh.com', ...peerOptions, `${sshd.user}@127.0.0.1`];
			const ok = (run: {code: number | null; stderr: string; ms: number}, what: string) => {
				if (run.code !== 0) {
					throw new Error(`${what} failed (exit ${run.code}): ${run.stderr.slice(0, 500)}`);
				}

				return run.ms;
			};

			const ours = async (args: string[]) => ok(await runMeasured(process.execPath, [cli, ...args, ...ourFlags], {env: {...process.env, SSH_AUTH_SOCK: ''}}), `asapp-sftp ${args[0]!}`);
			const peer = async (batch: string) => ok(await runMeasured('sftp', peerArgs, {input: batch}), 'sftp');
			const downloadMb = rtt >= 200 ? Math.max(1, Math.round(bigMb / 2)) : bigMb;
			const big = path.join(dir, `big-${downloadMb}.bin`);
			const tasks: Task[] = [];
			if (only.has('download')) {
				tasks.push({
					name: `download ${downloadMb} MiB`,
					goal: 0.5,
					async setup() {
						makeFile(big, downloadMb);
						await writeFile(serverPath('out/big.bin'), await readFile(big));
					},
					ours: async () => ours(['get', '--to', into, 'out/big.bin']),
					peer: async () => peer(`get out/big.bin ${into}/big.bin\n`),
					clean: async () => rm(path.join(into, 'big.bin'), {force: true}),
				});
			}

			if (only.has('upload') && rtt === rtts[0]) {
				tasks.push({
					name: `upload ${bigMb} MiB`,
					goal: 1,
					setup: async () => makeFile(path.join(dir, 'upload.bin'), bigMb),
					ours: async () => ours(['put', '--no-validate', '--to', 'in', path.join(dir, 'upload.bin')]),
					peer: async () => peer(`put ${path.join(dir, 'upload.bin')} in/upload.bin\n`),
					clean: async () => rm(serverPath('in/upload.bin'), {force: true}),
				});
			}

			if (only.has('multi') && rtt === rtts[0]) {
				tasks.push({
					name: `upload ${multiCount} files of ${multiMb} MiB`,
					goal: 0.4,
					setup: async () => mkdir(serverPath('in/multi'), {recursive: true}).then(() => undefined),
					ours: async () => ours(['put', '--no-validate', '--to', 'in/multi', ...multi]),
					peer: async () => peer(multi.map(file => `put ${file} in/multi/\n`).join('')),
					clean: async () => {
						await rm(serverPath('in/multi'), {recursive: true, force: true});
						await mkdir(serverPath('in/multi'));
					},
				});
			}

			if (only.has('tree') && rtt === rtts[0]) {
				tasks.push({
					name: `put -r of ${treeFiles} files of 4 KiB`,
					goal: 0.06,
					ours: async round => {
						await mkdir(serverPath(`in/tree-${round}`));
						return ours(['put', '--no-validate', '-r', '--to', `in/tree-${round}`, tree]);
					},
					peer: async round => peer(`put -r ${tree} in/tree-${round}\n`),
					async clean() {
						for (let round = 0; round < rounds; round++) {
							await rm(serverPath(`in/tree-${round}`), {recursive: true, force: true});
						}
					},
				});
			}

			const flights: {ours: number[]; peer: number[]} = {ours: [], peer: []};
			if (only.has('list')) {
				const counted = async (run: () => Promise<number>, into: number[]) => {
					const before = proxy.connections.length;
					const ms = await run();
					// The round trips of the run's one connection, plus the TCP handshake.
					into.push(...proxy.connections.slice(before).map(turns => turns.clientFlights + 1));
					return ms;
				};

				tasks.push({
					name: 'connect and list in',
					goal: 0.7,
					ours: async () => counted(async () => ours(['ls', 'in']), flights.ours),
					peer: async () => counted(async () => peer('ls in\n'), flights.peer),
					clean: async () => undefined,
				});
			}

			const results: PairedResult[] = [];
			for (const task of tasks) {
				await task.setup?.();
				await task.clean();
				results.push(await pairedRounds(task.name, rounds, task.goal,
					async round => task.ours(round).finally(task.clean),
					async round => task.peer(round).finally(task.clean)));
			}

			lines.push(`wan: ${rtt} ms round trip${mbps ? `, ${mbps} Mbit/s cap` : ''}: asapp-sftp vs OpenSSH sftp -b -c aes128-gcm@openssh.com through a delaying proxy, whole commands`);
			lines.push(...results.map(result => reportPaired(result, 'sftp')));
			if (flights.ours.length > 0) {
				lines.push(`  round trips of connect and list (proxy count, TCP handshake included, to the end of the command): ours median ${median(flights.ours)} (${flights.ours.join(' ')}), sftp median ${median(flights.peer)} (${flights.peer.join(' ')})`);
			}

			await rm(big, {force: true});
			await rm(serverPath('out/big.bin'), {force: true});
			await proxy.close();
		}

		return lines.join('\n');
	} finally {
		for (const cleanup of cleanups.reverse()) {
			await cleanup();
		}

		await rm(dir, {recursive: true, force: true});
	}
}
