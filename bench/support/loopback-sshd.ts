import {execFileSync} from 'node:child_process';
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {startTestSshd, type TestSshd} from '../../test/helpers/sshd.js';

export type LoopbackSshd = {
	sshd: TestSshd;
	/** Connection flags of our CLI for this server. */
	ourFlags: string[];
	/** OpenSSH `sftp -b -` arguments (aes128-gcm, its fastest cipher here) for this server. */
	peerArgs: string[];
};

/**
 * A loopback OpenSSH sshd for the transfer benchmarks, with an ed25519 key in `dir` that
 * both our CLI and OpenSSH's sftp log in with; stopped by the functions put in `cleanups`.
 */
export async function startLoopbackSshd(dir: string, cleanups: Array<() => unknown>): Promise<LoopbackSshd> {
	const key = path.join(dir, 'id_ed25519');
	execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
	const sshd = await startTestSshd({after: fn => cleanups.push(fn as () => unknown)}, {authorizedKeys: [await readFile(`${key}.pub`, 'utf8')]});
	const knownHosts = path.join(dir, 'known_hosts');
	await writeFile(knownHosts, `${sshd.knownHostsLine}\n`);
	return {
		sshd,
		ourFlags: ['--host', '127.0.0.1', '--port', String(sshd.port), '--user', sshd.user, '--identity', key, '--known-hosts', knownHosts],
		peerArgs: ['-b', '-', '-c', 'aes128-gcm@openssh.com', ...sshd.clientOptions(key), `${sshd.user}@127.0.0.1`],
	};
}
