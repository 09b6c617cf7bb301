import {fileNameMatcher, hasWildcard} from '../../core/glob.js';
import {selectedFiles} from '../browser/pane-state.js';
import type {PaneView} from '../hooks/use-panes.js';
import type {BrowserContext} from './action.js';

/** Splits `-r`-style flags from the words of a command. */
export function splitFlags(args: string[]): {recursive: boolean; words: string[]} {
	return {
		recursive: args.some(arg => /^-[a-zA-Z]*[rR]/.test(arg)),
		words: args.filter(arg => !/^-[rRpPaf]+$/.test(arg)),
	};
}

/** The paths a word names in a pane: a * or ? pattern matches the files of its folder. */
export async function expandWord(view: PaneView, word: string): Promise<string[]> {
	const target = view.bridge.enter(view.state.path, word);
	const pattern = view.bridge.nameOf(target);
	if (!hasWildcard(pattern)) {
		return [target];
	}

	const folder = view.bridge.up(target);
	const match = fileNameMatcher(pattern);
	const {entries} = await view.bridge.list(folder);
	return entries.filter(entry => entry.kind === 'file' && match(entry.name)).map(entry => view.bridge.enter(folder, entry.name));
}

/** Sends the marked files of `from` (or the one under its cursor) into the folder `to` shows. */
export async function sendSelection(context: BrowserContext, from: PaneView, to: PaneView | undefined, options: {checkOnly?: boolean} = {}): Promise<void> {
	const files = selectedFiles(from.state);
	if (files.length === 0) {
		context.say([`Nothing to ${options.checkOnly ? 'check' : 'send'}: mark files in the ${from.bridge.title.toLowerCase()} pane with Space, or put the cursor on one.`], 'muted');
		return;
	}

	try {
		const planned = await from.bridge.planSend(files.map(file => from.bridge.enter(from.state.path, file.name)), to?.state.path ?? from.state.path, {recursive: false});
		await context.send(from, planned, options);
	} catch (error) {
		await context.fail(error, options.checkOnly ? 'Checking' : 'Planning the transfer');
	}
}

/** `put`/`get` with sftp's words: `[-r] SOURCE [NEW-NAME]`, SOURCE may hold * and ?. */
export async function sendCommand(context: BrowserContext, from: PaneView | undefined, to: PaneView | undefined, word: string, args: string[]): Promise<void> {
	const {recursive, words} = splitFlags(args);
	if (!from || !to) {
		context.say([`${word} needs a connection; this is the check-only mode.`], 'error');
		return;
	}

	if (words.length === 0 || words.length > 2) {
		context.say([`Usage: ${word} [-r] FILE [NEW-NAME]`], 'error');
		return;
	}

	try {
		const paths = await expandWord(from, words[0]!);
		if (paths.length === 0) {
			context.say([`No files match ${words[0]!} in ${from.bridge.title.toLowerCase()} folder ${from.state.path}.`], 'error');
			return;
		}

		const rename = paths.length === 1 ? words[1] : undefined;
		const planned = await from.bridge.planSend(paths, to.state.path, {recursive, rename});
		await context.send(from, planned);
	} catch (error) {
		await context.fail(error, word);
	}
}
