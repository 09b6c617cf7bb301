import {EventEmitter} from 'node:events';
import {render as inkRender} from 'ink';
import {render} from 'ink-testing-library';
import type {ReactElement} from 'react';
import {App} from '../../../source/app.js';
import type {StartOptions} from '../../../source/ui/start-options.js';
import {themeFor} from '../../../source/ui/theme.js';
import type {FakeServices} from './fake-services.js';

export const keys = {
	enter: '\r',
	escape: '\u001B',
	tab: '\t',
	backspace: '\u007F',
	up: '\u001B[A',
	down: '\u001B[B',
	ctrlC: '\u0003',
	end: '\u001B[F',
} as const;

export type Driven = ReturnType<typeof render> & {
	/** Resolves once the last frame contains `text` (or matches it); fails with the frame after `timeoutMs`. */
	waitFor(text: string | RegExp, timeoutMs?: number): Promise<string>;
	/** Types keys one at a time, letting Ink handle each. */
	press(...inputs: string[]): Promise<void>;
	type(text: string): Promise<void>;
	frame(): string;
};

const tick = async (ms = 10) => new Promise(resolve => {
	setTimeout(resolve, ms);
});

/** A terminal of a chosen size (ink-testing-library's is always 100 columns wide). */
class SizedStdout extends EventEmitter {
	readonly frames: string[] = [];
	readonly isTTY = true;

	constructor(readonly columns: number, readonly rows: number) {
		super();
	}

	write = (frame: string) => {
		this.frames.push(frame);
	};

	lastFrame = () => this.frames.at(-1);
}

class FakeStdin extends EventEmitter {
	readonly isTTY = true;
	private data: string | null = null;

	write = (data: string) => {
		this.data = data;
		this.emit('readable');
		this.emit('data', data);
	};

	read = () => {
		const {data} = this;
		this.data = null;
		return data;
	};

	setEncoding() {}
	setRawMode() {}
	resume() {}
	pause() {}
	ref() {}
	unref() {}
}

function renderSized(element: ReactElement, size: {columns: number; rows: number}): ReturnType<typeof render> {
	const stdout = new SizedStdout(size.columns, size.rows);
	const stderr = new SizedStdout(size.columns, size.rows);
	const stdin = new FakeStdin();
	const instance = inkRender(element, {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stderr: stderr as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	return {
		rerender: instance.rerender,
		unmount: instance.unmount,
		cleanup: instance.cleanup,
		stdout, stderr, stdin,
		frames: stdout.frames,
		lastFrame: stdout.lastFrame,
	} as unknown as ReturnType<typeof render>;
}

export function drive(element: ReactElement, size?: {columns: number; rows: number}): Driven {
	const instance = size ? renderSized(element, size) : render(element);
	const frame = () => instance.lastFrame() ?? '';
	return {
		...instance,
		frame,
		async waitFor(text, timeoutMs = 15_000) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const current = frame();
				if (typeof text === 'string' ? current.includes(text) : text.test(current)) {
					return current;
				}

				if (Date.now() > deadline) {
					throw new Error(`Timed out waiting for ${String(text)}; the screen shows:\n${current}`);
				}

				await tick(10);
			}
		},
		async press(...inputs) {
			for (const input of inputs) {
				// The key router hands each key to the screen the previous one left; the ticks
				// only let the frame the test reads next be drawn.
				await tick(20);
				instance.stdin.write(input);
				// Escape is held back by Ink's parser until the next tick, to tell it from a sequence.
				await tick(input === keys.escape ? 30 : 15);
			}
		},
		async type(text) {
			await tick(20);
			for (const char of text) {
				instance.stdin.write(char);
				await tick(5);
			}

			await tick(15);
		},
	};
}

export function driveApp(services: FakeServices, env: NodeJS.ProcessEnv = {}, size?: {columns: number; rows: number}, start: StartOptions = {}): Driven {
	return drive(<App services={services} theme={themeFor(env)} start={start}/>, size);
}
