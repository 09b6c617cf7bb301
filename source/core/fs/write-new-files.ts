import {randomBytes} from 'node:crypto';
import {link, lstat, open, rename, unlink} from 'node:fs/promises';
import path from 'node:path';
import {AppError, errnoCode, type NextAction} from '../app-error.js';

export type NewFile = {
	path: string;
	/** An iterable is written piece by piece (a large text never held whole). */
	data: string | Buffer | Iterable<string>;
	/** Permission bits, e.g. 0o600 for a private key. */
	mode: number;
};

export class FileExistsError extends AppError {
	readonly path: string;

	constructor(filePath: string, hint: string, next: NextAction = {kind: 'choose-other-path', path: filePath}) {
		super('file-exists', `${filePath} already exists; it was left untouched.`, {hint, next});
		this.name = 'FileExistsError';
		this.path = filePath;
	}
}

/** A temporary name beside `target`, so the final link or rename stays on one file system. */
export function temporarySibling(target: string, purpose = 'tmp'): string {
	return path.join(path.dirname(target), `.${path.basename(target)}.${purpose}-${randomBytes(6).toString('hex')}`);
}

/**
 * Writes each file under a temporary name in its final directory, flushes it, then
 * hard-links it to the final name. link() fails when the name exists, so an existing file
 * can never be replaced, not even by a race; and a reader never sees a half-written file.
 * Either every file is created or none is: on failure or cancel (`signal`) the ones
 * already made are removed, and so are the temporary files.
 */
export async function writeNewFiles(files: NewFile[], existsHint: string, options: {signal?: AbortSignal; cancelledError?: () => Error} = {}): Promise<void> {
	const created: string[] = [];
	try {
		for (const file of files) {
			await writeOneNewFile(file, existsHint, options);
			created.push(file.path);
		}

		// A cancel that came while the last file was linked still takes them all back.
		throwIfCancelled(options);
	} catch (error) {
		await Promise.all(created.map(async createdPath => unlink(createdPath).catch(() => undefined)));
		throw error;
	}
}

function throwIfCancelled(options: {signal?: AbortSignal; cancelledError?: () => Error}): void {
	if (options.signal?.aborted) {
		throw options.cancelledError?.() ?? new AppError('cancelled', 'Cancelled; no file was written.');
	}
}

async function writeOneNewFile(file: NewFile, existsHint: string, options: {signal?: AbortSignal; cancelledError?: () => Error}): Promise<void> {
	throwIfCancelled(options);
	const temporary = temporarySibling(file.path);
	// 'wx' with the final mode at creation: the secret is never readable by others, even briefly.
	const handle = await open(temporary, 'wx', file.mode);
	try {
		if (typeof file.data === 'string' || Buffer.isBuffer(file.data)) {
			await handle.writeFile(file.data);
		} else {
			// A file handle's writeFile writes on from where the last one ended, whole.
			for (const piece of file.data) {
				await handle.writeFile(piece);
			}
		}

		await handle.chmod(file.mode); // The umask may have narrowed the creation mode.
		await handle.sync();
	} finally {
		await handle.close();
	}

	try {
		// Checked right before the file gets its final name: a cancel never leaves a key behind.
		throwIfCancelled(options);
		await publishWithoutReplacing(temporary, file.path, existsHint);
	} finally {
		await unlink(temporary).catch(() => undefined);
	}
}

const linkUnsupported = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

/** Gives `temporary` the name `target` unless `target` exists. */
export async function publishWithoutReplacing(temporary: string, target: string, existsHint: string): Promise<void> {
	try {
		await link(temporary, target);
		return;
	} catch (error) {
		const code = errnoCode(error);
		if (code === 'EEXIST') {
			throw new FileExistsError(target, existsHint);
		}

		if (!code || !linkUnsupported.has(code)) {
			throw error;
		}
	}

	// File systems without hard links (FAT, some network shares): check, then rename.
	if (await pathExists(target)) {
		throw new FileExistsError(target, existsHint);
	}

	await rename(temporary, target);
}

export async function pathExists(filePath: string): Promise<boolean> {
	try {
		await lstat(filePath);
		return true;
	} catch (error) {
		if (errnoCode(error) === 'ENOENT') {
			return false;
		}

		throw error;
	}
}
