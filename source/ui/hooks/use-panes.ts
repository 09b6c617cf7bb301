import {useCallback, useEffect, useMemo, useReducer, useRef} from 'react';
import {describeRefusedNames} from '../../core/ops/check-names.js';
import {emptyPane, entryUnderCursor, paneReducer, type PaneAction, type PaneState} from '../browser/pane-state.js';
import {localPane} from '../panes/local-pane.js';
import type {Pane, PaneSide} from '../panes/pane.js';
import {remotePane} from '../panes/remote-pane.js';
import {useServices, type RemoteSession, type ServiceError} from '../services.js';

/** A pane's bridge (what it can do) and its state (what it shows). */
export type PaneView = {bridge: Pane; state: PaneState};

type PaneStates = Record<PaneSide, PaneState>;

function statesReducer(states: PaneStates, action: PaneAction & {side: PaneSide}): PaneStates {
	return {...states, [action.side]: paneReducer(states[action.side], action)};
}

/**
 * Both panes: their bridges, their state, and loading a folder into one. `notice` hears of
 * names a folder listing left out.
 */
export function usePanes(session: RemoteSession | undefined, notice: (text: string) => void) {
	const services = useServices();
	const bridges = useMemo(() => ({local: localPane(services.local), remote: session ? remotePane(session) : undefined}), [services, session]);
	const [states, dispatch] = useReducer(statesReducer, undefined, () => ({local: emptyPane(services.local.cwd()), remote: emptyPane('')}));
	const statesRef = useRef(states);
	statesRef.current = states;
	const noticeRef = useRef(notice);
	noticeRef.current = notice;

	/** Loads `folder` into a pane; a refresh keeps the cursor on the same entry. */
	const load = useCallback(async (side: PaneSide, folder: string, select?: string): Promise<boolean> => {
		const bridge = bridges[side];
		if (!bridge) {
			return false;
		}

		const current = statesRef.current[side];
		const keep = select ?? (current.path === folder ? entryUnderCursor(current)?.name : undefined);
		dispatch({side, type: 'loading', path: folder});
		try {
			const {entries, refused} = await bridge.list(folder);
			dispatch({side, type: 'loaded', path: folder, entries, select: keep});
			const note = describeRefusedNames(refused);
			if (note) {
				noticeRef.current(note);
			}

			return true;
		} catch (error) {
			dispatch({side, type: 'failed', path: folder, error: (error as ServiceError).message});
			return false;
		}
	}, [bridges]);

	useEffect(() => {
		for (const bridge of [bridges.local, bridges.remote]) {
			if (bridge) {
				void bridge.home().then(async home => load(bridge.side, home), (error: unknown) => {
					dispatch({side: bridge.side, type: 'failed', path: '/', error: (error as ServiceError).message});
				});
			}
		}
	}, [bridges, load]);

	/** The pane's current view; undefined for the remote side when not connected. */
	const view = useCallback((side: PaneSide): PaneView | undefined => {
		const bridge = bridges[side];
		return bridge ? {bridge, state: statesRef.current[side]} : undefined;
	}, [bridges]);

	const paneAction = useCallback((side: PaneSide, action: PaneAction) => {
		dispatch({...action, side});
	}, []);

	return {states, bridges, view, load, paneAction};
}
