import assert from 'node:assert/strict';
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {after, before, describe, test, type TestContext} from 'node:test';
import {startCli} from '../helpers/run-process.js';
import {startSftpFixture, suiteCleanup, type SftpFixture} from '../helpers/sftp-fixture.js';
import {startSilentListener, startStallingSshServer, startUnacceptingListener} from '../helpers/stalling-servers.js';
import {makeTempDir} from '../helpers/temp-dir.js';

describe('Ctrl-C while a command connects: a clean stop at every stage', () => {
	let fixture: SftpFixture;
	const cleanup = suiteCleanup();
	before(async () => {
		fixture = await startSftpFixture(cleanup.context);
	});
	after(async () => cleanup.run());

	/** Runs `command` against port, sends SIGINT once `ready` says it is stuck, checks the ending. */
	async function interrupt(t: TestContext, command: string[], port: number, knownHosts: string, ready: (cli: ReturnType<typeof startCli>) => Promise<void>): Promise<void> {
		const dir = await makeTempDir(t);
		const cli = startCli([...command, '-v', '--host', '127.0.0.1', '--port', String(port), '--user', fixture.sshd.user, '--identity', fixture.identity, '--known-hosts', knownHosts], {env: {SSH_AUTH_SOCK: '', HOME: dir}});
		await ready(cli);
		cli.signal('SIGINT');
		const result = await cli.finished;
		assert.equal(result.signal, null, 'ended by itself, not killed by the signal');
		assert.equal(result.code, 130, result.stderr);
		// -v's protocol log may go on between the two lines.
		assert.match(result.stderr, /\nCancelling\.\.\.\n(?:debug: .*\n)*Cancelled while connecting; nothing was transferred\.\n(?:debug: .*\n)*$/);
		assert.doesNotMatch(result.stderr, /TypeError|Unhandled|unexpected failure|\n\s+at /);
	}

	test('TCP connect (ls)', {timeout: 60_000}, async t => {
		const {port} = await startUnacceptingListener(t);
		await interrupt(t, ['ls'], port, fixture.knownHosts, async cli => cli.waitForOutput(/debug: Client: Trying 127\.0\.0\.1/));
	});

	test('SSH banner (ls, doctor)', {timeout: 60_000}, async t => {
		for (const command of [['ls'], ['doctor']]) {
			const listener = await startSilentListener(t);
			await interrupt(t, command, listener.port, fixture.knownHosts, async () => listener.connected);
		}
	});

	test('login (put) and SFTP start (ls)', {timeout: 60_000}, async t => {
		const dir = await makeTempDir(t);
		const file = path.join(dir, 'notes.txt');
		await writeFile(file, 'hello\n');
		for (const [stage, command] of [['login', ['put', file]], ['sftp', ['ls']]] as const) {
			const server = await startStallingSshServer(t, stage);
			const knownHosts = path.join(dir, `known_hosts_${stage}`);
			await writeFile(knownHosts, `${server.knownHostsLine}\n`);
			await interrupt(t, [...command], server.port, knownHosts, async () => server.reached);
		}
	});
});
