import assert from 'node:assert/strict';
import {afterEach, describe, test} from 'node:test';
import {cleanup} from 'ink-testing-library';
import type {ValidationReport} from '../../source/ui/services.js';
import {driveApp, keys} from './support/drive.js';
import {makeFakeServices} from './support/fake-services.js';
import {toBrowser} from './support/to-browser.js';
import {waitUntil} from './support/wait-until.js';

afterEach(() => {
	cleanup();
});

const badReport: ValidationReport = {
	path: '/home/me/data/bad.csv',
	schema: 'Historical Transcript',
	rows: 3,
	errors: [
		{line: 2, field: 'sender_role', code: 'required-field-empty', message: 'required field is empty', value: '', hint: 'Write NULL only where a field is optional; sender_role is required.'},
		{line: 3, field: 'sender_role', code: 'required-field-empty', message: 'required field is empty', value: ''},
		{line: 3, field: 'timestamp', code: 'bad-timestamp', message: 'not a date and time', value: 'yesterday', hint: 'Use ISO 8601, e.g. 2024-01-31T14:05:00Z.'},
	],
	warnings: [{line: 1, field: '(header)', code: 'unknown-column', message: 'column not in the table', value: 'extra'}],
};

async function uploadFrom(app: Awaited<ReturnType<typeof toBrowser>>['app'], name: string) {
	await app.press(keys.enter);
	await app.waitFor('Remote: /in');
	await app.press(keys.tab);
	await app.press(':');
	await app.type(`put ${name}`);
	await app.press(keys.enter);
}

describe('validate, then upload', () => {
	test('a valid CSV is checked, uploaded, and reported as arrived and size-verified', async () => {
		const {app, services} = await toBrowser();
		await app.press(keys.enter);
		await app.waitFor('Remote: /in');
		await app.press(keys.tab, keys.down, keys.down);
		await app.press('u');
		const summary = await app.waitFor('Transfer finished');
		assert.match(summary, /✔ good\.csv +█+ +2\.0 KiB arrived, size verified/);
		assert.match(summary, /1 of 1 file arrived on the server, 1 size-verified/);
		assert.match(summary, /Overall .* 2\.0 KiB of 2\.0 KiB/);
		await app.press(keys.enter);
		await app.waitFor(/good\.csv +2\.0 KiB ┃/);
		assert.deepEqual(services.sessions[0]?.uploads, [{localPath: '/home/me/data/good.csv', remotePath: '/in/good.csv'}]);
	});

	test('a CSV with errors is refused: the report lists errors by rule, and nothing is sent', async () => {
		const {app, services} = await toBrowser({reports: {'/home/me/data/bad.csv': badReport}});
		await uploadFrom(app, 'bad.csv');
		const report = await app.waitFor('Check results');
		assert.match(report, /1 with errors; 1 will not be uploaded unless you override/);
		assert.match(report, /✘ not uploaded bad\.csv +Historical Transcript, 3 rows, 3 errors, 1 warning$/m);
		assert.match(report, /Error: required-field-empty \(2\)/);
		assert.match(report, /Error: bad-timestamp \(1\)/);
		assert.match(report, /Warning: unknown-column \(1\)/);
		assert.match(report, /› line 2, sender_role = "": required field is empty/);
		assert.match(report, /Fix: Write NULL only where a field is optional/);
		await app.press('j', 'j');
		const third = app.frame();
		assert.match(third, /› line 3, timestamp = "yesterday": not a date and time/);
		assert.match(third, /Fix: Use ISO 8601/);
		assert.match(third, /o upload this file anyway/);
		await app.press(keys.enter);
		await app.waitFor('Nothing uploaded: 1 file has errors');
		assert.deepEqual(services.sessions[0]?.uploads, []);
	});

	test('o overrides the refusal for that file only', async () => {
		const {app, services} = await toBrowser({reports: {'/home/me/data/bad.csv': badReport}});
		await app.press(keys.enter);
		await app.waitFor('Remote: /in');
		await app.press(keys.tab, keys.down, ' ', ' ');
		await app.press('u');
		await app.waitFor('Check results');
		assert.match(app.frame(), /Checked 2 files: 1 with errors/);
		await app.press('o');
		assert.match(app.frame(), /OVERRIDDEN, will upload/);
		await app.press('o');
		assert.match(app.frame(), /not uploaded/);
		await app.press('o', keys.enter);
		await app.waitFor('2 of 2 files arrived on the server');
		assert.deepEqual(services.sessions[0]?.uploads.map(upload => upload.remotePath), ['/in/bad.csv', '/in/good.csv']);
	});

	test('the live count shows while files are checked', async () => {
		const services = makeFakeServices({
			profile: {mode: 'asapp', marker: 'acme', host: 'sftp.us-east-1.asapp.com', port: 22, user: 'sftpacme', keyPath: '/keys/mine', wizardStep: 'done'},
			script: {hostKey: 'known'},
		});
		const {keySummary} = await import('./support/fake-services.js');
		services.keys.readPublic = async keyPath => keySummary(keyPath);
		let release: () => void = () => undefined;
		services.validate = async (file, {onProgress}) => {
			onProgress?.({rows: 12_345, bytes: 500, totalBytes: 1000});
			await new Promise<void>(resolve => {
				release = resolve;
			});
			return {path: file, schema: 'Call Center Data', rows: 12_345, errors: [], warnings: []};
		};

		const app = driveApp(services);
		await app.waitFor(/out\/ +files from ASAPP/);
		await app.press(keys.tab, keys.down, keys.down, 'u');
		const live = await app.waitFor('12,345 rows checked');
		assert.match(live, /File 1 of 1: \/home\/me\/data\/good\.csv/);
		assert.match(live, /500 B of 1000 B/);
		release();
		await app.waitFor('Transfer finished');
	});

	test('check only: the third welcome choice checks files and never connects', async () => {
		const services = makeFakeServices({reports: {'/home/me/data/bad.csv': badReport}});
		const app = driveApp(services);
		await app.waitFor('Where do you want to start?');
		await app.press('3');
		const browser = await app.waitFor('not connected: checking files only');
		assert.match(browser, /v check files only/);
		assert.doesNotMatch(browser, /Remote:/);
		await app.press(keys.down, 'v');
		const report = await app.waitFor('Check results');
		assert.doesNotMatch(report, /not uploaded|override/);
		await app.press(keys.enter);
		await app.waitFor('Check finished; nothing was sent.');
		assert.equal(services.connectTargets.length, 0);
		assert.equal(services.saved.length, 0);
	});
});

describe('the transfer queue', () => {
	test('retries are shown as they happen', async () => {
		const {app, services} = await toBrowser();
		services.sessions[0]!.uploadBehaviour = {kind: 'retry-once'};
		await uploadFrom(app, 'notes.txt');
		await app.waitFor('1 of 1 file arrived on the server');
		assert.ok(app.frames.some(frame => frame.includes('retry 1: connection reset')), 'the retry shows while it runs');
		assert.match(app.frame(), /arrived, size verified after 1 retry/);
	});

	test('Ctrl-C cancels the running transfer first; a second Ctrl-C quits', async () => {
		const {app, services} = await toBrowser();
		services.sessions[0]!.uploadBehaviour = {kind: 'hang'};
		await uploadFrom(app, 'notes.txt');
		const running = await app.waitFor('Uploading 1 file');
		assert.match(running, /Ctrl-C cancel transfer, then quit/);
		assert.match(running, /ETA/);
		await app.press(keys.ctrlC);
		const summary = await app.waitFor('Transfer finished');
		assert.match(summary, /0 of 1 file arrived on the server/);
		assert.match(summary, /1 cancelled \(Ctrl-C\)/);
		assert.equal(services.sessions[0]?.closed, false, 'the first Ctrl-C does not quit');
		await app.press(keys.ctrlC);
		await waitUntil(() => services.sessions[0]?.closed === true);
	});

	test('a failed upload says why and what to do', async () => {
		const {app, services} = await toBrowser();
		services.sessions[0]!.uploadBehaviour = {kind: 'fail', message: 'The server refused to write /in/notes.txt (permission denied).', hint: 'Upload into in/; out/ is read-only.'};
		await uploadFrom(app, 'notes.txt');
		const summary = await app.waitFor('Transfer finished');
		assert.match(summary, /✘ notes\.txt +The server refused to write/);
		assert.match(summary, /Upload into in\/; out\/ is read-only\./);
		assert.match(summary, /1 failed/);
	});

	test('a download never replaces a local file silently', async () => {
		const {app, services} = await toBrowser();
		services.localFiles.add('/home/me/data/sample.csv', 1);
		await app.press(keys.down, keys.enter);
		await app.waitFor('Remote: /out');
		await app.press('d');
		const ask = await app.waitFor('Replace it?');
		assert.match(ask, /sample\.csv is already in the local folder\. Replace it\?/);
		assert.match(ask, /y yes +n no +a yes to all +N no to all +Esc cancel/);
		await app.press('n');
		await app.waitFor('Nothing sent: every file is there already and was kept.');
		assert.deepEqual(services.sessions[0]?.downloads, []);
		await app.press('d');
		await app.waitFor('Replace it?');
		await app.press('y');
		await app.waitFor('1 of 1 file downloaded, 1 size-verified');
		assert.deepEqual(services.sessions[0]?.downloads, [{remotePath: '/out/sample.csv', localPath: '/home/me/data/sample.csv', overwrite: true}]);
	});
});
