import type {PaneView} from '../hooks/use-panes.js';
import type {BrowserAction, BrowserContext} from './action.js';

async function makeFolder(context: BrowserContext, view: PaneView, name: string): Promise<void> {
	const target = view.bridge.enter(view.state.path, name);
	try {
		await view.bridge.mkdir(target);
		context.say([`Made the folder ${target}`], 'ok');
		await context.load(view, view.state.path, view.bridge.nameOf(target));
	} catch (error) {
		await context.fail(error, 'Making a folder');
	}
}

/** m asks for a name and makes a folder in the active pane; `:mkdir NAME` makes one on the server. */
export const makeFolderAction: BrowserAction = {
	key: 'mkdir',
	command: {words: ['mkdir'], usage: 'mkdir name', summary: 'make remote folder'},
	async run(context, {word, args}) {
		if (word === 'mkdir') {
			const view = context.pane('remote');
			if (!view || args.length !== 1) {
				context.say(['Usage: mkdir NAME'], 'error');
				return;
			}

			await makeFolder(context, view, args[0]!);
			return;
		}

		const view = context.active;
		context.prompt(`New folder in ${view.state.path}: `, async name => {
			if (name.trim() !== '') {
				await makeFolder(context, view, name.trim());
			}
		});
	},
};
