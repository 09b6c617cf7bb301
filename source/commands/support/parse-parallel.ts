import {defaultParallelFiles, defaultParallelLargeFiles} from '../../core/transfer/run-queue.js';
import {UsageError} from './usage-error.js';

export const parallelHelp = `  --parallel N            files in flight at once, 1 to 64 (default ${defaultParallelFiles}, of them
                          at most ${defaultParallelLargeFiles} of 1 MiB or more)`;

/** `--parallel`: undefined when absent (the queue's defaults), else a whole number from 1 to 64. */
export function parseParallel(text: string | undefined, command: string): number | undefined {
	if (text === undefined) {
		return undefined;
	}

	const value = Number(text);
	if (!/^\d+$/.test(text) || value < 1 || value > 64) {
		throw new UsageError(`--parallel must be a number from 1 to 64, not "${text}"`, command);
	}

	return value;
}
