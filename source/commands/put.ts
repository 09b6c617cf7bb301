import process from 'node:process';
import {AppError} from '../core/app-error.js';
import {planUpload, type LocalUploadFile} from '../core/transfer/local-tree.js';
import {uploadFiles} from '../core/transfer/upload.js';
import type * as UploadGate from '../core/validate/upload-gate.js';
import {cancelOnSignal} from './support/cancel-on-signal.js';
import {exitCodes, type Command} from './support/command.js';
import {connectionFlags, connectionFromFlags, connectionHelp} from './support/connection-flags.js';
import {parseFlags} from './support/parse-flags.js';
import {startSpinner} from './support/spinner.js';
import {createTransferReporter, printTransferSummary} from './support/transfer-reporter.js';
import {UsageError} from './support/usage-error.js';

const help = `Usage: asapp-sftp put [-r] [--to REMOTE_DIR] [--marker MARKER] LOCAL...

Uploads files (globs are expanded by your shell) into REMOTE_DIR (default in). With -r,
a folder DIR goes to REMOTE_DIR/DIR/... as with OpenSSH sftp. Each file is written
straight to its final name and its size on the server is checked afterwards. A dropped
connection is re-established and the file sent again from the start (up to 4 tries).
Every .csv, .jsonl and .ndjson file is validated first (see 'asapp-sftp validate'): if
one has errors, nothing is uploaded.

  -r, --recursive         upload folders and everything in them
  --to REMOTE_DIR         destination folder on the server (default in)
  --parallel N            files in flight at once (default 16, 1 to 64)
  --no-validate           send .csv/.jsonl files even when validation finds errors

${connectionHelp}

Shows a progress bar on a terminal; quiet when piped. Ctrl-C cancels and removes the
partly uploaded file from the server.

Exit codes: 0 every file uploaded and verified, 1 any file failed or refused, 2 usage.`;

/**
 * The gate: every .csv/.jsonl/.ndjson about to be sent is validated first, and a file with
 * errors stops the whole upload before a byte of it leaves the machine.
 */
async function refuseInvalidFiles(files: LocalUploadFile[], gateModule: Promise<typeof UploadGate>): Promise<void> {
	const {checkUploadGate, formatGateRefusal} = await gateModule;
	const spinner = startSpinner(`Validating ${files.length === 1 ? '1 file' : `${files.length} files`} before upload`);
	let gate;
	try {
		gate = await checkUploadGate(files);
	} finally {
		spinner.stop();
	}

	if (gate.blocked.length > 0) {
		const [first = '', ...rest] = formatGateRefusal(gate.blocked).split('\n');
		throw new AppError('validation-failed', first, {hint: rest.map(line => line.trim()).join('\n  ')});
	}
}

function parseParallel(text: string | undefined): number | undefined {
	if (text === undefined) {
		return undefined;
	}

	const value = Number(text);
	if (!/^\d+$/.test(text) || value < 1 || value > 64) {
		throw new UsageError(`--parallel must be a number from 1 to 64, not "${text}"`, 'put');
	}

	return value;
}

async function run(args: string[]): Promise<number> {
	const {values, positionals} = parseFlags('put', args, {
		...connectionFlags,
		recursive: {type: 'boolean', short: 'r'},
		to: {type: 'string'},
		parallel: {type: 'string'},
		'no-validate': {type: 'boolean'},
	});
	if (values.help) {
		process.stdout.write(`${help}\n`);
		return exitCodes.ok;
	}

	if (positionals.length === 0) {
		throw new UsageError('put needs at least one local file or folder', 'put');
	}

	const parallelFiles = parseParallel(values.parallel);
	const remoteDirectory = values.to ?? 'in';
	const connection = await connectionFromFlags('put', values);
	// Connect while the local tree is read and checked: both take a moment.
	const connecting = connection.connect();
	connecting.catch(() => undefined);
	// The validator loads while the connection is set up, and not at all with --no-validate.
	const gateModule = values['no-validate'] ? undefined : import('../core/validate/upload-gate.js');
	gateModule?.catch(() => undefined);
	let plan;
	try {
		plan = await planUpload(positionals, remoteDirectory, {recursive: values.recursive ?? false});
		if (gateModule) {
			await refuseInvalidFiles(plan.files, gateModule);
		}
	} catch (error) {
		void connecting.then(session => session.close(), () => undefined);
		throw error;
	}

	const session = await connecting;
	const reporter = createTransferReporter('upload');
	const cancel = cancelOnSignal();
	try {
		const summary = await uploadFiles({
			connect: connection.connect,
			session,
			plan,
			signal: cancel.signal,
			onEvent: reporter.onEvent,
			parallelFiles,
		});
		reporter.stop();
		return printTransferSummary(summary, 'Uploaded') ? exitCodes.ok : exitCodes.failed;
	} finally {
		reporter.stop();
		cancel.dispose();
		session.close();
	}
}

export const putCommand: Command = {
	name: 'put',
	summary: 'upload files or folders (default into in/), validated first, sizes verified',
	help,
	run,
};
