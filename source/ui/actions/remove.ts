import {entryUnderCursor} from '../browser/pane-state.js';
import type {PaneView} from '../hooks/use-panes.js';
import type {BrowserAction, BrowserContext} from './action.js';
import {expandWord} from './send-files.js';

type Doomed = {path: string; kind: 'file' | 'directory'};

function describe(view: PaneView, doomed: Doomed[]): string {
	const names = doomed.slice(0, 3).map(item => `${view.bridge.nameOf(item.path)}${item.kind === 'directory' ? '/' : ''}`).join(', ');
	const rest = doomed.length > 3 ? ` and ${doomed.length - 3} more` : '';
	return `${names}${rest}`;
}

/** Asks, then removes each file or empty folder, saying what went and what stayed. */
function removeAfterAsking(context: BrowserContext, view: PaneView, doomed: Doomed[]): void {
	const where = view.bridge.side === 'remote' ? 'from the server' : 'from this machine';
	context.confirm(`Delete ${describe(view, doomed)} ${where}? This cannot be undone.`, async () => {
		const removed: string[] = [];
		for (const item of doomed) {
			try {
				await view.bridge.remove(item.path, item.kind);
				removed.push(item.path);
			} catch (error) {
				await context.load(view, view.state.path);
				await context.fail(error, 'Deleting');
				return;
			}
		}

		await context.load(view, view.state.path);
		context.say([`Deleted ${removed.length === 1 ? removed[0]! : `${removed.length} entries`} ${where}.`], 'ok');
	});
}

/** x deletes the marked files (or the file or empty folder under the cursor); `:rm` and `:rmdir` by name, on the server. */
export const remove: BrowserAction = {
	key: 'remove',
	command: {words: ['rm', 'rmdir'], usage: 'rm file|* / rmdir folder', summary: 'delete remote file / empty folder'},
	async run(context, {word, args}) {
		if (word === 'rm' || word === 'rmdir') {
			const view = context.pane('remote');
			if (!view || args.length === 0) {
				context.say([view ? `Usage: ${word} ${word === 'rm' ? 'FILE' : 'FOLDER'}...` : `${word} needs a connection; this is the check-only mode.`], 'error');
				return;
			}

			const kind = word === 'rm' ? 'file' : 'directory';
			const paths = (await Promise.all(args.map(async arg => expandWord(view, arg)))).flat();
			if (paths.length === 0) {
				context.say([`Nothing matches ${args.join(' ')}.`], 'error');
				return;
			}

			removeAfterAsking(context, view, paths.map(path => ({path, kind})));
			return;
		}

		const view = context.active;
		const marked = view.state.entries.filter(entry => view.state.marked.has(entry.name));
		const entry = entryUnderCursor(view.state);
		const chosen = marked.length > 0 ? marked : (entry ? [entry] : []);
		const doomed = chosen.filter(item => item.kind === 'file' || item.kind === 'directory')
			.map(item => ({path: view.bridge.enter(view.state.path, item.name), kind: item.kind as Doomed['kind']}));
		if (doomed.length === 0) {
			context.say(['Nothing to delete: put the cursor on a file or an empty folder, or mark files with Space.'], 'muted');
			return;
		}

		removeAfterAsking(context, view, doomed);
	},
};
