import type {BrowserAction} from './action.js';

/** `cd FOLDER` on the server, `lcd FOLDER` here. */
export const changeFolder: BrowserAction = {
	command: {words: ['cd', 'lcd'], usage: 'cd/lcd FOLDER', summary: 'change folder (lcd: this side)'},
	async run(context, {word, args}) {
		const view = context.pane(word === 'lcd' ? 'local' : 'remote');
		if (!view || args.length !== 1) {
			context.say([`Usage: ${word} FOLDER`], 'error');
			return;
		}

		const where = view.bridge.enter(view.state.path, args[0]!);
		// The pane's title shows where it is now; the status lines keep what the listing said.
		if (!await context.load(view, where)) {
			context.say([`Cannot open ${where}.`], 'error');
			await context.load(view, view.state.path);
		}
	},
};
