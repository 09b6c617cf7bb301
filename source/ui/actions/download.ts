import type {BrowserAction} from './action.js';
import {sendCommand, sendSelection} from './send-files.js';

/** d fetches the remote pane's marked files into the local folder; `:get` the same by name. */
export const download: BrowserAction = {
	key: 'download',
	command: {words: ['get'], usage: 'get [-r] file|* [name]', summary: 'download (-r: a folder)'},
	async run(context, {word, args}) {
		const from = context.pane('remote');
		const to = context.pane('local');
		if (word === 'get') {
			await sendCommand(context, from, to, word, args);
			return;
		}

		if (from && to) {
			await sendSelection(context, from, to);
		} else {
			context.say(['Nothing to download: this is the check-only mode.'], 'muted');
		}
	},
};
