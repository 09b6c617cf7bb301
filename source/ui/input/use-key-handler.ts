import {useContext, useLayoutEffect, useRef} from 'react';
import {KeyRouterContext, type KeyHandler} from './key-router.js';

/**
 * The one way a screen, overlay or field receives keys (see `key-router.tsx`): `handler`
 * gets each key while `active` holds, in the order keys were typed, always with the screen
 * as the previous key left it. `text: true` for a text field (a typed or pasted run of
 * characters arrives whole).
 */
export function useKeyHandler(handler: KeyHandler, {active = true, text = false}: {active?: boolean; text?: boolean} = {}): void {
	const router = useContext(KeyRouterContext);
	if (router === undefined) {
		throw new Error('useKeyHandler needs a <KeyRouter> above it');
	}

	const latest = useRef(handler);
	// Layout effects run in the commit itself, before the router hands over the next key.
	useLayoutEffect(() => {
		latest.current = handler;
	});
	useLayoutEffect(() => {
		if (!active) {
			return;
		}

		return router.register({handler: latest, text});
	}, [active, text, router]);
}
