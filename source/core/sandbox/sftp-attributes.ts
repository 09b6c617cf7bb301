import type {Stats} from 'node:fs';
import type {Attributes} from 'ssh2';

const fileMode = 0o100_644;
const folderMode = 0o040_755;

/**
 * What a client sees of a file: size, times and a fixed mode. Production is object
 * storage with no owners or permissions to speak of, so none are leaked from the disk.
 */
export function attributesOf(stats: Stats): Attributes {
	return {
		mode: stats.isDirectory() ? folderMode : fileMode,
		uid: 0,
		gid: 0,
		size: stats.isDirectory() ? 0 : stats.size,
		atime: Math.floor(stats.atimeMs / 1000),
		mtime: Math.floor(stats.mtimeMs / 1000),
	};
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const halfYearMs = 182 * 24 * 3600 * 1000;

/** The `ls -l` line SFTP v3 clients print for `ls -l`, in the layout OpenSSH's server uses. */
export function longNameOf(name: string, stats: Stats, now = Date.now()): string {
	const kind = stats.isDirectory() ? 'drwxr-xr-x' : '-rw-r--r--';
	const size = String(stats.isDirectory() ? 0 : stats.size).padStart(8);
	const date = new Date(stats.mtimeMs);
	const day = String(date.getUTCDate()).padStart(2);
	const recent = Math.abs(now - stats.mtimeMs) < halfYearMs;
	const timeOrYear = recent
		? `${String(date.getUTCHours()).padStart(2, '0')}:${String(date.getUTCMinutes()).padStart(2, '0')}`
		: ` ${date.getUTCFullYear()}`;
	return `${kind}    1 0        0        ${size} ${months[date.getUTCMonth()]} ${day} ${timeOrYear} ${name}`;
}
