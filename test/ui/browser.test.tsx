import assert from 'node:assert/strict';
import {afterEach, describe, test} from 'node:test';
import {cleanup} from 'ink-testing-library';
import {keys} from './support/drive.js';
import {tree} from './support/fake-services.js';
import {toBrowser} from './support/to-browser.js';
import {waitUntil} from './support/wait-until.js';

afterEach(() => {
	cleanup();
});

function cursorLine(frame: string): string {
	// The active pane's cursor row starts with the cursor symbol.
	return frame.split('\n').find(line => /[│┃] ›/.test(line))?.replace(/^.*[│┃] ›/, '') ?? '';
}

describe('the two-pane browser', () => {
	test('shows both panes, user@host, the paths, and what in/ and out/ are for', async () => {
		const {app} = await toBrowser();
		const frame = app.frame();
		assert.match(frame, /Local: \/home\/me\/data/);
		assert.match(frame, /Remote: \//);
		assert.match(frame, /in\/ +files for ASAPP/);
		assert.match(frame, /out\/ +files from ASAPP/);
		assert.match(frame, /good\.csv/);
		assert.match(frame, /Tab other pane/);
		assert.match(frame, /\? all keys/);
	});

	test('arrows and j/k move, Enter opens, Backspace goes up, Tab switches pane', async () => {
		const {app} = await toBrowser();
		assert.match(cursorLine(app.frame()), /in\//);
		await app.press('j');
		assert.match(cursorLine(app.frame()), /out\//);
		await app.press(keys.enter);
		await app.waitFor('Remote: /out');
		assert.match(app.frame(), /files from ASAPP/);
		assert.match(cursorLine(app.frame()), /sample\.csv/);
		await app.press(keys.backspace);
		await app.waitFor(/Remote: \/\s/);
		assert.match(cursorLine(app.frame()), /out\//, 'going up selects the folder we came from');
		await app.press(keys.tab);
		assert.match(cursorLine(app.frame()), /batch\//);
		await app.press(keys.down);
		assert.match(cursorLine(app.frame()), /bad\.csv/);
		await app.press(keys.up, keys.enter);
		await app.waitFor('Local: /home/me/data/batch');
		await app.press('j');
		assert.match(cursorLine(app.frame()), /a\.jsonl/);
		await app.press('k');
		assert.match(cursorLine(app.frame()), /deeper\//);
	});

	test('Space marks files, / filters, ? lists every key, q quits', async () => {
		const {app, services} = await toBrowser();
		await app.press(keys.tab, keys.down, ' ', ' ');
		assert.match(app.frame(), /2 marked/);
		assert.match(app.frame(), / ●bad\.csv/);
		await app.press('/');
		await app.type('good');
		assert.match(app.frame(), /1\/4 entries/);
		assert.doesNotMatch(app.frame(), /notes\.txt/);
		await app.press(keys.enter);
		assert.match(app.frame(), /filter "good"/);
		await app.press('/', keys.escape);
		assert.match(app.frame(), /notes\.txt/);

		await app.press('?');
		const help = await app.waitFor('Keys (any key closes this)');
		for (const expected of ['Space', 'mark file', 'Bksp/←', 'check + upload', 'put [-r] file', 'rm file', 'quit / exit', 'Ctrl-C']) {
			assert.ok(help.includes(expected), `help shows ${expected}`);
		}

		await app.press('x');
		assert.doesNotMatch(app.frame(), /Keys \(any key/);
		await app.press('q');
		await waitUntil(() => services.sessions[0]?.closed === true);
	});

	test('a folder of 10,000 entries renders only the rows in view', async () => {
		const many = Array.from({length: 10_000}, (_, index) => [`file-${String(index).padStart(5, '0')}.csv`, 'file', index] as [string, 'file', number]);
		const {app} = await toBrowser({remote: tree({'/': [['in', 'directory'], ['out', 'directory']], '/in': many, '/out': []})});
		await app.press(keys.enter);
		await app.waitFor('10000 entries');
		const frame = app.frame();
		assert.ok(frame.split('\n').length <= 24, 'fits the terminal');
		assert.match(frame, /file-00000\.csv/);
		assert.doesNotMatch(frame, /file-00100\.csv/);
		const started = Date.now();
		await app.press(keys.end);
		await app.waitFor('file-09999.csv');
		assert.doesNotMatch(app.frame(), /file-00000\.csv/);
		await app.press('/');
		await app.type('0999');
		await app.waitFor('11/10000 entries');
		assert.ok(Date.now() - started < 5000);
	});

	test('r refreshes and keeps the cursor on the same entry', async () => {
		const {app, services} = await toBrowser();
		await app.press(keys.tab, 'j', 'j');
		assert.match(cursorLine(app.frame()), /good\.csv/);
		services.localFiles.add('/home/me/data/aaa.csv', 5);
		await app.press('r');
		await app.waitFor('aaa.csv');
		assert.match(cursorLine(app.frame()), /good\.csv/);
	});

	test('m makes a folder in the active pane', async () => {
		const {app, services} = await toBrowser();
		await app.press(keys.enter);
		await app.waitFor('Remote: /in');
		await app.press('m');
		await app.type('transcripts');
		await app.press(keys.enter);
		await app.waitFor('Made the folder /in/transcripts');
		assert.deepEqual(services.sessions[0]?.made, ['/in/transcripts']);
		assert.match(app.frame(), /transcripts\//);
	});
});

describe('the : command line', () => {
	async function run(app: Awaited<ReturnType<typeof toBrowser>>['app'], line: string) {
		await app.press(':');
		await app.type(line);
		await app.press(keys.enter);
	}

	test('pwd, cd, ls, lcd, lpwd, lls, mkdir', async () => {
		const {app, services} = await toBrowser();
		await run(app, 'pwd');
		await app.waitFor('Remote working directory: /');
		await run(app, 'cd out');
		await app.waitFor('Remote: /out');
		await run(app, 'ls');
		await app.waitFor('sample.csv  4.0 KiB');
		await run(app, 'ls /');
		await app.waitFor(/in\/\s*\n.*out\//);
		await run(app, 'lcd batch');
		await app.waitFor('Local: /home/me/data/batch');
		await run(app, 'lpwd');
		await app.waitFor('Local working directory: /home/me/data/batch');
		await run(app, 'lls');
		await app.waitFor('a.jsonl  100 B');
		await run(app, 'cd /in');
		await run(app, 'mkdir "day one"');
		await app.waitFor('Made the folder /in/day one');
		assert.deepEqual(services.sessions[0]?.made, ['/in/day one']);
		await run(app, 'cd nowhere');
		await app.waitFor('Cannot open /in/nowhere');
	});

	test('text and Enter arriving in one chunk (a paste, tmux send-keys) run the command', async () => {
		const {app} = await toBrowser();
		await app.press(':', 'cd out\r');
		await app.waitFor('Remote: /out');
	});

	test('an unexpected failure shows what failed and the log file, never a stack trace', async () => {
		const {app, services} = await toBrowser();
		services.sessions[0]!.list = async () => {
			throw new TypeError('boom');
		};

		await run(app, 'ls');
		const frame = await app.waitFor('ls failed: boom');
		assert.match(frame, /Details: \/home\/me\/\.local\/state\/asapp-sftp\/asapp-sftp\.log/);
		assert.doesNotMatch(frame, /at .*:\d+:\d+/);
	});

	test('unknown words and wrong usage say what to type', async () => {
		const {app} = await toBrowser();
		await run(app, 'frobnicate x');
		await app.waitFor('Unknown command "frobnicate". Type help for the list.');
		await run(app, 'put');
		await app.waitFor('Usage: put [-r] FILE [NEW-NAME]');
		await run(app, 'put batch');
		await app.waitFor('/home/me/data/batch is a folder.');
		await app.waitFor('Use put -r to upload a folder');
		await run(app, 'help');
		await app.waitFor('Commands after ":"');
	});

	test('put, put * and put -r upload into the remote folder; get downloads', async () => {
		const {app, services} = await toBrowser();
		await run(app, 'cd in');
		await app.waitFor('Remote: /in');
		await run(app, 'put good.csv');
		await app.waitFor('1 of 1 file arrived on the server, 1 size-verified');
		await app.press(keys.enter);
		await run(app, 'put *.txt');
		await app.waitFor('notes.txt');
		await app.waitFor('1 of 1 file arrived on the server');
		await app.press(keys.enter);
		await run(app, 'put -r batch');
		await app.waitFor('2 of 2 files arrived on the server, 2 size-verified');
		await app.press(keys.enter);
		const session = services.sessions[0]!;
		assert.deepEqual(session.uploads.map(upload => upload.remotePath), ['/in/good.csv', '/in/notes.txt', '/in/batch/a.jsonl', '/in/batch/deeper/b.jsonl']);
		assert.deepEqual(session.made, ['/in/batch', '/in/batch/deeper']);
		await run(app, 'get /out/sample.csv');
		await app.waitFor('1 of 1 file downloaded, 1 size-verified');
		assert.deepEqual(session.downloads, [{remotePath: '/out/sample.csv', localPath: '/home/me/data/sample.csv', overwrite: false}]);
		await app.press(keys.enter);
		await run(app, 'quit');
		await waitUntil(() => session.closed);
	});
});
