import {writeSync} from 'node:fs';
import {link, open, readFile, rename, stat, unlink, writeFile, type FileHandle} from 'node:fs/promises';
import path from 'node:path';
import {AppError, errnoCode} from '../app-error.js';
import {FileExistsError, pathExists} from '../fs/write-new-files.js';
import {localFileError} from '../ssh/ssh-errors.js';
import type {RemoteHandle, SftpSession} from '../ssh/sftp-session.js';
import {channelPoolOf} from './channel-pool.js';
import type {TransferFile, TransferSummary} from './progress.js';
import {longLinkFromRoundTripMs, runTransferQueue, type FileAttempt, type QueueOptions} from './run-queue.js';
import {cancelledError} from './session-keeper.js';

export type DownloadOptions = QueueOptions & {
	/** `localPath` is the final name; data goes to a partial file beside it first. */
	files: TransferFile[];
	/** Replace existing local files. Default false: an existing file fails that download. */
	overwrite?: boolean;
	/** Bytes requested ahead per SFTP channel (default 4 MiB: twice ssh2's 2 MiB channel window). */
	windowBytes?: number;
	/**
	 * On a long link, bytes requested ahead per channel, and the channel's receive window
	 * (default 8 MiB): 2 MiB per round trip is 10 MB/s a channel at 200 ms, and the first
	 * channel carries the file alone while the others open (three round trips).
	 */
	longLinkWindowBytes?: number;
	/**
	 * Files at least this big are read over several SFTP channels at once, by byte ranges
	 * (default 8 MiB): one channel moves at most its window per round trip (about 25 MB/s
	 * at 80 ms), several multiply that. Reading one file from several channels is safe.
	 */
	rangedFromBytes?: number;
	/** Most extra channels one file borrows from its connection (default 7; 10 in all per connection). */
	extraChannelsPerFile?: number;
	/**
	 * Ranges only when the round trip is at least this long (default 10 ms). Below, one
	 * channel's window already outruns the CPU, and more channels (more server processes)
	 * measured slower on loopback.
	 */
	rangedFromRoundTripMs?: number;
};

/**
 * The partial file a download writes to: a fixed name beside the target, so a later run
 * finds it and resumes.
 */
export function partialPathFor(target: string): string {
	return path.join(path.dirname(target), `.${path.basename(target)}.asapp-sftp-partial`);
}

/**
 * Beside a partial file while it is being written out of order: the length of its prefix
 * known complete (pieces arrive from several requests and channels at once, so the file's
 * length says nothing). A run that ends cleanly truncates the partial file to that prefix
 * and removes this; one that was killed leaves it, and the next run trusts only the prefix.
 */
export function prefixPathFor(target: string): string {
	return `${partialPathFor(target)}.done`;
}

/**
 * Where a rerun can start: the recorded complete prefix if a run was cut off while writing
 * out of order, else the partial file's length (written in order, or truncated to its prefix).
 */
async function resumablePrefix(target: string, size: number): Promise<number> {
	const length = await stat(partialPathFor(target)).then(stats => stats.size, () => 0);
	const recorded = await readFile(prefixPathFor(target), 'utf8').then(text => /^\d+$/.test(text.trim()) ? Number(text.trim()) : 0, () => undefined);
	const prefix = recorded === undefined ? length : Math.min(recorded, length);
	return prefix <= size ? prefix : 0;
}

/**
 * Downloads files with many large READ requests outstanding (over several SFTP channels
 * for a big file), writing each piece at its offset into a partial file; when the size
 * matches the server's, the partial file gets the final name (never replacing a file
 * unless `overwrite`). A dropped connection resumes from the complete prefix; a cancel
 * removes the partial file; a final failure keeps it for a rerun.
 */
export async function downloadFiles(options: DownloadOptions): Promise<TransferSummary> {
	const settings: ReadSettings = {
		windowBytes: options.windowBytes ?? 4 * 1024 * 1024,
		longLinkWindowBytes: options.longLinkWindowBytes ?? 8 * 1024 * 1024,
		rangedFromBytes: options.rangedFromBytes ?? 8 * 1024 * 1024,
		extraChannels: Math.max(0, Math.min(options.extraChannelsPerFile ?? 7, 9)),
		rangedFromRoundTripMs: options.rangedFromRoundTripMs ?? longLinkFromRoundTripMs,
	};
	const overwrite = options.overwrite ?? false;
	return runTransferQueue(options.files, {
		async transfer(attempt) {
			return downloadOneFile(attempt, settings, overwrite);
		},
		async resumeOffset(file) {
			return resumablePrefix(file.localPath, file.size);
		},
		async cleanup(file, _session, reason) {
			const partial = partialPathFor(file.localPath);
			if (reason === 'cancelled') {
				await unlink(partial).catch(() => undefined);
				await unlink(prefixPathFor(file.localPath)).catch(() => undefined);
				return {};
			}

			return await pathExists(partial).catch(() => false) ? {partialPath: partial} : {};
		},
	}, options);
}

type ReadSettings = {windowBytes: number; longLinkWindowBytes: number; rangedFromBytes: number; extraChannels: number; rangedFromRoundTripMs: number};

/** Tracks which pieces arrived and how far the file is complete from its start. */
class PrefixTracker {
	private readonly doneAfterPrefix = new Map<number, number>();

	constructor(public prefix: number) {}

	add(position: number, length: number): void {
		this.doneAfterPrefix.set(position, length);
		let next = this.doneAfterPrefix.get(this.prefix);
		while (next !== undefined) {
			this.doneAfterPrefix.delete(this.prefix);
			this.prefix += next;
			next = this.doneAfterPrefix.get(this.prefix);
		}
	}
}

async function downloadOneFile({session, file, signal, onBytes}: FileAttempt, settings: ReadSettings, overwrite: boolean): Promise<number> {
	const target = file.localPath;
	if (!overwrite && await pathExists(target)) {
		throw new FileExistsError(target, 'Use --overwrite to replace it, or --to to download into another folder.');
	}

	// Extra channels take a few round trips to open: ask now, from the planned size.
	const borrowed: SftpSession[] = [];
	let useChannel: ((channel: SftpSession) => void) | undefined;
	const extraFor = (bytes: number) => bytes >= settings.rangedFromBytes ? Math.min(settings.extraChannels, Math.ceil(bytes / (settings.rangedFromBytes / 2))) : 0;
	const longLink = () => (session.roundTripMs ?? 0) >= settings.rangedFromRoundTripMs;
	let plannedExtra = 0;
	let finished = false;
	const borrow = () => {
		plannedExtra = extraFor(file.size);
		if (plannedExtra === 0) {
			return;
		}

		void channelPoolOf(session).borrow(plannedExtra, channel => {
			if (finished) {
				// Opened after this file was done: ready for the next one.
				channelPoolOf(session).giveBack(channel);
				return;
			}

			borrowed.push(channel);
			useChannel?.(channel);
		}).catch(() => undefined);
	};

	// The plan's stat usually measured the link already; else the stat below does.
	const measuredEarly = session.roundTripMs !== undefined;
	if (measuredEarly && longLink()) {
		borrow();
	}

	// Stat and open together: one round trip.
	const opening = session.openForRead(file.remotePath);
	opening.catch(() => undefined);
	const partial = partialPathFor(target);
	const prefixFile = prefixPathFor(target);
	let remote: RemoteHandle | undefined;
	let local: FileHandle | undefined;
	let tracker: PrefixTracker | undefined;
	let failure: unknown;
	try {
		let remoteStat;
		try {
			remoteStat = await session.stat(file.remotePath);
			if (remoteStat.type !== 'file') {
				throw new AppError('not-a-file', `${file.remotePath} is a ${remoteStat.type} on the server, not a file.`, {hint: 'Give the path of a file (use "asapp-sftp ls" to look).'});
			}
		} catch (error) {
			void opening.then(async handle => session.closeHandle(handle), () => undefined).catch(() => undefined);
			throw error;
		}

		const size = remoteStat.size;
		if (!measuredEarly && longLink()) {
			borrow();
		}

		const chunk = Math.max(4096, Math.min(session.maxReadLength, 256 * 1024));
		// Pieces may land out of order only if more than one is in flight.
		const outOfOrder = size > chunk;
		const offset = await resumablePrefix(target, size);
		try {
			local = await open(partial, offset > 0 ? 'r+' : 'w');
			await local.truncate(offset);
			if (outOfOrder) {
				await writeFile(prefixFile, String(offset));
			}
		} catch (error) {
			throw localFileError(error, partial, 'creating the download file');
		}

		remote = await opening;
		onBytes(offset);
		tracker = new PrefixTracker(offset);
		const writeAt = positionedWriter(local);
		const windowBytes = longLink() ? settings.longLinkWindowBytes : settings.windowBytes;
		const slots = Math.max(2, Math.ceil(windowBytes / chunk));
		let next = offset;
		let received = offset;
		let prefixWriting: Promise<void> | undefined;
		let prefixWrittenAt = Date.now();
		const progressTracker = tracker;
		const notePrefix = () => {
			// Now and then, so a killed run can trust what is recorded (never more than is written).
			if (!outOfOrder || prefixWriting || Date.now() - prefixWrittenAt < 500) {
				return;
			}

			prefixWrittenAt = Date.now();
			prefixWriting = writeFile(prefixFile, String(progressTracker.prefix)).catch(() => undefined).finally(() => {
				prefixWriting = undefined;
			});
		};

		// Each worker keeps one READ outstanding (or one local write), so `slots` requests
		// are in flight per channel; all channels take the next piece from one cursor.
		const worker = async (channel: SftpSession, handle: RemoteHandle) => {
			const buffer = Buffer.allocUnsafe(Math.min(chunk, Math.max(1, size - offset)));
			while (failure === undefined && next < size) {
				if (signal.aborted) {
					throw cancelledError();
				}

				const position = next;
				const length = Math.min(buffer.length, size - position);
				next += length;
				let got = 0;
				while (got < length) {
					const bytes = await channel.read(handle, buffer, got, length - got, position + got);
					if (bytes === 0) {
						throw new AppError('remote-changed', `${file.remotePath} became shorter on the server during the download.`, {hint: 'Download it again once it is complete.'});
					}

					got += bytes;
				}

				try {
					await writeAt(buffer.subarray(0, length), position);
				} catch (error) {
					throw localFileError(error, partial, 'writing the download');
				}

				progressTracker.add(position, length);
				received += length;
				onBytes(received);
				notePrefix();
			}
		};

		const runWorkers = async (channel: SftpSession, handle: RemoteHandle) => {
			if (windowBytes > settings.windowBytes) {
				channel.widenReceiveWindow(windowBytes);
			}

			await Promise.all(Array.from({length: slots}, async () => worker(channel, handle).catch((error: unknown) => {
				failure ??= error;
			})));
		};

		const extraWork: Array<Promise<void>> = [];
		let extraInUse = 0;
		const extraWanted = size - offset >= settings.rangedFromBytes ? Math.min(plannedExtra, Math.ceil((size - offset) / (settings.rangedFromBytes / 2))) : 0;
		useChannel = channel => {
			if (failure !== undefined || next >= size || extraInUse >= extraWanted) {
				return;
			}

			extraInUse++;
			extraWork.push((async () => {
				let handle: RemoteHandle;
				try {
					handle = await channel.openForRead(file.remotePath);
				} catch (error) {
					// The main channel carries on; a connection failure shows up there too.
					if (channel.isClosed) {
						failure ??= error;
					}

					return;
				}

				try {
					await runWorkers(channel, handle);
				} finally {
					void channel.closeHandle(handle).catch(() => undefined);
				}
			})());
		};

		for (const channel of borrowed) {
			useChannel(channel);
		}

		const handle = remote;
		await runWorkers(session, handle);
		while (extraWork.length > 0) {
			await Promise.all(extraWork.splice(0));
		}

		if (failure !== undefined) {
			throw failure;
		}

		remote = undefined;
		void session.closeHandle(handle).catch(() => undefined);
		const localSize = (await local.stat()).size;
		if (localSize !== size) {
			throw new AppError('size-mismatch', `${target}: got ${localSize} bytes but the server has ${size}.`, {hint: 'The download was incomplete; it will be retried.'});
		}

		await local.close();
		local = undefined;
		await prefixWriting;
		await unlink(prefixFile).catch(() => undefined);
		await publish(partial, target, overwrite);
		return localSize;
	} catch (error) {
		failure ??= error;
		throw error;
	} finally {
		useChannel = undefined;
		finished = true;
		for (const channel of borrowed) {
			channelPoolOf(session).giveBack(channel);
		}

		if (remote && !session.isClosed) {
			void session.closeHandle(remote).catch(() => undefined);
		}

		if (local && tracker) {
			// Keep only what is complete, so the next try (or run) resumes from the file's length.
			const keep = tracker.prefix;
			await local.truncate(keep).then(async () => unlink(prefixFile), () => undefined).catch(() => undefined);
		}

		await local?.close().catch(() => undefined);
	}
}

/** A local write that took longer than this moves the rest of the file's writes to the thread pool. */
const slowWriteMs = 10;

/**
 * Writes all of `data` at `position`: synchronously while the disk answers quickly, as
 * OpenSSH's sftp does. A 256 KiB write into the page cache takes about 0.1 ms, less than
 * handing it to Node's thread pool and back (wake-ups, a promise, the main thread waiting
 * for a core): a loopback 512 MiB download took 10-15% less client CPU and less time. A
 * write slower than `slowWriteMs` (a slow or network disk) sends the rest of this file's
 * writes through the thread pool, so the event loop (keepalives, the app's screen) does
 * not wait on such a disk again.
 */
function positionedWriter(file: FileHandle): (data: Buffer, position: number) => Promise<void> {
	let synchronous = true;
	return async (data, position) => {
		// A short write goes on where it stopped.
		let written = 0;
		while (written < data.length) {
			let step: number;
			if (synchronous) {
				const started = performance.now();
				step = writeSync(file.fd, data, written, data.length - written, position + written);
				synchronous = performance.now() - started <= slowWriteMs;
			} else {
				step = (await file.write(data, written, data.length - written, position + written)).bytesWritten;
			}

			if (step === 0) {
				throw new Error('the disk took no more bytes');
			}

			written += step;
		}
	};
}

/** Gives the finished partial file its final name; without `overwrite`, never replaces one. */
async function publish(partial: string, target: string, overwrite: boolean): Promise<void> {
	const hint = 'Nothing was replaced.';
	try {
		if (overwrite) {
			await rename(partial, target);
			return;
		}

		try {
			// link() fails if the name exists, even if it appeared during the download.
			await link(partial, target);
			await unlink(partial);
		} catch (error) {
			const code = errnoCode(error);
			if (code === 'EEXIST') {
				throw new FileExistsError(target, hint, {kind: 'allow-replace', path: target});
			}

			if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') {
				if (await pathExists(target)) {
					throw new FileExistsError(target, hint, {kind: 'allow-replace', path: target});
				}

				await rename(partial, target);
				return;
			}

			throw error;
		}
	} catch (error) {
		throw localFileError(error, target, 'giving the download its name');
	}
}
