import type {BrowserAction} from './action.js';

/** q (or `:quit`, `:exit`, `:bye`) leaves the app. */
export const quit: BrowserAction = {
	key: 'quit',
	command: {words: ['quit', 'exit', 'bye'], usage: 'quit / exit', summary: 'leave the app'},
	run(context) {
		context.quit();
	},
};
