import {parseArgs, type ParseArgsConfig} from 'node:util';
import {UsageError} from './usage-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * node:util's parseArgs in strict mode, with its errors turned into UsageError so the
 * command exits 2 with a one-line hint instead of a stack trace.
 */
export function parseFlags<T extends Options>(command: string, args: string[], options: T, allowPositionals = true) {
	try {
		return parseArgs({args, options: {...options, help: {type: 'boolean', short: 'h'}}, strict: true, allowPositionals});
	} catch (error) {
		const message = error instanceof Error ? error.message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/, '').replace(/\.$/, '') : String(error);
		throw new UsageError(message, command);
	}
}
