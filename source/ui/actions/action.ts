import type {PaneAction} from '../browser/pane-state.js';
import type {PaneView} from '../hooks/use-panes.js';
import type {Action} from '../keymap.js';
import type {PaneSide} from '../panes/pane.js';
import type {PlannedTransfer} from '../services.js';

export type OutputTone = 'normal' | 'ok' | 'error' | 'muted';
export type OutputLine = {text: string; tone: OutputTone};

/**
 * What an action can see and do. Actions work on `active` and `other` through the one
 * Pane interface; they never ask which side is local.
 */
export type BrowserContext = {
	active: PaneView;
	/** The other pane; undefined when not connected (check-only mode). */
	other: PaneView | undefined;
	/** A pane by side, for commands that name one (`ls` remote, `lls` local). */
	pane(side: PaneSide): PaneView | undefined;
	/** Rows a pane shows, for paging. */
	height: number;
	change(view: PaneView, action: PaneAction): void;
	load(view: PaneView, folder: string, select?: string): Promise<boolean>;
	/** Replaces the status lines under the panes. */
	say(lines: Array<string | OutputLine>, tone?: OutputTone): void;
	/** Shows what failed and what to do; an unexpected failure's detail goes to the log. */
	fail(error: unknown, doing: string): Promise<void>;
	switchPane(): void;
	/** Starts sending planned files from one pane to the other: replace questions, checks, the queue. */
	send(from: PaneView, planned: PlannedTransfer, options?: {checkOnly?: boolean}): Promise<void>;
	/** Asks a yes/no question; `onYes` runs only on y. */
	confirm(question: string, onYes: () => Promise<void>): void;
	/** Asks for a line of text (a folder name). */
	prompt(label: string, onSubmit: (value: string) => Promise<void>): void;
	openFilter(): void;
	openCommandLine(): void;
	showHelp(): void;
	quit(): void;
};

/** One `:` command: the words that call it, and its line in `help`. */
export type CommandSpec = {words: string[]; usage: string; summary: string};

/**
 * One thing the browser does, on a key (a row of keymap.ts) and/or a `:` command. A new
 * action is a new file exporting one of these, listed in actions/index.ts.
 */
export type BrowserAction = {
	key?: Action;
	command?: CommandSpec;
	run(context: BrowserContext, input: {word: string; args: string[]}): void | Promise<void>;
};

/** The files an action applies to: the marked ones, else the one under the cursor. */
export function pathsOf(view: PaneView, names: string[]): string[] {
	return names.map(name => view.bridge.enter(view.state.path, name));
}
