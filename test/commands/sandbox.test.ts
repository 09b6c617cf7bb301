import assert from 'node:assert/strict';
import {spawn, type ChildProcessWithoutNullStreams} from 'node:child_process';
import path from 'node:path';
import {test} from 'node:test';
import {cliPath, runCli, runProcess} from '../helpers/run-process.js';
import {makeTestKey} from '../helpers/sandbox.js';
import {makeTempDir} from '../helpers/temp-dir.js';

type RunningSandbox = {child: ChildProcessWithoutNullStreams; port: number; fingerprint: string; output: () => string; exit: Promise<number | null>};

/** Starts `asapp-sftp sandbox` and waits for the lines that say where it listens. */
async function startCliSandbox(args: string[], env: NodeJS.ProcessEnv): Promise<RunningSandbox> {
	const child = spawn(process.execPath, [cliPath, 'sandbox', ...args], {env: {...process.env, NO_COLOR: '1', ...env}});
	let output = '';
	child.stdout.on('data', (chunk: Buffer) => {
		output += chunk.toString('utf8');
	});
	child.stderr.on('data', (chunk: Buffer) => {
		output += chunk.toString('utf8');
	});
	const exit = new Promise<number | null>(resolve => {
		child.once('exit', code => resolve(code));
	});
	const deadline = Date.now() + 20_000;
	while (Date.now() < deadline) {
		const listening = /listening on 127\.0\.0\.1 port (\d+)\n/.exec(output);
		const fingerprint = /Host key fingerprint: (SHA256:\S+)/.exec(output);
		if (listening && fingerprint) {
			return {child, port: Number(listening[1]), fingerprint: fingerprint[1]!, output: () => output, exit};
		}

		if (child.exitCode !== null) {
			break;
		}

		await new Promise(resolve => setTimeout(resolve, 50));
	}

	child.kill('SIGKILL');
	throw new Error(`sandbox did not start:\n${output}`);
}

test('sandbox serves OpenSSH sftp, stops cleanly on SIGTERM and keeps its host key across runs', async t => {
	const dir = await makeTempDir(t);
	const env = {XDG_DATA_HOME: path.join(dir, 'data'), XDG_STATE_HOME: path.join(dir, 'state')};
	const key = await makeTestKey(dir, 'user_key', 'ed25519');
	const knownHosts = path.join(dir, 'known_hosts');
	const sftp = async (port: number, hostKeyChecking: string) => runProcess('sftp', [
		'-b', '-', '-P', String(port), '-i', key.privateKey,
		'-o', 'IdentitiesOnly=yes', '-o', 'IdentityAgent=none', '-o', 'BatchMode=yes',
		'-o', `StrictHostKeyChecking=${hostKeyChecking}`, '-o', `UserKnownHostsFile=${knownHosts}`,
		'sftppractice@127.0.0.1',
	], {input: 'ls -1 /out\n', timeoutMs: 30_000});

	const first = await startCliSandbox(['--port', '0', '--authorize', `${key.privateKey}.pub`], env);
	t.after(() => first.child.kill('SIGKILL'));
	assert.match(first.output(), new RegExp(`Root \\(/ for clients\\): ${path.join(dir, 'data', 'asapp-sftp', 'sandbox', 'root').replace(/[/\\]/g, '\\$&')}`));
	const listed = await sftp(first.port, 'accept-new');
	assert.equal(listed.code, 0, listed.stderr);
	assert.match(listed.stdout, /sample-report\.csv/);
	first.child.kill('SIGTERM');
	assert.equal(await first.exit, 0, first.output());
	assert.match(first.output(), /Stopping \(SIGTERM\)/);

	// Same data directory, same port: the host key is the same, so known_hosts still matches.
	const second = await startCliSandbox(['--port', String(first.port)], env);
	t.after(() => second.child.kill('SIGKILL'));
	assert.equal(second.fingerprint, first.fingerprint);
	const strict = await sftp(second.port, 'yes');
	assert.equal(strict.code, 0, strict.stderr);
	second.child.kill('SIGINT');
	assert.equal(await second.exit, 0, second.output());
});

test('sandbox usage mistakes exit 2 with a one-line hint', async () => {
	for (const args of [['--port', 'abc'], ['--port', '70000'], ['--frobnicate'], ['extra']]) {
		const result = await runCli(['sandbox', ...args]);
		assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
		assert.equal(result.stderr.trim().split('\n').length, 1);
		assert.match(result.stderr, /Try 'asapp-sftp sandbox --help'/);
	}
});

test('sandbox --authorize with a missing file explains itself and exits 1', async t => {
	const dir = await makeTempDir(t);
	const result = await runCli(['sandbox', '--port', '0', '--authorize', path.join(dir, 'missing.pub')], {env: {XDG_DATA_HOME: dir}});
	assert.equal(result.code, 1);
	assert.match(result.stderr, /^Error: The public key file .*missing\.pub cannot be read\.\n {2}Give the path of a \.pub file/);
});
