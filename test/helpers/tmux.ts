import {spawnSync} from 'node:child_process';
import type {TestContext} from 'node:test';

/** True when tmux can be run here. */
export function hasTmux(): boolean {
	return spawnSync('tmux', ['-V'], {stdio: 'ignore'}).status === 0;
}

/** What a test waits to see: text, a pattern, or a check of the whole screen. */
export type ScreenExpectation = string | RegExp | ((screen: string) => boolean);

export type TmuxTerminal = {
	/** What the terminal shows now, as plain text. */
	screen(): string;
	/** The same, with lines the terminal wrapped by itself joined: what a copy with the mouse gives. */
	joinedScreen(): string;
	/**
	 * Types keys the way `tmux send-keys` names them (`Enter`, `Tab`, `BSpace`, `C-c`, or
	 * literal text), one after another with no pause: the app must take them at any speed.
	 */
	send(...keys: string[]): void;
	/** Resolves with the screen once it shows `expected`; fails with the screen after `timeoutMs`. */
	waitFor(expected: ScreenExpectation, timeoutMs?: number): Promise<string>;
};

function shows(screen: string, expected: ScreenExpectation): boolean {
	if (typeof expected === 'string') {
		return screen.includes(expected);
	}

	return expected instanceof RegExp ? expected.test(screen) : expected(screen);
}

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
		joinedScreen: () => tmux('capture-pane', '-p', '-J', '-t', 'app').stdout,
		send(...keys) {
			for (const key of keys) {
				tmux('send-keys', '-t', 'app', key);
			}
		},
		async waitFor(expected, timeoutMs = 30_000) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const current = screen();
				if (shows(current, expected)) {
					return current;
				}

				if (Date.now() > deadline) {
					throw new Error(`Timed out waiting for ${String(expected)}; the terminal shows:\n${current}`);
				}

				// Polls the screen; a slow machine only makes this loop run longer.
				await new Promise(resolve => {
					setTimeout(resolve, 50);
				});
			}
		},
	};
}
