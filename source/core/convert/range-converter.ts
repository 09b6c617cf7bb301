import type {FindingCollector} from '../validate/finding-collector.js';
import type {CsvCells, RecordChecker} from '../validate/record-checker.js';
import {emptyRepairs, type CollectedRepairs} from '../validate/repairs.js';
import {ByteSink} from './byte-sink.js';
import {JsonlRecordWriter} from './jsonl-record-writer.js';
import type {ExporterId} from '../validate/exporter-fingerprint.js';

/** What a byte range's scan also does when it converts; plain data, so a worker can receive it. */
export type RangeConversion = {
	/** Where the range's JSONL goes, written from offset 0. */
	outputFd: number;
	/** Where the range's failing records go as CSV rows with an errors column, or -1. */
	invalidRowsFd: number;
	/** Make the certain repairs (--fix). */
	repair: boolean;
	exporter: ExporterId | undefined;
};

/** What one range's conversion produced. */
export type RangeConversionResult = {
	/** Records written as JSON. */
	written: number;
	/** Records with at least one error (not written). */
	invalidRecords: number;
	/** Errors found inside records; the rest of a report's errors concern the whole file. */
	recordErrors: number;
	outputBytes: number;
	invalidRowsBytes: number;
	repairs: CollectedRepairs;
};

const lineFeed = 0x0a;
const carriageReturn = 0x0d;

function csvQuoted(text: string): Buffer {
	return Buffer.from(`"${text.replaceAll('"', '""')}"`, 'utf8');
}

/**
 * Follows a range's scan record by record: a record without errors goes to the JSONL part,
 * a record with errors goes, in its original bytes plus an errors cell, to the invalid-rows part.
 */
export class RangeConverter {
	private readonly output: ByteSink;
	private readonly invalidRows: ByteSink | undefined;
	private readonly writer: JsonlRecordWriter;
	private readonly delimiter: Buffer;
	readonly repairs = emptyRepairs();
	private written = 0;
	private invalidRecords = 0;
	private recordErrors = 0;

	constructor(conversion: RangeConversion, private readonly checker: RecordChecker, private readonly findings: FindingCollector, columns: readonly number[], delimiter: number) {
		this.output = new ByteSink(conversion.outputFd);
		this.invalidRows = conversion.invalidRowsFd < 0 ? undefined : new ByteSink(conversion.invalidRowsFd);
		this.writer = new JsonlRecordWriter(checker.schema, columns);
		this.delimiter = Buffer.from([delimiter]);
		if (conversion.repair) {
			checker.repair = {repairs: this.repairs, exporter: conversion.exporter};
		}

		if (this.invalidRows !== undefined) {
			findings.recordErrors = [];
		}
	}

	/** Before each record: where the error count stands. */
	get errorCount(): number {
		return this.findings.data.errorCount;
	}

	/**
	 * After a record at bytes start..end of `buffer` (its terminator included); `cells` is
	 * undefined when the record was not checked (blank line, too large, unclosed).
	 */
	afterRecord(buffer: Buffer, start: number, end: number, errorsBefore: number, cells: CsvCells | undefined, checked: boolean): void {
		const errors = this.findings.data.errorCount - errorsBefore;
		if (errors === 0) {
			if (checked && cells !== undefined) {
				this.writer.write(this.output, cells, this.checker.kinds, this.checker.replacements);
				this.written++;
			}

			if (this.findings.recordErrors !== undefined) {
				this.findings.recordErrors.length = 0;
			}

			return;
		}

		this.invalidRecords++;
		this.recordErrors += errors;
		const sink = this.invalidRows;
		if (sink === undefined) {
			return;
		}

		const descriptions = this.findings.recordErrors!;
		if (end - start > 0) {
			let bodyEnd = end;
			let terminator = '\n';
			if (buffer[bodyEnd - 1] === lineFeed) {
				bodyEnd--;
				if (bodyEnd > start && buffer[bodyEnd - 1] === carriageReturn) {
					bodyEnd--;
					terminator = '\r\n';
				}
			}

			sink.append(buffer.subarray(start, bodyEnd));
			sink.append(this.delimiter);
			sink.append(csvQuoted(descriptions.join('; ')));
			sink.append(Buffer.from(terminator, 'latin1'));
			sink.maybeFlush();
		}

		descriptions.length = 0;
	}

	finish(): RangeConversionResult {
		this.output.flush();
		this.invalidRows?.flush();
		return {
			written: this.written,
			invalidRecords: this.invalidRecords,
			recordErrors: this.recordErrors,
			outputBytes: this.output.written,
			invalidRowsBytes: this.invalidRows?.written ?? 0,
			repairs: this.repairs,
		};
	}
}
