import path from 'node:path';
import process from 'node:process';

/** A path as a person types it: `~` and `~/...` are the home folder, as in a shell. */
export function expandHome(file: string, home: string, base = process.cwd()): string {
	const expanded = file === '~' ? home : (file.startsWith('~/') ? path.join(home, file.slice(2)) : file);
	return path.resolve(base, expanded);
}
