import assert from 'node:assert/strict';
import {randomBytes} from 'node:crypto';
import {mkdir, readFile, writeFile} from 'node:fs/promises';
import net from 'node:net';
import {networkInterfaces} from 'node:os';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import ssh2 from 'ssh2';
import {sampleFileName} from '../../../source/core/sandbox/index.js';
import {suiteCleanups} from '../../helpers/temp-dir.js';
import {startTestSandbox, type TestSandbox} from '../../helpers/sandbox.js';
import {runProcess} from '../../helpers/run-process.js';
import {openSshOptions, runOpenSshBatch} from '../../helpers/sftp-drivers.js';
import {connectSsh2, openSftp, settle} from '../../helpers/ssh2-client.js';

const statusCode = {noSuchFile: 2, permissionDenied: 3, failure: 4, badMessage: 5, opUnsupported: 8};

describe('practice server: what OpenSSH sftp cannot ask', () => {
	let sandbox: TestSandbox;
	const cleanups = suiteCleanups();
	before(async () => {
		sandbox = await startTestSandbox(cleanups.scope);
	});
	after(async () => cleanups.run());

	test('paths with NUL bytes are refused, whatever follows the NUL', async () => {
		const client = await connectSsh2(sandbox);
		try {
			const sftp = await openSftp(client);
			await writeFile(path.join(sandbox.base, 'outside.txt'), 'secret');
			for (const requested of [`/out/${sampleFileName}\0/../../../outside.txt`, '/in/nul\0name', '\0']) {
				const opened = await settle<Buffer>(callback => sftp.open(requested, 'r', callback));
				assert.ok(opened.error, JSON.stringify(requested));
				assert.equal(opened.error.code, statusCode.badMessage);
				const stat = await settle(callback => sftp.stat(requested, callback));
				assert.equal(stat.error?.code, statusCode.badMessage);
			}

			const written = await settle<Buffer>(callback => sftp.open('/in/a\0b', 'w', callback));
			assert.equal(written.error?.code, statusCode.badMessage);
		} finally {
			client.end();
		}
	});

	test('opening read+write or for append is refused; write-only and read-only work', async () => {
		const client = await connectSsh2(sandbox);
		try {
			const sftp = await openSftp(client);
			for (const flags of ['r+', 'w+', 'a+', 'a'] as const) {
				const opened = await settle<Buffer>(callback => sftp.open('/in/rw.bin', flags, callback));
				assert.ok(opened.error, flags);
				assert.ok([statusCode.permissionDenied, statusCode.opUnsupported].includes(opened.error.code!), `${flags}: ${opened.error.message}`);
			}

			const handle = (await settle<Buffer>(callback => sftp.open('/in/rw.bin', 'w', callback))).result!;
			const data = randomBytes(1000);
			assert.equal((await settle(callback => sftp.write(handle, data, 0, data.length, 0, callback))).error, undefined);
			// A write-only handle cannot be read from.
			const readBack = await settle(callback => sftp.read(handle, Buffer.alloc(10), 0, 10, 0, callback));
			assert.equal(readBack.error?.code, statusCode.permissionDenied);
			assert.equal((await settle(callback => sftp.close(handle, callback))).error, undefined);
			assert.deepEqual(await readFile(path.join(sandbox.root, 'in', 'rw.bin')), data);

			// Re-opening without truncation would be a resume, which production cannot do.
			const resume = await settle<Buffer>(callback => sftp.open('/in/rw.bin', 0x02 as unknown as 'w', callback));
			assert.equal(resume.error?.code, statusCode.opUnsupported);
		} finally {
			client.end();
		}
	});

	test('setstat, symlink and readlink answer "unsupported"', async () => {
		const client = await connectSsh2(sandbox);
		try {
			const sftp = await openSftp(client);
			assert.equal((await settle(callback => sftp.setstat(`/out/${sampleFileName}`, {mode: 0o600}, callback))).error?.code, statusCode.opUnsupported);
			assert.equal((await settle(callback => sftp.utimes(`/out/${sampleFileName}`, 1, 1, callback))).error?.code, statusCode.opUnsupported);
			assert.equal((await settle(callback => sftp.symlink('/etc/passwd', '/in/link', callback))).error?.code, statusCode.opUnsupported);
			assert.equal((await settle(callback => sftp.readlink('/in', callback))).error?.code, statusCode.opUnsupported);
			assert.equal((await settle(callback => sftp.realpath('/../../in/./x/..', callback))).result, '/in');
		} finally {
			client.end();
		}
	});

	test('large folders are listed in batches; names planted at the top of the root stay invisible', async () => {
		await mkdir(path.join(sandbox.root, 'in', 'many'));
		const names = Array.from({length: 250}, (_, index) => `file-${String(index).padStart(3, '0')}.csv`);
		await Promise.all(names.map(async name => writeFile(path.join(sandbox.root, 'in', 'many', name), name)));
		await writeFile(path.join(sandbox.root, 'planted-at-top.txt'), 'not part of production\'s layout');
		const listed = await runOpenSshBatch(sandbox, ['ls -1 /in/many', 'ls -1a /']);
		assert.equal(listed.code, 0, listed.stderr);
		const lines = listed.stdout.split('\n');
		assert.deepEqual(lines.filter(line => line.startsWith('/in/many/')).map(line => line.slice('/in/many/'.length)).sort(), names);
		assert.equal(lines.some(line => line.includes('planted-at-top')), false);
		const fetched = await runOpenSshBatch(sandbox, [`get /planted-at-top.txt ${path.join(sandbox.work, 'planted.txt')}`]);
		assert.notEqual(fetched.code, 0);
	});

	test('no shell, no exec, so no legacy SCP', async () => {
		const local = path.join(sandbox.work, 'scp-source.txt');
		await writeFile(local, 'scp');
		// sftp's options start with `-P PORT`; scp takes the same, ssh spells it `-p`.
		const [, port, ...options] = openSshOptions(sandbox);
		const scp = await runProcess('scp', ['-O', '-P', port!, ...options, local, `sftptestcompany@${sandbox.server.host}:/in/scp.txt`], {timeoutMs: 30_000});
		assert.notEqual(scp.code, 0);
		const shell = await runProcess('ssh', ['-p', port!, ...options, `sftptestcompany@${sandbox.server.host}`, 'echo hello'], {timeoutMs: 30_000});
		assert.notEqual(shell.code, 0);
		assert.doesNotMatch(shell.stdout, /hello/);
	});

	test('a key not in authorized_keys is refused', async () => {
		const result = await runOpenSshBatch(sandbox, ['ls'], sandbox.strangerKey);
		assert.notEqual(result.code, 0);
		assert.match(result.stderr, /Permission denied \(publickey\)/);
		assert.ok(sandbox.log.some(line => line.includes('refused key')));
	});

	test('an RSA key signing with SHA-1 (ssh-rsa) is refused, as in production; rsa-sha2 works', async () => {
		const sha1 = await runOpenSshBatch(sandbox, ['ls'], sandbox.key, ['-o', 'PubkeyAcceptedAlgorithms=ssh-rsa']);
		assert.notEqual(sha1.code, 0);
		assert.match(sha1.stderr, /Permission denied \(publickey\)/);
		const sha2 = await runOpenSshBatch(sandbox, ['ls'], sandbox.key, ['-o', 'PubkeyAcceptedAlgorithms=rsa-sha2-256']);
		assert.equal(sha2.code, 0, sha2.stderr);
	});

	test('server-sig-algs names each algorithm the server accepts, and nothing it refuses', async () => {
		// OpenSSH prints the list it received; ssh2 1.17.0 unpatched ran two names together
		// (`ecdsa-sha2-nistp521rsa-sha2-512`) and offered ssh-rsa, which the server refuses.
		const [, port, ...options] = openSshOptions(sandbox);
		const probe = await runProcess('ssh', ['-v', '-p', port!, ...options, '-o', 'LogLevel=DEBUG1', '-s', `sftptestcompany@${sandbox.server.host}`, 'sftp'], {input: '', timeoutMs: 30_000});
		const list = /server-sig-algs=<([^>]*)>/.exec(probe.stderr)?.[1];
		assert.ok(list, probe.stderr);
		assert.deepEqual(list.split(',').sort(), ['ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-256', 'rsa-sha2-512', 'ssh-ed25519']);
	});

	test('a client that ignores server-sig-algs and signs with ssh-rsa (SHA-1) is refused, and the log says why', async () => {
		const client = new ssh2.Client();
		const failed = new Promise<Error>((resolve, reject) => {
			client.once('ready', () => reject(new Error('logged in with an ssh-rsa signature')));
			client.once('error', resolve);
		});
		client.connect({
			host: sandbox.server.host,
			port: sandbox.server.port,
			username: 'sftptestcompany',
			privateKey: await readFile(sandbox.key.privateKey),
			hostVerifier: () => true,
			readyTimeout: 10_000,
		});
		// Old clients sign RSA with SHA-1 whatever the server lists; ssh2's client does the
		// same when it never hears the list, so drop it (a private field, test only).
		(client as unknown as {_protocol: {_handlers: Record<string, unknown>}})._protocol._handlers['EXT_INFO'] = () => undefined;
		assert.match((await failed).message, /authentication methods failed/);
		client.end();
		assert.ok(sandbox.log.some(line => /refused key SHA256:\S+: ssh-rsa \(SHA-1\) signatures are not accepted/.test(line)), sandbox.log.join('\n'));
	});

	test('only SHA-2 ETM MACs are offered (or AEAD ciphers), as in production', async () => {
		const sha1 = await runOpenSshBatch(sandbox, ['ls'], sandbox.key, ['-o', 'Ciphers=aes128-ctr', '-o', 'MACs=hmac-sha1,hmac-sha2-256']);
		assert.notEqual(sha1.code, 0);
		assert.ok(sandbox.log.some(line => /handshake failed.*mac/i.test(line)), sandbox.log.join('\n'));
		const etm = await runOpenSshBatch(sandbox, ['ls'], sandbox.key, ['-o', 'Ciphers=aes128-ctr', '-o', 'MACs=hmac-sha2-256-etm@openssh.com']);
		assert.equal(etm.code, 0, etm.stderr);
	});

	test('passwords and keyboard-interactive are refused', async () => {
		await assert.rejects(connectSsh2(sandbox, {password: 'anything'}), /authentication methods failed/);
		await assert.rejects(connectSsh2(sandbox, {tryKeyboard: true}), /authentication methods failed/);
		// The server offers nothing but publickey, as OpenSSH's debug output shows.
		const verbose = await runOpenSshBatch(sandbox, ['ls'], sandbox.strangerKey, ['-v', '-o', 'BatchMode=no', '-o', 'PasswordAuthentication=yes']);
		assert.notEqual(verbose.code, 0);
		assert.match(verbose.stderr, /Authentications that can continue: publickey\r?\n/);
		assert.doesNotMatch(verbose.stderr, /Authentications that can continue: .*(password|keyboard)/);
	});

	test('listens on 127.0.0.1 only: not reachable on any other address of this machine', async () => {
		assert.equal(sandbox.server.host, '127.0.0.1');
		const others = Object.values(networkInterfaces()).flat()
			.filter(address => address !== undefined && !address.internal && !address.address.startsWith('fe80:'))
			.map(address => address!.address);
		for (const address of [...others, '::1']) {
			const outcome = await new Promise<string>(resolve => {
				const socket = net.connect({host: address, port: sandbox.server.port, timeout: 3000});
				socket.once('connect', () => {
					socket.destroy();
					resolve('connected');
				});
				socket.once('timeout', () => {
					socket.destroy();
					resolve('timeout');
				});
				socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
			});
			assert.notEqual(outcome, 'connected', address);
		}
	});

	test('ten OpenSSH clients at once each upload and read back their files', async () => {
		const clients = Array.from({length: 10}, (_, index) => index);
		const payloads = await Promise.all(clients.map(async index => {
			const files = [randomBytes(200_000), randomBytes(5000), randomBytes(1)];
			await Promise.all(files.map(async (data, fileIndex) => writeFile(path.join(sandbox.work, `c${index}-${fileIndex}.bin`), data)));
			return files;
		}));
		const results = await Promise.all(clients.map(async index => runOpenSshBatch(sandbox, [
			`mkdir /in/client${index}`,
			...[0, 1, 2].map(fileIndex => `put ${path.join(sandbox.work, `c${index}-${fileIndex}.bin`)} /in/client${index}/`),
			`get /out/${sampleFileName} ${path.join(sandbox.work, `c${index}-sample.csv`)}`,
		])));
		for (const [index, result] of results.entries()) {
			assert.equal(result.code, 0, `client ${index}: ${result.stderr}`);
			for (const [fileIndex, data] of payloads[index]!.entries()) {
				assert.deepEqual(await readFile(path.join(sandbox.root, 'in', `client${index}`, `c${index}-${fileIndex}.bin`)), data);
			}
		}

		assert.equal(sandbox.server.stats().handlesOpen, 0);
	});
});
