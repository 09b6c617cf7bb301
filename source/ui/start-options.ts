/**
 * What `asapp-sftp --host H [--port P] [--user U | --marker M] [--identity K] [--known-hosts F]`
 * answers before the wizard asks: the app skips the steps these settle.
 */
export type StartOptions = {
	host?: string;
	port?: number;
	user?: string;
	marker?: string;
	/** A private key to log in with (its `.pub` beside it, or readable without a passphrase). */
	identity?: string;
	knownHostsFile?: string;
};

/** The server the app connects to: ASAPP's unless a flag or a saved profile names another. */
export type ServerAddress = {host: string; port: number};
