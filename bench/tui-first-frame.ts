import {spawnSync} from 'node:child_process';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {formatSeconds, median, pairedRounds} from './support/stats.js';

const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'asapp-sftp.js');

/** Starts `command` in a fresh tmux terminal and returns the ms until `text` is on screen. */
let runs = 0;

async function msUntilShown(command: string, text: string): Promise<number> {
	// A fresh tmux server each time: reusing a socket races the previous server's exit.
	const socket = `asapp-sftp-bench-${process.pid}-${runs++}`;
	const tmux = (...args: string[]) => spawnSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'});
	const started = performance.now();
	tmux('new-session', '-d', '-s', 'bench', '-x', '100', '-y', '30', `${command}; sleep 30`);
	try {
		for (;;) {
			if (tmux('capture-pane', '-p', '-t', 'bench').stdout.includes(text)) {
				return performance.now() - started;
			}

			if (performance.now() - started > 10_000) {
				throw new Error(`"${text}" did not appear within 10 s`);
			}

			await new Promise(resolve => {
				setTimeout(resolve, 5);
			});
		}
	} finally {
		tmux('kill-server');
	}
}

/**
 * The interactive app's first frame (the welcome screen of a first run) in a real
 * terminal, against a bare `node -e` printing one line in the same terminal: the peer is
 * the floor any Node program pays. Goal: the first frame well under a second.
 */
export async function benchTuiFirstFrame(rounds = Number(process.env['BENCH_ROUNDS'] ?? 7)): Promise<string> {
	const home = await mkdtemp(path.join(tmpdir(), 'asapp-sftp-bench-tui-'));
	const env = `env -u CI HOME=${home} XDG_CONFIG_HOME=${home}/config XDG_DATA_HOME=${home}/data XDG_STATE_HOME=${home}/state`;
	try {
		// The goal is absolute (under a second); the bare-node figure shows what is Node's own start.
		const result = await pairedRounds('tui: first frame of the app in tmux (start to welcome screen)', Math.max(rounds, 5), Number.POSITIVE_INFINITY,
			async () => msUntilShown(`${env} ${process.execPath} ${cli}`, 'Where do you want to start?'),
			async () => msUntilShown(`${env} ${process.execPath} -e "console.log('node is up')"`, 'node is up'),
		);
		const ours = median(result.ours);
		return [
			result.name,
			`  app, first frame:     median ${formatSeconds(ours)}  runs ${result.ours.map(ms => (ms / 1000).toFixed(2)).join(' ')}`,
			`  bare node, one line:  median ${formatSeconds(median(result.peer))}  runs ${result.peer.map(ms => (ms / 1000).toFixed(2)).join(' ')}`,
			`  ratio app/bare node: median ${result.medianRatio.toFixed(2)}x`,
			`  goal: first frame < 1 s: ${ours < 1000 ? 'meets' : 'MISSES'}`,
		].join('\n');
	} finally {
		await rm(home, {recursive: true, force: true});
	}
}
