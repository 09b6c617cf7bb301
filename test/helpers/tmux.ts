import {spawnSync} from 'node:child_process';
import type {TestContext} from 'node:test';

/** True when tmux can be run here. */
export function hasTmux(): boolean {
	return spawnSync('tmux', ['-V'], {stdio: 'ignore'}).status === 0;
}

export type TmuxTerminal = {
	/** What the terminal shows now, as plain text. */
	screen(): string;
	/**
	 * Sends keys the way `tmux send-keys` names them (`Enter`, `Tab`, `BSpace`, `C-c`, or
	 * literal text), a little apart, as a quick typist would.
	 */
	send(...keys: string[]): Promise<void>;
	/** Resolves with the screen once it contains `text`; fails with the screen after `timeoutMs`. */
	waitFor(text: string | RegExp, timeoutMs?: number): Promise<string>;
};

/**
 * Runs a command in a real terminal: a detached tmux session on a private server socket
 * (so it never touches a person's tmux), killed when the test ends.
 */
export function startInTmux(t: Pick<TestContext, 'after'>, command: string, size = {columns: 100, rows: 30}): TmuxTerminal {
	const socket = `asapp-sftp-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
	const tmux = (...args: string[]) => spawnSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'});
	const started = tmux('new-session', '-d', '-s', 'app', '-x', String(size.columns), '-y', String(size.rows), command);
	if (started.status !== 0) {
		throw new Error(`tmux did not start: ${started.stderr}`);
	}

	t.after(() => {
		tmux('kill-server');
	});
	const screen = () => tmux('capture-pane', '-p', '-t', 'app').stdout;
	return {
		screen,
		async send(...keys) {
			// A screen's key handlers attach just after its first frame is drawn; let them.
			await new Promise(resolve => {
				setTimeout(resolve, 150);
			});
			for (const key of keys) {
				tmux('send-keys', '-t', 'app', key);
				await new Promise(resolve => {
					setTimeout(resolve, 80);
				});
			}
		},
		async waitFor(text, timeoutMs = 15_000) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const current = screen();
				if (typeof text === 'string' ? current.includes(text) : text.test(current)) {
					return current;
				}

				if (Date.now() > deadline) {
					throw new Error(`Timed out waiting for ${String(text)}; the terminal shows:\n${current}`);
				}

				await new Promise(resolve => {
					setTimeout(resolve, 50);
				});
			}
		},
	};
}
