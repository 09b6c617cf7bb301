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

/** What the summary keeps of a run: counts, and lines and commands only for files that did not arrive. */
type Tally = {
	files: number;
	verified: number;
	bytes: number;
	/** Sent in full but not verified (the server would not report the size), and the first such. */
	unverified: number;
	firstUnverified: FileResult | undefined;
	cancelled: boolean;
	/** Lines of the files that did not arrive, in plan order. */
	problems: string[];
	/** Lines of the first verified files: the summary shows at most `shownLines` in all. */
	verifiedLines: string[];
	remnants: string[];
	/** Local paths to send again, by remote folder. */
	again: Map<string, string[]>;
};

function tally(results: Iterable<FileResult>, stopped: AppError | undefined): Tally {
	const t: Tally = {files: 0, verified: 0, bytes: 0, unverified: 0, firstUnverified: undefined, cancelled: false, problems: [], verifiedLines: [], remnants: [], again: new Map()};
	for (const result of results) {
		t.files++;
		const name = printableName(result.file.remotePath);
		const outcome = uploadOutcomeOf(result);
		switch (outcome) {
			case 'verified':
			case 'sent-unverified': {
				t.verified++;
				t.bytes += result.verifiedSize ?? result.file.size;
				if (outcome === 'sent-unverified') {
					t.unverified++;
					t.firstUnverified ??= result;
				}

				if (t.verifiedLines.length < shownLines) {
					t.verifiedLines.push(outcome === 'sent-unverified'
						? `  verified:  ${name} (${formatSize(result.file.size)} sent; the server refused to report its size)`
						: `  verified:  ${name} (${formatSize(result.verifiedSize ?? 0)})`);
				}

				continue;
			}

			case 'partial-left': {
				const remnant = result.remnant!;
				t.remnants.push(remnant.remotePath);
				t.problems.push(`  PARTIAL:   partial file left on the server at ${printableName(remnant.remotePath)}, ${remnant.exact ? '' : 'at least '}${remnant.bytesOnServer.toLocaleString('en-US')} of ${result.file.size.toLocaleString('en-US')} bytes`);
				break;
			}

			case 'partial-removed': {
				t.problems.push(`  not sent:  ${name} (the partial copy was removed)${reasonOf(result, stopped)}`);
				break;
			}

			default: {
				t.problems.push(`  not sent:  ${name}${reasonOf(result, stopped)}`);
			}
		}

		t.cancelled ||= result.status === 'cancelled';
		const folder = path.posix.dirname(result.file.remotePath);
		const locals = t.again.get(folder) ?? [];
		locals.push(result.file.localPath);
		t.again.set(folder, locals);
	}

	return t;
}

/**
 * What an upload run leaves behind, file by file: verified, a partial file left on the
 * server (N of M bytes), a partial copy removed, or not sent; then why it stopped, the
 * command that removes the partial files and the one that sends the rest. Returns true
 * when every file arrived and was verified. `results` are read once, in plan order, and
 * only the files that did not arrive are kept: a run of 100,000 files holds no list of them.
 */
export function printUploadSummary(options: {results: Iterable<FileResult>; elapsedMs: number; stopped: AppError | undefined; connection: Pick<Connection, 'flags'>; rerunFlags: string[]}): boolean {
	const {stopped, connection} = options;
	const {stdout, stderr} = process;
	const t = tally(options.results, stopped);
	const seconds = (options.elapsedMs / 1000).toFixed(1);
	const {unverified} = t;
	if (t.verified === t.files && !stopped) {
		stdout.write(`Uploaded ${t.verified} file${t.verified === 1 ? '' : 's'} (${formatSize(t.bytes)}) in ${seconds} s; ${unverified === 0 ? 'sizes verified' : `${t.verified - unverified} sizes verified`}.\n`);
		if (unverified > 0) {
			stderr.write(`Warning: the server refused to report the size of ${unverified === 1 ? printableName(t.firstUnverified!.file.remotePath) : `${unverified} files`} after the upload (permission denied), so ${unverified === 1 ? 'it was' : 'they were'} sent in full but not verified.\n`);
		}

		return true;
	}

	stderr.write(`${t.cancelled ? 'Cancelled' : 'Upload incomplete'}: ${t.verified} of ${t.files} file${t.files === 1 ? '' : 's'} arrived and verified (${formatSize(t.bytes)}, ${seconds} s).\n`);
	// Problems first: with thousands of files, the verified ones are the least news.
	const lines = [...t.problems, ...t.verifiedLines].slice(0, shownLines);
	stderr.write(lines.map(line => `${line}\n`).join(''));
	if (t.files > shownLines) {
		stderr.write(`  and ${t.files - shownLines} more (the receipt lists every file)\n`);
	}

	if (stopped) {
		stderr.write(`Stopped: ${stopped.message}\n`);
		if (stopped.hint) {
			stderr.write(`  ${stopped.hint}\n`);
		}
	}

	if (t.remnants.length > 0) {
		stderr.write(`Remove the partial file${t.remnants.length === 1 ? '' : 's'}: ${commandLine(['rm', '--yes', ...connection.flags, ...t.remnants])}\n`);
	}

	if (t.again.size > 0 && !t.cancelled) {
		// One command per remote folder: put sends files into a folder under their own names.
		const commands = [...t.again].map(([folder, locals]) => commandLine(['put', ...options.rerunFlags, '--to', folder, ...connection.flags, ...locals]));
		stderr.write(`Send the rest again${t.remnants.length > 0 ? ' (a partial file of ours is replaced)' : ''}:\n`);
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
