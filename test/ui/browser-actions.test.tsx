import assert from 'node:assert/strict';
import {afterEach, describe, test} from 'node:test';
import {cleanup} from 'ink-testing-library';
import type {ValidationReport} from '../../source/ui/services.js';
import {keys} from './support/drive.js';
import {serviceError, tree} from './support/fake-services.js';
import {toBrowser} from './support/to-browser.js';

afterEach(() => {
	cleanup();
});

const oneLine = (frame: string) => frame.replaceAll(/\s+/g, ' ');

async function run(app: Awaited<ReturnType<typeof toBrowser>>['app'], line: string) {
	await app.press(':');
	await app.type(line);
	await app.press(keys.enter);
}

const errorReport: ValidationReport = {
	path: '/home/me/data/bad.csv',
	schema: 'Historical Transcript',
	rows: 3,
	errors: [{line: 2, field: 'sender_role', code: 'required-field-empty', message: 'required field is empty', value: ''}],
	warnings: [],
};

describe('browser actions', () => {
	test('v on the remote pane says files are checked on this machine, and checks nothing', async () => {
		const {app} = await toBrowser();
		await app.press('v');
		const frame = await app.waitFor('Files are checked on this machine');
		assert.doesNotMatch(frame, /Checked 0 files/);
		assert.doesNotMatch(frame, /No problems found/);
	});

	test('v on a file that is not CSV or JSONL says it is not checked, instead of an empty report', async () => {
		const {app} = await toBrowser();
		await app.press(keys.tab, 'G');
		await app.press('v');
		const frame = await app.waitFor('Nothing to check');
		assert.match(frame.replaceAll(/\s+/g, ' '), /notes\.txt is not one/);
		assert.doesNotMatch(frame, /Checked 0 files/);
	});

	test('the status line after a transfer speaks of that transfer, not of an earlier one', async () => {
		const {app} = await toBrowser({reports: {'/home/me/data/bad.csv': errorReport}});
		await app.press(keys.enter);
		await app.waitFor('Remote: /in');
		await run(app, 'put *.csv');
		await app.waitFor('Check results');
		await app.press(keys.enter);
		await app.waitFor('Transfer finished');
		await app.press(keys.enter);
		await app.waitFor('1 file with errors left out.');
		await run(app, 'get /out/sample.csv');
		await app.waitFor('Transfer finished');
		await app.press(keys.enter);
		const frame = await app.waitFor('Downloaded 1 of 1 file.');
		assert.doesNotMatch(frame, /left out/);
	});

	test('an upload over files already on the server asks per file: y, n, a (all), N (none)', async () => {
		const remote = tree({
			'/': [['in', 'directory'], ['out', 'directory']],
			'/in': [['good.csv', 'file', 1], ['bad.csv', 'file', 1], ['notes.txt', 'file', 1]],
			'/out': [],
		});
		const {app, services} = await toBrowser({remote});
		await app.press(keys.enter);
		await app.waitFor('Remote: /in');
		await run(app, 'put *');
		const frame = await app.waitFor('Replace it?');
		assert.match(frame, /good\.csv is already on the server \(3 files are\)\. Replace it\?/);
		assert.match(frame, /y yes +n no +a yes to all +N no to all +Esc cancel/);
		await app.press('n');
		await app.waitFor('bad.csv is already on the server (2 files are)');
		await app.press('y');
		await app.waitFor('notes.txt is already on the server');
		await app.press('N');
		await app.waitFor('Transfer finished');
		assert.deepEqual(services.sessions[0]!.uploads.map(upload => upload.remotePath), ['/in/bad.csv']);
		await app.press(keys.enter);

		await run(app, 'put *');
		await app.waitFor('Replace it?');
		await app.press('a');
		await app.waitFor('3 of 3 files arrived on the server');
		assert.deepEqual(services.sessions[0]!.uploads.slice(1).map(upload => upload.remotePath), ['/in/good.csv', '/in/bad.csv', '/in/notes.txt']);
	});

	test('Esc at a replace question sends nothing', async () => {
		const remote = tree({'/': [['in', 'directory'], ['out', 'directory']], '/in': [['good.csv', 'file', 1]], '/out': []});
		const {app, services} = await toBrowser({remote});
		await app.press(keys.enter);
		await app.waitFor('Remote: /in');
		await run(app, 'put good.csv');
		await app.waitFor('Replace it?');
		await app.press(keys.escape);
		await app.waitFor('Cancelled; nothing was sent.');
		assert.deepEqual(services.sessions[0]!.uploads, []);
	});

	test('x deletes a remote file after asking; n keeps it', async () => {
		const {app, services} = await toBrowser();
		await app.press('j', keys.enter);
		await app.waitFor('Remote: /out');
		await app.press('x');
		const frame = await app.waitFor('Delete sample.csv from the server?');
		assert.match(frame, /y yes +n no/);
		await app.press('n');
		await app.waitFor('Nothing was deleted.');
		assert.deepEqual(services.sessions[0]!.removed, []);
		await app.press('x');
		await app.waitFor('Delete sample.csv');
		await app.press('y');
		await app.waitFor('Deleted /out/sample.csv from the server.');
		await app.waitFor('0 entries');
		assert.deepEqual(services.sessions[0]!.removed, ['/out/sample.csv']);
	});

	test(':rm deletes remote files by name or pattern, :rmdir an empty folder and refuses a full one', async () => {
		const remote = tree({
			'/': [['in', 'directory'], ['out', 'directory'], ['full', 'directory'], ['empty', 'directory']],
			'/out': [],
			'/in': [['a.csv', 'file', 1], ['b.csv', 'file', 1], ['keep.txt', 'file', 1]],
			'/full': [['x', 'file', 1]],
			'/empty': [],
		});
		const {app, services} = await toBrowser({remote});
		await app.waitFor('full/');
		await run(app, 'rm in/*.csv');
		await app.waitFor('Delete a.csv, b.csv from the server?');
		await app.press('y');
		await app.waitFor('Deleted 2 entries from the server.');
		await run(app, 'rmdir full');
		await app.waitFor('Delete full/ from the server?');
		await app.press('y');
		await app.waitFor('/full is not empty, so it was left alone.');
		await run(app, 'rmdir empty');
		await app.press('y');
		await app.waitFor('Deleted /empty from the server.');
		assert.deepEqual(services.sessions[0]!.removed, ['/in/a.csv', '/in/b.csv', '/empty']);
	});

	test('with many files the progress counts files as well as bytes', async () => {
		const {app} = await toBrowser();
		await app.press(keys.enter);
		await app.waitFor('Remote: /in');
		await run(app, 'put -r batch');
		await app.waitFor(/Overall .* 300 B of 300 B, 2 of 2 files/);
	});

	test('a long error and its advice wrap at 80 columns instead of being cut', async () => {
		const {app, services} = await toBrowser();
		services.sessions[0]!.list = async () => {
			throw serviceError('permission-denied', 'Could not list /a/rather/long/folder/name/that/goes/on/and/on on the server: permission denied.', 'Files for ASAPP go under in/; out/ is for files from ASAPP, and this sentence ends here.');
		};

		await run(app, 'ls');
		const frame = await app.waitFor('permission denied.');
		assert.match(frame.replaceAll('\n', ' '), /this sentence\s+ends here\./);
	});

	test('a folder on the server with a file\'s name is never replaced; a server that will not say is asked about', async () => {
		const {app, services} = await toBrowser();
		const session = services.sessions[0]!;
		session.targetStates.set('/in/good.csv', 'folder');
		session.targetStates.set('/in/bad.csv', 'unchecked');
		await app.press(keys.enter);
		await app.waitFor('Remote: /in');
		await run(app, 'put *.csv');
		const frame = await app.waitFor('would not say');
		assert.match(oneLine(frame), /The server would not say whether bad\.csv is there already/);
		await app.press('y');
		await app.waitFor('Transfer finished');
		assert.deepEqual(session.uploads.map(upload => upload.remotePath), ['/in/bad.csv']);
		await app.press(keys.enter);
		await app.waitFor('Uploaded 1 of 1 file.');
	});

	test('after a failed upload each file says what became of it, a partial file on the server included, and where the receipt went', async () => {
		const {app, services} = await toBrowser();
		const session = services.sessions[0]!;
		session.uploadBehaviour = {kind: 'fail', message: 'The connection to sftp.us-east-1.asapp.com was closed unexpectedly.', hint: 'Check your network and try again.', remnant: {remotePath: '/in/good.csv', bytesOnServer: 1024, exact: true}};
		await app.press(keys.enter);
		await app.waitFor('Remote: /in');
		await run(app, 'put good.csv');
		const frame = await app.waitFor('Transfer finished');
		assert.match(oneLine(frame), /Partial file left on the server at \/in\/good\.csv: 1\.0 KiB of 2\.0 KiB\./);
		assert.match(oneLine(frame), /Check your network and try again\./);
		assert.match(frame, /Receipt: \/home\/me\/\.local\/state\/asapp-sftp\/receipts\/upload\.json/);
		await app.press(keys.enter);
		const after = await app.waitFor('Uploaded 0 of 1 file.');
		assert.match(oneLine(after), /1 file left partly written on the server: delete with x, or upload again/);
		assert.match(after, /Receipt: /);
	});
});
