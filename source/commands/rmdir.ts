import process from 'node:process';
import {printableName} from '../core/transfer/remote-names.js';
import {checkRemovalTargets, removeRemote} from '../core/transfer/remove-remote.js';
import {exitCodes, type Command} from './support/command.js';
import {connectionFlags, connectionFromFlags, connectionHelp} from './support/connection-flags.js';
import {parseFlags} from './support/parse-flags.js';
import {printRemnantNotes} from './support/remnant-notes.js';
import {UsageError} from './support/usage-error.js';

const help = `Usage: asapp-sftp rmdir [--marker MARKER] REMOTE...

Removes empty folders from the server, e.g. in/transcripts. A folder with anything in it
is refused: remove its files first with 'asapp-sftp rm'.

${connectionHelp}

Exit codes: 0 every folder removed, 1 any refused or failed (not empty, a file, missing), 2 usage.`;

async function run(args: string[]): Promise<number> {
	const {values, positionals} = parseFlags('rmdir', args, connectionFlags);
	if (values.help) {
		process.stdout.write(`${help}\n`);
		return exitCodes.ok;
	}

	if (positionals.length === 0) {
		throw new UsageError('rmdir needs the remote folder to remove, e.g. in/transcripts', 'rmdir');
	}

	const connection = await connectionFromFlags('rmdir', values);
	const session = await connection.connect();
	try {
		const targets = await checkRemovalTargets(session, positionals, 'folder');
		let failed = 0;
		for (const target of targets.filter(target => target.status === 'refused')) {
			failed++;
			process.stderr.write(`Error: ${target.error?.message ?? `${printableName(target.remotePath)} cannot be removed.`}\n`);
		}

		const wanted = targets.filter(target => target.status === 'ok').map(target => target.remotePath);
		for (const result of await removeRemote(session, wanted, 'folder')) {
			if (result.removed) {
				process.stdout.write(`removed ${printableName(result.remotePath)}/\n`);
			} else {
				failed++;
				process.stderr.write(`Error: ${result.error?.message ?? `Could not remove ${printableName(result.remotePath)}.`}\n`);
			}
		}

		return failed === 0 ? exitCodes.ok : exitCodes.failed;
	} finally {
		session.close();
		await printRemnantNotes(connection);
	}
}

export const rmdirCommand: Command = {
	name: 'rmdir',
	summary: 'remove empty folders from the server',
	help,
	run,
};
