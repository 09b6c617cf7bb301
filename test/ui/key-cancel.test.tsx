import assert from 'node:assert/strict';
import {afterEach, describe, test} from 'node:test';
import {cleanup} from 'ink-testing-library';
import {driveApp, keys} from './support/drive.js';
import {makeFakeServices} from './support/fake-services.js';
import {waitUntil} from './support/wait-until.js';

afterEach(() => {
	cleanup();
});

describe('Ctrl-C while the key is made', () => {
	test('cancels the key (its signal fires), says no file was written, and the app stays open', {timeout: 60_000}, async () => {
		// A creation that would take a minute: only the cancel can end it.
		const services = makeFakeServices({createDelayMs: 60_000});
		const app = driveApp(services);
		await app.waitFor('Where do you want to start?');
		await app.press(keys.enter);
		await app.waitFor('Company marker');
		await app.type('acme');
		await app.press(keys.enter, keys.enter);
		await app.waitFor('Where should the new key go?');
		await app.press(keys.enter);
		await app.waitFor('Passphrase:');
		await app.press(keys.enter);
		await app.waitFor('Making an RSA 4096 key');
		await app.press(keys.ctrlC);
		const frame = await app.waitFor('The key was not made');
		assert.match(frame, /no key was made and no file was written/);
		await waitUntil(() => services.cancelledCreates === 1);
		assert.equal(services.sandboxStopped, 0, 'the first Ctrl-C cancels the work, it does not quit');
		assert.equal(services.saved.some(profile => profile.keyPath !== undefined), false, 'no key path saved for a key that does not exist');
		// From there, the way back to making a key.
		await app.press('r');
		await app.waitFor('Where should the new key go?');
	});
});
