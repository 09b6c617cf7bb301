import type {BrowserAction} from './action.js';
import {changeFolder} from './change-folder.js';
import {commandLine} from './command-line.js';
import {download} from './download.js';
import {filter} from './filter.js';
import {help} from './help.js';
import {listFolder} from './list-folder.js';
import {makeFolderAction} from './make-folder.js';
import {mark} from './mark.js';
import {cursorDown, cursorUp, firstEntry, lastEntry, pageDown, pageUp} from './move-cursor.js';
import {openFolder} from './open-folder.js';
import {parentFolder} from './parent-folder.js';
import {quit} from './quit.js';
import {refresh} from './refresh.js';
import {remove} from './remove.js';
import {switchPane} from './switch-pane.js';
import {upload} from './upload.js';
import {validate} from './validate.js';
import {where} from './where.js';

/**
 * Every browser action. Its key is a row of keymap.ts; its `:` words and help line are on
 * the action. A test checks that every browser key has exactly one action here.
 */
export const browserActions: readonly BrowserAction[] = [
	cursorUp, cursorDown, pageUp, pageDown, firstEntry, lastEntry,
	openFolder, parentFolder, switchPane, mark, filter, commandLine,
	upload, download, validate, makeFolderAction, remove, refresh,
	listFolder, changeFolder, where, help, quit,
];

/** The commands of the `:` line, for the help screen. */
export const commandSummaries: Array<[string, string]> = browserActions.flatMap(action => action.command ? [[action.command.usage, action.command.summary] as [string, string]] : []);

export function actionForCommand(word: string): BrowserAction | undefined {
	const lower = word.toLowerCase();
	return browserActions.find(action => action.command?.words.includes(lower));
}
