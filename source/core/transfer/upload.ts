import {createHash, type Hash} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {open} from 'node:fs/promises';
import {AppError} from '../app-error.js';
import {localFileError} from '../ssh/ssh-errors.js';
import type {RemoteHandle, SftpSession} from '../ssh/sftp-session.js';
import type {FileResult, TransferFile, TransferSummary} from './progress.js';
import {channelPoolOf} from './channel-pool.js';
import {defaultParallelLargeFiles, largeFileBytes, longLinkFromRoundTripMs, runTransferQueue, type FileAttempt, type FileDone, type QueueOptions} from './run-queue.js';
import {cancelledError} from './session-keeper.js';

export type UploadPlan = {
	/** Remote folders to create first, parents before children. */
	directories: string[];
	files: TransferFile[];
};

export type UploadOptions = QueueOptions & {
	plan: UploadPlan;
	/** Bytes in flight per file (default 8 MiB, less when several large files are in flight). */
	windowBytes?: number;
	/** Told when a file's first byte is about to go out and when it is verified or its partial copy removed. */
	journal?: UploadJournalWriter;
	/**
	 * Files at least this big get an SFTP channel of their own when the link is long
	 * (default 1 MiB): one channel moves at most its window per round trip (about 25 MB/s
	 * at 80 ms), so files side by side on their own channels multiply that. One file never
	 * spans channels: several writers of one object are not safe on ASAPP's S3-backed server.
	 */
	ownChannelFromBytes?: number;
	/**
	 * Own channels only when the round trip is at least this long (default 10 ms). Below,
	 * one channel's window already outruns the CPU, and more channels (more server
	 * processes) measured slower on loopback.
	 */
	ownChannelFromRoundTripMs?: number;
};

/** Where an upload notes that it started and that it ended cleanly (UploadJournal). */
export type UploadJournalWriter = {
	started(file: TransferFile): void;
	finished(remotePath: string): void;
};

/** One file system read feeds several WRITE requests: fewer system calls per byte. */
const readBlockBytes = 1024 * 1024;

/**
 * Uploads a plan: creates its folders, then sends each file straight to its final name
 * (write-only open, no SETSTAT, no rename), pipelining large WRITE requests, and
 * verifies each by stat'ing its size, hashing (SHA-256) the bytes as they are read. A
 * dropped connection reconnects and restarts the file from the beginning (the server
 * cannot resume); a file that fails for good is removed from the server where possible,
 * and otherwise reported as a remnant (FileResult.remnant) and left in the journal.
 */
export async function uploadFiles(options: UploadOptions): Promise<TransferSummary> {
	const opened = new Set<number>();
	/** Bytes of each file the server acknowledged in its latest try. */
	const acknowledged = new Map<number, number>();
	const {journal} = options;
	// 8 MiB in flight for one large file; with several large files at once, they share 64 MiB
	// so memory stays bounded whatever the tree holds (a smaller file holds at most its size).
	const largeFiles = options.plan.files.filter(file => file.size >= largeFileBytes).length;
	const largeAtOnce = Math.max(1, Math.min(options.parallelFiles ?? defaultParallelLargeFiles, largeFiles));
	const windowBytes = options.windowBytes ?? Math.min(8 * 1024 * 1024, Math.max(1024 * 1024, Math.floor(64 * 1024 * 1024 / largeAtOnce)));
	const ownChannelFromBytes = options.ownChannelFromBytes ?? largeFileBytes;
	const ownChannelFromRoundTripMs = options.ownChannelFromRoundTripMs ?? longLinkFromRoundTripMs;
	/** Big files now sending on the queue's own channel (the first, and any the pool had no channel for). */
	let bigOnQueueChannel = 0;
	return runTransferQueue(options.plan.files, {
		prepare: options.plan.directories.length === 0 ? undefined : async session => {
			// Folders of one depth do not depend on each other: their requests go out together,
			// one round trip per depth instead of one per folder (a tree of 20 folders: 21 -> 2).
			for (const level of directoryLevels(options.plan.directories)) {
				for (let start = 0; start < level.length; start += 64) {
					await Promise.all(level.slice(start, start + 64).map(async directory => session.ensureDirectory(directory)));
				}
			}
		},
		async transfer(attempt) {
			const {file} = attempt;
			acknowledged.set(file.index, 0);
			// On a long link the first big file takes the queue's channel (a lone file waits for
			// no channel to open: three round trips); the others get a channel each from the
			// connection's pool (10 in all, shared with downloads), or share the queue's if none
			// is left. The queue keeps `session` for reconnects and cleanup: a dropped
			// connection closes its channels with it.
			const longLink = (attempt.session.roundTripMs ?? 0) >= ownChannelFromRoundTripMs;
			const big = file.size >= ownChannelFromBytes && longLink;
			const takesQueueChannel = big && bigOnQueueChannel === 0;
			const own = big && !takesQueueChannel ? await channelPoolOf(attempt.session).borrowOne() : undefined;
			if (big && !own) {
				bigOnQueueChannel++;
			}

			try {
				const done = await uploadOneFile({...attempt, session: own ?? attempt.session, onBytes(bytes) {
					acknowledged.set(file.index, bytes);
					attempt.onBytes(bytes);
				}}, windowBytes, () => {
					if (!opened.has(file.index)) {
						// Before the OPEN that creates the remote file: a crash after it leaves a note.
						journal?.started(file);
						opened.add(file.index);
					}
				});
				journal?.finished(file.remotePath);
				// Only a failed file's cleanup reads these: a run of 100,000 files keeps none.
				opened.delete(file.index);
				acknowledged.delete(file.index);
				return done;
			} finally {
				if (own) {
					channelPoolOf(attempt.session).giveBack(own);
				} else if (big) {
					bigOnQueueChannel--;
				}
			}
		},
		async cleanup(file, session): Promise<Partial<FileResult>> {
			if (!opened.has(file.index)) {
				return {};
			}

			if (session) {
				const left = await session.statIfExists(file.remotePath).catch(() => 'unknown' as const);
				if (left === undefined) {
					journal?.finished(file.remotePath);
					return {partialRemoved: true};
				}

				try {
					await session.remove(file.remotePath);
					journal?.finished(file.remotePath);
					return {partialRemoved: true};
				} catch {
					if (left !== 'unknown') {
						return {remnant: {remotePath: file.remotePath, bytesOnServer: left.size, exact: true}};
					}
				}
			}

			// The server is out of reach: say what it acknowledged; the journal remembers the rest.
			return {remnant: {remotePath: file.remotePath, bytesOnServer: acknowledged.get(file.index) ?? 0, exact: false}};
		},
	}, options);
}

/** Remote folders grouped by depth, shallowest first, each group in plan order. */
export function directoryLevels(directories: string[]): string[][] {
	const byDepth = new Map<number, string[]>();
	for (const directory of directories) {
		const depth = directory.split('/').filter(part => part !== '').length;
		const level = byDepth.get(depth) ?? [];
		level.push(directory);
		byDepth.set(depth, level);
	}

	return [...byDepth.entries()].sort(([a], [b]) => a - b).map(([, level]) => level);
}

/** Files up to this size are read in one go and sent as one WRITE request. */
const smallFileBytes = 256 * 1024;

/** Opens the remote file: `beforeOpen` runs first (the journal's note). */
type OpenHook = () => void;

async function uploadOneFile(attempt: FileAttempt, windowBytes: number, beforeOpen: OpenHook): Promise<FileDone> {
	const {session, file} = attempt;
	if (file.size <= Math.min(smallFileBytes, session.maxWriteLength)) {
		let data: Buffer;
		try {
			// One synchronous read (open, fstat, read, close in C++) costs less than four trips
			// through the thread pool, which is what decides a tree of thousands of small files.
			data = readFileSync(file.localPath);
		} catch (error) {
			throw localFileError(error, file.localPath, 'reading it for upload');
		}

		if (data.length <= session.maxWriteLength) {
			return uploadSmallFile(attempt, data, beforeOpen);
		}
	}

	let local;
	try {
		local = await open(file.localPath, 'r');
	} catch (error) {
		throw localFileError(error, file.localPath, 'opening it for upload');
	}

	let remote: RemoteHandle | undefined;
	try {
		const size = (await local.stat()).size;
		beforeOpen();
		remote = await session.openForWrite(file.remotePath);
		// The digest of exactly the bytes sent, taken from the same reads that feed the WRITEs.
		const hash = createHash('sha256');
		await pipeWrites(session, remote, local, size, windowBytes, attempt.signal, attempt.onBytes, hash);
		const handle = remote;
		remote = undefined;
		const checked = await closeAndVerify(session, handle, file, size);
		return {verifiedSize: checked.size, sha256: hash.digest('hex'), unverified: !checked.verified};
	} finally {
		if (remote && !session.isClosed) {
			await session.closeHandle(remote).catch(() => undefined);
		}

		await local.close().catch(() => undefined);
	}
}

async function uploadSmallFile({session, file, signal, onBytes}: FileAttempt, data: Buffer, beforeOpen: OpenHook): Promise<FileDone> {
	if (signal.aborted) {
		throw cancelledError();
	}

	beforeOpen();
	const handle = await session.openForWrite(file.remotePath);
	try {
		// WRITE, CLOSE and STAT go out together: the server answers them in order.
		const written = data.length > 0 ? session.write(handle, data, 0, data.length, 0) : Promise.resolve();
		const verified = closeAndVerify(session, handle, file, data.length);
		const [writeResult, verifyResult] = await Promise.allSettled([written, verified]);
		if (writeResult.status === 'rejected') {
			throw writeResult.reason;
		}

		if (verifyResult.status === 'rejected') {
			throw verifyResult.reason;
		}

		onBytes(data.length);
		return {verifiedSize: verifyResult.value.size, sha256: createHash('sha256').update(data).digest('hex'), unverified: !verifyResult.value.verified};
	} catch (error) {
		if (!session.isClosed) {
			await session.closeHandle(handle).catch(() => undefined);
		}

		throw error;
	}
}

/**
 * Closes the remote file and checks its size on the server, sending both requests at once.
 * A server that refuses the check itself (a write-only account: permission denied) has
 * the file all the same: it is reported as sent but unverified, never removed.
 */
async function closeAndVerify(session: SftpSession, handle: RemoteHandle, file: TransferFile, size: number): Promise<{size: number; verified: boolean}> {
	const closed = session.closeHandle(handle);
	const stated = session.stat(file.remotePath);
	const [closeResult, statResult] = await Promise.allSettled([closed, stated]);
	if (closeResult.status === 'rejected') {
		throw closeResult.reason;
	}

	if (statResult.status === 'rejected') {
		const reason: unknown = statResult.reason;
		if (reason instanceof AppError && reason.code === 'permission-denied') {
			return {size, verified: false};
		}

		throw reason;
	}

	const remoteSize = statResult.value.size;
	if (remoteSize !== size) {
		throw new AppError('size-mismatch', `${file.remotePath} has ${remoteSize} bytes on the server after the upload, but ${file.localPath} has ${size}.`, {
			hint: 'The upload was incomplete; it will be retried.',
		});
	}

	return {size: remoteSize, verified: true};
}

type LocalFile = {read(buffer: Buffer, offset: number, length: number, position: number): Promise<{bytesRead: number}>};

/**
 * Reads the local file in 1 MiB blocks and sends each as WRITE requests of the server's
 * maximum length, keeping up to `windowBytes` unacknowledged. Blocks are reused once all
 * their writes are acknowledged, so memory stays at the window size.
 */
async function pipeWrites(session: SftpSession, remote: RemoteHandle, local: LocalFile, size: number, windowBytes: number, signal: AbortSignal, onBytes: (bytes: number) => void, hash: Hash): Promise<void> {
	const chunk = Math.max(4096, Math.min(session.maxWriteLength, 256 * 1024));
	const block = Math.max(chunk, Math.floor(readBlockBytes / chunk) * chunk);
	const maxBlocks = Math.max(2, Math.ceil(windowBytes / block));
	const free: Buffer[] = [];
	let allocated = 0;
	let acknowledged = 0;
	let failure: unknown;
	let wake: (() => void) | undefined;
	const pending = new Set<Promise<void>>();
	const notify = () => {
		const waiter = wake;
		wake = undefined;
		waiter?.();
	};

	const takeBlock = async (): Promise<Buffer> => {
		for (;;) {
			if (failure !== undefined) {
				throw failure;
			}

			const reused = free.pop();
			if (reused) {
				return reused;
			}

			if (allocated < maxBlocks) {
				allocated++;
				return Buffer.allocUnsafe(Math.min(block, size));
			}

			await new Promise<void>(resolve => {
				wake = resolve;
			});
		}
	};

	try {
		let position = 0;
		while (position < size) {
			if (signal.aborted) {
				throw cancelledError();
			}

			const buffer = await takeBlock();
			const length = Math.min(buffer.length, size - position);
			let bytesRead: number;
			try {
				({bytesRead} = await local.read(buffer, 0, length, position));
			} catch (error) {
				throw localFileError(error, remote.path, 'reading it for upload');
			}

			if (bytesRead === 0) {
				throw new AppError('local-changed', `The local file for ${remote.path} shrank during the upload.`, {hint: 'Upload it again once nothing writes to it.'});
			}

			// Blocks are read in file order, so the digest sees the bytes in order.
			hash.update(buffer.subarray(0, bytesRead));

			const writes: Array<Promise<void>> = [];
			for (let offset = 0; offset < bytesRead; offset += chunk) {
				const length = Math.min(chunk, bytesRead - offset);
				writes.push(session.write(remote, buffer, offset, length, position + offset).then(() => {
					acknowledged += length;
					onBytes(acknowledged);
				}));
			}

			const done: Promise<void> = Promise.all(writes).then(() => {
				free.push(buffer);
			}, (error: unknown) => {
				failure ??= error;
			}).finally(() => {
				pending.delete(done);
				notify();
			});
			pending.add(done);
			position += bytesRead;
		}
	} finally {
		await Promise.all(pending);
	}

	if (failure !== undefined) {
		throw failure;
	}
}
