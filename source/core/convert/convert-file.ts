import {constants} from 'node:fs';
import {devNull} from 'node:os';
import {open, unlink, type FileHandle} from 'node:fs/promises';
import path from 'node:path';
import {AppError} from '../app-error.js';
import {FileExistsError, pathExists, publishWithoutReplacing, temporarySibling} from '../fs/write-new-files.js';
import type {FileReport} from '../validate/file-report.js';
import {emptyRepairs, type CollectedRepairs} from '../validate/repairs.js';
import type {SchemaName} from '../validate/schemas.js';
import {formatOfPath, scanFile, type ConversionHead, type ValidateProgress} from '../validate/validate-file.js';

export type ConvertOptions = {
	/** Check against this table instead of telling it from the header. */
	schema?: SchemaName;
	/** The JSONL file to write; default: the input's name with .jsonl. Never replaced. */
	out?: string;
	/** Make the certain repairs, each reported. */
	fix?: boolean;
	/** Write the failing records here as CSV, with the header and an errors column. Never replaced. */
	invalidRowsPath?: string;
	/** Write the valid records even when others have errors. */
	skipInvalid?: boolean;
	/**
	 * Write nothing: run the same pass into the null device to learn what a conversion would
	 * do (its repairs, whether it would be refused). `out` and `invalidRowsPath` are ignored.
	 */
	preview?: boolean;
	signal?: AbortSignal;
	onProgress?: (progress: ValidateProgress) => void;
	maxFindings?: number;
	/** Tuning, as for validateFile. */
	workers?: number;
	minParallelBytes?: number;
	inThread?: boolean;
};

/** Why no JSONL was written, when none was. */
export type ConvertRefusal =
	/** Records with errors (and no --skip-invalid). */
	| 'record-errors'
	/** Errors about the file as a whole: no schema, a missing required column, ... */
	| 'file-errors';

export type ConvertResult = {
	path: string;
	/** The same report `validate` gives, after the repairs when they were asked for. */
	report: FileReport;
	/** The JSONL written, or null. */
	output: string | null;
	refusal: ConvertRefusal | null;
	/** Records written to the JSONL. */
	written: number;
	/** Records with errors, left out of the JSONL. */
	invalidRecords: number;
	repairs: CollectedRepairs;
	/** The invalid-rows file written (only when a record failed), or null. */
	invalidRows: {path: string; records: number} | null;
};

/** `calls.csv` -> `calls.jsonl`, beside it. */
export function defaultOutputPath(input: string): string {
	const extension = path.extname(input);
	return `${extension === '' ? input : input.slice(0, -extension.length)}.jsonl`;
}

const copyChunk = 4 * 1024 * 1024;

/** Appends bytes 0..length of `from` to `to` at `offset`, in chunks, stopping on abort. */
async function appendPart(from: FileHandle, length: number, to: FileHandle, offset: number, signal: AbortSignal | undefined): Promise<void> {
	const buffer = Buffer.allocUnsafe(Math.min(copyChunk, Math.max(length, 1)));
	let done = 0;
	while (done < length) {
		signal?.throwIfAborted();
		const {bytesRead} = await from.read(buffer, 0, Math.min(buffer.length, length - done), done);
		if (bytesRead === 0) {
			throw new AppError('output-unwritable', 'A part of the converted file was shorter than written.', {hint: 'Convert the file again.'});
		}

		let written = 0;
		while (written < bytesRead) {
			written += (await to.write(buffer, written, bytesRead - written, offset + done + written)).bytesWritten;
		}

		done += bytesRead;
	}
}

/** The header of the invalid-rows file: the original header (byte-order mark kept) and an `errors` column. */
function invalidRowsHeader(head: ConversionHead): Buffer {
	const {header} = head;
	if (header.length === 0) {
		return header;
	}

	let end = header.length;
	let terminator = '';
	if (header[end - 1] === 0x0a) {
		end--;
		terminator = '\n';
		if (header[end - 1] === 0x0d) {
			end--;
			terminator = '\r\n';
		}
	}

	return Buffer.concat([header.subarray(0, end), Buffer.from([head.delimiter]), Buffer.from(`errors${terminator || '\n'}`, 'latin1')]);
}

type Part = {path: string; handle: FileHandle};

function scanOptions(options: ConvertOptions) {
	return {schema: options.schema, signal: options.signal, onProgress: options.onProgress, maxFindings: options.maxFindings, workers: options.workers, minParallelBytes: options.minParallelBytes, inThread: options.inThread};
}

/** What the records and repairs of a scan add up to, and whether a conversion would be refused. */
function summarise(input: string, outcome: Awaited<ReturnType<typeof scanFile>>, skipInvalid: boolean): ConvertResult {
	const {report, conversion} = outcome;
	const parts = conversion?.parts ?? [];
	const written = parts.reduce((sum, part) => sum + part.written, 0);
	const invalidRecords = parts.reduce((sum, part) => sum + part.invalidRecords, 0);
	const recordErrors = parts.reduce((sum, part) => sum + part.recordErrors, 0);
	const refusal: ConvertRefusal | null = conversion === undefined || report.errorCount > recordErrors ? 'file-errors' : (invalidRecords > 0 && !skipInvalid ? 'record-errors' : null);
	return {path: input, report, output: null, refusal, written: refusal === null ? written : 0, invalidRecords, repairs: conversion?.repairs ?? emptyRepairs(), invalidRows: null};
}

async function previewConversion(input: string, options: ConvertOptions): Promise<ConvertResult> {
	const handles: FileHandle[] = [];
	try {
		const outcome = await scanFile(input, scanOptions(options), {
			repair: options.fix === true,
			invalidRows: false,
			async openParts(rangeCount) {
				const fds: Array<{output: number; invalidRows: number}> = [];
				for (let range = 0; range < rangeCount; range++) {
					const handle = await open(devNull, 'w');
					handles.push(handle);
					fds.push({output: handle.fd, invalidRows: -1});
				}

				return fds;
			},
		});
		return summarise(input, outcome, options.skipInvalid === true);
	} finally {
		await Promise.all(handles.map(async handle => handle.close()));
	}
}

/**
 * Converts one CSV file to typed JSONL in the same pass that validates it (the checks of
 * `validate`, the byte ranges and worker threads of `validate`), each range into its own
 * temporary part beside the output. Only when the whole file is done, and clean (or
 * `skipInvalid`), are the parts joined and the result linked to its name; an existing file
 * is never replaced, and a failure or an abort leaves no file behind.
 * Throws AppError('format-unsupported') for a file that is not .csv, FileExistsError when
 * the output or the invalid-rows file exists, and what validateFile throws.
 */
export async function convertFile(input: string, options: ConvertOptions = {}): Promise<ConvertResult> {
	if (formatOfPath(input) !== 'csv') {
		throw new AppError('format-unsupported', `${input} is not a .csv file.`, {hint: formatOfPath(input) === 'jsonl' ? 'The file is JSONL already: validate it and send it as it is.' : 'Convert takes CSV files (.csv).'});
	}

	if (options.preview === true) {
		return previewConversion(input, options);
	}

	const output = options.out ?? defaultOutputPath(input);
	const targets = [output, ...(options.invalidRowsPath === undefined ? [] : [options.invalidRowsPath])];
	if (new Set([path.resolve(input), ...targets.map(target => path.resolve(target))]).size !== targets.length + 1) {
		throw new AppError('output-same-as-input', 'The input, the output and the invalid-rows file must be three different files.', {hint: 'Choose another name for the output.'});
	}

	for (const target of targets) {
		if (await pathExists(target)) {
			throw new FileExistsError(target, 'Choose another output name, or move the existing file away first.');
		}
	}

	const outputParts: Part[] = [];
	const invalidParts: Part[] = [];
	const openPart = async (target: string, purpose: string, into: Part[]): Promise<number> => {
		const partPath = temporarySibling(target, purpose);
		const handle = await open(partPath, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL, 0o666);
		into.push({path: partPath, handle});
		return handle.fd;
	};

	const published: string[] = [];
	try {
		const outcome = await scanFile(input, scanOptions(options), {
			repair: options.fix === true,
			invalidRows: options.invalidRowsPath !== undefined,
			async openParts(rangeCount) {
				const fds: Array<{output: number; invalidRows: number}> = [];
				for (let range = 0; range < rangeCount; range++) {
					fds.push({
						output: await openPart(output, `part${range}`, outputParts),
						invalidRows: options.invalidRowsPath === undefined ? -1 : await openPart(options.invalidRowsPath, `part${range}`, invalidParts),
					});
				}

				return fds;
			},
		});
		const result = summarise(input, outcome, options.skipInvalid === true);
		const {conversion} = outcome;
		const parts = conversion?.parts ?? [];
		const {invalidRecords, refusal} = result;

		if (options.invalidRowsPath !== undefined && conversion !== undefined && invalidRecords > 0) {
			const [first, ...rest] = invalidParts;
			const header = invalidRowsHeader(conversion.head);
			// The header goes in front: join into a fresh part, then publish that.
			const joined = await openPart(options.invalidRowsPath, 'joined', invalidParts).then(() => invalidParts.at(-1)!);
			await joined.handle.write(header, 0, header.length, 0);
			let offset = header.length;
			for (const [index, part] of [first!, ...rest].entries()) {
				await appendPart(part.handle, parts[index]!.invalidRowsBytes, joined.handle, offset, options.signal);
				offset += parts[index]!.invalidRowsBytes;
			}

			await joined.handle.sync();
			await publishWithoutReplacing(joined.path, options.invalidRowsPath, 'Choose another name for the invalid rows.');
			published.push(options.invalidRowsPath);
			result.invalidRows = {path: options.invalidRowsPath, records: invalidRecords};
		}

		if (refusal === null) {
			const [first, ...rest] = outputParts;
			let offset = parts[0]!.outputBytes;
			await first!.handle.truncate(offset);
			for (const [index, part] of rest.entries()) {
				await appendPart(part.handle, parts[index + 1]!.outputBytes, first!.handle, offset, options.signal);
				offset += parts[index + 1]!.outputBytes;
			}

			options.signal?.throwIfAborted();
			await first!.handle.sync();
			await publishWithoutReplacing(first!.path, output, 'Choose another output name, or move the existing file away first.');
			published.push(output);
			result.output = output;
		}

		return result;
	} catch (error) {
		await Promise.all(published.map(async file => unlink(file).catch(() => undefined)));
		throw error;
	} finally {
		for (const part of [...outputParts, ...invalidParts]) {
			await part.handle.close().catch(() => undefined);
			await unlink(part.path).catch(() => undefined);
		}
	}
}
