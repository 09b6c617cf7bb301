import type {Key} from 'ink';

/**
 * Every key binding of the app, in one table: handlers ask `matches(action, input, key)`,
 * and the on-screen hints and the `?` help are drawn from the same rows, so what is shown
 * is what works.
 */

type NamedKey = 'upArrow' | 'downArrow' | 'leftArrow' | 'rightArrow' | 'pageUp' | 'pageDown' | 'home' | 'end'
	| 'return' | 'escape' | 'tab' | 'backspace' | 'delete';

type KeySpec = {input: string; ctrl?: boolean} | {named: NamedKey; shift?: boolean};

export type KeyScope = 'global' | 'wizard' | 'browser' | 'question' | 'report' | 'queue';

export type Binding = {
	/** What the hints show, e.g. "↑/k". */
	label: string;
	/** What it does, in a few words. */
	does: string;
	scope: KeyScope;
	keys: KeySpec[];
};

export const keymap = {
	quit: {label: 'q', does: 'quit', scope: 'global', keys: [{input: 'q'}]},
	help: {label: '?', does: 'all keys', scope: 'global', keys: [{input: '?'}]},
	cancel: {label: 'Ctrl-C', does: 'cancel transfer, then quit', scope: 'global', keys: [{input: 'c', ctrl: true}]},
	back: {label: 'Esc', does: 'back', scope: 'wizard', keys: [{named: 'escape'}]},
	confirm: {label: 'Enter', does: 'continue', scope: 'wizard', keys: [{named: 'return'}]},
	choiceUp: {label: '↑/k', does: 'previous choice', scope: 'wizard', keys: [{named: 'upArrow'}, {input: 'k'}]},
	choiceDown: {label: '↓/j', does: 'next choice', scope: 'wizard', keys: [{named: 'downArrow'}, {input: 'j'}]},
	pick: {label: '1-9', does: 'choose by number', scope: 'wizard', keys: ['1', '2', '3', '4', '5', '6', '7', '8', '9'].map(digit => ({input: digit}))},
	copy: {label: 'c', does: 'copy the key again', scope: 'wizard', keys: [{input: 'c'}]},
	accept: {label: 'y', does: 'yes', scope: 'wizard', keys: [{input: 'y'}]},
	reject: {label: 'n', does: 'no', scope: 'wizard', keys: [{input: 'n'}]},
	retry: {label: 'r', does: 'try again', scope: 'wizard', keys: [{input: 'r'}]},
	up: {label: '↑/k', does: 'move up', scope: 'browser', keys: [{named: 'upArrow'}, {input: 'k'}]},
	down: {label: '↓/j', does: 'move down', scope: 'browser', keys: [{named: 'downArrow'}, {input: 'j'}]},
	pageUp: {label: 'PgUp', does: 'page up', scope: 'browser', keys: [{named: 'pageUp'}]},
	pageDown: {label: 'PgDn', does: 'page down', scope: 'browser', keys: [{named: 'pageDown'}]},
	top: {label: 'g/Home', does: 'first entry', scope: 'browser', keys: [{input: 'g'}, {named: 'home'}]},
	bottom: {label: 'G/End', does: 'last entry', scope: 'browser', keys: [{input: 'G'}, {named: 'end'}]},
	open: {label: 'Enter/→', does: 'open folder', scope: 'browser', keys: [{named: 'return'}, {named: 'rightArrow'}]},
	parent: {label: 'Bksp/←', does: 'up a folder', scope: 'browser', keys: [{named: 'backspace'}, {named: 'delete'}, {named: 'leftArrow'}]},
	switchPane: {label: 'Tab', does: 'other pane', scope: 'browser', keys: [{named: 'tab'}]},
	mark: {label: 'Space', does: 'mark file', scope: 'browser', keys: [{input: ' '}]},
	filter: {label: '/', does: 'filter', scope: 'browser', keys: [{input: '/'}]},
	command: {label: ':', does: 'command line', scope: 'browser', keys: [{input: ':'}]},
	upload: {label: 'u', does: 'check + upload', scope: 'browser', keys: [{input: 'u'}]},
	download: {label: 'd', does: 'download', scope: 'browser', keys: [{input: 'd'}]},
	validate: {label: 'v', does: 'check files only', scope: 'browser', keys: [{input: 'v'}]},
	mkdir: {label: 'm', does: 'new folder', scope: 'browser', keys: [{input: 'm'}]},
	remove: {label: 'x', does: 'delete file/empty folder', scope: 'browser', keys: [{input: 'x'}]},
	refresh: {label: 'r', does: 'refresh', scope: 'browser', keys: [{input: 'r'}]},
	nextFinding: {label: '↓/j', does: 'next problem', scope: 'report', keys: [{named: 'downArrow'}, {input: 'j'}]},
	previousFinding: {label: '↑/k', does: 'previous problem', scope: 'report', keys: [{named: 'upArrow'}, {input: 'k'}]},
	nextFile: {label: 'Tab', does: 'next file', scope: 'report', keys: [{named: 'tab'}]},
	override: {label: 'o', does: 'upload this file anyway', scope: 'report', keys: [{input: 'o'}]},
	convert: {label: 'c', does: 'convert to JSONL', scope: 'report', keys: [{input: 'c'}]},
	proceed: {label: 'Enter', does: 'upload the allowed files', scope: 'report', keys: [{named: 'return'}]},
	close: {label: 'Esc', does: 'close', scope: 'report', keys: [{named: 'escape'}]},
	answerYes: {label: 'y', does: 'yes', scope: 'question', keys: [{input: 'y'}]},
	answerNo: {label: 'n', does: 'no', scope: 'question', keys: [{input: 'n'}]},
	answerAll: {label: 'a', does: 'yes to all', scope: 'question', keys: [{input: 'a'}]},
	answerNone: {label: 'N', does: 'no to all', scope: 'question', keys: [{input: 'N'}]},
	dismiss: {label: 'Esc', does: 'cancel', scope: 'question', keys: [{named: 'escape'}]},
	chooseTable: {label: 's', does: 'choose the table', scope: 'report', keys: [{input: 's'}]},
	done: {label: 'Enter', does: 'back to the browser', scope: 'queue', keys: [{named: 'return'}, {named: 'escape'}]},
} as const satisfies Record<string, Binding>;

export type Action = keyof typeof keymap;

function specMatches(spec: KeySpec, input: string, key: Key): boolean {
	if ('named' in spec) {
		return key[spec.named] && (spec.shift === undefined || key.shift === spec.shift);
	}

	if (spec.ctrl) {
		return key.ctrl && input === spec.input;
	}

	return !key.ctrl && !key.meta && input === spec.input;
}

export function matches(action: Action, input: string, key: Key): boolean {
	const binding: Binding = keymap[action];
	return binding.keys.some(spec => specMatches(spec, input, key));
}

/** The bindings of one scope, in table order, for the help screen. */
export function bindingsOf(scope: KeyScope): Array<Binding & {action: Action}> {
	return (Object.entries(keymap) as Array<[Action, Binding]>)
		.filter(([, binding]) => binding.scope === scope)
		.map(([action, binding]) => ({...binding, action}));
}
