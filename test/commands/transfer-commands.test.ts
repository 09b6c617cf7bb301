import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {mkdir, readdir, readFile, stat, symlink, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {runProcess} from '../helpers/run-process.js';
import {startSftpFixture, suiteCleanup, type SftpFixture} from '../helpers/sftp-fixture.js';
import {makeTempDir} from '../helpers/temp-dir.js';

async function sha256(file: string): Promise<string> {
	return createHash('sha256').update(await readFile(file)).digest('hex');
}

/** Every file under `root`, relative, with its hash. */
async function treeHashes(root: string): Promise<Map<string, string>> {
	const result = new Map<string, string>();
	async function walk(directory: string): Promise<void> {
		for (const entry of await readdir(directory, {withFileTypes: true})) {
			const full = path.join(directory, entry.name);
			if (entry.isDirectory()) {
				await walk(full);
			} else {
				result.set(path.relative(root, full), await sha256(full));
			}
		}
	}

	await walk(root);
	return result;
}

describe('ls, mkdir, put and get against a real sshd', () => {
	let fixture: SftpFixture;
	const cleanup = suiteCleanup();
	before(async () => {
		fixture = await startSftpFixture(cleanup.context);
	});
	after(async () => cleanup.run());

	test('ls shows in/ and out/; -l adds size and time', async () => {
		const listed = await fixture.cli(['ls']);
		assert.equal(listed.code, 0, listed.stderr);
		assert.equal(listed.stdout, 'in/\nout/\n');
		const long = await fixture.cli(['ls', '-l']);
		assert.equal(long.code, 0, long.stderr);
		assert.match(long.stdout, /^\s*\d+ {2}\d{4}-\d\d-\d\d \d\d:\d\d {2}in\/$/m);
	});

	test('ls of a missing folder fails with a plain message', async () => {
		const result = await fixture.cli(['ls', 'nope']);
		assert.equal(result.code, 1);
		assert.match(result.stderr, /^Error: Could not list nope on the server: no such file or folder\./);
		assert.doesNotMatch(result.stderr, /\n\s+at /);
	});

	test('mkdir creates a folder; a second mkdir says it exists; -p does not mind', async () => {
		const made = await fixture.cli(['mkdir', 'in/transcripts']);
		assert.equal(made.code, 0, made.stderr);
		assert.ok((await stat(fixture.serverPath('in/transcripts'))).isDirectory());
		const again = await fixture.cli(['mkdir', 'in/transcripts']);
		assert.equal(again.code, 1);
		assert.match(again.stderr, /in\/transcripts already exists on the server/);
		const parents = await fixture.cli(['mkdir', '-p', 'in/transcripts/2026/11']);
		assert.equal(parents.code, 0, parents.stderr);
		assert.ok((await stat(fixture.serverPath('in/transcripts/2026/11'))).isDirectory());
	});

	test('put and get are byte-identical: an empty file, spaces and emoji in names', async t => {
		const local = await makeTempDir(t);
		const files = {'empty.csv': Buffer.alloc(0), 'call center data.jsonl': Buffer.from('{"a":1}\n'.repeat(5000)), 'résumé 📞.csv': Buffer.from('x,y\n1,2\n')};
		for (const [name, data] of Object.entries(files)) {
			await writeFile(path.join(local, name), data);
		}

		await mkdir(fixture.serverPath('in/round'));
		const put = await fixture.cli(['put', '--no-validate', '--to', 'in/round', ...Object.keys(files).map(name => path.join(local, name))]);
		assert.equal(put.code, 0, put.stderr);
		assert.match(put.stdout, /Uploaded 3 files .* sizes verified/);
		for (const [name, data] of Object.entries(files)) {
			assert.deepEqual(await readFile(fixture.serverPath(`in/round/${name}`)), data, name);
		}

		const back = await makeTempDir(t);
		const get = await fixture.cli(['get', '--to', back, ...Object.keys(files).map(name => `in/round/${name}`)]);
		assert.equal(get.code, 0, get.stderr);
		for (const [name, data] of Object.entries(files)) {
			assert.deepEqual(await readFile(path.join(back, name)), data, name);
		}

		assert.deepEqual((await readdir(back)).sort(), Object.keys(files).sort(), 'no partial files are left');
	});

	test('put -r of a 300-file nested tree creates in/<dir>/... identical; get -r brings it back', async t => {
		const base = await makeTempDir(t);
		const tree = path.join(base, 'batch 1');
		for (let index = 0; index < 300; index++) {
			const folder = path.join(tree, `part-${index % 5}`, index % 2 === 0 ? 'even' : 'odd');
			await mkdir(folder, {recursive: true});
			await writeFile(path.join(folder, `file-${index}.jsonl`), `{"n":${index}}\n`.repeat(index));
		}

		const put = await fixture.cli(['put', '-r', '--no-validate', tree]);
		assert.equal(put.code, 0, put.stderr);
		assert.match(put.stdout, /Uploaded 300 files/);
		const expected = await treeHashes(tree);
		assert.deepEqual(await treeHashes(fixture.serverPath('in/batch 1')), expected);

		const back = await makeTempDir(t);
		const get = await fixture.cli(['get', '-r', '--to', back, 'in/batch 1']);
		assert.equal(get.code, 0, get.stderr);
		assert.deepEqual(await treeHashes(path.join(back, 'batch 1')), expected);
	});

	test('OpenSSH sftp reads what we uploaded; we read what it uploaded', async t => {
		const local = await makeTempDir(t);
		const ours = path.join(local, 'ours.bin');
		await writeFile(ours, Buffer.alloc(3 * 1024 * 1024 + 17, 7));
		assert.equal((await fixture.cli(['put', ours])).code, 0);
		const theirs = path.join(local, 'theirs.bin');
		await writeFile(theirs, Buffer.alloc(1024 * 1024 + 3, 9));
		const sftp = await runProcess('sftp', ['-b', '-', ...fixture.sshd.clientOptions(fixture.identity), `${fixture.sshd.user}@127.0.0.1`], {
			input: `get in/ours.bin ${local}/ours-via-sftp.bin\nput ${theirs} in/theirs.bin\n`,
		});
		assert.equal(sftp.code, 0, sftp.stderr);
		assert.equal(await sha256(path.join(local, 'ours-via-sftp.bin')), await sha256(ours));
		const back = await makeTempDir(t);
		assert.equal((await fixture.cli(['get', '--to', back, 'in/theirs.bin'])).code, 0);
		assert.equal(await sha256(path.join(back, 'theirs.bin')), await sha256(theirs));
	});

	test('get refuses to overwrite an existing file unless --overwrite', async t => {
		await writeFile(fixture.serverPath('out/report.csv'), 'from the server\n');
		const local = await makeTempDir(t);
		await writeFile(path.join(local, 'report.csv'), 'mine\n');
		const refused = await fixture.cli(['get', '--to', local, 'out/report.csv']);
		assert.equal(refused.code, 1);
		assert.match(refused.stderr, /report\.csv already exists; it was left untouched/);
		assert.match(refused.stderr, /--overwrite/);
		assert.equal(await readFile(path.join(local, 'report.csv'), 'utf8'), 'mine\n');
		assert.deepEqual(await readdir(local), ['report.csv']);

		const replaced = await fixture.cli(['get', '--overwrite', '--to', local, 'out/report.csv']);
		assert.equal(replaced.code, 0, replaced.stderr);
		assert.equal(await readFile(path.join(local, 'report.csv'), 'utf8'), 'from the server\n');
	});

	test('get -r refuses a server name with control characters, and downloads the rest', async t => {
		await mkdir(fixture.serverPath('out/hostile'));
		await writeFile(fixture.serverPath('out/hostile/fine.csv'), 'ok\n');
		await writeFile(fixture.serverPath('out/hostile/evil\u001B[31m.csv'), 'bad\n');
		const local = await makeTempDir(t);
		const result = await fixture.cli(['get', '-r', '--to', local, 'out/hostile']);
		assert.equal(result.code, 1);
		assert.match(result.stderr, /Refused to download "out\/hostile\/evil\\x1b\[31m\.csv": it contains control characters/);
		assert.deepEqual(await readdir(path.join(local, 'hostile')), ['fine.csv']);
	});

	test('put -r stops at a symbolic link loop instead of hanging', async t => {
		const base = await makeTempDir(t);
		const tree = path.join(base, 'looped');
		await mkdir(path.join(tree, 'a'), {recursive: true});
		await writeFile(path.join(tree, 'a', 'x.csv'), 'x\n');
		await symlink('..', path.join(tree, 'a', 'back'));
		const result = await fixture.cli(['put', '-r', tree]);
		assert.equal(result.code, 1);
		assert.match(result.stderr, /leads back into .* through a symbolic link/);
		await assert.rejects(stat(fixture.serverPath('in/looped')), 'nothing was uploaded');
	});

	test('usage mistakes exit 2', async () => {
		assert.equal((await fixture.cli(['put'])).code, 2);
		assert.equal((await fixture.cli(['get', '--parallel', '0', 'x'])).code, 2);
		const noUser = await runProcess(process.execPath, ['bin/asapp-sftp.js', 'ls']);
		assert.equal(noUser.code, 2);
		assert.match(noUser.stderr, /--marker MARKER \(or --user USER\) is required/);
	});
});
