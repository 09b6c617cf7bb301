import process from 'node:process';
import {describeError} from '../../core/ops/describe-error.js';
import {logErrorDetail} from '../../core/config/error-log.js';
import {exitCodes, type Command} from './command.js';
import {hintLines} from './next-step.js';
import {UsageError} from './usage-error.js';

/**
 * Runs a sub-command and turns every failure into a short message and an exit code:
 * 2 for usage mistakes, 1 for everything else. Stack traces go to the log file only.
 */
export async function runCommand(command: Command, args: string[]): Promise<number> {
	try {
		return await command.run(args);
	} catch (error) {
		return reportFailure(error, command.name);
	}
}

export async function reportFailure(error: unknown, commandName?: string): Promise<number> {
	const {stderr} = process;
	if (error instanceof UsageError) {
		const name = error.command ?? commandName;
		stderr.write(`asapp-sftp${name ? ` ${name}` : ''}: ${error.message}. Try 'asapp-sftp ${name ? `${name} ` : ''}--help'.\n`);
		return exitCodes.usage;
	}

	const failure = describeError(error);
	if (failure.code === 'cancelled') {
		stderr.write(`${failure.message}\n`);
		return exitCodes.cancelled;
	}

	if (failure.expected) {
		stderr.write(`Error: ${failure.message}\n`);
		for (const line of hintLines(failure)) {
			stderr.write(`  ${line}\n`);
		}

		return exitCodes.failed;
	}

	const logFile = await logErrorDetail(`asapp-sftp ${commandName ?? ''}`.trim(), error);
	stderr.write(`Error: unexpected failure: ${failure.message}\n`);
	if (logFile) {
		stderr.write(`  Details were written to ${logFile}; please include them if you report this.\n`);
	}

	return exitCodes.failed;
}
