import type {BrowserAction} from './action.js';

/** Space marks the file under the cursor (or unmarks it) and moves down. */
export const mark: BrowserAction = {
	key: 'mark',
	run({active, change, height}) {
		change(active, {type: 'toggle-mark', height});
	},
};
