import assert from 'node:assert/strict';
import {mkdir, mkdtemp, rm, symlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, test, type TestContext} from 'node:test';
import {cleanup} from 'ink-testing-library';
import {createLocalFiles} from '../../source/ui/real-local-files.js';
import {createRealServices} from '../../source/ui/real-services.js';
import {transcriptRow, transcriptsHeader} from '../core/validate/helpers.js';
import {driveApp, keys} from './support/drive.js';
import {keySummary, makeFakeServices, tree, type Tree} from './support/fake-services.js';

/**
 * The browser over the real core on this machine's side: the local pane lists a temp
 * folder with the core's folder operations, `put` plans with the core's tree walk and name
 * rule, `v` runs the core's validator. Only the server is a fake.
 */

afterEach(() => {
	cleanup();
});

async function tempDir(t: TestContext): Promise<string> {
	const dir = await mkdtemp(path.join(tmpdir(), 'asapp-browser-'));
	t.after(async () => rm(dir, {recursive: true, force: true}));
	return dir;
}

async function browserOver(dir: string, options: {connected?: boolean; remote?: Tree} = {}) {
	const connected = options.connected ?? true;
	const services = makeFakeServices({
		profile: connected
			? {mode: 'asapp', marker: 'acme', host: 'sftp.us-east-1.asapp.com', port: 22, user: 'sftpacme', keyPath: '/keys/mine', wizardStep: 'done'}
			: undefined,
		keys: {'/keys/mine': keySummary('/keys/mine')},
		script: {hostKey: 'known'},
		remote: options.remote,
	});
	const real = createRealServices();
	Object.assign(services, {local: {...createLocalFiles(), cwd: () => dir}, validate: real.validate, isValidatable: real.isValidatable, schemas: real.schemas});
	const app = driveApp(services, {}, {columns: 100, rows: 40});
	if (connected) {
		await app.waitFor(/out\/ +files from ASAPP/);
	} else {
		await app.waitFor('Validate files only');
		await app.press('3', keys.enter);
	}

	await app.waitFor(`Local: ${dir}`);
	return {app, services};
}

async function run(app: Awaited<ReturnType<typeof browserOver>>['app'], line: string) {
	await app.waitFor(/\? all keys/);
	await app.press(':');
	await app.waitFor('Enter done');
	await app.type(line);
	await app.press(keys.enter);
}

const oneLine = (frame: string) => frame.replaceAll(/\s+/g, ' ');

describe('the browser over the real core', () => {
	test('put -r walks the folder with the core\'s rules: a link back into the tree is refused by name', async t => {
		const dir = await tempDir(t);
		await mkdir(path.join(dir, 'batch', 'inner'), {recursive: true});
		await writeFile(path.join(dir, 'batch', 'inner', 'a.jsonl'), '{}\n');
		await symlink(path.join(dir, 'batch'), path.join(dir, 'batch', 'inner', 'loop'));
		const {app, services} = await browserOver(dir);
		await run(app, 'cd in');
		await app.waitFor('Remote: /in');
		await run(app, 'put -r batch');
		const frame = await app.waitFor('leads back into');
		assert.match(oneLine(frame), /leads back into .*batch through a symbolic link/);
		assert.match(oneLine(frame), /Remove or replace that link/);
		assert.deepEqual(services.sessions[0]!.uploads, []);
	});

	test('put -r of a folder makes its remote folders first and sends every file inside', async t => {
		const dir = await tempDir(t);
		await mkdir(path.join(dir, 'batch', 'deeper'), {recursive: true});
		await writeFile(path.join(dir, 'batch', 'a.txt'), 'a');
		await writeFile(path.join(dir, 'batch', 'deeper', 'b.txt'), 'bb');
		const {app, services} = await browserOver(dir);
		await run(app, 'cd in');
		await app.waitFor('Remote: /in');
		await run(app, 'put -r batch shipped');
		await app.waitFor('2 of 2 files arrived on the server');
		assert.deepEqual(services.sessions[0]!.made, ['/in/shipped', '/in/shipped/deeper']);
		assert.deepEqual(services.sessions[0]!.uploads.map(upload => upload.remotePath), ['/in/shipped/a.txt', '/in/shipped/deeper/b.txt']);
	});

	test('a local name with a control character stops the upload before anything is sent, and is named', async t => {
		const dir = await tempDir(t);
		await writeFile(path.join(dir, 'good.txt'), 'ok');
		await writeFile(path.join(dir, 'bad\nname.txt'), 'no');
		const {app, services} = await browserOver(dir);
		await run(app, 'cd in');
		await app.waitFor('Remote: /in');
		await run(app, 'put *.txt');
		const frame = await app.waitFor('nothing was sent');
		assert.match(oneLine(frame), /bad\\x0aname\.txt" \(it contains control characters\)/);
		assert.match(oneLine(frame), /Rename the file without line breaks/);
		assert.deepEqual(services.sessions[0]!.uploads, []);
	});

	test('names the server lists that must not become local names are left out of the pane, and said', async t => {
		const dir = await tempDir(t);
		const remote = tree({
			'/': [['in', 'directory'], ['out', 'directory']],
			'/in': [],
			'/out': [['fine.csv', 'file', 1], ['a..b.csv', 'file', 1], ['evil\u009B2J.csv', 'file', 1]],
		});
		const {app} = await browserOver(dir, {remote});
		await run(app, 'cd out');
		const frame = await app.waitFor('Left out 2 names from the server');
		assert.match(frame, /fine\.csv/);
		assert.match(oneLine(frame), /"a\.\.b\.csv" \(it contains "\.\."\)/);
		assert.match(oneLine(frame), /\\x9b2J\.csv" \(it contains control characters\)/);
		assert.doesNotMatch(frame, /\u009B/);
	});

	test('v shows the profile: months covered as a bar chart against the 12 ASAPP asks for, and the sender-role mix', async t => {
		const dir = await tempDir(t);
		const rows = [
			transcriptRow('c1', 'a1', 'agent', 'hello', '2025-01-05T10:00:00Z'),
			transcriptRow('c1', 'u1', 'customer', 'hi', '2025-01-05T10:01:00Z'),
			transcriptRow('c2', 'a1', 'agent', 'hello', '2025-03-05T10:00:00Z'),
			transcriptRow('c2', 'u2', 'customer', 'hi', '2025-03-05T10:01:00Z'),
			transcriptRow('c2', 'b1', 'bot', 'beep', '2025-03-05T10:02:00Z'),
		];
		await writeFile(path.join(dir, 'transcripts.csv'), `${transcriptsHeader}\n${rows.join('\n')}\n`);
		const {app} = await browserOver(dir, {connected: false});
		await app.waitFor('transcripts.csv');
		await app.press('v');
		const frame = await app.waitFor('Months with records', 10_000);
		assert.match(frame, /Months with records: 2 \(ASAPP asks for 12\)/);
		// January and March have records; February is a hole on the base line.
		assert.match(frame, /█·█/);
		assert.match(frame, /2025-01 to 2025-03/);
		assert.match(frame, /Sender roles: agent 40% \(2\), customer 40% \(2\), bot 20% \(1\)/);
	});

	test('a CSV without a header can be checked against a table the person chooses', async t => {
		const dir = await tempDir(t);
		const row = transcriptRow('c1', 'a1', 'agent', 'hello', '2025-01-05T10:00:00Z');
		await writeFile(path.join(dir, 'noheader.csv'), `${row}\n${row}\n`);
		const {app} = await browserOver(dir, {connected: false});
		await app.waitFor('noheader.csv');
		await app.press('v');
		let frame = await app.waitFor('Check results', 10_000);
		assert.match(frame, /unknown table/);
		assert.match(frame, /Press s to say which of ASAPP's tables the file is for\./);
		assert.doesNotMatch(frame, /--schema/);
		await app.press('s');
		await app.waitFor('Which of ASAPP\'s tables is noheader.csv for?');
		await app.press('2');
		frame = await app.waitFor('Historical Transcript, 2 rows', 10_000);
		assert.doesNotMatch(frame, /schema-unknown/);
	});
});
