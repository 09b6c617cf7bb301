import assert from 'node:assert/strict';
import {afterEach, describe, test} from 'node:test';
import {cleanup} from 'ink-testing-library';
import {splitKeyPresses} from '../../source/ui/input/key-press.js';
import {driveApp, keys, type Driven} from './support/drive.js';
import {makeFakeServices, tree} from './support/fake-services.js';
import {toBrowser} from './support/to-browser.js';

afterEach(() => {
	cleanup();
});

const noKey = {
	upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
	return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
	super: false, hyper: false, capsLock: false, numLock: false,
};

test('one event from Ink splits into the keys it holds', () => {
	const split = (input: string) => splitKeyPresses(input, noKey).map(({input, key}) => [input, ...Object.entries(key).filter(([, on]) => on).map(([name]) => name)].join('+'));
	assert.deepEqual(split('j\r'), ['j', '+return']);
	assert.deepEqual(split(':pwd\r'), [':', 'p', 'w', 'd', '+return']);
	assert.deepEqual(split('a\t\u007F\b\u0003G'), ['a', '+tab', '+delete', '+backspace', 'c+ctrl', 'G+shift']);
	assert.deepEqual(split('😀é'), ['😀', 'é']);
	assert.deepEqual(split('x'), ['x']);
	assert.deepEqual(split('\n'), ['+return']);
	// A key Ink has already named stays one key.
	assert.deepEqual(splitKeyPresses('', {...noKey, downArrow: true}), [{input: '', key: {...noKey, downArrow: true}}]);
});

const pause = async (ms: number) => new Promise(resolve => {
	setTimeout(resolve, ms);
});

/** The two ways keys reach the app: each in its own read a few ms apart, or all in one read. */
const deliveries = {
	'in separate reads a few ms apart': async (app: Driven, pieces: string[]) => {
		for (const piece of pieces) {
			app.stdin.write(piece);
			await pause(3);
		}
	},
	'all in one read': async (app: Driven, pieces: string[]) => {
		app.stdin.write(pieces.join(''));
	},
} as const;

function cursorLine(frame: string): string {
	return frame.split('\n').find(line => /[│┃] ›/.test(line))?.replace(/^.*[│┃] ›/, '') ?? '';
}

const many = Array.from({length: 3000}, (_, index) => [`file-${String(index).padStart(5, '0')}.csv`, 'file', index] as [string, 'file', number]);
const bigRemote = () => tree({'/': [['in', 'directory'], ['out', 'directory']], '/in': many, '/out': []});

for (const [how, deliver] of Object.entries(deliveries)) {
	describe(`keys ${how} reach the screen each key brought up, in order`, () => {
		test('j then Enter on the welcome screen chooses the second option', async () => {
			const app = driveApp(makeFakeServices());
			await app.waitFor('Where do you want to start?');
			await deliver(app, ['j', keys.enter]);
			await app.waitFor('User name: sftppractice');
			assert.match(app.frame(), /practice server/);
		});

		test(': then pwd then Enter runs pwd', async () => {
			const {app} = await toBrowser();
			await deliver(app, [':', 'pwd', keys.enter]);
			await app.waitFor('Remote working directory: /');
			assert.doesNotMatch(app.frame(), /Unknown command/);
		});

		test('/ then 2999 filters on 2999', async () => {
			const {app} = await toBrowser({remote: bigRemote()});
			await app.press(keys.enter);
			await app.waitFor('3000 entries');
			await deliver(app, ['/', '2', '9', '9', '9']);
			const frame = await app.waitFor('1/3000 entries');
			assert.match(frame, /file-02999\.csv/);
		});

		test('50 fast down-arrows move 50 rows', async () => {
			const {app} = await toBrowser({remote: bigRemote()});
			await app.press(keys.enter);
			await app.waitFor('3000 entries');
			await deliver(app, Array.from({length: 50}, () => keys.down));
			// Each key is handed over after the previous one's frame: slow on a busy machine, never lost.
			await app.waitFor(/› +file-00050\.csv/, 60_000);
			await pause(50);
			assert.match(cursorLine(app.frame()), /file-00050\.csv/);
		});

		test('a typed name and Enter after m make that folder', async () => {
			const {app, services} = await toBrowser();
			await deliver(app, ['m', 'n', 'e', 'w', keys.enter]);
			await app.waitFor('Made the folder /new');
			assert.deepEqual(services.sessions[0]?.made, ['/new']);
		});
	});
}

test('choice lists take the keymap\'s keys: a digit picks its row, k wraps to the last', async () => {
	const app = driveApp(makeFakeServices());
	await app.waitFor('Where do you want to start?');
	await app.press('k');
	await app.waitFor('› 3. Validate files only');
	await app.press('2');
	await app.waitFor('User name: sftppractice');
});
