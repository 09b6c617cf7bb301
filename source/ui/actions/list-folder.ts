import {formatSize} from '../format.js';
import type {BrowserAction} from './action.js';

/** `ls [PATH]` lists a remote folder under the panes, `lls [PATH]` a local one. */
export const listFolder: BrowserAction = {
	command: {words: ['ls', 'dir', 'lls'], usage: 'ls/lls [path]', summary: 'list folder (lls: this side)'},
	async run(context, {word, args}) {
		const view = context.pane(word === 'lls' ? 'local' : 'remote');
		if (!view) {
			return;
		}

		const paths = args.filter(arg => !arg.startsWith('-'));
		const folder = paths[0] === undefined ? view.state.path : view.bridge.enter(view.state.path, paths[0]);
		try {
			const {entries} = await view.bridge.list(folder);
			if (entries.length === 0) {
				context.say([`${folder}: empty`], 'muted');
				return;
			}

			context.say([...entries].sort((a, b) => a.name.localeCompare(b.name)).map(entry => entry.kind === 'directory' ? `${entry.name}/` : `${entry.name}  ${formatSize(entry.size)}`));
		} catch (error) {
			await context.fail(error, word);
		}
	},
};
