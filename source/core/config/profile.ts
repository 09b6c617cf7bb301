import {mkdir, readFile, rename, unlink, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {AppError, errnoCode} from '../app-error.js';
import {temporarySibling} from '../fs/write-new-files.js';
import {appPaths} from './paths.js';

export type SavedProfileMode = 'asapp' | 'sandbox';
export type SavedWizardStep = 'marker' | 'key' | 'send-key' | 'connect' | 'done';

/** What the app remembers between starts: who connects where with which key, and how far the wizard got. */
export type SavedProfile = {
	mode: SavedProfileMode;
	marker: string;
	host: string;
	port: number;
	user: string;
	keyPath: string | undefined;
	wizardStep: SavedWizardStep;
};

const modes: readonly SavedProfileMode[] = ['asapp', 'sandbox'];
const steps: readonly SavedWizardStep[] = ['marker', 'key', 'send-key', 'connect', 'done'];

export function profilePath(configDir = appPaths().configDir): string {
	return path.join(configDir, 'profile.json');
}

function unreadable(file: string, why: string): AppError {
	return new AppError('profile-unreadable', `The saved profile ${file} ${why}.`, {
		hint: `Delete ${file} to run the setup again; nothing else depends on it.`,
	});
}

/** Checks every field, so a hand-edited or truncated file is named rather than half-used. */
export function parseProfile(text: string, file: string): SavedProfile {
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch {
		throw unreadable(file, 'is not valid JSON');
	}

	if (typeof data !== 'object' || data === null || Array.isArray(data)) {
		throw unreadable(file, 'is not a JSON object');
	}

	const record = data as Record<string, unknown>;
	const {mode, marker, host, port, user, keyPath, wizardStep} = record;
	if (typeof mode !== 'string' || !modes.includes(mode as SavedProfileMode)) {
		throw unreadable(file, 'has no valid "mode" (asapp or sandbox)');
	}

	if (typeof marker !== 'string' || typeof host !== 'string' || typeof user !== 'string') {
		throw unreadable(file, 'lacks "marker", "host" or "user"');
	}

	if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65_535) {
		throw unreadable(file, 'has no valid "port"');
	}

	if (keyPath !== undefined && keyPath !== null && typeof keyPath !== 'string') {
		throw unreadable(file, 'has a "keyPath" that is not a path');
	}

	if (typeof wizardStep !== 'string' || !steps.includes(wizardStep as SavedWizardStep)) {
		throw unreadable(file, 'has no valid "wizardStep"');
	}

	return {
		mode: mode as SavedProfileMode,
		marker,
		host,
		port,
		user,
		keyPath: typeof keyPath === 'string' ? keyPath : undefined,
		wizardStep: wizardStep as SavedWizardStep,
	};
}

/** The saved profile, or undefined on a first run. */
export async function loadProfile(file = profilePath()): Promise<SavedProfile | undefined> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		if (errnoCode(error) === 'ENOENT') {
			return undefined;
		}

		throw unreadable(file, `cannot be read (${errnoCode(error) ?? 'unknown error'})`);
	}

	return parseProfile(text, file);
}

/**
 * Replaces the profile atomically (temporary file, then rename): the app's own settings file
 * is meant to be rewritten, but a crash must never leave half a file behind.
 */
export async function saveProfile(profile: SavedProfile, file = profilePath()): Promise<void> {
	await mkdir(path.dirname(file), {recursive: true, mode: 0o700});
	const temporary = temporarySibling(file);
	const body = `${JSON.stringify({...profile, keyPath: profile.keyPath ?? null}, null, '\t')}\n`;
	try {
		await writeFile(temporary, body, {mode: 0o600, flag: 'wx'});
		await rename(temporary, file);
	} catch (error) {
		await unlink(temporary).catch(() => undefined);
		throw error;
	}
}
