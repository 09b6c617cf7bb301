import {defaultParallelFiles, defaultParallelLargeFiles, longLinkFromRoundTripMs, maxParallelFiles} from '../../core/transfer/run-queue.js';
import {UsageError} from './usage-error.js';

export const parallelHelp = `  --parallel N            files in flight at once, 1 to ${maxParallelFiles} (default ${defaultParallelFiles(0)}, or ${defaultParallelFiles(longLinkFromRoundTripMs)}
                          when a round trip takes ${longLinkFromRoundTripMs} ms or more; of them at most
                          ${defaultParallelLargeFiles} of 1 MiB or more)`;

/** `--parallel`: undefined when absent (the queue's defaults), else a whole number from 1 to maxParallelFiles. */
export function parseParallel(text: string | undefined, command: string): number | undefined {
	if (text === undefined) {
		return undefined;
	}

	const value = Number(text);
	if (!/^\d+$/.test(text) || value < 1 || value > maxParallelFiles) {
		throw new UsageError(`--parallel must be a number from 1 to ${maxParallelFiles}, not "${text}"`, command);
	}

	return value;
}
