import process from 'node:process';
import {AppError, isAppError} from '../core/app-error.js';
import {pathExists} from '../core/fs/write-new-files.js';
import {planUpload} from '../core/ops/plan-transfer.js';
import type {TransferFile} from '../core/transfer/progress.js';
import {printableName} from '../core/transfer/remote-names.js';
import {defaultRetryPolicy} from '../core/transfer/run-queue.js';
import {uploadFiles, type UploadPlan} from '../core/transfer/upload.js';
import {defaultJournalDirectory, readUnfinishedUploads, UploadJournal} from '../core/transfer/upload-journal.js';
import {validationOf, writeUploadReceipt} from '../core/transfer/upload-receipt.js';
import {UploadResults} from '../core/transfer/upload-results.js';
import {checkUploadTargets, decideUploadTargets, type UploadTarget} from '../core/transfer/upload-targets.js';
import type {GateVerdicts} from '../core/validate/gate-verdicts.js';
import type * as UploadGate from '../core/validate/upload-gate.js';
import {cancelOnSignal} from './support/cancel-on-signal.js';
import {exitCodes, type Command} from './support/command.js';
import {connectionFlags, connectionFromFlags, connectionHelp, type Connection} from './support/connection-flags.js';
import {formatSize} from '../core/ops/format-size.js';
import {parseFlags} from './support/parse-flags.js';
import {printRemnantNotes} from './support/remnant-notes.js';
import {startSpinner} from './support/spinner.js';
import {createTransferReporter} from './support/transfer-reporter.js';
import {printUploadSummary} from './support/upload-summary.js';
import {parallelHelp, parseParallel} from './support/parse-parallel.js';
import {keepHeapTightFor} from './support/heap-growth.js';
import {UsageError} from './support/usage-error.js';

const defaultRetrySeconds = defaultRetryPolicy.forMs / 1000;

const help = `Usage: asapp-sftp put [-r] [--to REMOTE_DIR] [--overwrite] [--marker MARKER] LOCAL...

Uploads files (globs are expanded by your shell) into REMOTE_DIR (default in). With -r,
a folder DIR goes to REMOTE_DIR/DIR/... as with OpenSSH sftp. Each file is written
straight to its final name and its size on the server is checked afterwards.
Every .csv, .jsonl and .ndjson file is validated first (see 'asapp-sftp validate'): if
one has errors, nothing is uploaded. A file already on the server is never replaced
unless --overwrite is given: put looks at every target first and, if one exists, sends
nothing. The partial file an unfinished upload of the same file left is replaced.

  -r, --recursive         upload folders and everything in them
  --to REMOTE_DIR         destination folder on the server (default in)
  --overwrite             replace files that exist on the server (also needed when
                          the server refuses to say whether they exist)
${parallelHelp}
  --no-validate           send .csv/.jsonl files even when validation finds errors
  --retry-for SECONDS     keep retrying a dropped connection or an unreachable server
                          for this long, pausing 1 s, 2 s, 4 s ... up to 15 s between
                          tries (default ${defaultRetrySeconds}; 0 tries once)
  --receipt FILE          write the JSON receipt here (default: a new file under
                          ~/.local/state/asapp-sftp/receipts/); never overwritten

${connectionHelp}

Shows a progress bar on a terminal; quiet when piped. At the end: what arrived, and for
each file that did not, whether a partial copy is left on the server (with the command
that removes it) and the command that sends the rest. Ctrl-C cancels and removes the
partly uploaded file from the server. Every run writes a receipt (per file: sizes,
SHA-256 of the bytes sent, validation, outcome) and prints its path.

Exit codes: 0 every file uploaded and verified, 1 any file failed or refused, 2 usage.`;

function parseRetryFor(text: string | undefined): number | undefined {
	if (text === undefined) {
		return undefined;
	}

	const value = Number(text);
	if (!/^\d+(\.\d+)?$/.test(text) || value > 86_400) {
		throw new UsageError(`--retry-for must be a number of seconds from 0 to 86400, not "${text}"`, 'put');
	}

	return value * 1000;
}

/** The gate: validates every .csv/.jsonl/.ndjson about to be sent; verdicts by plan index. */
async function runGate(files: TransferFile[], gateModule: Promise<typeof UploadGate>): Promise<{verdicts: GateVerdicts; refusal?: AppError; blocked: Set<string>}> {
	const {checkUploadGate, formatGateRefusal} = await gateModule;
	const spinner = startSpinner(`Validating ${files.length === 1 ? '1 file' : `${files.length} files`} before upload`);
	let gate;
	try {
		gate = await checkUploadGate(files);
	} finally {
		spinner.stop();
	}

	const {verdicts} = gate;
	const blocked = new Set(gate.blocked.map(report => report.path));
	if (gate.blocked.length === 0) {
		return {verdicts, blocked};
	}

	const [first = '', ...rest] = formatGateRefusal(gate.blocked).split('\n');
	return {verdicts, blocked, refusal: new AppError('validation-failed', first, {hint: rest.map(line => line.trim()).join('\n  ')})};
}

/** Why targets stop the upload, in the CLI's words; undefined when nothing does. */
function targetRefusal(refused: UploadTarget[]): AppError | undefined {
	if (refused.length === 0) {
		return undefined;
	}

	const lines = refused.slice(0, 20).map(target => {
		const name = printableName(target.file.remotePath);
		switch (target.status) {
			case 'folder': {
				return `  ${name} is a folder on the server`;
			}

			case 'unchecked': {
				return `  ${name}: the server refused to say whether it exists (${target.error?.message ?? 'permission denied'})`;
			}

			default: {
				return `  ${name} exists (${formatSize(target.remote?.size ?? 0)})`;
			}
		}
	});
	if (refused.length > lines.length) {
		lines.push(`  and ${refused.length - lines.length} more`);
	}

	const onlyFolders = refused.every(target => target.status === 'folder');
	const anyUnchecked = refused.some(target => target.status === 'unchecked');
	const hint = onlyFolders
		? 'Upload under another name or into another folder (--to).'
		: anyUnchecked
			? 'This account may not look at files (a write-only account). Pass --overwrite to send anyway, knowing a file of that name would be replaced.'
			: 'Pass --overwrite to replace them, or upload into another folder (--to) or under other names.';
	return new AppError('remote-file-exists', `Refusing to upload: ${refused.length === 1 ? '1 target' : `${refused.length} targets`} on the server would be replaced, and nothing was sent:\n${lines.join('\n')}`, {hint});
}

/**
 * Looks at every target before anything is sent: throws the refusal (after marking the
 * refused files) or says what will be replaced. Its own function, so the list of targets
 * (one per file) is garbage before the first byte goes out.
 */
async function checkTargets(session: Awaited<ReturnType<Connection['connect']>>, run: PutRun, connection: Connection, overwrite: boolean): Promise<void> {
	const unfinished = await readUnfinishedUploads(defaultJournalDirectory(), connection.server).catch(() => []);
	const targets = await checkUploadTargets(session, run.plan, unfinished);
	const decision = decideUploadTargets(targets, () => overwrite);
	const refusal = targetRefusal(decision.refused);
	if (refusal) {
		const refusedIndexes = new Set(decision.refused.map(target => target.file.index));
		run.refuse(file => refusedIndexes.has(file.index), refusal);
		throw refusal;
	}

	for (const target of decision.replacing) {
		const name = printableName(target.file.remotePath);
		const reason = target.status === 'own-partial'
			? `the partial file an unfinished upload of ours left (${formatSize(target.remote?.size ?? 0)} of ${formatSize(target.file.size)})`
			: target.status === 'unchecked' ? 'whatever is there (the server would not say; --overwrite)' : `the existing file (${formatSize(target.remote?.size ?? 0)}; --overwrite)`;
		process.stderr.write(`Replacing ${name}: ${reason}.\n`);
	}
}

async function run(args: string[]): Promise<number> {
	const {values, positionals} = parseFlags('put', args, {
		...connectionFlags,
		recursive: {type: 'boolean', short: 'r'},
		to: {type: 'string'},
		parallel: {type: 'string'},
		overwrite: {type: 'boolean'},
		'no-validate': {type: 'boolean'},
		'retry-for': {type: 'string'},
		receipt: {type: 'string'},
	});
	if (values.help) {
		process.stdout.write(`${help}\n`);
		return exitCodes.ok;
	}

	if (positionals.length === 0) {
		throw new UsageError('put needs at least one local file or folder', 'put');
	}

	const parallelFiles = parseParallel(values.parallel, 'put');
	const retryForMs = parseRetryFor(values['retry-for']);
	const receiptFile = values.receipt;
	if (receiptFile !== undefined && await pathExists(receiptFile)) {
		throw new AppError('file-exists', `The receipt file ${receiptFile} already exists; nothing was sent.`, {hint: 'Choose another --receipt file; an existing one is never replaced.'});
	}

	const remoteDirectory = values.to ?? 'in';
	const connection = await connectionFromFlags('put', values);
	const startedAt = new Date();
	// Connect while the local tree is read and checked: both take a moment.
	const connecting = connection.connect();
	connecting.catch(() => undefined);
	// The validator loads while the connection is set up, and not at all with --no-validate.
	const gateModule = values['no-validate'] ? undefined : import('../core/validate/upload-gate.js');
	gateModule?.catch(() => undefined);
	let plan: UploadPlan;
	try {
		plan = await planUpload({localPaths: positionals, remoteDirectory, recursive: values.recursive ?? false});
	} catch (error) {
		void connecting.then(session => session.close(), () => undefined);
		throw error;
	}

	keepHeapTightFor(plan.files.length);
	const run = new PutRun(connection, plan, startedAt, receiptFile);
	try {
		if (gateModule) {
			const gate = await runGate(plan.files, gateModule);
			run.verdicts = gate.verdicts;
			if (gate.refusal) {
				run.refuse(file => gate.blocked.has(file.localPath), gate.refusal);
				void connecting.then(session => session.close(), () => undefined);
				throw gate.refusal;
			}
		}

		const session = await connecting;
		try {
			await checkTargets(session, run, connection, values.overwrite ?? false);
			return await run.upload(session, {parallelFiles, retryForMs, rerunFlags: [...(values['no-validate'] ? ['--no-validate'] : []), ...(values.overwrite ? ['--overwrite'] : [])]});
		} finally {
			session.close();
		}
	} catch (error) {
		run.stoppedBy(error);
		throw error;
	} finally {
		await run.writeReceipt();
		await printRemnantNotes(connection, run.reportedRemnants());
	}
}

/** One put after planning: results as they come, the receipt at the end whatever happens. */
class PutRun {
	verdicts: GateVerdicts | undefined;
	private readonly results: UploadResults;
	private readonly refused = new Map<number, {code: string; message: string}>();
	private cancelled = false;
	private stopError: AppError | undefined;

	constructor(private readonly connection: Connection, readonly plan: UploadPlan, private readonly startedAt: Date, private readonly receiptFile: string | undefined) {
		this.results = new UploadResults(plan.files);
	}

	refuse(which: (file: TransferFile) => boolean, why: AppError): void {
		const reason = {code: why.code, message: why.message.split('\n')[0]!};
		for (const file of this.plan.files) {
			if (which(file)) {
				this.refused.set(file.index, reason);
			}
		}
	}

	stoppedBy(error: unknown): void {
		this.stopError ??= isAppError(error) ? error : undefined;
	}

	/** Remote paths whose remnants the summary already showed (the notes skip them). */
	reportedRemnants(): string[] {
		return this.plan.files.map(file => file.remotePath);
	}

	async upload(session: Awaited<ReturnType<Connection['connect']>>, options: {parallelFiles: number | undefined; retryForMs: number | undefined; rerunFlags: string[]}): Promise<number> {
		const reporter = createTransferReporter('upload');
		const cancel = cancelOnSignal();
		const journal = new UploadJournal(defaultJournalDirectory(), this.connection.server);
		let stopped: AppError | undefined;
		try {
			const summary = await uploadFiles({
				connect: this.connection.connect,
				session,
				plan: this.plan,
				signal: cancel.signal,
				onEvent: event => {
					if (event.type === 'file-done') {
						this.results.set(event.result);
					}

					reporter.onEvent(event);
				},
				parallelFiles: options.parallelFiles,
				retry: options.retryForMs === undefined ? undefined : {forMs: options.retryForMs},
				journal,
				// Each result is kept here, compactly; the queue need not hold them too.
				keepArrivedResults: false,
			});
			this.cancelled = summary.cancelled;
		} catch (error) {
			// The queue stopped (the server stayed out of reach): every file still has its result.
			if (!isAppError(error)) {
				throw error;
			}

			stopped = error;
			this.stopError = error;
		} finally {
			reporter.stop();
			cancel.dispose();
			await journal.close();
		}

		const ok = printUploadSummary({results: this.results.all(), elapsedMs: Date.now() - this.startedAt.getTime(), stopped, connection: this.connection, rerunFlags: options.rerunFlags});
		return ok ? exitCodes.ok : exitCodes.failed;
	}

	async writeReceipt(): Promise<void> {
		const {verdicts} = this;
		try {
			const written = await writeUploadReceipt({
				server: this.connection.server,
				startedAt: this.startedAt,
				endedAt: new Date(),
				files: this.plan.files,
				results: this.results,
				refused: this.refused,
				validation: file => verdicts?.get(file.index) ?? validationOf(undefined),
				cancelled: this.cancelled,
				...(this.stopError ? {stoppedBy: {code: this.stopError.code, message: this.stopError.message}} : {}),
			}, this.receiptFile);
			process.stdout.write(`Receipt: ${written}\n`);
		} catch (error) {
			process.stderr.write(`Warning: the receipt could not be written: ${error instanceof Error ? error.message : String(error)}\n`);
		}
	}
}

export const putCommand: Command = {
	name: 'put',
	summary: 'upload files or folders (default into in/), validated first, sizes verified',
	help,
	run,
};
