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
