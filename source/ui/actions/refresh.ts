import type {BrowserAction} from './action.js';

/** r lists both folders again. */
export const refresh: BrowserAction = {
	key: 'refresh',
	async run({active, other, load}) {
		await Promise.all([active, other].map(async view => view && load(view, view.state.path)));
	},
};
