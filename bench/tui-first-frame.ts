import {spawn, spawnSync} from 'node:child_process';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {benchNodes, type BenchNode} from './support/bench-node.js';
import {formatSeconds, median, pairedRounds, reportPaired} from './support/stats.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(projectRoot, 'bin', 'asapp-sftp.js');

/** Starts `command` in a fresh tmux terminal and returns the ms until `text` is on screen. */
let runs = 0;

async function msUntilShown(command: string, text: string): Promise<number> {
	// A fresh tmux server each time: reusing a socket races the previous server's exit.
	const socket = `asapp-sftp-bench-${process.pid}-${runs++}`;
	const tmux = (...args: string[]) => spawnSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'});
	const started = performance.now();
	tmux('new-session', '-d', '-s', 'bench', '-x', '100', '-y', '30', '-c', projectRoot, `${command}; sleep 30`);
	try {
		for (;;) {
			if (tmux('capture-pane', '-p', '-t', 'bench').stdout.includes(text)) {
				return performance.now() - started;
			}

			if (performance.now() - started > 20_000) {
				throw new Error(`"${text}" did not appear within 20 s`);
			}

			await new Promise(resolve => {
				setTimeout(resolve, 5);
			});
		}
	} finally {
		tmux('kill-server');
	}
}

/** Wall time of one run of `node ARGS` to its exit, output discarded. */
async function msToExit(node: string, args: string[]): Promise<number> {
	const started = performance.now();
	await new Promise<void>((resolve, reject) => {
		const child = spawn(node, args, {stdio: 'ignore'});
		child.once('error', reject);
		child.once('exit', code => {
			if (code === 0) {
				resolve();
			} else {
				reject(new Error(`${node} ${args.join(' ')} exited ${code}`));
			}
		});
	});
	return performance.now() - started;
}

function runsOf(values: number[]): string {
	return values.map(ms => (ms / 1000).toFixed(3)).join(' ');
}

/**
 * The interactive app's first frame (the welcome screen of a first run) in a real
 * terminal, against a bare `node -e` printing one line in the same terminal: the peer is
 * the floor any Node program pays. Goal (issue 11): at most 3x the bare node. Also the
 * first frame through `npm start` with nothing changed (no rebuild), against the same floor.
 * Knobs: BENCH_ROUNDS (7), BENCH_NODE (node binaries to run it under, see support/bench-node.ts).
 */
export async function benchTuiFirstFrame(rounds = Number(process.env['BENCH_ROUNDS'] ?? 7)): Promise<string> {
	const reports: string[] = [];
	for (const node of benchNodes()) {
		reports.push(await firstFrameUnder(node, rounds));
	}

	return reports.join('\n');
}

async function firstFrameUnder(node: BenchNode, rounds: number): Promise<string> {
	const home = await mkdtemp(path.join(tmpdir(), 'asapp-sftp-bench-tui-'));
	const env = `env -u CI HOME=${home} XDG_CONFIG_HOME=${home}/config XDG_DATA_HOME=${home}/data XDG_STATE_HOME=${home}/state XDG_CACHE_HOME=${home}/cache`;
	const welcome = 'Where do you want to start?';
	// `npm start` runs the node first on PATH: the one measured.
	const npmEnv = `${env} PATH=${path.dirname(node.path)}:${process.env['PATH'] ?? ''}`;
	try {
		const bareNode = async () => msUntilShown(`${env} ${node.path} -e "console.log('node is up')"`, 'node is up');
		const app = await pairedRounds(`tui (Node ${node.version}): first frame of the app in tmux (start to welcome screen), against bare node printing a line`, Math.max(rounds, 5), 3,
			async () => msUntilShown(`${env} ${node.path} ${cli}`, welcome), bareNode);
		const viaNpm = await pairedRounds(`tui (Node ${node.version}): first frame through \`npm start\` (nothing changed, so no rebuild), against bare node printing a line`, Math.max(rounds, 5), Number.POSITIVE_INFINITY,
			async () => msUntilShown(`${npmEnv} npm start --silent`, welcome), bareNode);
		return [
			reportPaired(app, 'bare node'),
			`${viaNpm.name}`,
			`  npm start: median ${formatSeconds(median(viaNpm.ours))}  runs ${runsOf(viaNpm.ours)}`,
			`  bare node: median ${formatSeconds(median(viaNpm.peer))}  runs ${runsOf(viaNpm.peer)}`,
			`  ratio npm start/bare node: median ${viaNpm.medianRatio.toFixed(2)}x (npm's own start is most of the difference)`,
		].join('\n');
	} finally {
		await rm(home, {recursive: true, force: true});
	}
}

/**
 * `asapp-sftp --help` to its exit, against `node -e ''`. Goal (issue 11): at most 1.5x.
 * Knobs: BENCH_ROUNDS (7; three times as many runs here), BENCH_NODE (see support/bench-node.ts).
 */
export async function benchHelp(rounds = Number(process.env['BENCH_ROUNDS'] ?? 7)): Promise<string> {
	const reports: string[] = [];
	for (const node of benchNodes()) {
		const result = await pairedRounds(`help (Node ${node.version}): \`asapp-sftp --help\` to exit, against bare \`node -e ''\``, Math.max(rounds * 3, 15), 1.5,
			async () => msToExit(node.path, [cli, '--help']),
			async () => msToExit(node.path, ['-e', '']));
		reports.push(reportPaired(result, 'bare node'));
	}

	return reports.join('\n');
}
