import process from 'node:process';
import type {RemoteEntry} from '../core/ssh/sftp-session.js';
import {printableName} from '../core/transfer/remote-names.js';
import {exitCodes, type Command} from './support/command.js';
import {connectionFlags, connectionFromFlags, connectionHelp} from './support/connection-flags.js';
import {parseFlags} from './support/parse-flags.js';
import {printRemnantNotes} from './support/remnant-notes.js';
import {UsageError} from './support/usage-error.js';

const help = `Usage: asapp-sftp ls [-l] [--marker MARKER] [REMOTE]

Lists a folder on the server (default: the folder you land in, which holds in/ and out/),
one entry per line; folders end with "/".

  -l, --long              add size in bytes and modification time (UTC)

${connectionHelp}

Exit codes: 0 listed, 1 failed (connection, host key, no such folder), 2 usage.`;

function pad(value: number): string {
	return String(value).padStart(2, '0');
}

function formatTime(date: Date): string {
	return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
}

/** One line per entry, `ls -p` style; names are made printable (a server may send anything). */
export function formatListing(entries: RemoteEntry[], long: boolean): string[] {
	const visible = entries.filter(entry => entry.name !== '.' && entry.name !== '..').sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
	const width = Math.max(0, ...visible.map(entry => String(entry.size).length));
	return visible.map(entry => {
		const name = `${printableName(entry.name)}${entry.type === 'directory' ? '/' : ''}`;
		return long ? `${String(entry.size).padStart(width)}  ${formatTime(entry.modifiedAt)}  ${name}` : name;
	});
}

async function run(args: string[]): Promise<number> {
	const {values, positionals} = parseFlags('ls', args, {...connectionFlags, long: {type: 'boolean', short: 'l'}});
	if (values.help) {
		process.stdout.write(`${help}\n`);
		return exitCodes.ok;
	}

	if (positionals.length > 1) {
		throw new UsageError(`ls takes one folder, got ${positionals.length}`, 'ls');
	}

	const connection = await connectionFromFlags('ls', values);
	const session = await connection.connect();
	try {
		const entries = await session.list(positionals[0] ?? '.');
		const lines = formatListing(entries, values.long ?? false);
		process.stdout.write(lines.map(line => `${line}\n`).join(''));
		return exitCodes.ok;
	} finally {
		session.close();
		await printRemnantNotes(connection);
	}
}

export const lsCommand: Command = {
	name: 'ls',
	summary: 'list a folder on the server',
	help,
	run,
};
