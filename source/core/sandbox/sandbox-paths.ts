import path from 'node:path';
import {appPaths} from '../config/paths.js';

/** Where the practice server keeps its files between runs. */
export type SandboxPaths = {
	/** The folder clients see as `/`; holds `in/` and `out/`. */
	root: string;
	/** OpenSSH authorized_keys format: the keys allowed to log in. */
	authorizedKeysFile: string;
	/** The server's private host key (PEM, mode 0600), made once so known_hosts stays valid. */
	hostKeyFile: string;
};

/** Everything under the user's data directory (`$XDG_DATA_HOME/asapp-sftp/sandbox`). */
export function defaultSandboxPaths(env: NodeJS.ProcessEnv = process.env): SandboxPaths {
	const base = path.join(appPaths(env).dataDir, 'sandbox');
	return {
		root: path.join(base, 'root'),
		authorizedKeysFile: path.join(base, 'authorized_keys'),
		hostKeyFile: path.join(base, 'ssh_host_rsa_key'),
	};
}
