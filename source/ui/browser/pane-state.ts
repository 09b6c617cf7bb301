import type {FileEntry} from '../services.js';

export type PaneSide = 'local' | 'remote';

/** One side of the browser. `cursor` and `top` index the filtered list. */
export type PaneState = {
	path: string;
	entries: FileEntry[];
	cursor: number;
	/** First visible row: only `height` rows from here are rendered. */
	top: number;
	marked: ReadonlySet<string>;
	filter: string;
	loading: boolean;
	error: string | undefined;
};

export function emptyPane(path: string): PaneState {
	return {path, entries: [], cursor: 0, top: 0, marked: new Set(), filter: '', loading: true, error: undefined};
}

/** Folders first, then by name, as people expect from a file manager. */
export function sortEntries(entries: FileEntry[]): FileEntry[] {
	return [...entries].sort((a, b) => {
		const aFolder = a.kind === 'directory' ? 0 : 1;
		const bFolder = b.kind === 'directory' ? 0 : 1;
		return aFolder - bFolder || (a.name < b.name ? -1 : (a.name > b.name ? 1 : 0));
	});
}

export function visibleEntries(pane: PaneState): FileEntry[] {
	if (pane.filter === '') {
		return pane.entries;
	}

	const needle = pane.filter.toLowerCase();
	return pane.entries.filter(entry => entry.name.toLowerCase().includes(needle));
}

export function entryUnderCursor(pane: PaneState): FileEntry | undefined {
	return visibleEntries(pane)[pane.cursor];
}

/** Keeps the cursor inside the list and the viewport around the cursor. */
function placeCursor(pane: PaneState, cursor: number, height: number): PaneState {
	const count = visibleEntries(pane).length;
	const clamped = count === 0 ? 0 : Math.min(count - 1, Math.max(0, cursor));
	let {top} = pane;
	if (clamped < top) {
		top = clamped;
	} else if (clamped >= top + height) {
		top = clamped - height + 1;
	}

	top = Math.max(0, Math.min(top, Math.max(0, count - height)));
	return {...pane, cursor: clamped, top};
}

export type PaneAction =
	| {type: 'loading'; path: string}
	| {type: 'loaded'; path: string; entries: FileEntry[]; select?: string}
	| {type: 'failed'; path: string; error: string}
	| {type: 'move'; by: number; height: number}
	| {type: 'move-to'; index: number; height: number}
	| {type: 'toggle-mark'; height: number}
	| {type: 'clear-marks'}
	| {type: 'filter'; filter: string; height: number};

export function paneReducer(pane: PaneState, action: PaneAction): PaneState {
	switch (action.type) {
		case 'loading': {
			return {...pane, loading: true, error: undefined, path: action.path};
		}

		case 'loaded': {
			const entries = sortEntries(action.entries);
			const samePlace = action.path === pane.path && !pane.loading;
			const next: PaneState = {
				...pane,
				path: action.path,
				entries,
				loading: false,
				error: undefined,
				filter: samePlace ? pane.filter : '',
				marked: samePlace ? new Set([...pane.marked].filter(name => entries.some(entry => entry.name === name))) : new Set(),
				top: 0,
			};
			const selectIndex = action.select === undefined ? -1 : visibleEntries(next).findIndex(entry => entry.name === action.select);
			return placeCursor(next, selectIndex === -1 ? (samePlace ? pane.cursor : 0) : selectIndex, Number.MAX_SAFE_INTEGER);
		}

		case 'failed': {
			return {...pane, loading: false, error: action.error};
		}

		case 'move': {
			return placeCursor(pane, pane.cursor + action.by, action.height);
		}

		case 'move-to': {
			return placeCursor(pane, action.index, action.height);
		}

		case 'toggle-mark': {
			const entry = entryUnderCursor(pane);
			if (!entry || entry.kind === 'directory') {
				return placeCursor(pane, pane.cursor + 1, action.height);
			}

			const marked = new Set(pane.marked);
			if (marked.has(entry.name)) {
				marked.delete(entry.name);
			} else {
				marked.add(entry.name);
			}

			return placeCursor({...pane, marked}, pane.cursor + 1, action.height);
		}

		case 'clear-marks': {
			return {...pane, marked: new Set()};
		}

		case 'filter': {
			return placeCursor({...pane, filter: action.filter, top: 0}, 0, action.height);
		}
	}
}

/** The files an action applies to: the marked ones, else the one under the cursor. */
export function selectedFiles(pane: PaneState): FileEntry[] {
	if (pane.marked.size > 0) {
		return pane.entries.filter(entry => pane.marked.has(entry.name));
	}

	const entry = entryUnderCursor(pane);
	return entry && entry.kind !== 'directory' ? [entry] : [];
}
