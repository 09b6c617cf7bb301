import {UsageError} from './usage-error.js';

/** `--port`: 22 when absent, else a whole number from 1 to 65535. */
export function parsePort(text: string | undefined, command: string): number {
	if (text === undefined) {
		return 22;
	}

	const port = Number(text);
	if (!/^\d+$/.test(text) || port < 1 || port > 65_535) {
		throw new UsageError(`--port must be a number from 1 to 65535, not "${text}"`, command);
	}

	return port;
}
