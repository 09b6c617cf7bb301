import {errnoCode} from '../app-error.js';

/** SFTP v3 status codes (draft-ietf-secsh-filexfer-02, section 7). */
export const status = {
	ok: 0,
	eof: 1,
	noSuchFile: 2,
	permissionDenied: 3,
	failure: 4,
	badMessage: 5,
	opUnsupported: 8,
} as const;

export type StatusCode = (typeof status)[keyof typeof status];

/** SFTP v3 pflags of an OPEN request. */
export const openFlags = {
	read: 0x01,
	write: 0x02,
	append: 0x04,
	create: 0x08,
	truncate: 0x10,
	exclusive: 0x20,
} as const;

/** An answer to send instead of a result: a status code with a short message. */
export class SftpRefusal extends Error {
	readonly code: StatusCode;

	constructor(code: StatusCode, message: string) {
		super(message);
		this.name = 'SftpRefusal';
		this.code = code;
	}
}

/** Maps a file-system error to the status a client should see, without leaking disk paths. */
export function refusalForError(error: unknown): SftpRefusal {
	if (error instanceof SftpRefusal) {
		return error;
	}

	switch (errnoCode(error)) {
		case 'ENOENT':
		case 'ENOTDIR':
		case 'ELOOP': {
			return new SftpRefusal(status.noSuchFile, 'No such file or folder');
		}

		case 'EACCES':
		case 'EPERM':
		case 'EROFS': {
			return new SftpRefusal(status.permissionDenied, 'Permission denied');
		}

		case 'EEXIST': {
			return new SftpRefusal(status.failure, 'The name already exists');
		}

		case 'ENOTEMPTY': {
			return new SftpRefusal(status.failure, 'The folder is not empty');
		}

		case 'EISDIR': {
			return new SftpRefusal(status.failure, 'That is a folder');
		}

		case 'ENOSPC':
		case 'EDQUOT': {
			return new SftpRefusal(status.failure, 'The practice server\'s disk is full');
		}

		default: {
			return new SftpRefusal(status.failure, 'The operation failed');
		}
	}
}
