import process from 'node:process';
import type {CommandEntry} from './commands/index.js';
import {version} from './version.js';

function overallHelp(commands: CommandEntry[]): string {
	const width = Math.max(...commands.map(command => command.name.length));
	return [
		'asapp-sftp: send training data to ASAPP over SFTP, safely.',
		'',
		'Usage: asapp-sftp [APP OPTIONS]   start the interactive app',
		'       asapp-sftp COMMAND [OPTIONS]',
		'',
		'Commands:',
		...commands.map(command => `  ${command.name.padEnd(width)}  ${command.summary}`),
		'',
		'Run \'asapp-sftp COMMAND --help\' for the options of one command.',
	].join('\n');
}

async function main(argv: string[]): Promise<number> {
	const [first, ...rest] = argv;
	const {isAppInvocation, parseAppFlags, appFlagsHelp} = await import('./commands/support/app-flags.js');
	if (first === undefined || isAppInvocation(first)) {
		let start;
		try {
			start = parseAppFlags(argv);
		} catch (error) {
			const {reportFailure} = await import('./commands/support/run-command.js');
			return reportFailure(error);
		}

		// Loaded only here, so the headless sub-commands never pay for React and Ink, and
		// the app's first frame never waits for the sub-commands' modules.
		const {runApp} = await import('./ui/run-app.js');
		return runApp(start);
	}

	const [{commands}, {runCommand, reportFailure}, {UsageError}] = await Promise.all([
		import('./commands/index.js'),
		import('./commands/support/run-command.js'),
		import('./commands/support/usage-error.js'),
	]);

	if (first === '--help' || first === '-h' || first === 'help') {
		process.stdout.write(`${overallHelp(commands)}\n\n${appFlagsHelp}\n`);
		return 0;
	}

	if (first === '--version' || first === '-V') {
		process.stdout.write(`${version}\n`);
		return 0;
	}

	const entry = commands.find(candidate => candidate.name === first);
	if (!entry) {
		const what = first.startsWith('-') ? `unknown option "${first}"` : `unknown command "${first}"`;
		return reportFailure(new UsageError(what));
	}

	return runCommand(await entry.load(), rest);
}

// `asapp-sftp ls | head` closes the pipe early: stop quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
	stream.on('error', (error: NodeJS.ErrnoException) => {
		if (error.code === 'EPIPE') {
			process.exit(process.exitCode ?? 0);
		}

		throw error;
	});
}

process.exitCode = await main(process.argv.slice(2));
