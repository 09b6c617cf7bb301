/** ASAPP's production SFTP server: where the app and the commands connect unless told otherwise. */
export const asappServer = {host: 'sftp.us-east-1.asapp.com', port: 22} as const;
