import process from 'node:process';
import {printableName} from '../core/transfer/remote-names.js';
import {checkRemovalTargets, removeRemote} from '../core/transfer/remove-remote.js';
import {defaultJournalDirectory, forgetUnfinishedUploads} from '../core/transfer/upload-journal.js';
import {exitCodes, type Command} from './support/command.js';
import {connectionFlags, connectionFromFlags, connectionHelp} from './support/connection-flags.js';
import {formatSize} from '../core/ops/format-size.js';
import {parseFlags} from './support/parse-flags.js';
import {askYesNo, canAsk} from './support/prompt-yes-no.js';
import {printRemnantNotes} from './support/remnant-notes.js';
import {UsageError} from './support/usage-error.js';

const help = `Usage: asapp-sftp rm [--yes] [--marker MARKER] REMOTE...

Removes files from the server, e.g. a wrong or partial upload: in/sales.csv. Folders are
refused (see 'asapp-sftp rmdir'); globs are not expanded. Every path is looked at first;
on a terminal you are asked before anything is removed.

  -y, --yes               remove without asking (needed when not on a terminal)

${connectionHelp}

Exit codes: 0 every file removed, 1 any refused or failed (or the answer was no), 2 usage.`;

async function run(args: string[]): Promise<number> {
	const {values, positionals} = parseFlags('rm', args, {...connectionFlags, yes: {type: 'boolean', short: 'y'}});
	if (values.help) {
		process.stdout.write(`${help}\n`);
		return exitCodes.ok;
	}

	if (positionals.length === 0) {
		throw new UsageError('rm needs the remote file to remove, e.g. in/sales.csv', 'rm');
	}

	if (!values.yes && !canAsk()) {
		throw new UsageError('rm asks before removing, and this is not a terminal: pass --yes to remove without asking', 'rm');
	}

	const connection = await connectionFromFlags('rm', values);
	const session = await connection.connect();
	let removed: string[] = [];
	try {
		const targets = await checkRemovalTargets(session, positionals, 'file');
		for (const target of targets.filter(target => target.status === 'refused')) {
			process.stderr.write(`Error: ${target.error?.message ?? `${printableName(target.remotePath)} cannot be removed.`}\n`);
		}

		const wanted = targets.filter(target => target.status === 'ok');
		if (wanted.length === 0) {
			return exitCodes.failed;
		}

		if (!values.yes) {
			const list = wanted.map(target => `  ${printableName(target.remotePath)} (${formatSize(target.remote?.size ?? 0)})`).join('\n');
			process.stderr.write(`On ${session.host}:\n${list}\n`);
			if (!await askYesNo(`Remove ${wanted.length === 1 ? 'this file' : `these ${wanted.length} files`}? This cannot be undone.`)) {
				process.stderr.write('Nothing was removed.\n');
				return exitCodes.failed;
			}
		}

		const results = await removeRemote(session, wanted.map(target => target.remotePath), 'file');
		removed = results.filter(result => result.removed).map(result => result.remotePath);
		for (const result of results) {
			if (result.removed) {
				process.stdout.write(`removed ${printableName(result.remotePath)}\n`);
			} else {
				process.stderr.write(`Error: ${result.error?.message ?? `Could not remove ${printableName(result.remotePath)}.`}\n`);
			}
		}

		return removed.length === positionals.length ? exitCodes.ok : exitCodes.failed;
	} finally {
		session.close();
		await forgetUnfinishedUploads(defaultJournalDirectory(), connection.server, removed).catch(() => undefined);
		await printRemnantNotes(connection);
	}
}

export const rmCommand: Command = {
	name: 'rm',
	summary: 'remove files from the server (asks first; --yes for scripts); never folders',
	help,
	run,
};
