import assert from 'node:assert/strict';
import {mkdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {before, describe, test} from 'node:test';
import {runProcess, type ProcessResult} from '../../helpers/run-process.js';
import {startTestSandbox, type TestSandbox} from '../../helpers/sandbox.js';
import {suiteCleanups} from '../../helpers/temp-dir.js';

/**
 * rclone speaks SSH through golang.org/x/crypto/ssh, which checks what ssh2's OpenSSH-based
 * peers let pass: the answer to a public-key query must name the algorithm asked for
 * (RFC 4252 section 7). Configured by flags only, with an empty config file of its own, and
 * with host-key checking on.
 */
describe('practice server driven by rclone (a Go SSH client)', () => {
	const cleanups = suiteCleanups();
	let sandbox: TestSandbox;
	let home: string;
	let knownHosts: string;

	before(async () => {
		sandbox = await startTestSandbox(cleanups.scope);
		home = path.join(sandbox.base, 'rclone-home');
		await mkdir(home);
		await writeFile(path.join(home, 'rclone.conf'), ''); // Empty: every setting is a flag.
		knownHosts = path.join(sandbox.base, 'rclone_known_hosts');
		await writeFile(knownHosts, `[${sandbox.server.host}]:${sandbox.server.port} ${sandbox.server.hostPublicKeyLine}\n`);
	});

	test.after(async () => cleanups.run());

	async function rclone(args: string[], hostKeys = knownHosts): Promise<ProcessResult> {
		return runProcess('rclone', [
			...args,
			'--config', path.join(home, 'rclone.conf'),
			'--cache-dir', path.join(home, 'cache'),
			'--sftp-host', sandbox.server.host,
			'--sftp-port', String(sandbox.server.port),
			'--sftp-user', 'sftptestcompany',
			'--sftp-key-file', sandbox.key.privateKey,
			'--sftp-known-hosts-file', hostKeys,
			// The practice server runs no commands (SFTP only), as production.
			'--sftp-shell-type', 'none',
			'--low-level-retries', '1',
			'--retries', '1',
		], {
			env: {...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_CACHE_HOME: path.join(home, 'cache'), SSH_AUTH_SOCK: ''},
			timeoutMs: 60_000,
		});
	}

	test('lsf logs in with an RSA key (rsa-sha2 signatures) and lists out/', async () => {
		const listed = await rclone(['lsf', ':sftp:out']);
		assert.equal(listed.code, 0, listed.stderr);
		assert.match(listed.stdout, /^sample-report\.csv$/m);
		assert.ok(sandbox.log.some(line => /logged in as "sftptestcompany"/.test(line)), sandbox.log.join('\n'));
	});

	test('copy sends a folder byte for byte, and check agrees with it', async () => {
		const local = path.join(sandbox.work, 'rclone-batch');
		await mkdir(path.join(local, 'nested'), {recursive: true});
		const files: Record<string, Buffer> = {
			'calls.csv': Buffer.from('call_id,started_at\n1,2026-01-01T00:00:00Z\n'),
			'nested/big.bin': Buffer.alloc(3 * 1024 * 1024 + 17, 'x'),
			'empty.txt': Buffer.alloc(0),
		};
		for (const [name, bytes] of Object.entries(files)) {
			await writeFile(path.join(local, name), bytes);
		}

		const copied = await rclone(['copy', '--sftp-set-modtime=false', local, ':sftp:in/rclone-batch']);
		assert.equal(copied.code, 0, copied.stderr);
		for (const [name, bytes] of Object.entries(files)) {
			assert.deepEqual(await readFile(path.join(sandbox.root, 'in', 'rclone-batch', name)), bytes, name);
		}

		// The server computes no hashes, so compare the bytes themselves.
		const checked = await rclone(['check', '--download', local, ':sftp:in/rclone-batch']);
		assert.equal(checked.code, 0, checked.stderr);
		assert.match(checked.stderr, /0 differences found/);
		assert.match(checked.stderr, /3 matching files/);

		// And check does see a difference.
		await writeFile(path.join(local, 'calls.csv'), 'call_id,started_at\n2,2026-01-01T00:00:00Z\n');
		const differs = await rclone(['check', '--download', local, ':sftp:in/rclone-batch']);
		assert.notEqual(differs.code, 0, differs.stderr);
		assert.match(differs.stderr, /1 differences found/);
	});

	test('a host key other than the one in known_hosts is refused', async () => {
		const otherKeys = path.join(home, 'other_known_hosts');
		const stranger = (await readFile(`${sandbox.strangerKey.privateKey}.pub`, 'utf8')).trim().split(' ').slice(0, 2).join(' ');
		await writeFile(otherKeys, `[${sandbox.server.host}]:${sandbox.server.port} ${stranger}\n`);
		const refused = await rclone(['lsf', ':sftp:out'], otherKeys);
		assert.notEqual(refused.code, 0);
		assert.match(refused.stderr, /knownhosts: key mismatch/);
	});
});
