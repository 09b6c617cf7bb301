import path from 'node:path';
import process from 'node:process';
import {exitCodes, type Command} from './support/command.js';
import {connectionFlags, connectionFromFlags, connectionHelp} from './support/connection-flags.js';
import {parseFlags} from './support/parse-flags.js';
import {printRemnantNotes} from './support/remnant-notes.js';
import {UsageError} from './support/usage-error.js';

const help = `Usage: asapp-sftp mkdir [-p] [--marker MARKER] REMOTE...

Creates folders on the server, e.g. in/transcripts.

  -p, --parents           create missing parent folders too; no error if it exists

${connectionHelp}

Exit codes: 0 created, 1 failed (exists, no such parent, permission), 2 usage.`;

async function run(args: string[]): Promise<number> {
	const {values, positionals} = parseFlags('mkdir', args, {...connectionFlags, parents: {type: 'boolean', short: 'p'}});
	if (values.help) {
		process.stdout.write(`${help}\n`);
		return exitCodes.ok;
	}

	if (positionals.length === 0) {
		throw new UsageError('mkdir needs the remote folder to create, e.g. in/transcripts', 'mkdir');
	}

	const connection = await connectionFromFlags('mkdir', values);
	const session = await connection.connect();
	try {
		for (const folder of positionals) {
			if (values.parents) {
				const parts = path.posix.normalize(folder).split('/').filter(part => part !== '' && part !== '.');
				let current = folder.startsWith('/') ? '/' : '';
				for (const part of parts) {
					current = current === '' ? part : path.posix.join(current, part);
					await session.ensureDirectory(current);
				}
			} else {
				await session.mkdir(folder);
			}
		}

		return exitCodes.ok;
	} finally {
		session.close();
		await printRemnantNotes(connection);
	}
}

export const mkdirCommand: Command = {
	name: 'mkdir',
	summary: 'create a folder on the server',
	help,
	run,
};
