import assert from 'node:assert/strict';
import {afterEach, describe, test} from 'node:test';
import {cleanup} from 'ink-testing-library';
import {driveApp, keys} from './support/drive.js';
import {keySummary, makeFakeServices} from './support/fake-services.js';
import {waitUntil} from './support/wait-until.js';

afterEach(() => {
	cleanup();
});

describe('any server', () => {
	test('a hand-edited profile\'s host and port are honoured and saved back unchanged', async () => {
		const services = makeFakeServices({
			profile: {mode: 'asapp', marker: 'acme', host: 'files.example.org', port: 2200, user: 'sftpacme', keyPath: '/keys/mine', wizardStep: 'done'},
			keys: {'/keys/mine': keySummary('/keys/mine')},
			script: {hostKey: 'known'},
		});
		const app = driveApp(services);
		await app.waitFor('sftpacme@files.example.org:2200');
		assert.deepEqual(services.connectTargets.map(({host, port, user}) => ({host, port, user})), [{host: 'files.example.org', port: 2200, user: 'sftpacme'}]);
		await waitUntil(() => services.saved.length > 0);
		assert.ok(services.saved.every(saved => saved.host === 'files.example.org' && saved.port === 2200), JSON.stringify(services.saved));
	});

	test('a saved user that is not sftp<marker> is kept', async () => {
		const services = makeFakeServices({
			profile: {mode: 'asapp', marker: '', host: 'files.example.org', port: 22, user: 'uploader', keyPath: '/keys/mine', wizardStep: 'done'},
			keys: {'/keys/mine': keySummary('/keys/mine')},
			script: {hostKey: 'known'},
		});
		const app = driveApp(services);
		await app.waitFor('uploader@files.example.org');
		assert.equal(services.connectTargets[0]?.user, 'uploader');
	});

	test('--host, --port, --user and --identity open the app on that server, skipping the wizard', async () => {
		const services = makeFakeServices({keys: {'/keys/id_rsa': keySummary('/keys/id_rsa')}});
		const app = driveApp(services, {}, undefined, {host: 'sftp.example.net', port: 2022, user: 'bob', identity: '/keys/id_rsa', knownHostsFile: '/tmp/kh'});
		const trust = await app.waitFor('Trust this server? y/n');
		assert.match(trust, /Connect to sftp\.example\.net:2022/);
		assert.match(trust, /Logging in as bob with \/keys\/id_rsa/);
		assert.match(trust, /fingerprint the server's administrator gave you/);
		await app.press('y');
		await app.waitFor('bob@sftp.example.net:2022');
		assert.deepEqual(services.connectTargets.map(({host, port, user, keyPath, knownHostsFile}) => ({host, port, user, keyPath, knownHostsFile})), [
			{host: 'sftp.example.net', port: 2022, user: 'bob', keyPath: '/keys/id_rsa', knownHostsFile: '/tmp/kh'},
		]);
		await waitUntil(() => services.saved.some(saved => saved.wizardStep === 'done'));
		assert.deepEqual(services.saved.at(-1), {mode: 'asapp', marker: '', host: 'sftp.example.net', port: 2022, user: 'bob', keyPath: '/keys/id_rsa', wizardStep: 'done'});
	});

	test('--host with --marker but no key asks for the key next, for that server', async () => {
		const services = makeFakeServices();
		const app = driveApp(services, {}, undefined, {host: 'sftp.example.net', marker: 'acme'});
		await app.waitFor('Your SSH key');
		assert.doesNotMatch(app.frame(), /Company marker/);
		await app.press(keys.escape);
		await app.waitFor('User name: sftpacme');
	});

	test('--host alone starts the wizard at the marker; the saved profile of another server is left alone', async () => {
		const services = makeFakeServices({
			profile: {mode: 'asapp', marker: 'acme', host: 'sftp.us-east-1.asapp.com', port: 22, user: 'sftpacme', keyPath: '/keys/mine', wizardStep: 'done'},
			keys: {'/keys/mine': keySummary('/keys/mine')},
		});
		const app = driveApp(services, {}, undefined, {host: '10.0.0.5'});
		await app.waitFor('Company marker');
	});

	test('a key that cannot be read is named on the welcome screen', async () => {
		const services = makeFakeServices();
		const app = driveApp(services, {}, undefined, {host: 'h', user: 'u', identity: '/nope'});
		const frame = await app.waitFor('The key you named could not be used');
		assert.match(frame, /There is no file at \/nope/);
	});
});
