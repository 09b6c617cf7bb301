import {mkdir} from 'node:fs/promises';
import path from 'node:path';
import process from 'node:process';
import {appPaths} from '../config/paths.js';
import {errnoCode} from '../app-error.js';
import {FileExistsError, writeNewFiles} from '../fs/write-new-files.js';
import type {FileReport} from '../validate/file-report.js';
import {version} from '../../version.js';
import type {FileResult, TransferFile} from './progress.js';
import type {ServerIdentity} from './upload-journal.js';

/**
 * Where one file of an upload ended:
 * - `verified`: it arrived and the server reports its full size;
 * - `sent-unverified`: every byte was sent and accepted, but the server refused to report its size;
 * - `partial-left`: a partial copy stays on the server under its final name;
 * - `partial-removed`: a partial copy was written and removed again;
 * - `not-sent`: nothing of it was written (the run stopped or was cancelled first);
 * - `refused`: it was not sent on purpose (validation errors, or its name exists there).
 */
export type UploadOutcome = 'verified' | 'sent-unverified' | 'partial-left' | 'partial-removed' | 'not-sent' | 'refused';

export function uploadOutcomeOf(result: FileResult): UploadOutcome {
	if (result.status === 'done') {
		return result.unverified ? 'sent-unverified' : 'verified';
	}

	if (result.remnant) {
		return 'partial-left';
	}

	return result.partialRemoved ? 'partial-removed' : 'not-sent';
}

/** The upload gate's word on a file. */
export type ValidationVerdict = 'valid' | 'valid-with-warnings' | 'invalid' | 'not-a-table' | 'not-checked';

export type ReceiptValidation = {
	verdict: ValidationVerdict;
	/** The table the file was checked against (`calls`, `transcripts`, `sales`), or null. */
	schema: string | null;
	records: number | null;
	errors: number;
	warnings: number;
};

export type ReceiptFile = {
	localPath: string;
	remotePath: string;
	/** Size of the local file. */
	bytes: number;
	/** SHA-256 (hex) of the bytes sent, hashed as they were read for the upload; null unless it arrived. */
	sha256: string | null;
	/** The size the server reported after the upload; null unless verified. */
	verifiedRemoteSize: number | null;
	/** ISO 8601 UTC; null when the file was never tried. */
	startedAt: string | null;
	endedAt: string | null;
	validation: ReceiptValidation;
	outcome: UploadOutcome;
	/** With `partial-left`: bytes on the server (at least that many unless `bytesOnServerExact`). */
	bytesOnServer?: number;
	bytesOnServerExact?: boolean;
	/** Why it did not arrive. */
	error?: {code: string; message: string};
};

/** The run as a whole: every file verified, some not, refused before sending, or cancelled. */
export type ReceiptOutcome = 'complete' | 'incomplete' | 'refused' | 'cancelled';

export type UploadReceipt = {
	receipt: 'asapp-sftp upload';
	version: 1;
	tool: string;
	server: ServerIdentity;
	startedAt: string;
	endedAt: string;
	outcome: ReceiptOutcome;
	/** What stopped the run before every file was settled (a refusal, a server out of reach). */
	stoppedBy?: {code: string; message: string};
	files: ReceiptFile[];
};

/** The gate's report on a file as the receipt records it; no report: the gate did not check it. */
export function validationOf(report: FileReport | undefined): ReceiptValidation {
	if (!report) {
		return {verdict: 'not-checked', schema: null, records: null, errors: 0, warnings: 0};
	}

	let verdict: ValidationVerdict;
	if (report.schema === null && report.errorCount === (report.ruleCounts['schema-unknown'] ?? 0)) {
		verdict = 'not-a-table';
	} else if (!report.valid) {
		verdict = 'invalid';
	} else {
		verdict = report.warningCount > 0 ? 'valid-with-warnings' : 'valid';
	}

	return {verdict, schema: report.schema, records: report.records, errors: report.errorCount, warnings: report.warningCount};
}

/** Per planned file: its result, or why it was not sent. */
export type ReceiptInput = {
	server: ServerIdentity;
	startedAt: Date;
	endedAt: Date;
	files: TransferFile[];
	/** Results of the files that went to the queue (by plan index). */
	results: {get(index: number): FileResult | undefined};
	/** Files held back on purpose, by plan index, with the reason. */
	refused: {get(index: number): {code: string; message: string} | undefined; readonly size: number};
	/** What the gate said of a file (validationOf(undefined) when it did not check it). */
	validation: (file: TransferFile) => ReceiptValidation;
	cancelled: boolean;
	stoppedBy?: {code: string; message: string};
};

function outcomeAt(input: ReceiptInput, file: TransferFile): UploadOutcome {
	const result = input.results.get(file.index);
	return input.refused.get(file.index) ? 'refused' : result ? uploadOutcomeOf(result) : 'not-sent';
}

function receiptEntry(input: ReceiptInput, file: TransferFile): ReceiptFile {
	const result = input.results.get(file.index);
	const refusal = input.refused.get(file.index);
	const entry: ReceiptFile = {
		localPath: path.resolve(file.localPath),
		remotePath: file.remotePath,
		bytes: file.size,
		sha256: result?.status === 'done' ? result.sha256 ?? null : null,
		verifiedRemoteSize: result?.status === 'done' ? result.verifiedSize ?? null : null,
		startedAt: result?.startedAt?.toISOString() ?? null,
		endedAt: result?.endedAt?.toISOString() ?? null,
		validation: input.validation(file),
		outcome: outcomeAt(input, file),
	};
	if (result?.remnant) {
		entry.bytesOnServer = result.remnant.bytesOnServer;
		entry.bytesOnServerExact = result.remnant.exact;
	}

	const error = refusal ?? (result?.status === 'done' ? undefined : result?.error);
	if (error) {
		entry.error = {code: error.code, message: error.message};
	}

	return entry;
}

function receiptOutcome(input: ReceiptInput): ReceiptOutcome {
	const outcomes = new Set<UploadOutcome>();
	for (const file of input.files) {
		outcomes.add(outcomeAt(input, file));
	}

	if ([...outcomes].every(outcome => outcome === 'verified' || outcome === 'sent-unverified') && !input.stoppedBy) {
		return 'complete';
	}

	if (input.cancelled) {
		return 'cancelled';
	}

	if ([...outcomes].every(outcome => outcome === 'refused' || outcome === 'not-sent') && input.refused.size > 0) {
		return 'refused';
	}

	return 'incomplete';
}

/** Text is handed to the file in pieces of about this many characters. */
const pieceLength = 64 * 1024;

/**
 * The receipt (an UploadReceipt) as pretty JSON, two spaces, generated in pieces one file
 * entry at a time: a run of 100,000 files never holds the whole receipt (50 MB of text)
 * in memory. The text is exactly `JSON.stringify(receipt, null, 2)` and a newline.
 */
export function* receiptText(input: ReceiptInput): Generator<string> {
	const head: Omit<UploadReceipt, 'files'> = {
		receipt: 'asapp-sftp upload',
		version: 1,
		tool: `asapp-sftp ${version}`,
		server: input.server,
		startedAt: input.startedAt.toISOString(),
		endedAt: input.endedAt.toISOString(),
		outcome: receiptOutcome(input),
		...(input.stoppedBy ? {stoppedBy: input.stoppedBy} : {}),
	};
	// `files` comes last: everything before its (empty) list, then the entries one by one.
	const empty = JSON.stringify({...head, files: []}, null, 2);
	if (input.files.length === 0) {
		yield `${empty}\n`;
		return;
	}

	let piece = `${empty.slice(0, empty.lastIndexOf('[]'))}[\n`;
	for (const [position, file] of input.files.entries()) {
		const entry = JSON.stringify(receiptEntry(input, file), null, 2).replaceAll('\n', '\n    ');
		piece += `    ${entry}${position === input.files.length - 1 ? '\n' : ',\n'}`;
		if (piece.length >= pieceLength) {
			yield piece;
			piece = '';
		}
	}

	yield `${piece}  ]\n}\n`;
}

/** `$XDG_STATE_HOME/asapp-sftp/receipts` (default `~/.local/state/asapp-sftp/receipts`). */
export function defaultReceiptDirectory(env: NodeJS.ProcessEnv = process.env): string {
	return path.join(appPaths(env).stateDir, 'receipts');
}

/** `2026-12-02T06-10-03.123Z`: sorts by time and is a valid file name everywhere. */
function stampOf(date: Date): string {
	return date.toISOString().replaceAll(':', '-');
}

/**
 * Writes the receipt as pretty JSON (receiptText), never replacing a file: to `file` when
 * given (an existing one is a FileExistsError), else to a new `<time>.json` in the default
 * folder (`-2`, `-3`... when two runs end in the same millisecond). Returns the path written.
 */
export async function writeUploadReceipt(input: ReceiptInput, file?: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
	// Each try writes the text afresh from the input.
	const data: Iterable<string> = {[Symbol.iterator]: () => receiptText(input)};
	if (file !== undefined) {
		await writeNewFiles([{path: file, data, mode: 0o644}], 'Choose another receipt file; an existing one is never replaced.');
		return file;
	}

	const directory = defaultReceiptDirectory(env);
	await mkdir(directory, {recursive: true, mode: 0o700});
	const stamp = stampOf(input.endedAt);
	for (let suffix = 1; ; suffix++) {
		const target = path.join(directory, `${stamp}${suffix === 1 ? '' : `-${suffix}`}.json`);
		try {
			await writeNewFiles([{path: target, data, mode: 0o600}], '');
			return target;
		} catch (error) {
			if (!(error instanceof FileExistsError) && errnoCode(error) !== 'EEXIST') {
				throw error;
			}
		}
	}
}
