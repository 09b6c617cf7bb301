/**
 * All terminal input enters the app here, through one `useInput`, and reaches the screens
 * key by key, in order.
 *
 * How screens use it: call `useKeyHandler(handler, {active, text})` from
 * `./use-key-handler.js` instead of Ink's `useInput` (same `(input, key)` arguments; match
 * keys with `matches()` from `../keymap.js`). Every active handler sees every key, in the
 * order the handlers were registered; `active: false` (an overlay is open, a task runs)
 * takes a handler out. `text: true` marks a text field: while one is active, a run of
 * typed or pasted characters arrives as one key, as Ink would pass it.
 *
 * Why one place: a terminal read can hold several keys (`j` + Enter from a fast typist,
 * `:pwd` + Enter from a script, 50 arrows from a held key). Each key must reach the screen
 * that the previous key brought up, and that screen's handlers register only once React has
 * committed it. So the router hands over one key, waits for the commit it caused (a render
 * of the router itself, whose effect runs after every handler below it has registered),
 * and then hands over the next. Keys typed one at a time are handed over at once; nothing
 * is delayed by a timer.
 */
import {useInput, useStdin, type Key} from 'ink';
import {createContext, useCallback, useEffect, useMemo, useRef, useState, type ReactNode, type RefObject} from 'react';
import {isText, splitKeyPresses, type KeyPress} from './key-press.js';

/** What a screen does with a key: the arguments of Ink's `useInput` handler. */
export type KeyHandler = (input: string, key: Key) => void;

export type KeyRegistration = {
	handler: RefObject<KeyHandler>;
	/** A text field: takes runs of characters whole. */
	text: boolean;
};

export type KeyRouterApi = {
	/** Adds a handler; returns the function that removes it. */
	register(registration: KeyRegistration): () => void;
};

export const KeyRouterContext = createContext<KeyRouterApi | undefined>(undefined);

/**
 * `paused`: the screens are hidden (the terminal is too small), so keys other than Ctrl-C
 * are dropped rather than acting on something nobody can see.
 */
export function KeyRouter({children, paused = false}: {children: ReactNode; paused?: boolean}) {
	const pausedRef = useRef(paused);
	pausedRef.current = paused;
	const registrations = useRef<KeyRegistration[]>([]);
	const queue = useRef<KeyPress[]>([]);
	// True from handing a key over until React has committed what it changed.
	const awaitingCommit = useRef(false);
	const [handedOver, setHandedOver] = useState(0);
	const {internal_eventEmitter} = useStdin();

	const handOverNext = useCallback(() => {
		if (awaitingCommit.current) {
			return;
		}

		const first = queue.current.shift();
		if (first === undefined) {
			return;
		}

		const receivers = [...registrations.current];
		let press = first;
		if (isText(first) && receivers.some(registration => registration.text)) {
			let run = first.input;
			while (queue.current[0] !== undefined && isText(queue.current[0])) {
				run += queue.current.shift()!.input;
			}

			press = {input: run, key: first.key};
		}

		awaitingCommit.current = true;
		try {
			for (const registration of receivers) {
				// A handler an earlier one took off screen (by changing the screen) no longer listens.
				if (registrations.current.includes(registration)) {
					registration.handler.current(press.input, press.key);
				}
			}
		} finally {
			// Re-renders the router after whatever the key changed, so its effect marks the commit.
			setHandedOver(count => count + 1);
		}
	}, []);

	useEffect(() => {
		if (handedOver === 0) {
			return;
		}

		awaitingCommit.current = false;
		if (queue.current.length === 0) {
			return;
		}

		// Outside React's commit, so a long run of keys is not a chain of nested updates; and
		// through Ink's input path (an empty event, which no terminal key produces), so the
		// next key's updates are batched into one commit like any key Ink reads.
		const next = setImmediate(() => {
			internal_eventEmitter.emit('input', '');
		});
		return () => {
			clearImmediate(next);
			// The next commit's effect picks the queue up again.
		};
	}, [handedOver, internal_eventEmitter]);

	useInput(useCallback((input: string, key: Key) => {
		if (input !== '' || Object.values(key).some(flag => flag === true)) {
			const presses = splitKeyPresses(input, key);
			queue.current.push(...(pausedRef.current ? presses.filter(press => press.key.ctrl && press.input === 'c') : presses));
		}

		handOverNext();
	}, [handOverNext]));

	const api = useMemo<KeyRouterApi>(() => ({
		register(registration) {
			registrations.current = [...registrations.current, registration];
			return () => {
				registrations.current = registrations.current.filter(candidate => candidate !== registration);
			};
		},
	}), []);

	return <KeyRouterContext.Provider value={api}>{children}</KeyRouterContext.Provider>;
}
