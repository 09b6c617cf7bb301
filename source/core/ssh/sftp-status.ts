import type ssh2 from 'ssh2';

export type SftpStatusCode = ssh2.utils.sftp.STATUS_CODE;

/**
 * SFTP v3 status codes (draft-ietf-secsh-filexfer-02, section 7), the values ssh2 defines
 * (checked by test/core/ssh/sftp-status.test.ts): the client's error mapping and the
 * practice server's answers read the same table. Written out rather than read from ssh2,
 * because the app's error words import this file and loading ssh2 (with http, tls, zlib
 * and its native crypto) before the first frame cost a third of the app's start.
 */
export const sftpStatus = {
	OK: 0,
	EOF: 1,
	NO_SUCH_FILE: 2,
	PERMISSION_DENIED: 3,
	FAILURE: 4,
	BAD_MESSAGE: 5,
	NO_CONNECTION: 6,
	CONNECTION_LOST: 7,
	OP_UNSUPPORTED: 8,
} as const satisfies Record<keyof typeof ssh2.utils.sftp.STATUS_CODE, SftpStatusCode>;
