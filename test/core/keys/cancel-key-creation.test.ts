import assert from 'node:assert/strict';
import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, test} from 'node:test';
import {writeNewFiles} from '../../../source/core/fs/write-new-files.js';
import {createKeyFiles} from '../../../source/core/keys/create-key-files.js';
import {createRealServices} from '../../../source/ui/real-services.js';
import {makeTempDir} from '../../helpers/temp-dir.js';

function isCancelled(error: Error & {code?: string}): boolean {
	assert.equal(error.code, 'cancelled', error.message);
	return true;
}

describe('cancelling key creation leaves no file', () => {
	test('createKeyFiles: a cancel while the key is being made writes nothing', async t => {
		const dir = await makeTempDir(t);
		const controller = new AbortController();
		const creating = createKeyFiles({marker: 'acme', privateKeyPath: path.join(dir, 'key'), ppk: true, signal: controller.signal});
		controller.abort();
		await assert.rejects(creating, isCancelled);
		assert.deepEqual(await readdir(dir), []);
	});

	test('writeNewFiles: a cancel at any point, even between two files, takes back every file and temporary file', async t => {
		const files = ['key', 'key.pub', 'key.ppk'];
		let point = 0;
		for (;;) {
			const dir = await makeTempDir(t);
			// A signal that turns aborted at its `point`-th look: every place the writer checks.
			let looks = 0;
			const signal = {get aborted() {
				return looks++ >= point;
			}} as AbortSignal;
			try {
				await writeNewFiles(files.map(name => ({path: path.join(dir, name), data: `${name}\n`, mode: 0o600})), 'hint', {signal});
			} catch (error) {
				isCancelled(error as Error & {code?: string});
				assert.deepEqual(await readdir(dir), [], `cancelled at check ${point}`);
				point++;
				continue;
			}

			// The first point at which no check came too late: every file is complete.
			assert.deepEqual((await readdir(dir)).sort(), [...files].sort());
			assert.equal(await readFile(path.join(dir, 'key.pub'), 'utf8'), 'key.pub\n');
			assert.ok(point >= files.length * 2, `the writer looked at the signal ${point} times`);
			break;
		}
	});

	test('the app\'s services pass the cancel to the core: no key files, no phantom key for the next start', async t => {
		const home = await makeTempDir(t);
		const services = createRealServices();
		const controller = new AbortController();
		const keyPath = path.join(home, 'asapp_key');
		const creating = services.keys.create({marker: 'acme', path: keyPath}, {signal: controller.signal});
		controller.abort();
		await assert.rejects(creating, isCancelled);
		assert.deepEqual(await readdir(home), []);
		await assert.rejects(services.keys.readPublic(keyPath));
		await services.dispose();
	});
});
