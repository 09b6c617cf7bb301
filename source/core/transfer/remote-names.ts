import path from 'node:path';
import {AppError} from '../app-error.js';

// Matching control characters is the point here.
// eslint-disable-next-line no-control-regex
const controlCharacters = /[\u0000-\u001F\u007F-\u009F]/;

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

	// C0 controls (NUL included), DEL and C1 controls.
	if (controlCharacters.test(name)) {
		return 'it contains control characters';
	}

	return undefined;
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
