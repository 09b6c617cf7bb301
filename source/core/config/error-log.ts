import {appendFile, mkdir} from 'node:fs/promises';
import path from 'node:path';
import {appPaths} from './paths.js';

/**
 * Keeps the technical detail of an unexpected failure (stack included) out of the
 * person's way but within reach: it goes to the log file, whose path is shown instead.
 * Callers must never pass secrets; errors from key parsing carry no key material.
 */
export async function logErrorDetail(context: string, error: unknown, logFile = appPaths().logFile): Promise<string | undefined> {
	const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
	try {
		await mkdir(path.dirname(logFile), {recursive: true, mode: 0o700});
		await appendFile(logFile, `${new Date().toISOString()} ${context}\n${detail}\n\n`, {mode: 0o600});
		return logFile;
	} catch {
		return undefined;
	}
}
