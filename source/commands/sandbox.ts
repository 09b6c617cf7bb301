import {readFile} from 'node:fs/promises';
import process from 'node:process';
import {AppError} from '../core/app-error.js';
import {authorizeSandboxKey, defaultSandboxPort, startSandbox, type SandboxServer} from '../core/sandbox/index.js';
import {exitCodes, type Command} from './support/command.js';
import {parseFlags} from './support/parse-flags.js';
import {UsageError} from './support/usage-error.js';

const help = `Usage: asapp-sftp sandbox [--port PORT] [--root DIR] [--authorized-keys FILE] [--host-key FILE] [--authorize KEY.pub]

Runs the practice SFTP server: a local stand-in for ASAPP's server, with the same
in/ and out/ folders and the same strict rules, for first runs and demos.
It listens on 127.0.0.1 only and runs until Ctrl-C (SIGINT) or SIGTERM.

  --port PORT             TCP port (default ${defaultSandboxPort}; 0 picks a free one)
  --root DIR              folder served as / (default: under your data directory,
                          kept between runs); in/ and out/ are created in it
  --authorized-keys FILE  public keys allowed to log in, OpenSSH format
                          (default: next to the default root)
  --host-key FILE         the server's private host key; made on first use (mode 0600)
  --authorize KEY.pub     allow this public key to log in, then start

Any user name is accepted; only keys listed in the authorized-keys file get in.
Exit codes: 0 stopped by a signal, 1 could not start, 2 bad usage.`;

function parsePort(text: string): number {
	const port = Number(text);
	if (!/^\d+$/.test(text) || port > 65_535) {
		throw new UsageError(`--port must be a number from 0 to 65535, not "${text}"`, 'sandbox');
	}

	return port;
}

async function readPublicKeyFile(file: string): Promise<string> {
	try {
		return await readFile(file, 'utf8');
	} catch {
		throw new AppError('sandbox-key-unreadable', `The public key file ${file} cannot be read.`, {
			hint: 'Give the path of a .pub file, e.g. --authorize ~/.ssh/asapp_sftpcompany_rsa.pub.',
		});
	}
}

function describe(server: SandboxServer): string {
	return [
		`Practice SFTP server listening on ${server.host} port ${server.port}`,
		`Host key fingerprint: ${server.hostKeyFingerprint}`,
		`Root (/ for clients): ${server.root}`,
		`Authorized keys:      ${server.authorizedKeysFile}`,
		'',
		`Try: sftp -P ${server.port} -i YOUR_PRIVATE_KEY sftppractice@${server.host}`,
		'Press Ctrl-C to stop.',
	].join('\n');
}

async function waitForStopSignal(): Promise<string> {
	return new Promise(resolve => {
		const onSignal = (signal: NodeJS.Signals) => {
			process.off('SIGINT', onSignal);
			process.off('SIGTERM', onSignal);
			resolve(signal);
		};

		process.on('SIGINT', onSignal);
		process.on('SIGTERM', onSignal);
	});
}

async function run(args: string[]): Promise<number> {
	const {values, positionals} = parseFlags('sandbox', args, {
		port: {type: 'string'},
		root: {type: 'string'},
		'authorized-keys': {type: 'string'},
		'host-key': {type: 'string'},
		authorize: {type: 'string'},
	});
	if (values.help) {
		process.stdout.write(`${help}\n`);
		return exitCodes.ok;
	}

	if (positionals.length > 0) {
		throw new UsageError(`unexpected argument "${positionals[0]}"`, 'sandbox');
	}

	const port = values.port === undefined ? defaultSandboxPort : parsePort(values.port);
	if (values.authorize !== undefined) {
		await authorizeSandboxKey(await readPublicKeyFile(values.authorize), values['authorized-keys']);
	}

	const stopSignal = waitForStopSignal();
	const server = await startSandbox({
		port,
		root: values.root,
		authorizedKeysFile: values['authorized-keys'],
		hostKeyFile: values['host-key'],
		log: line => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
	});
	process.stdout.write(`${describe(server)}\n`);
	const signal = await stopSignal;
	process.stdout.write(`Stopping (${signal})...\n`);
	await server.close();
	return exitCodes.ok;
}

export const sandboxCommand: Command = {
	name: 'sandbox',
	summary: 'run the local practice SFTP server (same rules as ASAPP\'s)',
	help,
	run,
};
