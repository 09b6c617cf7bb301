import assert from 'node:assert/strict';
import {afterEach, describe, test} from 'node:test';
import {cleanup} from 'ink-testing-library';
import {unfitReasonFor} from '../../source/core/keys/inspect-key.js';
import {driveApp, keys, type Driven} from './support/drive.js';
import {keySummary, makeFakeServices} from './support/fake-services.js';
import {toBrowser} from './support/to-browser.js';
import {waitUntil} from './support/wait-until.js';

afterEach(() => {
	cleanup();
});

async function toMarker(app: Driven): Promise<void> {
	await app.waitFor('Where do you want to start?');
	await app.press(keys.enter);
	await app.waitFor('Company marker');
}

describe('what the walk-through found', () => {
	for (const env of [{}, {NO_COLOR: '1'}]) {
		test(`an empty field shows its example in brackets after the cursor, never as a value${env.NO_COLOR ? ' (NO_COLOR)' : ''}; Enter says what is needed`, async () => {
			const services = makeFakeServices();
			const app = driveApp(services, env);
			await toMarker(app);
			const empty = app.frame();
			assert.match(empty, /Marker: {3}\(for example: testcompany\)/);
			assert.doesNotMatch(empty, /Marker: testcompany/);
			await app.press(keys.enter);
			const nudged = await app.waitFor('Type the marker ASAPP gave you first.');
			assert.match(nudged, /Company marker/);
			assert.doesNotMatch(nudged, /--marker/);
			await app.type('acme');
			assert.match(app.frame(), /Marker: acme/);
			assert.doesNotMatch(app.frame(), /Type the marker ASAPP gave you first/);
		});
	}

	test('Enter on the empty key path says what is needed', async () => {
		const app = driveApp(makeFakeServices());
		await toMarker(app);
		await app.type('acme');
		await app.press(keys.enter);
		await app.waitFor('Create a new key');
		await app.press('j', keys.enter);
		const frame = await app.waitFor('Key file:');
		assert.match(frame, /\(for example: ~\/\.ssh\/id_rsa\)/);
		await app.press(keys.enter);
		await app.waitFor('Type the path of your private key first.');
	});

	test('a passphrase typed differently the second time says so', async () => {
		const services = makeFakeServices();
		const app = driveApp(services);
		await toMarker(app);
		await app.type('acme');
		await app.press(keys.enter, keys.enter);
		await app.waitFor('Where should the new key go?');
		await app.press(keys.enter);
		await app.waitFor('Passphrase:');
		await app.type('first one');
		await app.press(keys.enter);
		await app.waitFor('once more');
		await app.type('first 0ne');
		await app.press(keys.enter);
		const frame = await app.waitFor('The two passphrases were different; type it again.');
		assert.match(frame, /Passphrase:/);
		assert.deepEqual(services.created, []);
	});

	test('a marker that starts with sftp asks whether the part after it was meant', async () => {
		const services = makeFakeServices();
		const app = driveApp(services);
		await toMarker(app);
		await app.type('sftptestco');
		await app.press(keys.enter);
		const asked = await app.waitFor('Did you mean the marker "testco"?');
		assert.match(asked, /makes the user sftpsftptestco/);
		await app.press('y');
		await app.waitFor('Create a new key');
		assert.match(app.frame(), /asapp_sftptestco_rsa/);

		await app.press(keys.escape);
		await app.waitFor('Company marker');
		for (let index = 0; index < 'testco'.length; index++) {
			await app.press(keys.backspace);
		}

		await app.type('sftpacme');
		await app.press(keys.enter);
		await app.waitFor('Did you mean the marker "acme"?');
		await app.press('n');
		await app.waitFor('Create a new key');
		assert.match(app.frame(), /asapp_sftpsftpacme_rsa/);
	});

	test('counts read as English: 1 error, 1 warning; an ED25519 key', async () => {
		const {app} = await toBrowser({reports: {
			'/home/me/data/good.csv': {
				path: '/home/me/data/good.csv', schema: 'Historical Transcript', rows: 1,
				errors: [{line: 2, field: 'x', code: 'empty-cell', message: 'empty'}],
				warnings: [{line: 2, field: 'y', code: 'bool-case', message: 'case'}],
			},
		}});
		await app.press(keys.tab, 'j', 'j', 'v');
		const report = await app.waitFor('Check results');
		assert.match(report, /1 row, 1 error, 1 warning/);
		assert.equal(unfitReasonFor({type: 'ssh-ed25519', bits: 256}), 'This is an ED25519 key (256 bits); ASAPP asked for RSA 4096.');
		assert.match(unfitReasonFor({type: 'ssh-dss', bits: 1024}) ?? '', /^This is a DSA key/);
		assert.ok(keySummary('x'));
	});

	test('Ctrl-C at the host-key question ends the app: the question is answered no, nothing is left running', async () => {
		const services = makeFakeServices({
			profile: {mode: 'asapp', marker: 'acme', host: 'sftp.us-east-1.asapp.com', port: 22, user: 'sftpacme', keyPath: '/keys/mine', wizardStep: 'connect'},
			keys: {'/keys/mine': keySummary('/keys/mine')},
		});
		const app = driveApp(services);
		await app.waitFor('Trust this server? y/n');
		await app.press(keys.ctrlC);
		await waitUntil(() => services.sandboxStopped === 1 && services.hostKeyAnswers.length === 1);
		assert.deepEqual(services.hostKeyAnswers, [false]);
		assert.deepEqual(services.sessions, []);
	});

	test('a failure while drawing a screen is logged and shown as one line, not a stack trace', async () => {
		const broken = keySummary('/keys/mine');
		Object.defineProperty(broken, 'fingerprint', {get() {
			throw new Error('boom');
		}});
		const services = makeFakeServices({
			profile: {mode: 'asapp', marker: 'acme', host: 'sftp.us-east-1.asapp.com', port: 22, user: 'sftpacme', keyPath: '/keys/mine', wizardStep: 'send-key'},
			keys: {'/keys/mine': broken},
		});
		const app = driveApp(services);
		// The app ends right after this frame; where Ink sees CI it then writes one empty
		// frame, so look through every frame drawn rather than the last one.
		await waitUntil(() => app.frames.some(frame => frame.includes('The app stopped on an unexpected error')));
		for (const frame of app.frames) {
			assert.doesNotMatch(frame, /^\s+at /m);
		}

		await waitUntil(() => services.logged.includes('the app stopped: boom'));
	});

	test('the practice server already running is used (or the screen says why not)', async () => {
		const services = makeFakeServices({
			profile: {mode: 'sandbox', marker: 'practice', host: '127.0.0.1', port: 2222, user: 'sftppractice', keyPath: '/keys/mine', wizardStep: 'connect'},
			keys: {'/keys/mine': keySummary('/keys/mine')},
		});
		services.sandbox.start = async () => ({host: '127.0.0.1', port: 40_123, root: '/tmp/s', hostKeyFingerprint: 'SHA256:x', note: 'Port 2222 is taken by a program that is not an SSH server, so the practice server runs on port 40123 instead.'});
		const app = driveApp(services);
		const frame = await app.waitFor('Trust this server?');
		assert.match(frame, /Port 2222 is taken by a program that is not an SSH server, so the practice server runs on port\s+40123 instead\./);
	});
});
