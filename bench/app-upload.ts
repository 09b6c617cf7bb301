import {execFileSync} from 'node:child_process';
import {mkdir, mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {startTestSshd} from '../test/helpers/sshd.js';
import {startInTmux} from '../test/helpers/tmux.js';
import {runMeasured} from './support/peak-rss.js';
import {formatSeconds, median} from './support/stats.js';

const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'asapp-sftp.js');

/** What a receipt says of its one file: when its first try began and when it was verified. */
type ReceiptOfOne = {files: Array<{startedAt: string; endedAt: string; outcome: string}>};

async function fileMsOf(receiptPath: string): Promise<number> {
	const receipt = JSON.parse(await readFile(receiptPath, 'utf8')) as ReceiptOfOne;
	const [file] = receipt.files;
	if (file?.outcome !== 'verified') {
		throw new Error(`${receiptPath}: the file did not arrive verified (${file?.outcome ?? 'no file'})`);
	}

	return Date.parse(file.endedAt) - Date.parse(file.startedAt);
}

function quote(value: string): string {
	return `'${value.replaceAll('\'', '\'\\\'\'')}'`;
}

/** User + system CPU seconds a process has used so far (/proc, clock ticks of 10 ms). */
async function cpuSecondsOf(pid: number): Promise<number> {
	const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
	return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function waitUntil<T>(what: string, probe: () => Promise<T | undefined>, everyMs: number, timeoutMs = 120_000): Promise<T> {
	const deadline = performance.now() + timeoutMs;
	for (;;) {
		const found = await probe();
		if (found !== undefined) {
			return found;
		}

		if (performance.now() > deadline) {
			throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
		}

		await new Promise(resolve => {
			setTimeout(resolve, everyMs);
		});
	}
}

type Round = {
	/** Receipt: the file's first byte to its verified size. */
	fileMs: number;
	/** App: key press to "Transfer finished" on screen; CLI: the command's start to exit. */
	wallMs: number;
	/** CPU seconds over the same span (the app: its process from key press to done). */
	cpuSeconds: number;
};

/**
 * An upload from the interactive app against the same upload by `asapp-sftp put`, to the
 * same loopback OpenSSH sshd, alternating. The app runs in a real terminal (tmux) with the
 * any-server flags; the bench browses into in/, switches to the local pane and presses u on
 * one big file, as a person would. Speed is read from each run's upload receipt (the file's
 * start to its verified end, ms precision, the same clock for both); the app's key-press-to-
 * screen time and the CLI's whole command are shown beside it. Goal (issue 11): the app
 * uploads at least 0.9 of the CLI's speed. Knobs: BENCH_APP_UPLOAD_MB (512), BENCH_ROUNDS (5).
 */
export async function benchAppUpload(): Promise<string> {
	const megabytes = Number(process.env['BENCH_APP_UPLOAD_MB'] ?? 512);
	const rounds = Math.max(Number(process.env['BENCH_ROUNDS'] ?? 5), 1);
	const cleanups: Array<() => unknown> = [];
	const context = {after: (fn: () => unknown) => cleanups.push(fn)};
	const dir = await mkdtemp(path.join(tmpdir(), 'asapp-sftp-bench-app-upload-'));
	try {
		const key = path.join(dir, 'id_ed25519');
		execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
		const sshd = await startTestSshd(context, {authorizedKeys: [await readFile(`${key}.pub`, 'utf8')]});
		const knownHosts = path.join(dir, 'known_hosts');
		await writeFile(knownHosts, `${sshd.knownHostsLine}\n`);
		const work = path.join(dir, 'work');
		await mkdir(work);
		const big = path.join(work, 'big.bin');
		execFileSync('sh', ['-c', `head -c ${megabytes}M /dev/urandom > '${big}'`]);
		const home = path.join(dir, 'home');
		const env = {
			HOME: home,
			XDG_CONFIG_HOME: path.join(home, 'config'),
			XDG_DATA_HOME: path.join(home, 'data'),
			XDG_STATE_HOME: path.join(home, 'state'),
			XDG_CACHE_HOME: path.join(home, 'cache'),
		};
		const receipts = path.join(env.XDG_STATE_HOME, 'asapp-sftp', 'receipts');
		const flags = ['--host', '127.0.0.1', '--port', String(sshd.port), '--user', sshd.user, '--identity', key, '--known-hosts', knownHosts];
		const remote = path.join(sshd.root, 'in', 'big.bin');

		const app = async (): Promise<Round> => {
			const assignments = Object.entries(env).map(([name, value]) => `${name}=${quote(value)}`).join(' ');
			// Ink draws only the last frame under CI, so CI is unset: this is the interactive app.
			// The app's process id goes to a file (sh writes its own, then becomes the app), for its CPU time.
			const pidFile = path.join(dir, 'app.pid');
			const command = `cd ${quote(work)} && sh -c 'echo $$ > "$0"; exec "$@"' ${quote(pidFile)} env -u CI -u NO_COLOR -u SSH_AUTH_SOCK ${assignments} ${quote(process.execPath)} ${quote(cli)} ${flags.map(quote).join(' ')}; echo "EXITED $?"; sleep 60`;
			const stops: Array<() => unknown> = [];
			const terminal = startInTmux({after: fn => stops.push(fn as () => unknown)}, command, {columns: 120, rows: 35});
			try {
				const settled = (pattern: RegExp) => (screen: string) => pattern.test(screen) && !screen.includes('loading…');
				await terminal.waitFor(settled(/┃ › in\/ /), 60_000);
				terminal.send('Enter');
				await terminal.waitFor(settled(/Remote: \S*\/in /), 60_000);
				terminal.send('Tab');
				await terminal.waitFor(settled(/┏━[^]*› big\.bin/), 60_000);
				const before = new Set(await readdir(receipts).catch(() => []));
				const pid = Number(await readFile(pidFile, 'utf8'));
				const cpuBefore = await cpuSecondsOf(pid);
				const pressed = performance.now();
				terminal.send('u');
				// Cheap file polling while the bytes move; the screen only once the receipt is there.
				const receipt = await waitUntil('the upload receipt', async () => (await readdir(receipts).catch(() => [])).find(name => name.endsWith('.json') && !name.startsWith('.') && !before.has(name)), 20);
				await waitUntil('"Transfer finished"', async () => terminal.screen().includes('Transfer finished') ? true : undefined, 5);
				const wallMs = performance.now() - pressed;
				const cpuSeconds = await cpuSecondsOf(pid) - cpuBefore;
				const screen = terminal.screen();
				if (!/1 of 1 file arrived on the server, 1 size-verified/.test(screen)) {
					throw new Error(`the app's upload did not arrive verified:\n${screen}`);
				}

				terminal.send('Enter', 'q');
				await terminal.waitFor('EXITED 0');
				return {fileMs: await fileMsOf(path.join(receipts, receipt)), wallMs, cpuSeconds};
			} finally {
				for (const stop of stops) {
					await stop();
				}

				await rm(remote, {force: true});
			}
		};

		let cliRuns = 0;
		const put = async (): Promise<Round> => {
			const receipt = path.join(dir, `cli-receipt-${cliRuns++}.json`);
			const run = await runMeasured(process.execPath, [cli, 'put', '--to', 'in', '--receipt', receipt, big, ...flags], {env: {...process.env, ...env, SSH_AUTH_SOCK: ''}});
			if (run.code !== 0) {
				throw new Error(`asapp-sftp put failed (exit ${run.code}): ${run.stderr.slice(0, 500)}`);
			}

			await rm(remote, {force: true});
			return {fileMs: await fileMsOf(receipt), wallMs: run.ms, cpuSeconds: run.cpuSeconds};
		};

		const ours: Round[] = [];
		const peer: Round[] = [];
		for (let round = 0; round < rounds; round++) {
			// Alternate which goes first, so neither always meets the warmer page cache.
			if (round % 2 === 0) {
				ours.push(await app());
				peer.push(await put());
			} else {
				peer.push(await put());
				ours.push(await app());
			}
		}

		const megabytesPerSecond = (ms: number) => (megabytes * 1024 * 1024 / 1e6) / (ms / 1000);
		const speedRatios = ours.map((run, index) => peer[index]!.fileMs / run.fileMs);
		const speedRatio = median(speedRatios);
		const list = (values: number[], digits = 2) => values.map(value => value.toFixed(digits)).join(' ');
		return [
			`app-upload: ${megabytes} MiB from the app (tmux, u on the file) against asapp-sftp put, loopback OpenSSH sshd, ${rounds} alternating rounds`,
			`  speed from the receipts (first byte to verified size): app median ${megabytesPerSecond(median(ours.map(run => run.fileMs))).toFixed(0)} MB/s (runs ${list(ours.map(run => run.fileMs / 1000))} s), put median ${megabytesPerSecond(median(peer.map(run => run.fileMs))).toFixed(0)} MB/s (runs ${list(peer.map(run => run.fileMs / 1000))} s)`,
			`  ratio app/put speed: median ${speedRatio.toFixed(2)} (per round ${list(speedRatios)}); goal >= 0.9: ${speedRatio >= 0.9 ? 'meets' : 'MISSES'}`,
			`  app, key press to "Transfer finished" on screen (check, upload, receipt, drawing): median ${formatSeconds(median(ours.map(run => run.wallMs)))}, CPU median ${median(ours.map(run => run.cpuSeconds)).toFixed(2)} s (runs ${list(ours.map(run => run.cpuSeconds))})`,
			`  put, whole command (Node start, connect, check, upload, receipt): median ${formatSeconds(median(peer.map(run => run.wallMs)))}, CPU median ${median(peer.map(run => run.cpuSeconds)).toFixed(2)} s (runs ${list(peer.map(run => run.cpuSeconds))})`,
		].join('\n');
	} finally {
		for (const cleanup of cleanups.reverse()) {
			await cleanup();
		}

		await rm(dir, {recursive: true, force: true});
	}
}
