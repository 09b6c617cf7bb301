import {errnoCode} from '../app-error.js';
import {sftpStatus, type SftpStatusCode} from '../ssh/sftp-status.js';


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
	readonly code: SftpStatusCode;

	constructor(code: SftpStatusCode, message: string) {
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
			return new SftpRefusal(sftpStatus.NO_SUCH_FILE, 'No such file or folder');
		}

		case 'EACCES':
		case 'EPERM':
		case 'EROFS': {
			return new SftpRefusal(sftpStatus.PERMISSION_DENIED, 'Permission denied');
		}

		case 'EEXIST': {
			return new SftpRefusal(sftpStatus.FAILURE, 'The name already exists');
		}

		case 'ENOTEMPTY': {
			return new SftpRefusal(sftpStatus.FAILURE, 'The folder is not empty');
		}

		case 'EISDIR': {
			return new SftpRefusal(sftpStatus.FAILURE, 'That is a folder');
		}

		case 'ENOSPC':
		case 'EDQUOT': {
			return new SftpRefusal(sftpStatus.FAILURE, 'The practice server\'s disk is full');
		}

		default: {
			return new SftpRefusal(sftpStatus.FAILURE, 'The operation failed');
		}
	}
}
