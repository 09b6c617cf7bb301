import {homedir} from 'node:os';
import path from 'node:path';

/** Where the tool keeps things, following the XDG base directories where set. */
export type AppPaths = {
	configDir: string;
	dataDir: string;
	stateDir: string;
	logFile: string;
};

export function appPaths(env: NodeJS.ProcessEnv = process.env, home = homedir()): AppPaths {
	const configHome = env['XDG_CONFIG_HOME'] || path.join(home, '.config');
	const dataHome = env['XDG_DATA_HOME'] || path.join(home, '.local', 'share');
	const stateHome = env['XDG_STATE_HOME'] || path.join(home, '.local', 'state');
	const stateDir = path.join(stateHome, 'asapp-sftp');
	return {
		configDir: path.join(configHome, 'asapp-sftp'),
		dataDir: path.join(dataHome, 'asapp-sftp'),
		stateDir,
		logFile: path.join(stateDir, 'asapp-sftp.log'),
	};
}
