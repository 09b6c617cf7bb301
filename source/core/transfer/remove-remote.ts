import {AppError} from '../app-error.js';
import type {RemoteStat, SftpSession} from '../ssh/sftp-session.js';

/** What `rm` / `rmdir` would do with one path, found out before anything is removed. */
export type RemovalTarget = {
	remotePath: string;
	/** `ok`: it can be asked for; otherwise why it is refused. */
	status: 'ok' | 'refused';
	remote?: RemoteStat;
	error?: AppError;
};

export type RemovalResult = {remotePath: string; removed: boolean; error?: AppError};

/**
 * Looks at each path before removal: `rm` takes files only (a folder is refused; a
 * mistyped path should not take a tree with it), `rmdir` folders only. Missing paths are
 * refused with the server's own "no such file". Connection failures throw.
 */
export async function checkRemovalTargets(session: SftpSession, remotePaths: string[], kind: 'file' | 'folder'): Promise<RemovalTarget[]> {
	return Promise.all(remotePaths.map(async (remotePath): Promise<RemovalTarget> => {
		let remote: RemoteStat;
		try {
			remote = await session.stat(remotePath);
		} catch (error) {
			if (error instanceof AppError && (error.code === 'no-such-file' || error.code === 'permission-denied')) {
				return {remotePath, status: 'refused', error};
			}

			throw error;
		}

		if (kind === 'file' && remote.type === 'directory') {
			return {remotePath, status: 'refused', remote, error: new AppError('is-a-folder', `${remotePath} is a folder; only files are removed this way.`, {hint: 'Remove the files in it first, then the empty folder.'})};
		}

		if (kind === 'folder' && remote.type !== 'directory') {
			return {remotePath, status: 'refused', remote, error: new AppError('not-a-folder', `${remotePath} is a file, not a folder.`, {hint: 'Remove files as files, not as folders.'})};
		}

		return {remotePath, status: 'ok', remote};
	}));
}

/** Removes files (or empty folders), each on its own: one failure does not stop the rest. */
export async function removeRemote(session: SftpSession, remotePaths: string[], kind: 'file' | 'folder'): Promise<RemovalResult[]> {
	return Promise.all(remotePaths.map(async (remotePath): Promise<RemovalResult> => {
		try {
			await (kind === 'file' ? session.remove(remotePath) : session.rmdir(remotePath));
			return {remotePath, removed: true};
		} catch (error) {
			if (kind === 'folder' && error instanceof AppError && error.code === 'sftp-failed') {
				// SFTP version 3 has no "not empty" status: servers answer a bare failure.
				const inside = await session.list(remotePath).catch(() => undefined);
				if (inside && inside.some(entry => entry.name !== '.' && entry.name !== '..')) {
					return {remotePath, removed: false, error: new AppError('folder-not-empty', `${remotePath} is not empty; only empty folders are removed.`, {hint: 'Remove the files in it first.', cause: error})};
				}
			}

			if (error instanceof AppError && error.code === 'connection-lost') {
				throw error;
			}

			return {remotePath, removed: false, error: error instanceof AppError ? error : new AppError('remove-failed', `Could not remove ${remotePath}: ${String(error)}.`, {cause: error})};
		}
	}));
}
