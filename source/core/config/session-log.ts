import {appendFile, mkdir} from 'node:fs/promises';
import path from 'node:path';
import {appPaths} from './paths.js';

/**
 * One line in the log file: when a session starts and ends, what failed and why. Callers
 * pass facts (hosts, paths, error codes), never a key, a passphrase or file contents.
 * A log that cannot be written costs nothing but the log.
 */
export async function logLine(text: string, logFile = appPaths().logFile): Promise<void> {
	try {
		await mkdir(path.dirname(logFile), {recursive: true, mode: 0o700});
		await appendFile(logFile, `${new Date().toISOString()} ${text.replaceAll(/[\r\n]+/g, ' ')}\n`, {mode: 0o600});
	} catch {
		// The session goes on without its log.
	}
}
