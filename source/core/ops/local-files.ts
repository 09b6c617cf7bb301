import {mkdir, readdir, rmdir, stat, unlink} from 'node:fs/promises';
import path from 'node:path';
import {AppError, errnoCode} from '../app-error.js';
import {localFileError} from '../ssh/ssh-errors.js';

/** One entry of a folder, as both panes of the app list them. */
export type FolderEntry = {
	name: string;
	kind: 'file' | 'directory' | 'link' | 'other';
	size: number;
	/** Milliseconds since the epoch, when known. */
	modified?: number;
};

/** Lists a local folder; links are shown as what they point to (the upload walk follows them too). */
export async function listLocalFolder(folder: string): Promise<FolderEntry[]> {
	let names;
	try {
		names = await readdir(folder, {withFileTypes: true});
	} catch (error) {
		const code = errnoCode(error);
		throw new AppError('local-unreadable', code === 'ENOENT' ? `There is no folder ${folder}.` : `${folder} cannot be read (${code ?? 'error'}).`, {cause: error});
	}

	const entries: FolderEntry[] = [];
	// Stat in batches: a folder of 10,000 files must not open 10,000 handles at once.
	for (let start = 0; start < names.length; start += 256) {
		const batch = await Promise.all(names.slice(start, start + 256).map(async dirent => {
			const info = await stat(path.join(folder, dirent.name)).catch(() => undefined);
			const kind: FolderEntry['kind'] = info?.isDirectory() ? 'directory' : (info?.isFile() ? 'file' : 'other');
			return {name: dirent.name, kind, size: info?.size ?? 0, modified: info?.mtimeMs};
		}));
		entries.push(...batch);
	}

	return entries;
}

export async function makeLocalFolder(folder: string): Promise<void> {
	try {
		await mkdir(folder);
	} catch (error) {
		if (errnoCode(error) === 'EEXIST') {
			throw new AppError('already-exists', `${folder} already exists.`, {hint: 'Choose another name.'});
		}

		throw new AppError('local-mkdir-failed', `Could not make ${folder} (${errnoCode(error) ?? 'error'}).`, {cause: error});
	}
}

/** Removes a file, or a folder only when it is empty: never a tree. */
export async function removeLocal(target: string, kind: 'file' | 'directory'): Promise<void> {
	try {
		await (kind === 'directory' ? rmdir(target) : unlink(target));
	} catch (error) {
		if (errnoCode(error) === 'ENOTEMPTY' || errnoCode(error) === 'EEXIST') {
			throw new AppError('folder-not-empty', `${target} is not empty, so it was left alone.`, {hint: 'Remove what is inside first.'});
		}

		throw localFileError(error, target, 'removing it');
	}
}
