import ssh2 from 'ssh2';

/**
 * SFTP v3 status codes (draft-ietf-secsh-filexfer-02, section 7), as ssh2 defines them:
 * the client's error mapping and the practice server's answers read the same table.
 */
export const sftpStatus = ssh2.utils.sftp.STATUS_CODE;

export type SftpStatusCode = ssh2.utils.sftp.STATUS_CODE;
