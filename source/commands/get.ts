import process from 'node:process';
import {downloadFiles} from '../core/transfer/download.js';
import {planDownload} from '../core/ops/plan-transfer.js';
import {cancelOnSignal} from './support/cancel-on-signal.js';
import {exitCodes, type Command} from './support/command.js';
import {connectionFlags, connectionFromFlags, connectionHelp} from './support/connection-flags.js';
import {hintLines} from './support/next-step.js';
import {parseFlags} from './support/parse-flags.js';
import {printRemnantNotes} from './support/remnant-notes.js';
import {createTransferReporter, printTransferSummary} from './support/transfer-reporter.js';
import {parallelHelp, parseParallel} from './support/parse-parallel.js';
import {UsageError} from './support/usage-error.js';

const help = `Usage: asapp-sftp get [-r] [--to LOCAL_DIR] [--overwrite] [--marker MARKER] REMOTE...

Downloads files from the server into LOCAL_DIR (default the current folder). Data goes
to a hidden partial file beside the target and gets the final name only when its size
matches the server's; a broken download resumes from where it stopped, also on a rerun.
Names sent by the server containing "/", "..", NUL or control characters are refused.

  -r, --recursive         download folders and everything in them
  --to LOCAL_DIR          destination folder (default .)
  --overwrite             replace existing local files (default: refuse)
${parallelHelp}

${connectionHelp}

Shows a progress bar on a terminal; quiet when piped. Ctrl-C cancels and removes the
partial file.

Exit codes: 0 every file downloaded and verified, 1 any file failed or refused, 2 usage.`;

async function run(args: string[]): Promise<number> {
	const {values, positionals} = parseFlags('get', args, {
		...connectionFlags,
		recursive: {type: 'boolean', short: 'r'},
		to: {type: 'string'},
		overwrite: {type: 'boolean'},
		parallel: {type: 'string'},
	});
	if (values.help) {
		process.stdout.write(`${help}\n`);
		return exitCodes.ok;
	}

	if (positionals.length === 0) {
		throw new UsageError('get needs at least one remote file, e.g. out/results.csv', 'get');
	}

	const parallelFiles = parseParallel(values.parallel, 'get');
	const connection = await connectionFromFlags('get', values);
	const session = await connection.connect();
	const reporter = createTransferReporter('download');
	const cancel = cancelOnSignal();
	try {
		const {files, refused} = await planDownload(session, {remotePaths: positionals, localDirectory: values.to ?? '.', recursive: values.recursive ?? false});
		for (const error of refused) {
			process.stderr.write(`Error: ${error.message}\n${hintLines(error).map(line => `  ${line}\n`).join('')}`);
		}

		const summary = await downloadFiles({
			connect: connection.connect,
			session,
			files,
			overwrite: values.overwrite ?? false,
			signal: cancel.signal,
			onEvent: reporter.onEvent,
			parallelFiles,
		});
		reporter.stop();
		return printTransferSummary(summary, 'Downloaded') && refused.length === 0 ? exitCodes.ok : exitCodes.failed;
	} finally {
		reporter.stop();
		cancel.dispose();
		session.close();
		await printRemnantNotes(connection);
	}
}

export const getCommand: Command = {
	name: 'get',
	summary: 'download files (never overwrites unless --overwrite), sizes verified',
	help,
	run,
};
