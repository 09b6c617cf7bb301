import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {median, pairedRounds, reportPaired} from './support/stats.js';
import {assertSucceeded, timedProcess} from './support/timed-process.js';

const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'asapp-sftp.js');

/**
 * `asapp-sftp keygen` against `ssh-keygen -t rsa -b 4096`, both as the whole command a
 * user runs (process start included), alternating, at least 5 rounds. Goal: <= 2.0x.
 */
export async function benchKeygen(rounds = Number(process.env['BENCH_ROUNDS'] ?? 9)): Promise<string> {
	const dir = await mkdtemp(path.join(tmpdir(), 'asapp-sftp-bench-keygen-'));
	try {
		const result = await pairedRounds('keygen: RSA 4096 key pair, whole command', Math.max(rounds, 5), 2,
			async round => assertSucceeded(await timedProcess(process.execPath, [cli, 'keygen', '--marker', 'bench', '--out', path.join(dir, `ours-${round}`), '--no-passphrase']), 'asapp-sftp keygen'),
			async round => assertSucceeded(await timedProcess('ssh-keygen', ['-q', '-t', 'rsa', '-b', '4096', '-N', '', '-C', 'sftpbench', '-f', path.join(dir, `peer-${round}`)]), 'ssh-keygen'),
		);
		const medianOurs = median(result.ours);
		const medianPeer = median(result.peer);
		return `${reportPaired(result, 'ssh-keygen')}\n  ratio of medians: ${(medianOurs / medianPeer).toFixed(2)}x`;
	} finally {
		await rm(dir, {recursive: true, force: true});
	}
}
