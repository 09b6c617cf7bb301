import {AppError} from '../app-error.js';
import type {SftpSession} from '../ssh/sftp-session.js';

/**
 * Removes one remote file, or one empty remote folder (never a tree): what `rm`/`rmdir`
 * and the app's remove key do. A folder with something in it is refused by name.
 */
export async function removeRemote(session: SftpSession, remotePath: string, kind: 'file' | 'directory'): Promise<void> {
	if (kind === 'file') {
		await session.remove(remotePath);
		return;
	}

	try {
		await session.rmdir(remotePath);
	} catch (error) {
		// SFTP v3 has no "not empty" status; servers answer a bare FAILURE.
		const inside = await session.list(remotePath).catch(() => []);
		if (inside.some(entry => entry.name !== '.' && entry.name !== '..')) {
			throw new AppError('not-empty', `${remotePath} is not empty, so it was left alone.`, {hint: 'Remove what is inside first.', cause: error});
		}

		throw error;
	}
}
