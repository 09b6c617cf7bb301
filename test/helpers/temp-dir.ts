import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import type {TestContext} from 'node:test';

/** A fresh temporary directory, removed when the test (or suite) ends. */
export async function makeTempDir(t: Pick<TestContext, 'after'>, prefix = 'asapp-sftp-test-'): Promise<string> {
	const directory = await mkdtemp(path.join(tmpdir(), prefix));
	t.after(async () => rm(directory, {recursive: true, force: true}));
	return directory;
}

/**
 * A stand-in for a test context's `after` that suites can use from `before`: helpers
 * register their cleanups on it, and the suite's `after` runs them, last first.
 */
export function suiteCleanups(): {scope: Pick<TestContext, 'after'>; run(): Promise<void>} {
	const cleanups: Array<() => unknown> = [];
	return {
		scope: {
			after(fn) {
				if (fn) {
					cleanups.push(fn as () => unknown);
				}
			},
		},
		async run() {
			for (const cleanup of cleanups.reverse()) {
				await cleanup();
			}
		},
	};
}
