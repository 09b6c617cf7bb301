import {entryUnderCursor} from '../browser/pane-state.js';
import type {BrowserAction} from './action.js';

/** Enter (or →) on a folder opens it. */
export const openFolder: BrowserAction = {
	key: 'open',
	async run({active, load}) {
		const entry = entryUnderCursor(active.state);
		if (entry?.kind === 'directory' || entry?.kind === 'link') {
			await load(active, active.bridge.enter(active.state.path, entry.name));
		}
	},
};
