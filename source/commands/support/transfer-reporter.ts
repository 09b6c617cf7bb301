import process from 'node:process';
import type {TransferEvent, TransferSummary} from '../../core/transfer/progress.js';
import {printableName} from '../../core/transfer/remote-names.js';
import {hintLines} from './next-step.js';
import {formatDuration, formatSize} from '../../core/ops/format-size.js';

/**
 * Shows a transfer headless: a one-line progress bar on stderr when it is a terminal
 * (nothing when piped), retries and reconnects always, since a log should say them.
 */
export function createTransferReporter(verb: 'upload' | 'download'): {onEvent: (event: TransferEvent) => void; stop: () => void} {
	const {stderr} = process;
	const live = stderr.isTTY === true;
	let lastDraw = 0;
	let drawn = false;
	const clear = () => {
		if (drawn) {
			stderr.write('\r\u001B[2K');
			drawn = false;
		}
	};

	return {
		onEvent(event) {
			switch (event.type) {
				case 'progress': {
					const now = Date.now();
					if (!live || now - lastDraw < 100) {
						return;
					}

					lastDraw = now;
					const {overall} = event;
					const fraction = overall.total > 0 ? overall.bytes / overall.total : 1;
					const width = 20;
					const filled = Math.round(fraction * width);
					const eta = overall.etaSeconds === undefined ? '' : `  ETA ${formatDuration(overall.etaSeconds)}`;
					const line = `[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${Math.floor(fraction * 100)}%  ${formatSize(overall.bytes)} / ${formatSize(overall.total)}  ${formatSize(overall.rate)}/s${eta}  ${overall.filesDone}/${overall.filesTotal} files`;
					stderr.write(`\r\u001B[2K${line.slice(0, (stderr.columns || 80) - 1)}`);
					drawn = true;
					return;
				}

				case 'retry': {
					clear();
					stderr.write(`Retrying ${printableName(event.file.remotePath)} from the ${verb === 'upload' ? 'start' : 'last byte received'} (try ${event.attempt}) in ${(event.delayMs / 1000).toFixed(1)} s, giving up in ${formatDuration(Math.max(0, event.giveUpInMs) / 1000)}: ${event.error.message}\n`);
					return;
				}

				case 'reconnect': {
					clear();
					stderr.write(`Connection lost (${event.reason.message}); reconnecting.\n`);
					return;
				}

				default: {
					return;
				}
			}
		},
		stop: clear,
	};
}

/** Prints which files made it and which did not; returns true when all did. */
export function printTransferSummary(summary: TransferSummary, verb: 'Uploaded' | 'Downloaded'): boolean {
	const done = summary.results.filter(result => result.status === 'done');
	const seconds = summary.elapsedMs / 1000;
	if (done.length > 0) {
		process.stdout.write(`${verb} ${done.length} file${done.length === 1 ? '' : 's'} (${formatSize(summary.bytes)}) in ${seconds.toFixed(1)} s; sizes verified.\n`);
	}

	const notDone = summary.results.filter(result => result.status !== 'done');
	if (notDone.length === 0) {
		return true;
	}

	process.stderr.write(`${notDone.length} of ${summary.results.length} file${summary.results.length === 1 ? '' : 's'} did not make it:\n`);
	for (const result of notDone) {
		const name = printableName(verb === 'Uploaded' ? result.file.remotePath : result.file.localPath);
		process.stderr.write(`  ${result.status}: ${name}${result.error ? `: ${result.error.message}` : ''}\n`);
		if (result.error && result.status === 'failed') {
			for (const line of hintLines(result.error)) {
				process.stderr.write(`    ${line}\n`);
			}
		}

		if (result.partialPath) {
			process.stderr.write(`    The data received so far is in ${result.partialPath}; run the same command again to resume.\n`);
		}
	}

	if (done.length > 0 && notDone.length > 0 && verb === 'Uploaded') {
		const names = done.slice(0, 20).map(result => printableName(result.file.remotePath));
		process.stderr.write(`These made it: ${names.join(', ')}${done.length > names.length ? ` and ${done.length - names.length} more` : ''}\n`);
	}

	return false;
}
