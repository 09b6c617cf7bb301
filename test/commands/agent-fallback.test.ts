import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {copyFile, mkdir, readFile, writeFile} from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {runCli, runProcess, type ProcessResult} from '../helpers/run-process.js';
import {startSftpFixture, suiteCleanup, type SftpFixture} from '../helpers/sftp-fixture.js';
import {makeTempDir} from '../helpers/temp-dir.js';

/** A Unix socket that accepts and hangs up at once, as a crashed agent's leftover might. */
async function closingSocket(t: {after(fn: () => unknown): void}, dir: string): Promise<string> {
	const socketPath = path.join(dir, 'agent.sock');
	const server = net.createServer(socket => {
		socket.destroy();
	});
	await new Promise<void>(resolve => {
		server.listen(socketPath, resolve);
	});
	t.after(async () => new Promise<void>(resolve => {
		server.close(() => {
			resolve();
		});
	}));
	return socketPath;
}

describe('a dead ssh-agent (SSH_AUTH_SOCK) never crashes a command', () => {
	let fixture: SftpFixture;
	const cleanup = suiteCleanup();
	before(async () => {
		fixture = await startSftpFixture(cleanup.context);
	});
	after(async () => cleanup.run());

	/** A home folder, with the fixture's key as ~/.ssh/id_rsa when `withKey`. */
	async function home(t: {after(fn: () => unknown): void}, withKey: boolean): Promise<string> {
		const dir = await makeTempDir(t);
		if (withKey) {
			await mkdir(path.join(dir, '.ssh'), {mode: 0o700});
			await copyFile(fixture.identity, path.join(dir, '.ssh', 'id_rsa'));
		}

		return dir;
	}

	async function run(args: string[], env: {HOME: string; SSH_AUTH_SOCK: string}): Promise<ProcessResult> {
		// No --identity: the agent is what the command would use.
		return runCli([...args, '--host', '127.0.0.1', '--port', String(fixture.sshd.port), '--user', fixture.sshd.user, '--known-hosts', fixture.knownHosts], {env});
	}

	const note = /^Note: the ssh-agent at \S+ \(SSH_AUTH_SOCK\) cannot be used \([^)]+\); using the key file \S+\/\.ssh\/id_rsa instead\.\n$/;

	test('a socket path that does not exist: ls falls back to the key file, with a one-line note', async t => {
		const HOME = await home(t, true);
		const result = await run(['ls'], {HOME, SSH_AUTH_SOCK: path.join(HOME, 'no-such-agent.sock')});
		assert.equal(result.code, 0, result.stderr);
		assert.equal(result.stdout, 'in/\nout/\n');
		assert.match(result.stderr, note);
	});

	test('a socket that closes at once: put and doctor fall back to the key file', async t => {
		const HOME = await home(t, true);
		const SSH_AUTH_SOCK = await closingSocket(t, HOME);
		const file = path.join(HOME, 'notes.txt');
		await writeFile(file, 'hello\n');
		const put = await run(['put', file], {HOME, SSH_AUTH_SOCK});
		assert.equal(put.code, 0, put.stderr);
		assert.match(put.stderr.split('\n')[0]!, /^Note: the ssh-agent at .* cannot be used/);
		assert.doesNotMatch(put.stderr, /Unhandled|node:events|\n\s+at /);
		assert.equal(await readFile(fixture.serverPath('in/notes.txt'), 'utf8'), 'hello\n');
		const doctor = await run(['doctor'], {HOME, SSH_AUTH_SOCK});
		assert.equal(doctor.code, 0, doctor.stdout + doctor.stderr);
		assert.match(doctor.stderr, note);
		assert.match(doctor.stdout, /\[ok {2}\] Authentication: logged in/);
	});

	test('no key file to fall back on: a clear message and exit 1 from ls, put and doctor', async t => {
		const HOME = await home(t, false);
		const sockets = [path.join(HOME, 'gone.sock'), await closingSocket(t, HOME)];
		const file = path.join(HOME, 'notes.txt');
		await writeFile(file, 'hello\n');
		for (const SSH_AUTH_SOCK of sockets) {
			for (const args of [['ls'], ['put', file], ['doctor']]) {
				const result = await run(args, {HOME, SSH_AUTH_SOCK});
				assert.equal(result.code, 1, `${args[0]}: ${result.stderr}`);
				assert.match(result.stderr, /^Error: The ssh-agent at \S+ \(SSH_AUTH_SOCK\) does not answer \([^)]+\), and there is no key file to log in with instead\.\n {2}Start your ssh-agent .* or give your private key with --identity FILE\.\n$/, `${args[0]}: ${result.stderr}`);
			}
		}
	});
});

describe('a live ssh-agent', () => {
	let fixture: SftpFixture;
	const cleanup = suiteCleanup();
	before(async () => {
		fixture = await startSftpFixture(cleanup.context);
	});
	after(async () => cleanup.run());

	test('is used without a key file; when it holds no RSA 4096 key, one warning names the key it has', async t => {
		const dir = await makeTempDir(t);
		const SSH_AUTH_SOCK = path.join(dir, 'agent.sock');
		const agent = spawn('ssh-agent', ['-D', '-a', SSH_AUTH_SOCK], {stdio: ['ignore', 'pipe', 'ignore']});
		t.after(() => {
			agent.kill();
		});
		// ssh-agent -D prints its environment lines once the socket listens.
		await new Promise<void>(resolve => {
			agent.stdout.once('data', () => {
				resolve();
			});
		});
		const key = path.join(dir, 'ed');
		assert.equal((await runProcess('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key])).code, 0);
		const authorized = await readFile(fixture.sshd.authorizedKeysFile, 'utf8');
		await fixture.sshd.setAuthorizedKeys([...authorized.trim().split('\n'), await readFile(`${key}.pub`, 'utf8')]);
		assert.equal((await runProcess('ssh-add', ['-q', key], {env: {...process.env, SSH_AUTH_SOCK}})).code, 0);
		const fingerprint = (await runProcess('ssh-keygen', ['-lf', `${key}.pub`])).stdout.split(' ')[1]!;
		const result = await runCli(['ls', '--host', '127.0.0.1', '--port', String(fixture.sshd.port), '--user', fixture.sshd.user, '--known-hosts', fixture.knownHosts], {env: {HOME: dir, SSH_AUTH_SOCK}});
		assert.equal(result.code, 0, result.stderr);
		assert.equal(result.stdout, 'in/\nout/\n');
		assert.equal(result.stderr, `Warning: the ssh-agent's key ${fingerprint} is an ED25519 key (256 bits); ASAPP asked for RSA 4096. Going on: the server may accept it.\n`);
	});
});
