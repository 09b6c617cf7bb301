import assert from 'node:assert/strict';
import {randomBytes} from 'node:crypto';
import {mkdir, readFile, symlink, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {sampleFileName} from '../../../source/core/sandbox/index.js';
import {sampleFileText} from '../../../source/core/sandbox/sandbox-root.js';
import {pathExists} from '../../../source/core/fs/write-new-files.js';
import {suiteCleanups} from '../../helpers/temp-dir.js';
import {startTestSandbox, type TestSandbox} from '../../helpers/sandbox.js';
import type {SftpDriver} from '../../helpers/sftp-drivers.js';

/**
 * The "Done when" scenarios of the practice server, for any SFTP client: OpenSSH's
 * `sftp` runs them in sandbox-openssh.test.ts, our own CLI in sandbox-our-client.test.ts.
 * One server per suite; every scenario uses its own names.
 */
export function describeClientScenarios(makeDriver: (sandbox: TestSandbox) => SftpDriver): void {
	let sandbox: TestSandbox;
	let driver: SftpDriver;
	const cleanups = suiteCleanups();

	before(async () => {
		sandbox = await startTestSandbox(cleanups.scope);
		driver = makeDriver(sandbox);
	});
	after(async () => cleanups.run());

	const local = (name: string) => path.join(sandbox.work, name);
	const onDisk = (remote: string) => path.join(sandbox.root, ...remote.split('/').filter(Boolean));

	async function makeLocalFile(name: string, size = 100_000): Promise<Buffer> {
		const data = randomBytes(size);
		await writeFile(local(name), data);
		return data;
	}

	describe('listing and transfers', () => {
		test('ls / shows exactly in and out', async () => {
			const listed = await driver.ls('/');
			assert.ok(listed.ok, listed.output);
			assert.deepEqual(listed.names.sort(), ['in', 'out']);
		});

		test('put into in/ stores the same bytes, and get brings them back', async () => {
			const data = await makeLocalFile('upload.bin', 300_000);
			const put = await driver.put(local('upload.bin'), '/in/upload.bin');
			assert.ok(put.ok, put.output);
			assert.deepEqual(await readFile(onDisk('/in/upload.bin')), data);

			const get = await driver.get('/in/upload.bin', local('upload-back.bin'));
			assert.ok(get.ok, get.output);
			assert.deepEqual(await readFile(local('upload-back.bin')), data);
			assert.ok((await driver.ls('/in')).names.includes('upload.bin'));
		});

		test('get from out/ gives the seeded sample byte for byte', async () => {
			const get = await driver.get(`/out/${sampleFileName}`, local('sample.csv'));
			assert.ok(get.ok, get.output);
			assert.equal(await readFile(local('sample.csv'), 'utf8'), sampleFileText);
		});

		test('put -r copies a folder tree', {skip: false}, async t => {
			if (!driver.putRecursive) {
				t.skip(`${driver.name} has no recursive put`);
				return;
			}

			const tree = local('tree');
			await mkdir(path.join(tree, 'nested', 'deeper'), {recursive: true});
			const files = {'a.csv': randomBytes(1000), 'nested/b.jsonl': randomBytes(70_000), 'nested/deeper/c.csv': randomBytes(10)};
			for (const [name, data] of Object.entries(files)) {
				await writeFile(path.join(tree, name), data);
			}

			const put = await driver.putRecursive(tree, '/in/');
			assert.ok(put.ok, put.output);
			for (const [name, data] of Object.entries(files)) {
				assert.deepEqual(await readFile(onDisk(`/in/tree/${name}`)), data, name);
			}
		});

		test('mkdir makes a folder under in/, and only there', async t => {
			if (!driver.mkdir) {
				t.skip(`${driver.name} has no mkdir`);
				return;
			}

			assert.ok((await driver.mkdir('/in/transcripts')).ok);
			assert.ok((await driver.ls('/in')).names.includes('transcripts'));
			assert.equal((await driver.mkdir('/out/nope')).ok, false);
			assert.equal((await driver.mkdir('/nope')).ok, false);
			assert.equal(await pathExists(onDisk('/out/nope')), false);
			assert.equal(await pathExists(onDisk('/nope')), false);
		});
	});

	describe('production rules', () => {
		test('put into out/ or / is refused and writes nothing', async () => {
			await makeLocalFile('refused.bin', 10);
			for (const remote of ['/out/refused.bin', '/refused.bin']) {
				const put = await driver.put(local('refused.bin'), remote);
				assert.equal(put.ok, false, `${remote}: ${put.output}`);
				assert.equal(await pathExists(onDisk(remote)), false, remote);
			}
		});

		test('chmod is refused as unsupported', async t => {
			if (!driver.chmod) {
				t.skip(`${driver.name} has no chmod`);
				return;
			}

			await makeLocalFile('chmod.bin', 10);
			assert.ok((await driver.put(local('chmod.bin'), '/in/chmod.bin')).ok);
			const chmod = await driver.chmod('600', '/in/chmod.bin');
			assert.equal(chmod.ok, false);
			assert.match(chmod.output, /unsupported/i);
		});

		test('rename works onto a free name and fails onto an existing one', async t => {
			if (!driver.rename) {
				t.skip(`${driver.name} has no rename`);
				return;
			}

			const first = await makeLocalFile('first.bin', 10);
			const second = await makeLocalFile('second.bin', 20);
			assert.ok((await driver.put(local('first.bin'), '/in/first.bin')).ok);
			assert.ok((await driver.put(local('second.bin'), '/in/second.bin')).ok);
			assert.equal((await driver.rename('/in/first.bin', '/in/second.bin')).ok, false);
			assert.deepEqual(await readFile(onDisk('/in/second.bin')), second);
			assert.ok((await driver.rename('/in/first.bin', '/in/renamed.bin')).ok);
			assert.deepEqual(await readFile(onDisk('/in/renamed.bin')), first);
			assert.equal((await driver.rename(`/out/${sampleFileName}`, '/in/stolen.csv')).ok, false);
		});

		test('rmdir removes only empty folders', async t => {
			if (!driver.rmdir || !driver.mkdir) {
				t.skip(`${driver.name} has no rmdir`);
				return;
			}

			assert.ok((await driver.mkdir('/in/full')).ok);
			await makeLocalFile('inside.bin', 10);
			assert.ok((await driver.put(local('inside.bin'), '/in/full/inside.bin')).ok);
			assert.equal((await driver.rmdir('/in/full')).ok, false);
			assert.ok(await pathExists(onDisk('/in/full/inside.bin')));
			assert.ok((await driver.mkdir('/in/empty')).ok);
			assert.ok((await driver.rmdir('/in/empty')).ok);
			assert.equal(await pathExists(onDisk('/in/empty')), false);
			assert.equal((await driver.rmdir('/in')).ok, false);
			assert.equal((await driver.rmdir('/out')).ok, false);
		});

		test('rm removes files under in/ only, and never a folder', async t => {
			if (!driver.rm || !driver.mkdir) {
				t.skip(`${driver.name} has no rm`);
				return;
			}

			await makeLocalFile('wrong.bin', 10);
			assert.ok((await driver.put(local('wrong.bin'), '/in/wrong.bin')).ok);
			const removed = await driver.rm('/in/wrong.bin');
			assert.ok(removed.ok, removed.output);
			assert.equal(await pathExists(onDisk('/in/wrong.bin')), false);
			assert.equal((await driver.rm(`/out/${sampleFileName}`)).ok, false);
			assert.ok(await pathExists(onDisk(`/out/${sampleFileName}`)), 'out/ is read-only');
			assert.ok((await driver.mkdir('/in/a-folder')).ok);
			assert.equal((await driver.rm('/in/a-folder')).ok, false);
			assert.ok(await pathExists(onDisk('/in/a-folder')));
		});
	});

	describe('containment', () => {
		test('get ../x and get /../x never reach a file beside the root', async () => {
			await writeFile(path.join(sandbox.base, 'x'), 'secret beside the root');
			for (const remote of ['../x', '/../x', '/in/../../x', '/out/../../../x']) {
				const target = local(`escaped-${randomBytes(4).toString('hex')}`);
				const get = await driver.get(remote, target);
				assert.equal(get.ok, false, `${remote}: ${get.output}`);
				assert.equal(await pathExists(target), false, remote);
			}
		});

		test('put x ../y never writes beside the root', async () => {
			await makeLocalFile('x', 10);
			for (const remote of ['../y', '/../y', '/in/../../y']) {
				const put = await driver.put(local('x'), remote);
				assert.equal(put.ok, false, `${remote}: ${put.output}`);
			}

			assert.equal(await pathExists(path.join(sandbox.base, 'y')), false);
			assert.equal(await pathExists(path.join(sandbox.root, 'y')), false);
		});

		test('symlinks planted on disk lead nowhere', async () => {
			const outside = path.join(sandbox.base, 'outside');
			await mkdir(outside, {recursive: true});
			await writeFile(path.join(outside, 'secret.txt'), 'outside the root');
			await symlink(path.join(outside, 'secret.txt'), onDisk('/out/leak.txt'));
			await symlink(outside, onDisk('/in/hole'));

			const get = await driver.get('/out/leak.txt', local('leak.txt'));
			assert.equal(get.ok, false, get.output);
			assert.equal(await pathExists(local('leak.txt')), false);
			assert.equal((await driver.ls('/out')).names.includes('leak.txt'), false);

			const listed = await driver.ls('/in/hole');
			assert.equal(listed.names.includes('secret.txt'), false);
			assert.equal(listed.ok, false, listed.output);
			const viaFolder = await driver.get('/in/hole/secret.txt', local('via-folder.txt'));
			assert.equal(viaFolder.ok, false, viaFolder.output);

			await makeLocalFile('planted.bin', 10);
			const put = await driver.put(local('planted.bin'), '/in/hole/planted.bin');
			assert.equal(put.ok, false, put.output);
			assert.equal(await pathExists(path.join(outside, 'planted.bin')), false);
		});

		test('over-long names and paths fail cleanly and the server carries on', async () => {
			const longName = 'n'.repeat(300);
			assert.equal((await driver.get(`/out/${longName}`, local('long.bin'))).ok, false);
			if (!driver.uploadsUnderLocalName) {
				await makeLocalFile('long-source.bin', 10);
				assert.equal((await driver.put(local('long-source.bin'), `/in/${longName}`)).ok, false);
			}

			const deep = `/in/${'d/'.repeat(700)}f`;
			assert.equal((await driver.get(deep, local('deep.bin'))).ok, false);
			assert.ok((await driver.ls('/')).ok);
		});
	});
}
