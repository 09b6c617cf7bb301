import type {BrowserAction} from './action.js';

/** Tab moves to the other pane (there is none when not connected). */
export const switchPane: BrowserAction = {
	key: 'switchPane',
	run(context) {
		context.switchPane();
	},
};
