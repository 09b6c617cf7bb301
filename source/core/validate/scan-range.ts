import {isUtf8} from 'node:buffer';
import {read} from 'node:fs';
import {promisify} from 'node:util';
import {CsvRecord, CsvRecordSkipper, readCsvRecord} from './csv-tokenizer.js';
import {FindingCollector, type CollectedFindings} from './finding-collector.js';
import {emptyProfilePart, type ProfilePart} from './profile.js';
import {RecordChecker} from './record-checker.js';
import {schemas, type SchemaName} from './schemas.js';
import {RangeConverter, type RangeConversion, type RangeConversionResult} from '../convert/range-converter.js';

export type FileFormat = 'csv' | 'jsonl';

/** One byte range of a file to check; plain data, so a worker thread can receive it. */
export type ScanJob = {
	/**
	 * An open descriptor of the file, shared by all threads of the process: workers read the
	 * very file the caller opened, even if its name disappears meanwhile. The caller closes it.
	 */
	fd: number;
	format: FileFormat;
	schema: SchemaName;
	/** CSV: the schema field index of each column, -1 for a column the schema lacks. */
	columns: number[];
	/** CSV delimiter byte. */
	delimiter: number;
	/** Records that start before `end` belong to this job. */
	start: number;
	end: number;
	/**
	 * True when `start` is known to be a record boundary. Otherwise the job guesses that the
	 * line after the first line feed at or after `start` begins a record, which the job before
	 * it confirms or refutes (a quoted line break can make the guess wrong).
	 */
	exactStart: boolean;
	/** True when this job ends at the end of the file and covers the whole body (whole-file rules run). */
	wholeBody: boolean;
	maxFindings: number;
	maxRecordBytes: number;
	/** The line number at `start` when known (the first range), else 1: lines are then shifted after the merge. */
	firstLine: number;
	/** CSV only: also write the range's records as JSONL (convert). */
	conversion?: RangeConversion;
};

export type ScanResult = {
	/** Where the job's first record starts: `start`, or the guessed boundary. */
	startBoundary: number;
	/** Just past the job's last record: the first record boundary at or after `end`, or the file's end. */
	endBoundary: number;
	/** Line feeds between the two boundaries. */
	newlines: number;
	/** Findings with lines counted from `job.firstLine` at `startBoundary`. */
	findings: CollectedFindings;
	profile: ProfilePart;
	conversion?: RangeConversionResult;
};

export type ScanProgress = {bytes: number; records: number};

const chunkSize = 1024 * 1024;
const progressEvery = 8 * chunkSize;
const lineFeed = 0x0a;
const unclosedMessage = 'a quoted value starts in this record and never ends; the rest of the file could not be read';

function tooLargeMessage(job: ScanJob): string {
	const size = job.maxRecordBytes >= 1024 * 1024 ? `${Math.round(job.maxRecordBytes / 1024 / 1024)} MiB` : `${Math.round(job.maxRecordBytes / 1024)} KiB`;
	return `record is longer than ${size}; it was not checked`;
}

const readPromise = promisify(read);

/** Reads up to `length` bytes at file `position` into `buffer` at `offset`; 0 at the end of the file. */
export type ReadAt = (buffer: Buffer, offset: number, length: number, position: number) => Promise<number>;

function readerOfDescriptor(fd: number): ReadAt {
	return async (buffer, offset, length, position) => {
		const {bytesRead} = await readPromise(fd, buffer, offset, length, position);
		return bytesRead;
	};
}

/** Reads a file forward through one growing window; the caller says which bytes it still needs. */
class WindowReader {
	buffer: Buffer;
	/** File offset of buffer[0]. */
	base: number;
	length = 0;
	eof = false;

	/** `size`, when known, keeps the window no larger than the file (small files are common). */
	constructor(private readonly readAt: ReadAt, start: number, private readonly size?: number) {
		this.base = start;
		this.buffer = Buffer.allocUnsafe(size === undefined ? 2 * chunkSize : Math.min(2 * chunkSize, Math.max(size - start, 0) + 1));
	}

	/** Drops the bytes before `keepFrom` and reads more; sets `eof` when the file has no more. */
	async more(keepFrom: number): Promise<void> {
		if (keepFrom > 0) {
			this.buffer.copyWithin(0, keepFrom, this.length);
			this.base += keepFrom;
			this.length -= keepFrom;
		}

		// Read at least as much as is kept, so one huge record costs O(n) reads, not O(n^2).
		let want = Math.max(chunkSize, this.length);
		if (this.size !== undefined) {
			// One byte past the end: a read of 0 then says "end of file".
			want = Math.min(want, Math.max(this.size - (this.base + this.length), 0) + 1);
		}

		if (this.buffer.length - this.length < want) {
			const grown = Buffer.allocUnsafe(this.length + want);
			this.buffer.copy(grown, 0, 0, this.length);
			this.buffer = grown;
		}

		const bytesRead = await this.readAt(this.buffer, this.length, want, this.base + this.length);
		if (bytesRead === 0) {
			this.eof = true;
		}

		this.length += bytesRead;
	}
}

/**
 * Checks the records of one byte range of a file and returns findings, profile and the
 * boundaries it found. Runs inside a worker thread or on the calling thread alike.
 */
export async function scanRange(job: ScanJob, options: {onProgress?: (progress: ScanProgress) => void; signal?: AbortSignal; readAt?: ReadAt; size?: number} = {}): Promise<ScanResult> {
	const collector = new FindingCollector(job.maxFindings);
	const profile = emptyProfilePart();
	const checker = new RecordChecker(schemas[job.schema], collector, profile);
	checker.columns = Int32Array.from(job.columns);
	const converter = job.conversion === undefined ? undefined : new RangeConverter(job.conversion, checker, collector, job.columns, job.delimiter);
	const readFrom = job.exactStart || job.start === 0 ? job.start : job.start - 1;
	const reader = new WindowReader(options.readAt ?? readerOfDescriptor(job.fd), readFrom, options.size);
	let position = 0;
	await reader.more(0);
	if (!job.exactStart && job.start > 0) {
		// Guess: the record boundary is just past the first line feed at or after start - 1.
		for (;;) {
			const found = reader.buffer.subarray(0, reader.length).indexOf(lineFeed, position);
			if (found >= 0) {
				position = found + 1;
				break;
			}

			if (reader.eof) {
				position = reader.length;
				break;
			}

			position = reader.length;
			await reader.more(position);
			position = 0;
		}
	}

	const startBoundary = reader.base + position;
	let line = job.firstLine;
	let lastProgress = startBoundary;
	// UTF-8 is checked per buffer up to its last line feed; a failing stretch is re-checked per record.
	let utf8CheckedTo = startBoundary;
	let invalidUtf8Until = startBoundary;
	const checkUtf8Ahead = (): void => {
		const {buffer, base, length, eof} = reader;
		const until = eof ? length : buffer.subarray(0, length).lastIndexOf(lineFeed) + 1;
		// Bytes dropped unchecked (inside a record too large to check) have been reported already.
		const from = Math.max(utf8CheckedTo - base, 0);
		if (until <= from) {
			return;
		}

		if (!isUtf8(buffer.subarray(from, until))) {
			invalidUtf8Until = base + until;
		}

		utf8CheckedTo = base + until;
	};

	const reportInvalidUtf8 = (from: number, to: number, recordLine: number): void => {
		const bytes = reader.buffer.subarray(from, to);
		if (isUtf8(bytes)) {
			return;
		}

		// Name the line inside the record that holds the bad bytes.
		let lineStart = 0;
		let lineNumber = recordLine;
		while (lineStart < bytes.length) {
			let lineEnd = bytes.indexOf(lineFeed, lineStart);
			lineEnd = lineEnd < 0 ? bytes.length : lineEnd + 1;
			if (!isUtf8(bytes.subarray(lineStart, lineEnd))) {
				collector.add('invalid-utf8', lineNumber, null, 'bytes that are not valid UTF-8');
				return;
			}

			lineStart = lineEnd;
			lineNumber++;
		}

		collector.add('invalid-utf8', recordLine, null, 'bytes that are not valid UTF-8 (a character split across lines)');
	};

	checkUtf8Ahead();
	const csvRecord = new CsvRecord();
	let endBoundary = -1;
	let newlines = 0;
	for (;;) {
		const {buffer, base, length, eof} = reader;
		if (base + position >= job.end) {
			endBoundary = base + position;
			break;
		}

		if (position >= length && eof) {
			endBoundary = base + position;
			break;
		}

		let next: number;
		if (job.format === 'csv') {
			next = readCsvRecord(buffer, position, length, eof, job.delimiter, csvRecord);
		} else {
			const found = position < length ? buffer.indexOf(lineFeed, position) : -1;
			next = found >= 0 && found < length ? found + 1 : (eof ? length : -1);
		}

		if (next < 0) {
			if (length - position > job.maxRecordBytes) {
				const errorsBefore = collector.data.errorCount;
				const skipped = await skipHugeRecord(reader, position, job, collector, line);
				converter?.afterRecord(reader.buffer, 0, 0, errorsBefore, undefined, false);
				line += skipped.newlines;
				newlines += skipped.newlines;
				position = skipped.position;
				checkUtf8Ahead();
				continue;
			}

			options.signal?.throwIfAborted();
			await reader.more(position);
			position = 0;
			checkUtf8Ahead();
			if (reader.base - lastProgress >= progressEvery) {
				lastProgress = reader.base;
				options.onProgress?.({bytes: reader.base - startBoundary, records: profile.records});
			}

			continue;
		}

		const errorsBefore = collector.data.errorCount;
		if (base + position < invalidUtf8Until) {
			reportInvalidUtf8(position, next, line);
		}

		let recordNewlines: number;
		let checked = false;
		if (next - position > job.maxRecordBytes) {
			// Same verdict whether or not the record happened to fit the buffer.
			recordNewlines = job.format === 'csv' ? csvRecord.newlines : (buffer[next - 1] === lineFeed ? 1 : 0);
			collector.add('record-too-large', line, null, tooLargeMessage(job));
			if (job.format === 'csv' && csvRecord.unclosed) {
				collector.add('unclosed-quote', line, null, unclosedMessage);
			}
		} else if (job.format === 'csv') {
			recordNewlines = csvRecord.newlines;
			if (csvRecord.unclosed) {
				collector.add('unclosed-quote', line, null, unclosedMessage);
			} else if (csvRecord.isBlank) {
				collector.add('blank-line', line, null, 'empty line between records');
			} else {
				checker.checkCsvRecord(csvRecord, line);
				checked = true;
			}
		} else {
			recordNewlines = buffer[next - 1] === lineFeed ? 1 : 0;
			checkJsonLine(buffer, position, next - recordNewlines, line, checker, collector);
		}

		if (converter !== undefined) {
			// A record too large to check is counted, not copied: its bytes may not fit in memory.
			const tooLarge = next - position > job.maxRecordBytes;
			converter.afterRecord(buffer, position, tooLarge ? position : next, errorsBefore, csvRecord, checked);
		}

		line += recordNewlines;
		newlines += recordNewlines;
		position = next;
	}

	if (job.wholeBody) {
		checker.finish();
	}

	options.onProgress?.({bytes: endBoundary - startBoundary, records: profile.records});
	const result: ScanResult = {startBoundary, endBoundary, newlines, findings: collector.data, profile};
	if (converter !== undefined) {
		result.conversion = converter.finish();
	}

	return result;
}

function checkJsonLine(buffer: Buffer, start: number, end: number, line: number, checker: RecordChecker, collector: FindingCollector): void {
	if (end > start && buffer[end - 1] === 0x0d) {
		end--;
	}

	let first = start;
	while (first < end && (buffer[first] === 0x20 || buffer[first] === 0x09)) {
		first++;
	}

	if (first === end) {
		collector.add('blank-line', line, null, 'empty line between records');
		return;
	}

	if (buffer[first] !== 0x7b /* { */) {
		collector.add('json-not-object', line, null, 'line is not a JSON object (it must start with {)', buffer.toString('utf8', start, Math.min(end, start + 200)));
		return;
	}

	let value: unknown;
	try {
		value = JSON.parse(buffer.toString('utf8', start, end));
	} catch (error) {
		const reason = error instanceof Error ? error.message.slice(0, 160) : 'unreadable';
		collector.add('json-not-object', line, null, `line is not valid JSON: ${reason}`, buffer.toString('utf8', start, Math.min(end, start + 200)));
		return;
	}

	if (typeof value !== 'object' || value === null || Array.isArray(value)) {
		collector.add('json-not-object', line, null, 'line is not a JSON object', buffer.toString('utf8', start, Math.min(end, start + 200)));
		return;
	}

	checker.checkJsonRecord(value as Record<string, unknown>, line);
}

/**
 * A record longer than `maxRecordBytes`: report it, then read on to its end keeping only
 * the quote state, so memory stays bounded whatever the file holds.
 */
async function skipHugeRecord(reader: WindowReader, position: number, job: ScanJob, collector: FindingCollector, line: number): Promise<{position: number; newlines: number}> {
	collector.add('record-too-large', line, null, tooLargeMessage(job));
	const skipper = new CsvRecordSkipper(job.format === 'csv' ? job.delimiter : -1);
	let from = position;
	for (;;) {
		const end = job.format === 'csv' ? skipper.skip(reader.buffer, from, reader.length) : lineEndAfter(reader.buffer, from, reader.length, skipper);
		if (end >= 0) {
			return {position: end, newlines: skipper.newlines};
		}

		if (reader.eof) {
			if (skipper.insideQuotes) {
				collector.add('unclosed-quote', line, null, unclosedMessage);
			}

			return {position: reader.length, newlines: skipper.newlines};
		}

		await reader.more(reader.length);
		from = 0;
	}
}

function lineEndAfter(buffer: Buffer, from: number, limit: number, skipper: CsvRecordSkipper): number {
	const found = buffer.subarray(0, limit).indexOf(lineFeed, from);
	if (found < 0) {
		return -1;
	}

	skipper.newlines++;
	return found + 1;
}
