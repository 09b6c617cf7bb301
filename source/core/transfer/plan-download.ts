import {mkdir} from 'node:fs/promises';
import path from 'node:path';
import {AppError} from '../app-error.js';
import type {SftpSession} from '../ssh/sftp-session.js';
import type {TransferFile} from './progress.js';
import {localPathForRemoteName} from './remote-names.js';

/**
 * Turns remote paths into files to download into `localDirectory`. Every name that
 * becomes a local name is checked (no `/`, `..`, NUL or control characters), including
 * those a server lists inside folders with `recursive`. Local folders are created here.
 */
export async function planDownload(session: SftpSession, remotePaths: string[], localDirectory: string, options: {recursive: boolean}): Promise<TransferFile[]> {
	const files: Array<Omit<TransferFile, 'index'>> = [];

	async function walk(remoteDirectory: string, localDir: string): Promise<void> {
		await mkdir(localDir, {recursive: true});
		const entries = (await session.list(remoteDirectory)).filter(entry => entry.name !== '.' && entry.name !== '..');
		entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
		for (const entry of entries) {
			const remotePath = path.posix.join(remoteDirectory, entry.name);
			const localPath = localPathForRemoteName(localDir, entry.name, remotePath);
			if (entry.type === 'file') {
				files.push({remotePath, localPath, size: entry.size});
			} else if (entry.type === 'directory') {
				await walk(remotePath, localPath);
			}
		}
	}

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

	return files.map((file, index) => ({index, ...file}));
}
