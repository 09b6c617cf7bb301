import assert from 'node:assert/strict';
import {mkdir, symlink, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, test} from 'node:test';
import {planUpload, SymlinkLoopError} from '../../../source/core/transfer/local-tree.js';
import {directoryLevels} from '../../../source/core/transfer/upload.js';
import {localPathForRemoteName, printableName, unsafeNameReason} from '../../../source/core/transfer/remote-names.js';
import {figures, RateMeter} from '../../../source/core/transfer/progress.js';
import {makeTempDir} from '../../helpers/temp-dir.js';

describe('upload plans, remote names and progress figures', () => {
	test('put -r DIR --to X plans X/<DIR>/..., parents before children; files keep their sizes', async t => {
		const base = await makeTempDir(t);
		await mkdir(path.join(base, 'batch', 'calls', 'deep'), {recursive: true});
		await writeFile(path.join(base, 'batch', 'a.csv'), 'abc');
		await writeFile(path.join(base, 'batch', 'calls', 'deep', 'b.jsonl'), '{}\n');
		await writeFile(path.join(base, 'single.csv'), '12345');
		const plan = await planUpload([path.join(base, 'batch'), path.join(base, 'single.csv')], 'in/x', {recursive: true});
		assert.deepEqual(plan.directories, ['in/x/batch', 'in/x/batch/calls', 'in/x/batch/calls/deep']);
		assert.deepEqual(plan.files.map(file => [file.remotePath, file.size, file.index]), [
			['in/x/batch/a.csv', 3, 0],
			['in/x/batch/calls/deep/b.jsonl', 3, 1],
			['in/x/single.csv', 5, 2],
		]);
		await assert.rejects(planUpload([path.join(base, 'batch')], 'in', {recursive: false}), /is a folder/);
	});

	test('a folder of more entries than one stat batch: every file, in name order, with its size; a dangling link late in the folder fails', async t => {
		const base = await makeTempDir(t);
		const folder = path.join(base, 'many');
		await mkdir(folder);
		const names = Array.from({length: 700}, (_, index) => `f-${String(index).padStart(4, '0')}.csv`);
		await Promise.all(names.map(async (name, index) => writeFile(path.join(folder, name), 'x'.repeat(index % 13))));
		const plan = await planUpload([folder], 'in', {recursive: true});
		assert.deepEqual(plan.files.map(file => [file.remotePath, file.size]), names.map((name, index) => [`in/many/${name}`, index % 13]));
		await symlink(path.join(base, 'nowhere'), path.join(folder, 'zz-dangling.csv'));
		await assert.rejects(planUpload([folder], 'in', {recursive: true}), /zz-dangling\.csv/);
	});

	test('remote folders are created a depth at a time: parents in an earlier level than their children', () => {
		const directories = ['in/x/batch', 'in/x/batch/calls', 'in/x/batch/calls/deep', 'in/x/batch/notes', 'in/x/other', 'in/x/other/a'];
		assert.deepEqual(directoryLevels(directories), [
			['in/x/batch', 'in/x/other'],
			['in/x/batch/calls', 'in/x/batch/notes', 'in/x/other/a'],
			['in/x/batch/calls/deep'],
		]);
		assert.deepEqual(directoryLevels([]), []);
	});

	test('a symlink loop is an error; a link to a sibling folder is followed', async t => {
		const base = await makeTempDir(t);
		await mkdir(path.join(base, 'tree', 'a'), {recursive: true});
		await mkdir(path.join(base, 'other'));
		await writeFile(path.join(base, 'other', 'o.csv'), 'o');
		await symlink(path.join(base, 'other'), path.join(base, 'tree', 'a', 'linked'));
		const plan = await planUpload([path.join(base, 'tree')], 'in', {recursive: true});
		assert.deepEqual(plan.files.map(file => file.remotePath), ['in/tree/a/linked/o.csv']);
		await symlink(path.join(base, 'tree'), path.join(base, 'tree', 'a', 'loop'));
		await assert.rejects(planUpload([path.join(base, 'tree')], 'in', {recursive: true}), SymlinkLoopError);
		await symlink('self', path.join(base, 'self'));
		await assert.rejects(planUpload([path.join(base, 'self')], 'in', {recursive: true}), SymlinkLoopError);
	});

	test('hostile remote names are refused; plain ones (spaces, emoji) pass', () => {
		for (const bad of ['', '.', '..', 'a/b', '../etc', 'x..y', 'nul\u0000', 'esc\u001B[2J', 'del\u007F', 'c1\u009B', 'back\\slash']) {
			assert.ok(unsafeNameReason(bad), JSON.stringify(bad));
		}

		for (const good of ['data.csv', 'call center 📞.jsonl', 'résumé.csv', '.hidden']) {
			assert.equal(unsafeNameReason(good), undefined, good);
		}

		assert.throws(() => localPathForRemoteName('/tmp', '..', 'out/..'), /Refused to download/);
		assert.equal(printableName('a\u001B[31mb\n'), String.raw`a\x1b[31mb\x0a`);
	});

	test('rate and ETA', () => {
		const meter = new RateMeter();
		assert.equal(meter.sample(0, 1000), 0);
		assert.equal(meter.sample(1000, 2000), 1000);
		assert.equal(meter.sample(3000, 3000), 1500);
		assert.deepEqual(figures(3000, 6000, 1500), {bytes: 3000, total: 6000, rate: 1500, etaSeconds: 2});
		assert.equal(figures(0, 10, 0).etaSeconds, undefined);
	});
});
