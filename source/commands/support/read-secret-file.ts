import {readFile} from 'node:fs/promises';
import {AppError} from '../../core/app-error.js';

/**
 * Reads a passphrase from a file: its first line, without the line end. A file keeps
 * the secret out of the shell history and the process list, unlike a flag value.
 */
export async function readSecretFile(filePath: string): Promise<string> {
	let text: string;
	try {
		text = await readFile(filePath, 'utf8');
	} catch {
		throw new AppError('passphrase-file-unreadable', `The passphrase file ${filePath} cannot be read.`, {
			hint: 'Check the path and permissions of --passphrase-file.',
		});
	}

	return text.split(/\r?\n/)[0] ?? '';
}
