import assert from 'node:assert/strict';
import {afterEach, describe, test} from 'node:test';
import {cleanup} from 'ink-testing-library';
import {driveApp, keys} from './support/drive.js';
import {hostKey, keySummary, makeFakeServices, serviceError} from './support/fake-services.js';
import {waitUntil} from './support/wait-until.js';

afterEach(() => {
	cleanup();
});

describe('first run: the wizard', () => {
	test('welcome offers the three starts; q quits', async () => {
		const services = makeFakeServices();
		const app = driveApp(services);
		const frame = await app.waitFor('Where do you want to start?');
		assert.match(frame, /1\. Set up my ASAPP connection/);
		assert.match(frame, /2\. Practise on a local sandbox first/);
		assert.match(frame, /3\. Validate files only/);
		assert.match(frame, /q quit/);
		await app.press('q');
		await waitUntil(() => services.sandboxStopped === 1);
	});

	test('from welcome to the browser: marker, new key with a masked passphrase, send, connect, accept the host key', async () => {
		const services = makeFakeServices({createDelayMs: 200});
		const app = driveApp(services);
		await app.waitFor('Where do you want to start?');
		await app.press(keys.enter);
		await app.waitFor('Company marker');

		await app.type('bad marker');
		await app.press(keys.enter);
		assert.match(await app.waitFor('may only contain'), /letters, digits/);
		for (let index = 0; index < 'bad marker'.length; index++) {
			await app.press(keys.backspace);
		}

		await app.type('testcompany');
		assert.match(app.frame(), /User name: sftptestcompany/);
		await app.press(keys.enter);

		await app.waitFor('Create a new key');
		assert.match(app.frame(), /asapp_sftptestcompany_rsa/);
		await app.press(keys.enter);
		await app.waitFor('Where should the new key go?');
		await app.press(keys.enter);
		await app.waitFor('Passphrase:');
		await app.type('s3cret');
		const masked = app.frame();
		assert.match(masked, /••••••/);
		assert.doesNotMatch(masked, /s3cret/);
		await app.press(keys.enter);
		await app.waitFor('once more');
		await app.type('s3cret');
		await app.press(keys.enter);
		assert.match(await app.waitFor('Making an RSA 4096 key'), /Making/);
		await app.waitFor('Your new key is ready');
		assert.deepEqual(services.created, [{marker: 'testcompany', path: '/home/me/.ssh/asapp_sftptestcompany_rsa', passphrase: 's3cret'}]);
		assert.match(app.frame(), /RSA, 4096 bits, protected by a passphrase/);
		await app.press(keys.enter);

		const send = await app.waitFor('Sent to the clipboard');
		// The key is written above the screen as one line of its own, unindented, for copying.
		assert.ok(app.frames.some(frame => frame.split('\n').includes(keySummary('x').publicKeyLine)), 'the key as one whole line');
		assert.match(send, /the line starting ssh-rsa AAAAB3Nz… just above this screen, whole/);
		assert.match(send, /Safe to email/);
		assert.match(send, /private key file \(no \.pub\) stays here: never send it/);
		assert.deepEqual(services.copied, [keySummary('x').publicKeyLine]);
		assert.equal(services.saved.at(-1)?.wizardStep, 'send-key');
		await app.press(keys.enter);

		const ask = await app.waitFor('Trust this server?');
		assert.ok(ask.includes(hostKey.fingerprint));
		assert.match(ask, /✔ Find the server \(DNS\)/);
		await app.press('y');
		const browser = await app.waitFor('sftptestcompany@sftp.us-east-1.asapp.com');
		assert.match(browser, /in\/ = files for ASAPP, out\/ = files from ASAPP/);
		assert.deepEqual(services.hostKeyAnswers, [true]);
		assert.equal(services.connectTargets[0]?.passphrase, 's3cret');
		await waitUntil(() => services.saved.at(-1)?.wizardStep === 'done');
		assert.deepEqual(services.saved.at(-1), {
			mode: 'asapp', marker: 'testcompany', host: 'sftp.us-east-1.asapp.com', port: 22, user: 'sftptestcompany',
			keyPath: '/home/me/.ssh/asapp_sftptestcompany_rsa', wizardStep: 'done',
		});
	});

	test('Esc goes back one step at a time', async () => {
		const app = driveApp(makeFakeServices());
		await app.waitFor('Where do you want to start?');
		await app.press(keys.enter);
		await app.waitFor('Company marker');
		await app.type('acme');
		await app.press(keys.enter);
		await app.waitFor('Create a new key');
		await app.press(keys.escape);
		await app.waitFor('Company marker');
		assert.match(app.frame(), /sftpacme/);
		await app.press(keys.escape);
		await app.waitFor('Where do you want to start?');
	});

	test('a key that already exists is not overwritten: the error says so and what to do', async () => {
		const services = makeFakeServices({keys: {
			'/home/me/.ssh/asapp_sftpacme_rsa': serviceError('file-exists', '/home/me/.ssh/asapp_sftpacme_rsa already exists; it was left untouched.', 'Choose another file name, or use the existing key.'),
		}});
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
		const frame = await app.waitFor('The key was not made');
		assert.match(frame, /left untouched/);
		assert.match(frame, /Next: Choose another file name/);
		assert.doesNotMatch(frame, /at .*\.ts:\d+/);
	});

	test('an existing key: a fitting one shows its facts; an unfit one is refused with the reason', async () => {
		const services = makeFakeServices({keys: {
			'/keys/small': keySummary('/keys/small', {bits: 2048, unfitReason: 'This RSA key has 2048 bits; ASAPP asks for 4096.'}),
			'/keys/locked': keySummary('/keys/locked', {encrypted: true}),
		}});
		const app = driveApp(services);
		await app.waitFor('Where do you want to start?');
		await app.press(keys.enter);
		await app.waitFor('Company marker');
		await app.type('acme');
		await app.press(keys.enter);
		await app.waitFor('Create a new key');
		await app.press(keys.down, keys.enter);
		await app.waitFor('Key file:');
		await app.type('/keys/small');
		await app.press(keys.enter);
		const refused = await app.waitFor('will not accept this key');
		assert.match(refused, /2048 bits; ASAPP asks for 4096/);
		await app.press(keys.enter);
		assert.match(app.frame(), /will not accept this key/, 'Enter does not take an unfit key');

		await app.press(keys.escape);
		await app.waitFor('Key file:');
		for (let index = 0; index < '/keys/small'.length; index++) {
			await app.press(keys.backspace);
		}

		await app.type('/keys/locked');
		await app.press(keys.enter);
		await app.waitFor('protected by a passphrase');
		await app.type('wrong');
		await app.press(keys.enter);
		await app.waitFor('does not open the key');
		await app.type('right');
		await app.press(keys.enter);
		const fits = await app.waitFor('This key fits');
		assert.match(fits, /SHA256:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG/);
		await app.press(keys.enter);
		await app.waitFor('Send your public key');
	});

	test('a saved profile resumes where the wizard stopped', async () => {
		const services = makeFakeServices({
			profile: {mode: 'asapp', marker: 'acme', host: 'sftp.us-east-1.asapp.com', port: 22, user: 'sftpacme', keyPath: '/keys/mine', wizardStep: 'send-key'},
			keys: {'/keys/mine': keySummary('/keys/mine')},
		});
		const app = driveApp(services);
		const frame = await app.waitFor('Send your public key');
		assert.match(frame, /user sftpacme/);
	});

	test('a finished profile connects directly', async () => {
		const services = makeFakeServices({
			profile: {mode: 'asapp', marker: 'acme', host: 'sftp.us-east-1.asapp.com', port: 22, user: 'sftpacme', keyPath: '/keys/mine', wizardStep: 'done'},
			keys: {'/keys/mine': keySummary('/keys/mine')},
			script: {hostKey: 'known'},
		});
		const app = driveApp(services);
		await app.waitFor('sftpacme@sftp.us-east-1.asapp.com');
	});
});

describe('connect: failures a person can act on', () => {
	async function toConnect(script: Parameters<typeof makeFakeServices>[0]) {
		const services = makeFakeServices({
			profile: {mode: 'asapp', marker: 'acme', host: 'sftp.us-east-1.asapp.com', port: 22, user: 'sftpacme', keyPath: '/keys/mine', wizardStep: 'connect'},
			keys: {'/keys/mine': keySummary('/keys/mine')},
			...script,
		});
		return {services, app: driveApp(services)};
	}

	test('login refused: the failed stage, its fix, and the error panel', async () => {
		const {services, app} = await toConnect({script: {hostKey: 'known', failAt: {
			stage: 'login',
			error: serviceError('auth-refused', 'The server refused the key for sftpacme.', 'ASAPP may not have installed your public key yet: send it again and ask them to confirm.'),
		}}});
		const frame = await app.waitFor('Could not connect');
		assert.match(frame, /✘ Log in with your key/);
		assert.match(frame, /refused the key for sftpacme/);
		assert.match(frame, /Next: ASAPP may not have installed your public key/);
		assert.match(frame, /r try again/);
		services.script = {hostKey: 'known'};
		await app.press('r');
		await app.waitFor('sftpacme@sftp.us-east-1.asapp.com');
	});

	test('a changed host key is refused with a warning screen', async () => {
		const {app} = await toConnect({script: {failAt: {
			stage: 'host-key',
			error: serviceError('host-key-changed', 'The host key changed.', 'Ask ASAPP whether the server was rebuilt.', {
				expectedFingerprint: 'SHA256:oldoldoldoldoldoldoldoldoldoldoldoldoldoldo',
				actualFingerprint: 'SHA256:newnewnewnewnewnewnewnewnewnewnewnewnewnewn',
			}),
		}}});
		const frame = await app.waitFor('WARNING');
		assert.match(frame, /not the one this machine saw before/);
		assert.match(frame, /Known: +SHA256:oldold/);
		assert.match(frame, /Now sent: SHA256:newnew/);
		assert.match(frame, /nothing was sent/);
	});

	test('an unknown host key refused with n stops the connection', async () => {
		const {services, app} = await toConnect({script: {hostKey: 'unknown'}});
		await app.waitFor('Trust this server?');
		await app.press('n');
		const frame = await app.waitFor('Could not connect');
		// What the core says of a key nobody accepted (host-key-unknown), with the app's own next step.
		assert.match(frame, /was not trusted, so nothing was transferred/);
		assert.match(frame, /press r to connect again/);
		assert.doesNotMatch(frame, /--accept-new-host-key/);
		assert.deepEqual(services.hostKeyAnswers, [false]);
	});

	test('an unexpected failure shows the log file, not a stack trace', async () => {
		const {app} = await toConnect({script: {hostKey: 'known', failAt: {stage: 'dns', error: new TypeError('boom')}}});
		const frame = await app.waitFor('Could not connect');
		assert.match(frame, /Details: \/home\/me\/\.local\/state\/asapp-sftp\/asapp-sftp\.log/);
		assert.doesNotMatch(frame, /TypeError|at .*:\d+:\d+/);
	});
});

describe('sandbox mode', () => {
	test('starts the practice server, gives it the key, and connects to it', async () => {
		const services = makeFakeServices({script: {hostKey: 'unknown'}});
		const app = driveApp(services);
		await app.waitFor('Where do you want to start?');
		await app.press(keys.down, keys.enter);
		const marker = await app.waitFor('Company marker');
		assert.match(marker, /User name: sftppractice/);
		await app.press(keys.enter);
		await app.waitFor('Create a new key');
		await app.press(keys.enter, keys.enter);
		await app.waitFor('Passphrase:');
		await app.press(keys.enter);
		await app.waitFor('Your new key is ready');
		await app.press(keys.enter);
		assert.match(await app.waitFor('gets this key automatically'), /practice server/);
		await app.press(keys.enter);
		const ask = await app.waitFor('Trust this server?');
		assert.match(ask, /This is the practice server's own key/);
		await app.press('y');
		await app.waitFor('sftppractice@127.0.0.1:2222');
		assert.deepEqual(services.authorized, [keySummary('x').publicKeyLine]);
		assert.equal(services.created[0]?.marker, 'practice');
		assert.deepEqual(services.connectTargets.map(target => [target.host, target.port, target.user]), [['127.0.0.1', 2222, 'sftppractice']]);
	});
});
