import {createContext, useContext, useEffect, useRef, type RefObject} from 'react';

/**
 * Ctrl-C cancels the running work first, and quits only when nothing is running. Work that
 * can be cancelled registers its cancel function here while it runs.
 */
export type CancelScope = RefObject<(() => void) | undefined>;

export const CancelScopeContext = createContext<CancelScope>({current: undefined});

export function useCancelScopeRef(): CancelScope {
	return useRef<(() => void) | undefined>(undefined);
}

/** Registers `cancel` while it is defined. */
export function useCancelOnCtrlC(cancel: (() => void) | undefined): void {
	const scope = useContext(CancelScopeContext);
	useEffect(() => {
		if (cancel === undefined) {
			return;
		}

		scope.current = cancel;
		return () => {
			if (scope.current === cancel) {
				scope.current = undefined;
			}
		};
	}, [cancel, scope]);
}
