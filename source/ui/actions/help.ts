import type {BrowserAction} from './action.js';

/** ? (or `:help`) shows every key and command. */
export const help: BrowserAction = {
	key: 'help',
	command: {words: ['help', '?'], usage: 'help', summary: 'this list'},
	run(context) {
		context.showHelp();
	},
};
