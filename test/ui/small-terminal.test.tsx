import assert from 'node:assert/strict';
import {afterEach, test} from 'node:test';
import {cleanup} from 'ink-testing-library';
import {driveApp, keys, type Driven} from './support/drive.js';
import {makeFakeServices} from './support/fake-services.js';

const size = {columns: 80, rows: 24};
let app: Driven | undefined;

afterEach(() => {
	app?.unmount();
	cleanup();
});

/** Every frame so far fits the terminal: no line wider than it, no more lines than it has. */
function assertFits(driven: Driven, where: string) {
	const frame = driven.frame();
	const lines = frame.split('\n');
	assert.ok(lines.length <= size.rows, `${where}: ${lines.length} lines\n${frame}`);
	for (const line of lines) {
		assert.ok([...line].length <= size.columns, `${where}: a line of ${[...line].length} columns\n${line}`);
	}
}

test('at 80x24 every screen of the first run fits, from welcome to the report and the queue', async () => {
	const services = makeFakeServices({reports: {'/home/me/data/bad.csv': {
		path: '/home/me/data/bad.csv', schema: 'Historical Transcript', rows: 40,
		errors: Array.from({length: 30}, (_, index) => ({line: index + 2, field: 'sender_role', code: 'required-field-empty', message: 'required field is empty; ASAPP needs to know who sent each message', value: '', hint: 'Fill in the sender role (customer or agent) for every message of the transcript.'})),
		warnings: [],
	}}});
	app = driveApp(services, {}, size);
	const steps: Array<[string, string[]]> = [
		['Where do you want to start?', [keys.enter]],
		['Company marker', []],
	];
	for (const [text, press] of steps) {
		await app.waitFor(text);
		assertFits(app, text);
		await app.press(...press);
	}

	await app.type('acme');
	await app.press(keys.enter);
	for (const [text, press] of [
		['Create a new key', [keys.enter]],
		['Where should the new key go?', [keys.enter]],
		['Passphrase:', [keys.enter]],
		['Your new key is ready', [keys.enter]],
		['Send your public key', [keys.enter]],
		['Trust this server?', ['y']],
		[/out\/ +files from ASAPP/, ['?']],
		['Keys (any key closes this)', ['x', keys.tab, keys.down, 'u']],
		['Check results', ['j', 'j']],
		['Check results', [keys.escape, 'j', 'u']],
		['Transfer finished', []],
	] as Array<[string | RegExp, string[]]>) {
		await app.waitFor(text);
		assertFits(app, String(text));
		if (String(text).includes('files from ASAPP')) {
			assert.ok(app.frame().split('\n').some(line => [...line].length === size.columns), 'the panes use the whole width');
		}

		await app.press(...press);
	}
});

test('below 80x24 the app says what it needs instead of drawing a broken frame, and comes back as it was', async () => {
	const services = makeFakeServices();
	const small = {columns: 60, rows: 20};
	app = driveApp(services, {NO_COLOR: '1'}, small);
	const frame = await app.waitFor('needs at least 80x24');
	assert.match(frame, /The terminal is 60x20;/);
	assert.doesNotMatch(frame, /Where do you want to start/);
	for (const line of frame.split('\n')) {
		assert.ok([...line].length <= small.columns, line);
	}

	// Keys do nothing while the screen cannot be seen.
	await app.press('j', keys.enter);
	const stdout = app.stdout as unknown as {columns: number; rows: number; emit(event: string): void};
	stdout.columns = 80;
	stdout.rows = 24;
	stdout.emit('resize');
	const back = await app.waitFor('Where do you want to start?');
	assert.match(back, /› 1\. Set up my ASAPP connection/);
});
