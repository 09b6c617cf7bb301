import type {BrowserAction} from './action.js';
import {sendSelection} from './send-files.js';

/** v checks the marked files of this machine against ASAPP's tables; nothing is sent. */
export const validate: BrowserAction = {
	key: 'validate',
	async run(context) {
		const {active, other} = context;
		if (!active.bridge.checkable) {
			context.say([`Files are checked on this machine, before they are sent: press Tab for the local pane, mark files and press v. To check a file from the ${active.bridge.title.toLowerCase()} pane, download it first.`], 'muted');
			return;
		}

		await sendSelection(context, active, other, {checkOnly: true});
	},
};
