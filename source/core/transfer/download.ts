import {link, open, rename, stat, unlink} from 'node:fs/promises';
import path from 'node:path';
import {AppError, errnoCode} from '../app-error.js';
import {FileExistsError, pathExists} from '../fs/write-new-files.js';
import {localFileError} from '../ssh/ssh-errors.js';
import type {RemoteHandle} from '../ssh/sftp-session.js';
import type {TransferFile, TransferSummary} from './progress.js';
import {runTransferQueue, type FileAttempt, type QueueOptions} from './run-queue.js';
import {cancelledError} from './session-keeper.js';

export type DownloadOptions = QueueOptions & {
	/** `localPath` is the final name; data goes to a partial file beside it first. */
	files: TransferFile[];
	/** Replace existing local files. Default false: an existing file fails that download. */
	overwrite?: boolean;
	/** Bytes requested ahead per file (default 4 MiB: twice ssh2's 2 MiB channel window). */
	windowBytes?: number;
};

/**
 * The partial file a download writes to: a fixed name beside the target, so a later run
 * finds it and resumes by offset.
 */
export function partialPathFor(target: string): string {
	return path.join(path.dirname(target), `.${path.basename(target)}.asapp-sftp-partial`);
}

/**
 * Downloads files with many large READ requests outstanding, writing each piece at its
 * offset into a partial file; when the size matches the server's, the partial file gets
 * the final name (never replacing a file unless `overwrite`). A dropped connection resumes
 * from the partial file's length; a cancel removes it; a final failure keeps it for a rerun.
 */
export async function downloadFiles(options: DownloadOptions): Promise<TransferSummary> {
	const windowBytes = options.windowBytes ?? 4 * 1024 * 1024;
	const overwrite = options.overwrite ?? false;
	return runTransferQueue(options.files, {
		async transfer(attempt) {
			return downloadOneFile(attempt, windowBytes, overwrite);
		},
		async resumeOffset(file) {
			return stat(partialPathFor(file.localPath)).then(stats => Math.min(stats.size, file.size), () => 0);
		},
		async cleanup(file, _session, reason) {
			const partial = partialPathFor(file.localPath);
			if (reason === 'cancelled') {
				await unlink(partial).catch(() => undefined);
				return {};
			}

			return await pathExists(partial).catch(() => false) ? {partialPath: partial} : {};
		},
	}, options);
}

async function downloadOneFile({session, file, signal, onBytes}: FileAttempt, windowBytes: number, overwrite: boolean): Promise<number> {
	const target = file.localPath;
	if (!overwrite && await pathExists(target)) {
		throw new FileExistsError(target, 'Use --overwrite to replace it, or --to to download into another folder.');
	}

	const remoteStat = await session.stat(file.remotePath);
	if (remoteStat.type !== 'file') {
		throw new AppError('not-a-file', `${file.remotePath} is a ${remoteStat.type} on the server, not a file.`, {hint: 'Give the path of a file (use "asapp-sftp ls" to look).'});
	}

	const size = remoteStat.size;
	const partial = partialPathFor(target);
	let offset = 0;
	let local;
	try {
		const existing = await stat(partial).catch(() => undefined);
		if (existing?.isFile()) {
			local = await open(partial, 'r+');
			offset = existing.size <= size ? existing.size : 0;
			if (offset !== existing.size) {
				await local.truncate(0);
			}
		} else {
			local = await open(partial, 'wx');
		}
	} catch (error) {
		throw localFileError(error, partial, 'creating the download file');
	}

	let remote: RemoteHandle | undefined;
	try {
		remote = await session.openForRead(file.remotePath);
		onBytes(offset);
		const chunk = Math.max(4096, Math.min(session.maxReadLength, 256 * 1024));
		const slots = Math.max(2, Math.ceil(windowBytes / chunk));
		let next = offset;
		let received = offset;
		let failure: unknown;
		const handle = remote;
		const localFile = local;

		// Each slot keeps one READ outstanding (or one local write), so `slots` requests
		// are in flight: the server streams without waiting for our round trips.
		const slot = async () => {
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
					const bytes = await session.read(handle, buffer, got, length - got, position + got);
					if (bytes === 0) {
						throw new AppError('remote-changed', `${file.remotePath} became shorter on the server during the download.`, {hint: 'Download it again once it is complete.'});
					}

					got += bytes;
				}

				try {
					await localFile.write(buffer, 0, length, position);
				} catch (error) {
					throw localFileError(error, partial, 'writing the download');
				}

				received += length;
				onBytes(received);
			}
		};

		await Promise.all(Array.from({length: slots}, async () => slot().catch((error: unknown) => {
			failure ??= error;
		})));
		if (failure !== undefined) {
			throw failure;
		}

		remote = undefined;
		await session.closeHandle(handle).catch(() => undefined);
		const localSize = (await local.stat()).size;
		if (localSize !== size) {
			throw new AppError('size-mismatch', `${target}: got ${localSize} bytes but the server has ${size}.`, {hint: 'The download was incomplete; it will be retried.'});
		}

		await local.close();
		local = undefined;
		await publish(partial, target, overwrite);
		return localSize;
	} finally {
		if (remote && !session.isClosed) {
			await session.closeHandle(remote).catch(() => undefined);
		}

		await local?.close().catch(() => undefined);
	}
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
