import path from 'node:path';
import process from 'node:process';
import type {AppError} from '../../core/app-error.js';
import type {FileResult} from '../../core/transfer/progress.js';
import {printableName} from '../../core/transfer/remote-names.js';
import {uploadOutcomeOf} from '../../core/transfer/upload-receipt.js';
import type {Connection} from './connection-flags.js';
import {formatSize} from '../../core/ops/format-size.js';
import {commandLine} from './shell-quote.js';

/** Lines per list before "and N more" (the receipt has every file). */
const shownLines = 20;

/**
 * What an upload run leaves behind, file by file: verified, a partial file left on the
 * server (N of M bytes), a partial copy removed, or not sent; then why it stopped, the
 * command that removes the partial files and the one that sends the rest. Returns true
 * when every file arrived and was verified.
 */
export function printUploadSummary(options: {results: FileResult[]; elapsedMs: number; stopped: AppError | undefined; connection: Pick<Connection, 'flags'>; rerunFlags: string[]}): boolean {
	const {results, stopped, connection} = options;
	const {stdout, stderr} = process;
	const verified = results.filter(result => result.status === 'done');
	const bytes = verified.reduce((sum, result) => sum + (result.verifiedSize ?? result.file.size), 0);
	const seconds = (options.elapsedMs / 1000).toFixed(1);
	const unverified = verified.filter(result => result.unverified);
	if (verified.length === results.length && !stopped) {
		stdout.write(`Uploaded ${verified.length} file${verified.length === 1 ? '' : 's'} (${formatSize(bytes)}) in ${seconds} s; ${unverified.length === 0 ? 'sizes verified' : `${verified.length - unverified.length} sizes verified`}.\n`);
		if (unverified.length > 0) {
			stderr.write(`Warning: the server refused to report the size of ${unverified.length === 1 ? printableName(unverified[0]!.file.remotePath) : `${unverified.length} files`} after the upload (permission denied), so ${unverified.length === 1 ? 'it was' : 'they were'} sent in full but not verified.\n`);
		}

		return true;
	}

	const cancelled = results.some(result => result.status === 'cancelled');
	stderr.write(`${cancelled ? 'Cancelled' : 'Upload incomplete'}: ${verified.length} of ${results.length} file${results.length === 1 ? '' : 's'} arrived and verified (${formatSize(bytes)}, ${seconds} s).\n`);
	const lines: string[] = [];
	for (const result of results) {
		const name = printableName(result.file.remotePath);
		switch (uploadOutcomeOf(result)) {
			case 'verified': {
				lines.push(`  verified:  ${name} (${formatSize(result.verifiedSize ?? 0)})`);
				break;
			}

			case 'sent-unverified': {
				lines.push(`  verified:  ${name} (${formatSize(result.file.size)} sent; the server refused to report its size)`);
				break;
			}

			case 'partial-left': {
				const remnant = result.remnant!;
				lines.push(`  PARTIAL:   partial file left on the server at ${printableName(remnant.remotePath)}, ${remnant.exact ? '' : 'at least '}${remnant.bytesOnServer.toLocaleString('en-US')} of ${result.file.size.toLocaleString('en-US')} bytes`);
				break;
			}

			case 'partial-removed': {
				lines.push(`  not sent:  ${name} (the partial copy was removed)${reasonOf(result, stopped)}`);
				break;
			}

			default: {
				lines.push(`  not sent:  ${name}${reasonOf(result, stopped)}`);
			}
		}
	}

	// Problems first: with thousands of files, the verified ones are the least news.
	lines.sort((a, b) => Number(a.startsWith('  verified')) - Number(b.startsWith('  verified')));
	stderr.write(lines.slice(0, shownLines).map(line => `${line}\n`).join(''));
	if (lines.length > shownLines) {
		stderr.write(`  and ${lines.length - shownLines} more (the receipt lists every file)\n`);
	}

	if (stopped) {
		stderr.write(`Stopped: ${stopped.message}\n`);
		if (stopped.hint) {
			stderr.write(`  ${stopped.hint}\n`);
		}
	}

	const remnants = results.flatMap(result => (result.remnant ? [result.remnant.remotePath] : []));
	if (remnants.length > 0) {
		stderr.write(`Remove the partial file${remnants.length === 1 ? '' : 's'}: ${commandLine(['rm', '--yes', ...connection.flags, ...remnants])}\n`);
	}

	const again = results.filter(result => result.status !== 'done');
	if (again.length > 0 && !cancelled) {
		// One command per remote folder: put sends files into a folder under their own names.
		const byFolder = new Map<string, string[]>();
		for (const result of again) {
			const folder = path.posix.dirname(result.file.remotePath);
			byFolder.set(folder, [...(byFolder.get(folder) ?? []), result.file.localPath]);
		}

		const commands = [...byFolder].map(([folder, locals]) => commandLine(['put', ...options.rerunFlags, '--to', folder, ...connection.flags, ...locals]));
		stderr.write(`Send the rest again${remnants.length > 0 ? ' (a partial file of ours is replaced)' : ''}:\n`);
		for (const command of commands.slice(0, 5)) {
			stderr.write(`  ${command}\n`);
		}

		if (commands.length > 5) {
			stderr.write(`  and ${commands.length - 5} more folders (the receipt lists every file)\n`);
		}
	}

	return false;
}

function reasonOf(result: FileResult, stopped: AppError | undefined): string {
	if (result.status === 'cancelled') {
		return ' (cancelled)';
	}

	if (result.error && result.error !== stopped) {
		return `: ${result.error.message}`;
	}

	return '';
}
