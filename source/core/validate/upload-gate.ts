import type {FileReport} from './file-report.js';
import {GateVerdicts} from './gate-verdicts.js';
import {isValidatable, validateFile, type ValidateProgress} from './validate-file.js';
import type {SchemaName} from './schemas.js';

export type UploadGateOptions = {
	schema?: SchemaName;
	signal?: AbortSignal;
	onProgress?: (path: string, progress: ValidateProgress) => void;
	maxFindings?: number;
};

export type UploadGateResult = {
	/** Files with errors, in the order given: none of them may be sent. */
	blocked: FileReport[];
	/** Paths of the checked files without errors (warnings allowed). */
	passed: string[];
	/** Files the gate does not check (not .csv, .jsonl or .ndjson), sent as they are. */
	skipped: string[];
	/** Every file's verdict by its position in the list given, for the receipt. */
	verdicts: GateVerdicts;
};

/**
 * True when a report's only errors say the schema could not be told: such a file is not
 * one of ASAPP's three tables (agent notes, for example) and is not the gate's to refuse.
 */
function isOutsideTheTables(report: FileReport): boolean {
	return report.schema === null && report.errorCount === (report.ruleCounts['schema-unknown'] ?? 0);
}

/** A file to check; with its size known, small files are checked several at a time. */
export type GateFile = string | {localPath: string; size: number};

/** Files below this size are checked on the calling thread, so several may run at once. */
const concurrentBelowBytes = 8 * 1024 * 1024;
/** Small files checked at once: each check is a few waits on the file system's thread pool. */
const smallFileConcurrency = 16;
const inMemoryUpToBytes = 1024 * 1024;

/**
 * Validates every .csv/.jsonl/.ndjson file `put` is about to send. Files of a known small
 * size are checked up to 16 at a time (a tree of thousands of small files otherwise waits
 * on one file system call after another); large ones, which use worker threads, one at a
 * time. Only the reports of blocked files are kept (in the order of `files`); of the
 * rest, the compact verdicts: a tree of 100,000 files would otherwise hold 100,000 reports.
 * Throws AppError('file-unreadable') like validateFile when a file cannot be read.
 */
export async function checkUploadGate(files: GateFile[], options: UploadGateOptions = {}): Promise<UploadGateResult> {
	const verdicts = new GateVerdicts(files.length);
	const blocked = new Map<number, FileReport>();
	const checked = new Uint8Array(files.length);
	const check = async (index: number, small = false): Promise<void> => {
		const path = pathAt(index);
		const report = await validateFile(path, {
			// Files up to 1 MiB are read whole with synchronous calls: far cheaper per file.
			inMemoryUpToBytes: small ? inMemoryUpToBytes : undefined,
			schema: options.schema,
			signal: options.signal,
			maxFindings: options.maxFindings ?? 20,
			onProgress: options.onProgress === undefined ? undefined : progress => options.onProgress!(path, progress),
		});
		verdicts.record(index, report);
		checked[index] = 1;
		if (!report.valid && !isOutsideTheTables(report)) {
			blocked.set(index, report);
		}
	};

	const pathAt = (index: number): string => {
		const file = files[index]!;
		return typeof file === 'string' ? file : file.localPath;
	};

	const small: number[] = [];
	const large: number[] = [];
	for (const [index, file] of files.entries()) {
		if (isValidatable(pathAt(index))) {
			(typeof file !== 'string' && file.size < concurrentBelowBytes ? small : large).push(index);
		}
	}

	let failure: unknown;
	let nextSmall = 0;
	await Promise.all(Array.from({length: Math.min(smallFileConcurrency, small.length)}, async () => {
		while (failure === undefined && nextSmall < small.length) {
			try {
				await check(small[nextSmall++]!, true);
			} catch (error) {
				failure ??= error;
			}
		}
	}));
	if (failure !== undefined) {
		throw failure;
	}

	for (const index of large) {
		await check(index);
	}

	const result: UploadGateResult = {blocked: [], passed: [], skipped: [], verdicts};
	for (let index = 0; index < files.length; index++) {
		const report = blocked.get(index);
		if (report !== undefined) {
			result.blocked.push(report);
		} else {
			(checked[index] === 1 ? result.passed : result.skipped).push(pathAt(index));
		}
	}

	return result;
}

function shellQuote(path: string): string {
	return /^[\w@%+=:,./-]+$/.test(path) ? path : `'${path.replaceAll('\'', '\'\\\'\'')}'`;
}

/** What `put` prints when the gate refuses: which files, how many errors, and what to run next. */
export function formatGateRefusal(blocked: FileReport[]): string {
	const lines = [`Refusing to upload: ${blocked.length === 1 ? '1 file has' : `${blocked.length} files have`} errors, and nothing was sent.`];
	for (const report of blocked) {
		const first = report.errors[0];
		const where = first === undefined ? '' : ` first at ${first.line === null ? 'file level' : `line ${first.line}`}: ${first.field === null ? '' : `${first.field}: `}${first.message}`;
		lines.push(`  ${report.path}: ${report.errorCount.toLocaleString('en-US')} error${report.errorCount === 1 ? '' : 's'};${where}`);
	}

	lines.push(`  See every finding with: asapp-sftp validate ${blocked.map(report => shellQuote(report.path)).join(' ')}`);
	lines.push('  Fix the files and run put again, or pass --no-validate to send them anyway.');
	return lines.join('\n');
}
