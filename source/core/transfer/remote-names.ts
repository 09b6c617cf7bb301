import path from 'node:path';
import {AppError} from '../app-error.js';

// Matching control characters is the point here.
// eslint-disable-next-line no-control-regex
const controlCharacters = /[\u0000-\u001F\u007F-\u009F]/;

/**
 * The rule both directions share: a file name with a control character (C0 such as NUL,
 * newline or ESC, DEL, or C1) is never written, whether it comes from the server or goes
 * to it. Such a name breaks listings, scripts and the data team's tools at the other end.
 */
export function controlCharacterReason(name: string): string | undefined {
	return controlCharacters.test(name) ? 'it contains control characters' : undefined;
}

/**
 * Why a name from the server must not become a local file name, or undefined when it is
 * safe: a server may send `../x`, `a/b`, NUL or terminal control sequences.
 */
export function unsafeNameReason(name: string): string | undefined {
	if (name === '' || name === '.' || name === '..') {
		return 'it is empty or a dot name';
	}

	if (name.includes('/') || name.includes('\\')) {
		return 'it contains a slash';
	}

	if (name.includes('..')) {
		return 'it contains ".."';
	}

	return controlCharacterReason(name);
}

/**
 * Why a local name must not be uploaded, or undefined when it may: the control-character
 * rule of downloads (a local name cannot hold a slash, and `..` alone is never uploaded).
 */
export function unsafeUploadNameReason(name: string): string | undefined {
	return controlCharacterReason(name);
}

/** Shows a hostile name harmlessly: control characters as \xNN. */
export function printableName(name: string): string {
	return name.replace(new RegExp(controlCharacters.source, 'g'), character => `\\x${character.codePointAt(0)!.toString(16).padStart(2, '0')}`);
}

export class UnsafeRemoteNameError extends AppError {
	readonly remotePath: string;
	readonly reason: string;

	constructor(remotePath: string, reason: string) {
		super('unsafe-remote-name', `Refused to download "${printableName(remotePath)}": ${reason}.`, {
			hint: 'A server-supplied name must be a plain file name; ask the sender to rename the file.',
		});
		this.name = 'UnsafeRemoteNameError';
		this.remotePath = remotePath;
		this.reason = reason;
	}
}

/** The local path for a remote entry `name` inside `localDirectory`; throws for unsafe names. */
export function localPathForRemoteName(localDirectory: string, name: string, remotePath: string): string {
	const reason = unsafeNameReason(name);
	if (reason) {
		throw new UnsafeRemoteNameError(remotePath, reason);
	}

	return path.join(localDirectory, name);
}

/** Local files (or folders) whose names may not be uploaded; nothing is sent. */
export class UnsafeLocalNameError extends AppError {
	readonly localPaths: string[];

	constructor(refused: Array<{localPath: string; reason: string}>) {
		const shown = refused.slice(0, 10).map(({localPath, reason}) => `"${printableName(localPath)}" (${reason})`);
		const more = refused.length > shown.length ? ` and ${refused.length - shown.length} more` : '';
		super('unsafe-local-name', `Refusing to upload ${refused.length === 1 ? 'a file whose name' : `${refused.length} files whose names`} the server should not get, and nothing was sent: ${shown.join(', ')}${more}.`, {
			hint: 'Rename the file without line breaks, tabs or other control characters, then upload it again.',
		});
		this.name = 'UnsafeLocalNameError';
		this.localPaths = refused.map(item => item.localPath);
	}
}
