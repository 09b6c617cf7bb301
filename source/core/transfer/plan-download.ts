import {mkdir} from 'node:fs/promises';
import path from 'node:path';
import {AppError} from '../app-error.js';
import type {SftpSession} from '../ssh/sftp-session.js';
import type {TransferFile} from './progress.js';
import {localPathForRemoteName, UnsafeRemoteNameError} from './remote-names.js';

export type DownloadPlan = {
	files: TransferFile[];
	/** Entries inside folders whose names are unsafe as local names: not downloaded. */
	refused: UnsafeRemoteNameError[];
};

/**
 * Turns remote paths into files to download into `localDirectory`. Every name that
 * becomes a local name is checked (no `/`, `..`, NUL or control characters), including
 * those a server lists inside folders with `recursive` (unsafe ones are refused and
 * reported, the rest still planned). Local folders are created here.
 */
export async function planDownload(session: SftpSession, remotePaths: string[], localDirectory: string, options: {recursive: boolean}): Promise<DownloadPlan> {
	const files: Array<Omit<TransferFile, 'index'>> = [];
	const refused: UnsafeRemoteNameError[] = [];

	async function walk(remoteDirectory: string, localDir: string): Promise<void> {
		await mkdir(localDir, {recursive: true});
		const entries = (await session.list(remoteDirectory)).filter(entry => entry.name !== '.' && entry.name !== '..');
		entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
		for (const entry of entries) {
			const remotePath = path.posix.join(remoteDirectory, entry.name);
			let localPath: string;
			try {
				localPath = localPathForRemoteName(localDir, entry.name, remotePath);
			} catch (error) {
				if (error instanceof UnsafeRemoteNameError) {
					refused.push(error);
					continue;
				}

				throw error;
			}

			if (entry.type === 'file') {
				files.push({remotePath, localPath, size: entry.size});
			} else if (entry.type === 'directory') {
				await walk(remotePath, localPath);
			}
		}
	}

	await mkdir(localDirectory, {recursive: true});
	for (const remotePath of remotePaths) {
		const stats = await session.stat(remotePath);
		const name = path.posix.basename(path.posix.normalize(remotePath));
		const localPath = localPathForRemoteName(localDirectory, name, remotePath);
		if (stats.type === 'directory') {
			if (!options.recursive) {
				throw new AppError('is-a-directory', `${remotePath} is a folder on the server.`, {hint: 'Use get -r to download a folder and everything in it.'});
			}

			await walk(remotePath, localPath);
		} else {
			files.push({remotePath, localPath, size: stats.size});
		}
	}

	return {files: files.map((file, index) => ({index, ...file})), refused};
}
