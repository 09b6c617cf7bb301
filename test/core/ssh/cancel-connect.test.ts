import assert from 'node:assert/strict';
import {readFile, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {after, before, describe, test, type TestContext} from 'node:test';
import {runDoctor} from '../../../source/core/ssh/doctor.js';
import {openSftpSession, type ConnectOptions} from '../../../source/core/ssh/sftp-session.js';
import {startSftpFixture, suiteCleanup, type SftpFixture} from '../../helpers/sftp-fixture.js';
import {startSilentListener, startStallingSshServer, startUnacceptingListener} from '../../helpers/stalling-servers.js';
import {makeTempDir} from '../../helpers/temp-dir.js';

/** Collects what escapes to the process (ssh2 throwing from a callback, a second 'error'). */
function watchEscapes(t: TestContext): unknown[] {
	const escaped: unknown[] = [];
	const onError = (error: unknown) => escaped.push(error);
	process.on('uncaughtException', onError);
	process.on('unhandledRejection', onError);
	t.after(() => {
		process.off('uncaughtException', onError);
		process.off('unhandledRejection', onError);
	});
	return escaped;
}

/** One turn of the event loop, so whatever ssh2 does after the rejection has happened. */
async function nextTurn(): Promise<void> {
	await new Promise(resolve => {
		setImmediate(resolve);
	});
}

function isCancelled(error: Error & {code?: string}): boolean {
	assert.equal(error.code, 'cancelled', `${error.code}: ${error.message}`);
	assert.match(error.message, /Cancelled while connecting; nothing was transferred/);
	return true;
}

describe('cancelling a connection at every stage ends cleanly', () => {
	let fixture: SftpFixture;
	let privateKey: Buffer;
	const cleanup = suiteCleanup();
	before(async () => {
		fixture = await startSftpFixture(cleanup.context);
		privateKey = await readFile(fixture.identity);
	});
	after(async () => cleanup.run());

	/** Starts a connection, aborts it once `reached` resolves, and expects a clean 'cancelled'. */
	async function cancelAt(t: TestContext, options: Omit<ConnectOptions, 'user' | 'signal'>, reached: (debugLines: string[]) => Promise<void>): Promise<void> {
		const escaped = watchEscapes(t);
		const controller = new AbortController();
		const debugLines: string[] = [];
		const connecting = openSftpSession({user: fixture.sshd.user, privateKey, knownHostsFile: fixture.knownHosts, ...options, debug: line => debugLines.push(line), signal: controller.signal});
		connecting.catch(() => undefined);
		await reached(debugLines);
		controller.abort();
		await assert.rejects(connecting, isCancelled);
		await nextTurn();
		assert.deepEqual(escaped, []);
	}

	test('during the name lookup (DNS)', {timeout: 60_000}, async t => {
		let looking: () => void = () => undefined;
		const lookupStarted = new Promise<void>(resolve => {
			looking = resolve;
		});
		await cancelAt(t, {
			host: 'sftp.stalled.example', port: 22,
			lookup: async () => {
				looking();
				return new Promise<string>(() => undefined); // The resolver never answers.
			},
		}, async () => lookupStarted);
	});

	test('while TCP connects', {timeout: 60_000}, async t => {
		const {port} = await startUnacceptingListener(t);
		await cancelAt(t, {host: '127.0.0.1', port}, async lines => {
			while (!lines.some(line => line.includes('Trying 127.0.0.1'))) {
				await nextTurn();
			}

			assert.ok(!lines.some(line => /socket connected/i.test(line)), lines.join('\n'));
		});
	});

	test('while waiting for the banner', {timeout: 60_000}, async t => {
		const listener = await startSilentListener(t);
		await cancelAt(t, {host: '127.0.0.1', port: listener.port}, async () => listener.connected);
	});

	test('at the host-key question, whatever the answer that comes after (the app crashed here)', {timeout: 60_000}, async t => {
		for (const lateAnswer of [false, true]) {
			const dir = await makeTempDir(t);
			const knownHosts = path.join(dir, 'known_hosts');
			let answer: (trusted: boolean) => void = () => undefined;
			let asked: () => void = () => undefined;
			const questionShown = new Promise<void>(resolve => {
				asked = resolve;
			});
			const escaped = watchEscapes(t);
			const controller = new AbortController();
			const connecting = openSftpSession({
				host: '127.0.0.1', port: fixture.sshd.port, user: fixture.sshd.user, privateKey, knownHostsFile: knownHosts, signal: controller.signal,
				async onUnknownHostKey() {
					asked();
					return new Promise<boolean>(resolve => {
						answer = resolve;
					});
				},
			});
			connecting.catch(() => undefined);
			await questionShown;
			controller.abort();
			await assert.rejects(connecting, isCancelled);
			// The person's answer arrives after the cancel, as when Ctrl-C closes the question.
			answer(lateAnswer);
			await nextTurn();
			await nextTurn();
			assert.deepEqual(escaped.map(String), [], `late answer ${String(lateAnswer)}`);
			await assert.rejects(stat(knownHosts), 'nothing recorded after a cancel');
		}
	});

	test('during login', {timeout: 60_000}, async t => {
		const server = await startStallingSshServer(t, 'login');
		const dir = await makeTempDir(t);
		const knownHosts = path.join(dir, 'known_hosts');
		await writeFile(knownHosts, `${server.knownHostsLine}\n`);
		await cancelAt(t, {host: '127.0.0.1', port: server.port, knownHostsFile: knownHosts}, async () => server.reached);
	});

	test('while the SFTP session starts', {timeout: 60_000}, async t => {
		const server = await startStallingSshServer(t, 'sftp');
		const dir = await makeTempDir(t);
		const knownHosts = path.join(dir, 'known_hosts');
		await writeFile(knownHosts, `${server.knownHostsLine}\n`);
		await cancelAt(t, {host: '127.0.0.1', port: server.port, knownHostsFile: knownHosts}, async () => server.reached);
	});

	test('doctor stops at the stage it was in, for its own DNS and banner checks too', {timeout: 60_000}, async t => {
		const escaped = watchEscapes(t);
		const dnsCancel = new AbortController();
		const atDns = await runDoctor({
			host: 'sftp.stalled.example', port: 22, user: fixture.sshd.user, privateKey, knownHostsFile: fixture.knownHosts, signal: dnsCancel.signal,
			lookup: async () => new Promise<string>(() => undefined),
			onStage(stage) {
				if (stage.stage === 'dns' && stage.status === 'running') {
					dnsCancel.abort();
				}
			},
		});
		assert.equal(atDns.error?.code, 'cancelled', atDns.error?.message);
		assert.deepEqual(atDns.stages.map(stage => `${stage.stage} ${stage.status}`).slice(0, 2), ['dns failed', 'tcp skipped']);

		const listener = await startSilentListener(t);
		const bannerCancel = new AbortController();
		void listener.connected.then(() => {
			bannerCancel.abort();
		});
		// Doctor's TCP stage reads the banner too: a silent server is cancelled there.
		const atBanner = await runDoctor({host: '127.0.0.1', port: listener.port, user: fixture.sshd.user, privateKey, knownHostsFile: fixture.knownHosts, signal: bannerCancel.signal, timeoutMs: 600_000});
		assert.equal(atBanner.error?.code, 'cancelled', atBanner.error?.message);
		assert.equal(atBanner.stages.find(stage => stage.status === 'failed')?.stage, 'tcp');
		await nextTurn();
		assert.deepEqual(escaped, []);
	});
});
