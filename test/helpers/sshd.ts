import {spawn, type ChildProcess} from 'node:child_process';
import {existsSync} from 'node:fs';
import {mkdir, readFile, writeFile, chmod} from 'node:fs/promises';
import net from 'node:net';
import {userInfo} from 'node:os';
import path from 'node:path';
import type {TestContext} from 'node:test';
import {runProcess} from './run-process.js';
import {makeTempDir} from './temp-dir.js';

export type TestSshd = {
	host: '127.0.0.1';
	port: number;
	user: string;
	/** The folder sftp sessions start in; it holds `in/` and `out/`. */
	root: string;
	/** The server's public host key line (`ssh-ed25519 AAAA...`). */
	hostPublicKey: string;
	/** Its RSA host key line (`ssh-rsa AAAA...`), when started with `rsaHostKey`. */
	rsaHostPublicKey: string | undefined;
	/** A known_hosts line for this server, as OpenSSH writes it for a non-22 port. */
	knownHostsLine: string;
	authorizedKeysFile: string;
	/** Replaces the authorized keys (sshd reads the file at each login). */
	setAuthorizedKeys(publicKeyLines: string[]): Promise<void>;
	/** OpenSSH client options that trust this server and use only the given key. */
	clientOptions(identityFile: string): string[];
	stop(): Promise<void>;
};

function findSshd(): string {
	for (const candidate of ['/usr/sbin/sshd', '/usr/local/sbin/sshd', '/usr/bin/sshd']) {
		if (existsSync(candidate)) {
			return candidate;
		}
	}

	throw new Error('sshd not found: install openssh-server (.ci/run does this).');
}

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => {
				if (address && typeof address === 'object') {
					resolve(address.port);
				} else {
					reject(new Error('no port'));
				}
			});
		});
	});
}

/**
 * Starts a real OpenSSH sshd on 127.0.0.1 at a free port, from a config in a temp dir:
 * its own host key, public-key login only, and every session forced into
 * `internal-sftp -d <root>` where `in/` and `out/` wait. Stopped when the test ends.
 */
export async function startTestSshd(t: Pick<TestContext, 'after'>, options: {authorizedKeys?: string[]; rsaHostKey?: boolean; /** SFTP requests the server refuses with "permission denied" (internal-sftp -P), e.g. ['stat', 'lstat']. */ deniedRequests?: string[]} = {}): Promise<TestSshd> {
	const sshd = findSshd();
	const base = await makeTempDir(t, 'asapp-sftp-sshd-');
	const root = path.join(base, 'root');
	await mkdir(path.join(root, 'in'), {recursive: true});
	await mkdir(path.join(root, 'out'), {recursive: true});
	const hostKey = path.join(base, 'ssh_host_ed25519_key');
	const keygen = await runProcess('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'asapp-sftp-test-host', '-f', hostKey]);
	if (keygen.code !== 0) {
		throw new Error(`ssh-keygen for the host key failed: ${keygen.stderr}`);
	}

	const hostPublicKey = (await readFile(`${hostKey}.pub`, 'utf8')).trim().split(' ').slice(0, 2).join(' ');
	// A second host key of another type, as a server that has gained (or still has) one.
	const rsaHostKeyFile = path.join(base, 'ssh_host_rsa_key');
	if (options.rsaHostKey) {
		const rsa = await runProcess('ssh-keygen', ['-q', '-t', 'rsa', '-b', '3072', '-N', '', '-f', rsaHostKeyFile]);
		if (rsa.code !== 0) {
			throw new Error(`ssh-keygen for the RSA host key failed: ${rsa.stderr}`);
		}
	}

	const rsaHostPublicKey = options.rsaHostKey ? (await readFile(`${rsaHostKeyFile}.pub`, 'utf8')).trim().split(' ').slice(0, 2).join(' ') : undefined;
	const authorizedKeysFile = path.join(base, 'authorized_keys');
	await writeFile(authorizedKeysFile, (options.authorizedKeys ?? []).map(line => `${line.trim()}\n`).join(''), {mode: 0o600});

	if (process.getuid?.() === 0) {
		// As root, sshd insists on its privilege-separation directory.
		await mkdir('/run/sshd', {recursive: true, mode: 0o755});
		await chmod('/run/sshd', 0o755);
	}

	let lastError = '';
	for (let attempt = 0; attempt < 5; attempt++) {
		const port = await freePort();
		const config = path.join(base, 'sshd_config');
		await writeFile(config, [
			`Port ${port}`,
			'ListenAddress 127.0.0.1',
			`HostKey ${hostKey}`,
			...(options.rsaHostKey ? [`HostKey ${rsaHostKeyFile}`] : []),
			`PidFile ${path.join(base, 'sshd.pid')}`,
			`AuthorizedKeysFile ${authorizedKeysFile}`,
			'StrictModes no',
			'UsePAM no',
			'PubkeyAuthentication yes',
			'PasswordAuthentication no',
			'KbdInteractiveAuthentication no',
			'PermitRootLogin prohibit-password',
			'MaxStartups 100:30:200',
			'MaxSessions 20',
			'LogLevel VERBOSE',
			'Subsystem sftp internal-sftp',
			`ForceCommand internal-sftp -d ${root}${options.deniedRequests?.length ? ` -P ${options.deniedRequests.join(',')}` : ''}`,
			'',
		].join('\n'));

		const child = spawn(sshd, ['-D', '-e', '-f', config], {stdio: ['ignore', 'ignore', 'pipe']});
		const ready = await waitForListening(child, port);
		if (ready.ok) {
			const stop = async () => stopChild(child);
			t.after(stop);
			const user = userInfo().username;
			return {
				host: '127.0.0.1',
				port,
				user,
				root,
				hostPublicKey,
				rsaHostPublicKey,
				knownHostsLine: `[127.0.0.1]:${port} ${hostPublicKey}`,
				authorizedKeysFile,
				async setAuthorizedKeys(lines) {
					await writeFile(authorizedKeysFile, lines.map(line => `${line.trim()}\n`).join(''), {mode: 0o600});
				},
				clientOptions(identityFile) {
					const knownHosts = path.join(base, 'client_known_hosts');
					return [
						'-P', String(port),
						'-i', identityFile,
						'-o', 'IdentitiesOnly=yes',
						'-o', 'IdentityAgent=none',
						'-o', 'BatchMode=yes',
						'-o', 'StrictHostKeyChecking=no',
						'-o', `UserKnownHostsFile=${knownHosts}`,
						'-o', 'LogLevel=ERROR',
					];
				},
				stop,
			};
		}

		lastError = ready.log;
	}

	throw new Error(`sshd did not start: ${lastError}`);
}

async function waitForListening(child: ChildProcess, port: number): Promise<{ok: boolean; log: string}> {
	return new Promise(resolve => {
		let log = '';
		const timer = setTimeout(() => finish(false), 10_000);
		const onData = (chunk: Buffer) => {
			log += chunk.toString('utf8');
			if (log.includes(`Server listening on 127.0.0.1 port ${port}`)) {
				finish(true);
			}
		};

		const onExit = () => finish(false);
		function finish(ok: boolean) {
			clearTimeout(timer);
			child.stderr?.off('data', onData);
			child.off('exit', onExit);
			// Keep draining stderr so sshd never blocks on a full pipe.
			child.stderr?.resume();
			resolve({ok, log});
		}

		child.stderr?.on('data', onData);
		child.once('exit', onExit);
	});
}

async function stopChild(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) {
		return;
	}

	await new Promise<void>(resolve => {
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
		}, 3000);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve();
		});
		child.kill('SIGTERM');
	});
}
