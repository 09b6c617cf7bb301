import type {BrowserAction, BrowserContext} from './action.js';

function moveBy(by: (context: BrowserContext) => number): BrowserAction['run'] {
	return context => {
		context.change(context.active, {type: 'move', by: by(context), height: context.height});
	};
}

function moveTo(index: number): BrowserAction['run'] {
	return context => {
		context.change(context.active, {type: 'move-to', index, height: context.height});
	};
}

/** The cursor keys of a pane: a row, a page, the ends. */
export const cursorUp: BrowserAction = {key: 'up', run: moveBy(() => -1)};
export const cursorDown: BrowserAction = {key: 'down', run: moveBy(() => 1)};
export const pageUp: BrowserAction = {key: 'pageUp', run: moveBy(context => -context.height)};
export const pageDown: BrowserAction = {key: 'pageDown', run: moveBy(context => context.height)};
export const firstEntry: BrowserAction = {key: 'top', run: moveTo(0)};
export const lastEntry: BrowserAction = {key: 'bottom', run: moveTo(Number.MAX_SAFE_INTEGER)};
