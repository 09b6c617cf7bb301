import type {BrowserAction} from './action.js';

/** `:` opens the command line (sftp's words: ls, cd, put, get, ...). */
export const commandLine: BrowserAction = {
	key: 'command',
	run(context) {
		context.openCommandLine();
	},
};
