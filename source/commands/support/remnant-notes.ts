import process from 'node:process';
import {printableName} from '../../core/transfer/remote-names.js';
import {defaultJournalDirectory, normalRemotePath, readUnfinishedUploads} from '../../core/transfer/upload-journal.js';
import type {Connection} from './connection-flags.js';
import {formatSize} from '../../core/ops/format-size.js';
import {commandLine} from './shell-quote.js';

/**
 * Tells, one line each, of partial files our own unfinished uploads may have left on this
 * server (from the journal), with the command that removes each. `except`: paths this
 * run deals with itself. Never fails the command: the journal only helps.
 */
export async function printRemnantNotes(connection: Pick<Connection, 'server' | 'flags'>, except: string[] = []): Promise<void> {
	const remnants = await readUnfinishedUploads(defaultJournalDirectory(), connection.server).catch(() => []);
	// Usually there are none: then `except` (every file of a run) needs no set.
	const skip = new Set(remnants.length === 0 ? [] : except.map(remotePath => normalRemotePath(remotePath)));
	for (const remnant of remnants) {
		if (skip.has(remnant.remotePath)) {
			continue;
		}

		process.stderr.write(`Note: an upload of ours to ${printableName(remnant.remotePath)} (${formatSize(remnant.size)}, started ${remnant.startedAt.replace(/\.\d+Z$/, 'Z')}) never finished; a partial file may be there. Remove it: ${commandLine(['rm', '--yes', ...connection.flags, remnant.remotePath])}\n`);
	}
}
