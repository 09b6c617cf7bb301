// `process` is Node's global here: importing node:process costs Node 24 about 5 ms of
// every start (its module facade reads each export, loading streams and fs/promises).
// The command list (names, summaries, loaders) and the app's flag help are all that
// --help and --version need: a few small modules, where the sub-commands' own are many.
import {commands, type CommandEntry} from './commands/index.js';
import {appFlagsHelp} from './commands/support/app-flags-help.js';
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
	if (first === '--help' || first === '-h' || first === 'help') {
		process.stdout.write(`${overallHelp(commands)}\n\n${appFlagsHelp}\n`);
		return 0;
	}

	if (first === '--version' || first === '-V') {
		process.stdout.write(`${version}\n`);
		return 0;
	}

	const {isAppInvocation, parseAppFlags} = await import('./commands/support/app-flags.js');
	if (first === undefined || isAppInvocation(first)) {
		let start;
		try {
			start = parseAppFlags(argv);
		} catch (error) {
			const {reportFailure} = await import('./commands/support/run-command.js');
			return reportFailure(error);
		}

		// The command line's answer, not the app's: without a terminal there is no app to show it.
		if (!process.stdin.isTTY || !process.stdout.isTTY) {
			process.stderr.write('Error: the interactive app needs a terminal.\n  Run it in a terminal, or use a sub-command (asapp-sftp --help lists them).\n');
			return 2;
		}

		// Loaded only here, so the headless sub-commands never pay for React and Ink, and
		// the app's first frame never waits for the sub-commands' modules.
		const {runApp} = await import('./ui/run-app.js');
		return runApp(start);
	}

	const [{runCommand, reportFailure}, {UsageError}] = await Promise.all([
		import('./commands/support/run-command.js'),
		import('./commands/support/usage-error.js'),
	]);

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
