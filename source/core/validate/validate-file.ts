import {availableParallelism} from 'node:os';
import {closeSync, fstatSync, openSync, readSync, type Stats} from 'node:fs';
import {open, type FileHandle} from 'node:fs/promises';
import {Worker} from 'node:worker_threads';
import {AppError, errnoCode} from '../app-error.js';
import {CsvRecord, readCsvRecord} from './csv-tokenizer.js';
import type {FileReport} from './file-report.js';
import {FindingCollector, shiftLines} from './finding-collector.js';
import type {Finding} from './finding.js';
import {emptyProfilePart, finishProfile, mergeProfileParts} from './profile.js';
import {scanRange, type FileFormat, type ReadAt, type ScanJob, type ScanResult} from './scan-range.js';
import type {WorkerMessage} from './scan-worker.js';
import {detectSchema, schemas, type Schema, type SchemaName} from './schemas.js';
import {detectExporter, type Exporter} from './exporter-fingerprint.js';
import {addRepair, appendRepairs, emptyRepairs, type CollectedRepairs} from './repairs.js';
import type {RangeConversionResult} from '../convert/range-converter.js';

export type ValidateProgress = {bytesRead: number; totalBytes: number; records: number};

export type ValidateOptions = {
	/** Check against this schema instead of detecting it from the header or JSON keys. */
	schema?: SchemaName;
	signal?: AbortSignal;
	onProgress?: (progress: ValidateProgress) => void;
	/** How many errors and how many warnings to list (counts stay exact). Default 1000. */
	maxFindings?: number;
	/** Tuning, mostly for tests and benchmarks: worker threads to use (default: one per core, at most 4). */
	workers?: number;
	/** Files with a smaller body are checked on the calling thread. Default 8 MiB. */
	minParallelBytes?: number;
	/** Split into `workers` ranges but check them on the calling thread (tests of the split logic). */
	inThread?: boolean;
	/** Records longer than this are reported and skipped. Default 64 MiB. */
	maxRecordBytes?: number;
	/**
	 * Files up to this size are read whole with synchronous calls and checked from memory:
	 * for thousands of small files (the upload gate), far less than several trips each
	 * through the thread pool. Default 0 (off).
	 */
	inMemoryUpToBytes?: number;
};

const defaultMaxFindings = 1000;
const headChunk = 1024 * 1024;
const comma = 0x2c;

/** The format a file's name promises, or undefined for anything else. */
export function formatOfPath(path: string): FileFormat | undefined {
	const lower = path.toLowerCase();
	if (lower.endsWith('.csv')) {
		return 'csv';
	}

	return lower.endsWith('.jsonl') || lower.endsWith('.ndjson') ? 'jsonl' : undefined;
}

/** True for the files `validate` and the upload gate check: .csv, .jsonl and .ndjson. */
export function isValidatable(path: string): boolean {
	return formatOfPath(path) !== undefined;
}

const fieldNamesByLowerCase = new Map(Object.values(schemas).flatMap(schema => schema.fields.map(spec => [spec.name.toLowerCase(), spec.name] as const)));

/** The table's spelling of a header name written in another letter case or with spaces around it. */
function canonicalColumnName(name: string): string | undefined {
	return fieldNamesByLowerCase.get(name.trim().toLowerCase());
}

type Head = {
	schema: Schema | undefined;
	columns: number[];
	delimiter: number;
	bodyStart: number;
	bodyLine: number;
	/** CSV: the header record ends with CRLF. */
	crlf: boolean;
};

/** What the scan needs from a conversion (convert): parts to write each byte range into. */
export type ConversionHooks = {
	/** Make the certain repairs (--fix). */
	repair: boolean;
	/** Also collect each range's failing records. */
	invalidRows: boolean;
	/**
	 * Called once the header is read and the file split: one output descriptor (and one for
	 * invalid rows, or -1) per byte range, in file order. A range checked again after a wrong
	 * guess at its start writes its part again from offset 0.
	 */
	openParts(rangeCount: number, head: ConversionHead): Promise<Array<{output: number; invalidRows: number}>>;
};

export type ConversionHead = {
	schema: Schema;
	/** The header record as written (byte-order mark and line end included); empty without a header. */
	header: Buffer;
	delimiter: number;
	columns: readonly number[];
};

/** A validation that also converted: the report, and what each range wrote. */
export type ScanOutcome = {
	report: FileReport;
	/** Absent when the scan stopped before the records (no schema, an empty file, ...). */
	conversion?: {
		head: ConversionHead;
		/** Per range, in file order. */
		parts: RangeConversionResult[];
		repairs: CollectedRepairs;
	};
};

function unreadable(path: string, error: unknown): AppError {
	const code = errnoCode(error);
	const reason = code === 'ENOENT' ? 'it does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : error instanceof Error ? error.message : String(error);
	return new AppError('file-unreadable', `Cannot read ${path}: ${reason}.`, {hint: 'Check the path and that you may read the file.', cause: error});
}

/** What the checks read: an open FileHandle, or a small file already read into memory. */
type Source = {
	/** The descriptor for worker threads; -1 when `data` holds the file. */
	readonly fd: number;
	/** The whole file, for a file read into memory. */
	readonly data?: Buffer;
	stat(): Promise<Stats>;
	read(buffer: Buffer, offset: number, length: number, position: number): Promise<{bytesRead: number}>;
};

function memorySource(data: Buffer, stats: Stats): Source {
	return {
		fd: -1,
		data,
		stat: async () => stats,
		async read(buffer, offset, length, position) {
			const bytesRead = position >= data.length ? 0 : data.copy(buffer, offset, position, Math.min(data.length, position + length));
			return {bytesRead};
		},
	};
}

/** The file's bytes and stats if it is a regular file of at most `limit` bytes, read with synchronous calls; else undefined. */
function readSmallFile(path: string, limit: number): {data: Buffer; stats: Stats} | undefined {
	const fd = openSync(path, 'r');
	try {
		const stats = fstatSync(fd);
		if (!stats.isFile() || stats.size > limit) {
			return undefined;
		}

		const data = Buffer.allocUnsafe(stats.size);
		let filled = 0;
		while (filled < data.length) {
			const bytesRead = readSync(fd, data, filled, data.length - filled, filled);
			if (bytesRead === 0) {
				break;
			}

			filled += bytesRead;
		}

		return {data: data.subarray(0, filled), stats};
	} finally {
		closeSync(fd);
	}
}

async function readAt(handle: Source, position: number, length: number): Promise<Buffer> {
	const buffer = Buffer.alloc(length);
	let filled = 0;
	while (filled < length) {
		const {bytesRead} = await handle.read(buffer, filled, length - filled, position + filled);
		if (bytesRead === 0) {
			break;
		}

		filled += bytesRead;
	}

	return buffer.subarray(0, filled);
}

function chooseDelimiter(firstLine: Buffer, findings: FindingCollector): number {
	const counts = new Map<number, number>([[comma, 0], [0x09, 0], [0x3b, 0], [0x7c, 0]]);
	for (const byte of firstLine) {
		const count = counts.get(byte);
		if (count !== undefined) {
			counts.set(byte, count + 1);
		}
	}

	// The most frequent wins, a comma on a tie: a headerless tab-separated first record may hold a comma in a value.
	let best = comma;
	let bestCount = counts.get(comma)!;
	for (const [byte, count] of counts) {
		if (count > bestCount) {
			best = byte;
			bestCount = count;
		}
	}

	if (best !== comma) {
		const name = best === 0x09 ? 'tab' : `"${String.fromCharCode(best)}"`;
		findings.add('delimiter-not-comma', 1, null, `the header is separated by ${name}, not commas; read with ${name} as the delimiter`);
	}

	return best;
}

/** Reads the CSV header (or decides there is none) and maps its columns onto the schema. */
async function inspectCsvHead(handle: Source, size: number, bomLength: number, wanted: SchemaName | undefined, findings: FindingCollector, maxRecordBytes: number): Promise<Head | undefined> {
	let length = Math.min(size, headChunk);
	let head = await readAt(handle, 0, length);
	const record = new CsvRecord();
	const firstLineEnd = head.indexOf(0x0a);
	const delimiter = chooseDelimiter(head.subarray(bomLength, firstLineEnd < 0 ? head.length : firstLineEnd), findings);
	let end = readCsvRecord(head, bomLength, head.length, head.length >= size, delimiter, record);
	while (end < 0 && length < size && length < maxRecordBytes) {
		length = Math.min(size, length * 4, maxRecordBytes);
		head = await readAt(handle, 0, length);
		end = readCsvRecord(head, bomLength, head.length, head.length >= size, delimiter, record);
	}

	if (end < 0) {
		findings.add('record-too-large', 1, null, 'the first record is too long to be a header or a record; check the quotes');
		return undefined;
	}

	const written = Array.from({length: record.count}, (_, index) => head.toString('utf8', record.starts[index], record.ends[index]));
	// Lenient: "Customer_ID " names customer_id, with a warning.
	const names = written.map(name => canonicalColumnName(name) ?? name);
	const schema = wanted === undefined ? detectSchema(names) : schemas[wanted];
	if (schema === undefined) {
		findings.add('schema-unknown', 1, null, 'the first line is not a header naming the fields of ASAPP\'s calls, transcripts or sales table');
		return undefined;
	}

	const fieldNames = schema.fields.map(spec => spec.name);
	// A first row naming fields of any table is a header, even of another table than --schema.
	const hasHeader = names.some(name => fieldNames.includes(name)) || detectSchema(names) !== undefined;
	if (!hasHeader) {
		// No header: the guide says columns then come in the table's exact order.
		return {schema, columns: fieldNames.map((_, index) => index), delimiter, bodyStart: bomLength, bodyLine: 1, crlf: end >= 2 && head[end - 2] === 0x0d && head[end - 1] === 0x0a};
	}

	for (const [index, name] of written.entries()) {
		if (name !== names[index]) {
			findings.add('header-name-variant', 1, null, `column "${name}" taken as ${names[index]!}`, name);
		}
	}

	const columns: number[] = [];
	const seen = new Set<string>();
	for (const name of names) {
		const index = fieldNames.indexOf(name);
		if (index >= 0 && seen.has(name)) {
			findings.add('header-duplicate-column', 1, null, `column ${name} appears more than once in the header; only the first is checked`, name);
			columns.push(-1);
		} else if (index >= 0) {
			seen.add(name);
			columns.push(index);
		} else {
			findings.add('header-unknown-column', 1, null, `column "${name}" is not in ASAPP's ${schema.title} table`, name);
			columns.push(-1);
		}
	}

	for (const spec of schema.fields) {
		if (spec.required && !seen.has(spec.name)) {
			findings.add('header-missing-column', 1, null, `the header lacks the required column ${spec.name}`, spec.name);
		}
	}

	return {schema, columns, delimiter, bodyStart: end, bodyLine: 1 + record.newlines, crlf: end >= 2 && head[end - 2] === 0x0d && head[end - 1] === 0x0a};
}

/** Finds the schema from the keys of the first JSON object among the first lines. */
async function inspectJsonHead(handle: Source, size: number, bomLength: number, wanted: SchemaName | undefined, findings: FindingCollector): Promise<Head | undefined> {
	const base = {columns: [], delimiter: comma, bodyStart: bomLength, bodyLine: 1, crlf: false};
	if (wanted !== undefined) {
		return {...base, schema: schemas[wanted]};
	}

	const head = await readAt(handle, 0, Math.min(size, headChunk));
	const lines = head.toString('utf8', bomLength).split('\n').slice(0, 50);
	for (const line of lines) {
		try {
			const value: unknown = JSON.parse(line);
			if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
				const schema = detectSchema(Object.keys(value));
				if (schema !== undefined) {
					return {...base, schema};
				}
			}
		} catch {
			// Not this line; the scan reports each unreadable line later.
		}
	}

	findings.add('schema-unknown', null, null, 'no JSON object among the first lines has the fields of ASAPP\'s calls, transcripts or sales table');
	return undefined;
}

type JobRunner = (job: ScanJob, onBytes: (bytes: number, records: number) => void) => Promise<ScanResult>;

function startWorker(job: ScanJob): Worker {
	if (import.meta.url.endsWith('.ts')) {
		// Tests and benchmarks run the TypeScript source through tsx, whose loader a worker
		// does not inherit: register it inside the worker, then load the worker module.
		const loader = import.meta.resolve('tsx/esm/api');
		const entry = new URL('./scan-worker.ts', import.meta.url).href;
		const bootstrap = `import(${JSON.stringify(loader)}).then(({register}) => { register(); return import(${JSON.stringify(entry)}); });`;
		return new Worker(bootstrap, {eval: true, workerData: job});
	}

	return new Worker(new URL('./scan-worker.js', import.meta.url), {workerData: job});
}

function runInWorker(signal: AbortSignal | undefined): JobRunner {
	return async (job, onBytes) => new Promise<ScanResult>((resolve, reject) => {
		const worker = startWorker(job);
		let settled = false;
		const finish = (action: () => void): void => {
			if (!settled) {
				settled = true;
				signal?.removeEventListener('abort', onAbort);
				action();
			}
		};

		const onAbort = (): void => {
			finish(() => reject(signal?.reason ?? new Error('aborted')));
			void worker.terminate();
		};

		signal?.addEventListener('abort', onAbort, {once: true});
		worker.on('message', (message: WorkerMessage) => {
			if (message.type === 'progress') {
				onBytes(message.bytes, message.records);
			} else if (message.type === 'done') {
				finish(() => resolve(message.result));
			} else {
				const error = Object.assign(new Error(message.message), {code: message.code});
				finish(() => reject(error));
			}
		});
		worker.on('error', error => finish(() => reject(error)));
		worker.on('exit', code => finish(() => reject(new Error(`validation worker stopped with code ${code}`))));
		if (signal?.aborted) {
			onAbort();
		}
	});
}

function runInThread(signal: AbortSignal | undefined, source: Source): JobRunner {
	const {data} = source;
	const memory: {readAt: ReadAt; size: number} | undefined = data === undefined ? undefined : {
		readAt: async (buffer, offset, length, position) => (await source.read(buffer, offset, length, position)).bytesRead,
		size: data.length,
	};
	return async (job, onBytes) => scanRange(job, {signal, onProgress: ({bytes, records}) => onBytes(bytes, records), ...memory});
}

function sortFindings(findings: Finding[]): Finding[] {
	// Stable: ranges arrive in file order already; file-level findings (line null) go first.
	return findings.map((finding, index) => ({finding, index}))
		.sort((a, b) => (a.finding.line ?? 0) - (b.finding.line ?? 0) || a.index - b.index)
		.map(({finding}) => finding);
}

/**
 * Validates one CSV or JSONL file against ASAPP's field tables. Large files are split into
 * byte ranges checked by worker threads; the result is the same as one sequential pass.
 * Throws AppError('file-unreadable') when the file cannot be opened or read and
 * AppError('format-unsupported') for other extensions; aborting rejects with the signal's reason.
 */
export async function validateFile(path: string, options: ValidateOptions = {}): Promise<FileReport> {
	return (await scanFile(path, options)).report;
}

const writeErrnos = new Set(['ENOSPC', 'EDQUOT', 'EFBIG', 'EIO', 'EROFS']);

/**
 * `validateFile`, and with `conversion` the same pass also writes each range's records
 * (see source/core/convert): one scan, one set of checks for both.
 */
export async function scanFile(path: string, options: ValidateOptions = {}, conversion?: ConversionHooks): Promise<ScanOutcome> {
	const format = formatOfPath(path);
	if (format === undefined) {
		throw new AppError('format-unsupported', `${path} is neither .csv nor .jsonl/.ndjson.`, {hint: 'ASAPP takes CSV or JSONL; name the file by its format.'});
	}

	options.signal?.throwIfAborted();
	const maxFindings = options.maxFindings ?? defaultMaxFindings;
	const maxRecordBytes = options.maxRecordBytes ?? 64 * 1024 * 1024;
	if ((options.inMemoryUpToBytes ?? 0) > 0 && conversion === undefined) {
		let small;
		try {
			small = readSmallFile(path, options.inMemoryUpToBytes!);
		} catch (error) {
			throw unreadable(path, error);
		}

		if (small) {
			return validateOpenFile(memorySource(small.data, small.stats), path, format, options, maxFindings, maxRecordBytes);
		}
	}

	let handle: FileHandle;
	try {
		handle = await open(path, 'r');
	} catch (error) {
		throw unreadable(path, error);
	}

	try {
		return await validateOpenFile(handle, path, format, options, maxFindings, maxRecordBytes, conversion);
	} catch (error) {
		if (options.signal?.aborted || error instanceof AppError) {
			throw error;
		}

		const code = errnoCode(error);
		if (conversion !== undefined && code !== undefined && writeErrnos.has(code)) {
			throw new AppError('output-unwritable', `Cannot write the converted file: ${code === 'ENOSPC' || code === 'EDQUOT' ? 'the disk is full' : error instanceof Error ? error.message : code}.`, {hint: 'Free some space or write the output to another disk; nothing was left behind.', cause: error});
		}

		throw unreadable(path, error);
	} finally {
		await handle.close();
	}
}

async function validateOpenFile(handle: Source, path: string, format: FileFormat, options: ValidateOptions, maxFindings: number, maxRecordBytes: number, conversion?: ConversionHooks): Promise<ScanOutcome> {
	const stats = await handle.stat();
	if (!stats.isFile()) {
		throw unreadable(path, Object.assign(new Error('not a regular file'), {code: stats.isDirectory() ? 'EISDIR' : undefined}));
	}

	const size = stats.size;
	const findings = new FindingCollector(maxFindings);
	const profile = emptyProfilePart();
	let exporter: Exporter | undefined;
	const fileReport = (schema: Schema | undefined): FileReport => {
		const {data} = findings;
		return {
			path,
			schema: schema?.name ?? null,
			format,
			valid: data.errorCount === 0,
			records: profile.records,
			errorCount: data.errorCount,
			warningCount: data.warningCount,
			ruleCounts: data.ruleCounts,
			findingsCapped: data.errors.length < data.errorCount || data.warnings.length < data.warningCount,
			errors: sortFindings(data.errors),
			warnings: sortFindings(data.warnings),
			profile: finishProfile(profile, schema?.mainTimestamp ?? null, schema?.name === 'transcripts'),
			exporter: exporter ?? null,
		};
	};

	const report = (schema: Schema | undefined): ScanOutcome => ({report: fileReport(schema)});

	if (size === 0) {
		findings.add('empty-file', null, null, 'the file is empty');
		return report(options.schema === undefined ? undefined : schemas[options.schema]);
	}

	const start = await readAt(handle, 0, 3);
	const utf16 = start.length >= 2 ? (start[0] === 0xff && start[1] === 0xfe ? 'UTF-16LE' : (start[0] === 0xfe && start[1] === 0xff ? 'UTF-16BE' : undefined)) : undefined;
	if (utf16 !== undefined) {
		findings.add('invalid-utf8', 1, null, `the file is ${utf16} (it starts with a UTF-16 byte-order mark), not UTF-8`, undefined,
			`Save or export the file as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8 converts this ${utf16} file).`);
		return report(options.schema === undefined ? undefined : schemas[options.schema]);
	}

	const bomLength = start.length === 3 && start[0] === 0xef && start[1] === 0xbb && start[2] === 0xbf ? 3 : 0;
	const repairs = emptyRepairs();
	if (bomLength > 0) {
		if (conversion?.repair) {
			addRepair(repairs, {line: 1, field: null, code: 'bom-dropped'});
		} else {
			findings.add('utf8-bom', 1, null, 'the file starts with a UTF-8 byte-order mark');
		}
	}

	const head = format === 'csv'
		? await inspectCsvHead(handle, size, bomLength, options.schema, findings, maxRecordBytes)
		: await inspectJsonHead(handle, size, bomLength, options.schema, findings);
	if (head?.schema === undefined) {
		return report(undefined);
	}

	const {schema} = head;
	if (format === 'csv') {
		const sample = await readAt(handle, head.bodyStart, Math.min(size - head.bodyStart, headChunk));
		exporter = detectExporter(sample, head.bodyStart + sample.length >= size, {schema, columns: head.columns, delimiter: head.delimiter, bom: bomLength > 0, crlf: head.crlf});
	}

	const workers = Math.max(1, options.workers ?? Math.min(availableParallelism(), 4));
	const bodyBytes = size - head.bodyStart;
	const split = schema.recordIndependent && workers > 1 && bodyBytes >= (options.minParallelBytes ?? 8 * 1024 * 1024);
	const rangeCount = split ? workers : 1;
	const useWorkers = handle.data === undefined && !options.inThread && (split || bodyBytes >= (options.minParallelBytes ?? 8 * 1024 * 1024));
	// When one range fails, the others stop too.
	const stopAll = new AbortController();
	const signal = options.signal === undefined ? stopAll.signal : AbortSignal.any([options.signal, stopAll.signal]);
	const run = useWorkers ? runInWorker(signal) : runInThread(signal, handle);
	let conversionHead: ConversionHead | undefined;
	let parts: Array<{output: number; invalidRows: number}> | undefined;
	if (conversion !== undefined) {
		if (format !== 'csv') {
			throw new AppError('format-unsupported', `${path} is not a CSV file.`, {hint: 'Only CSV files are converted; JSONL is already what ASAPP prefers.'});
		}

		conversionHead = {schema, header: await readAt(handle, 0, head.bodyLine === 1 ? 0 : head.bodyStart), delimiter: head.delimiter, columns: head.columns};
		parts = await conversion.openParts(rangeCount, conversionHead);
	}

	const jobFor = (start: number, end: number, exactStart: boolean, firstLine: number, range: number): ScanJob => ({
		fd: handle.fd,
		format,
		schema: schema.name,
		columns: head.columns,
		delimiter: head.delimiter,
		start,
		end,
		exactStart,
		wholeBody: rangeCount === 1,
		maxFindings,
		maxRecordBytes,
		firstLine,
		...(parts === undefined ? {} : {conversion: {outputFd: parts[range]!.output, invalidRowsFd: parts[range]!.invalidRows, repair: conversion!.repair, exporter: exporter?.tool}}),
	});

	// Progress per range, summed for the caller.
	const progressBytes = new Array<number>(rangeCount).fill(0);
	const progressRecords = new Array<number>(rangeCount).fill(0);
	const reportProgress = (range: number) => (bytes: number, records: number): void => {
		progressBytes[range] = bytes;
		progressRecords[range] = records;
		const total = progressBytes.reduce((sum, value) => sum + value, 0);
		options.onProgress?.({bytesRead: Math.min(size, head.bodyStart + total), totalBytes: size, records: progressRecords.reduce((sum, value) => sum + value, 0)});
	};

	const cuts = Array.from({length: rangeCount + 1}, (_, index) => (index === rangeCount ? size : head.bodyStart + Math.floor(bodyBytes * index / rangeCount)));
	const jobs = cuts.slice(0, -1).map((cut, index) => jobFor(cut, cuts[index + 1]!, index === 0, index === 0 ? head.bodyLine : 1, index));
	let results: ScanResult[];
	try {
		results = await Promise.all(jobs.map(async (job, index) => run(job, reportProgress(index))));
	} catch (error) {
		stopAll.abort(error);
		throw error;
	}

	// A guessed start is right exactly when the range before ends on it; otherwise (a quoted
	// line break at the cut) check that range again from the true boundary.
	for (let index = 1; index < results.length; index++) {
		const previousEnd = results[index - 1]!.endBoundary;
		if (results[index]!.startBoundary !== previousEnd) {
			results[index] = await run(jobFor(previousEnd, Math.max(previousEnd, cuts[index + 1]!), true, 1, index), reportProgress(index));
		}
	}

	let line = head.bodyLine;
	for (const [index, result] of results.entries()) {
		findings.append(index === 0 ? result.findings : shiftLines(result.findings, line - 1));
		mergeProfileParts(profile, result.profile);
		if (result.conversion !== undefined) {
			appendRepairs(repairs, result.conversion.repairs, index === 0 ? 0 : line - 1);
		}

		line += result.newlines;
	}

	if (profile.records === 0 && findings.data.errorCount === 0) {
		findings.add('no-records', null, null, 'the file holds no records');
	}

	const after = await handle.stat();
	const lastEnd = results.at(-1)!.endBoundary;
	if (after.size !== size || after.mtimeMs !== stats.mtimeMs || lastEnd < size) {
		findings.add('file-changed', null, null, 'the file changed while it was being read; the report may not match its content');
	}

	const outcome = report(schema);
	if (conversionHead !== undefined) {
		outcome.conversion = {head: conversionHead, parts: results.map(result => result.conversion!), repairs};
	}

	return outcome;
}
