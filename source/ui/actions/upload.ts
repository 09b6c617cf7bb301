import type {BrowserAction} from './action.js';
import {sendCommand, sendSelection} from './send-files.js';

/** u sends the local pane's marked files to the remote folder, checked first; `:put` the same by name. */
export const upload: BrowserAction = {
	key: 'upload',
	command: {words: ['put'], usage: 'put [-r] file|* [name]', summary: 'check + upload (-r: a folder)'},
	async run(context, {word, args}) {
		const from = context.pane('local');
		const to = context.pane('remote');
		if (word === 'put') {
			await sendCommand(context, from, to, word, args);
			return;
		}

		if (!to) {
			context.say(['Not connected: this is the check-only mode. Press v to check files.'], 'muted');
			return;
		}

		if (from) {
			await sendSelection(context, from, to);
		}
	},
};
