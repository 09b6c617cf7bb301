import type {BrowserAction} from './action.js';

/** `pwd` names the remote folder, `lpwd` the local one. */
export const where: BrowserAction = {
	command: {words: ['pwd', 'lpwd'], usage: 'pwd/lpwd', summary: 'show folder (lpwd: this side)'},
	run(context, {word}) {
		const view = context.pane(word === 'lpwd' ? 'local' : 'remote');
		if (view) {
			context.say([`${view.bridge.title} working directory: ${view.state.path}`]);
		}
	},
};
