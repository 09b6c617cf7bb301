import type {BrowserAction} from './action.js';

/** Backspace (or ←) goes up a folder, with the cursor on the folder it came from. */
export const parentFolder: BrowserAction = {
	key: 'parent',
	async run({active, load}) {
		const {path} = active.state;
		const up = active.bridge.up(path);
		if (up !== path) {
			await load(active, up, active.bridge.nameOf(path));
		}
	},
};
