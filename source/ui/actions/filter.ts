import type {BrowserAction} from './action.js';

/** `/` narrows the pane to names containing what is typed. */
export const filter: BrowserAction = {
	key: 'filter',
	run(context) {
		context.openFilter();
	},
};
