import {spawn} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {assertSucceeded, timedProcess} from './support/timed-process.js';

const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'asapp-sftp.js');

/** Resident memory of a process from /proc: current (VmRSS) and peak (VmHWM), in MiB. */
async function memoryOf(pid: number): Promise<{rssMiB: number; peakMiB: number}> {
	const status = await readFile(`/proc/${pid}/status`, 'utf8');
	const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) / 1024;
	return {rssMiB: field('VmRSS'), peakMiB: field('VmHWM')};
}

/**
 * Memory of the practice server under load: the built `asapp-sftp sandbox` in its own
 * process, 10 OpenSSH `sftp` clients at once, each uploading 50 files
 * (BENCH_SANDBOX_FILE_KB each, default 256). Reports the server's peak RSS. Goal: < 300 MB.
 */
export async function benchSandbox(): Promise<string> {
	const clients = 10;
	const filesPerClient = 50;
	const fileKiB = Number(process.env['BENCH_SANDBOX_FILE_KB'] ?? 256);
	const dir = await mkdtemp(path.join(tmpdir(), 'asapp-sftp-bench-sandbox-'));
	assertSucceeded(await timedProcess('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'client_key')]), 'ssh-keygen');
	const server = spawn(process.execPath, [cli, 'sandbox', '--port', '0', '--root', path.join(dir, 'root'),
		'--authorized-keys', path.join(dir, 'authorized_keys'), '--host-key', path.join(dir, 'host_key'),
		'--authorize', path.join(dir, 'client_key.pub')], {stdio: ['ignore', 'pipe', 'pipe']});
	try {
		const port = await new Promise<number>((resolve, reject) => {
			let output = '';
			const timer = setTimeout(() => reject(new Error(`sandbox did not start: ${output}`)), 30_000);
			const onData = (chunk: Buffer) => {
				output += chunk.toString('utf8');
				const match = /listening on 127\.0\.0\.1 port (\d+)\n/.exec(output);
				if (match) {
					clearTimeout(timer);
					resolve(Number(match[1]));
				}
			};

			server.stdout.on('data', onData);
			server.stderr.on('data', onData);
			server.once('exit', code => reject(new Error(`sandbox exited (${code}): ${output}`)));
		});
		for (let client = 0; client < clients; client++) {
			const folder = path.join(dir, 'local', `client${client}`);
			await mkdir(folder, {recursive: true});
			for (let file = 0; file < filesPerClient; file++) {
				await writeFile(path.join(folder, `part-${file}.jsonl`), randomBytes(fileKiB * 1024));
			}
		}

		const idle = await memoryOf(server.pid!);
		const started = process.hrtime.bigint();
		const runs = await Promise.all(Array.from({length: clients}, async (_, client) => timedProcess('sftp', [
			'-b', '-', '-P', String(port), '-i', path.join(dir, 'client_key'),
			'-o', 'IdentitiesOnly=yes', '-o', 'IdentityAgent=none', '-o', 'BatchMode=yes',
			'-o', 'StrictHostKeyChecking=no', '-o', `UserKnownHostsFile=${path.join(dir, 'known_hosts')}`,
			`bench${client}@127.0.0.1`,
		], {input: `put -r ${path.join(dir, 'local', `client${client}`)} /in/\n`})));
		const seconds = Number(process.hrtime.bigint() - started) / 1e9;
		for (const [client, run] of runs.entries()) {
			assertSucceeded(run, `sftp client ${client}`);
		}

		const loaded = await memoryOf(server.pid!);
		const totalMiB = (clients * filesPerClient * fileKiB) / 1024;
		return [
			`sandbox: ${clients} OpenSSH sftp clients at once, each uploading ${filesPerClient} files of ${fileKiB} KiB (${totalMiB.toFixed(0)} MiB in all)`,
			`  server RSS idle: ${idle.rssMiB.toFixed(1)} MiB; peak under load (VmHWM): ${loaded.peakMiB.toFixed(1)} MiB (goal < 300 MB)`,
			`  wall time: ${seconds.toFixed(1)} s (${(totalMiB / seconds).toFixed(1)} MiB/s over all clients)`,
		].join('\n');
	} finally {
		server.kill('SIGTERM');
		await new Promise(resolve => {
			if (server.exitCode !== null) {
				resolve(undefined);
			} else {
				server.once('exit', resolve);
			}
		});
		await rm(dir, {recursive: true, force: true});
	}
}
