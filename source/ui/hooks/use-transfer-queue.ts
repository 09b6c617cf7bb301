import {useCallback, useEffect, useReducer, useRef, useState} from 'react';
import {initialQueue, queueReducer} from '../browser/queue-state.js';
import type {TransferPlan} from '../browser/transfer-plan.js';
import {useCancelOnCtrlC} from '../cancel-scope.js';
import {errorCodes, type RemoteSession, type ServiceError} from '../services.js';

/** Progress events can come every 32 KiB; the screen needs a few per second. */
const progressIntervalMs = 100;

/**
 * Runs a plan one file at a time (one clear bar moving at a time; the engine parallelises
 * inside a file), reporting progress, retries and the verified result of each.
 */
export function useTransferQueue(plan: TransferPlan, session: RemoteSession, now: () => number = Date.now) {
	const [state, dispatch] = useReducer(queueReducer, plan.items, items => initialQueue(items, now()));
	const [controller] = useState(() => new AbortController());
	const [running, setRunning] = useState(true);
	const cancel = useCallback(() => {
		controller.abort();
		dispatch({type: 'cancelled'});
	}, [controller]);
	useCancelOnCtrlC(running ? cancel : undefined);
	const started = useRef(false);

	useEffect(() => {
		if (started.current) {
			return;
		}

		started.current = true;
		const {signal} = controller;
		void (async () => {
			for (const folder of plan.folders) {
				// An existing folder is fine; a real problem shows up on the files inside it.
				await session.mkdir(folder).catch(() => undefined);
			}

			for (const [index, item] of plan.items.entries()) {
				if (signal.aborted) {
					break;
				}

				dispatch({type: 'start', index});
				let lastShown = 0;
				const options = {
					signal,
					onProgress({transferred, total}: {transferred: number; total: number}) {
						const at = now();
						if (at - lastShown >= progressIntervalMs || transferred === total) {
							lastShown = at;
							dispatch({type: 'progress', index, transferred, total, at});
						}
					},
					onRetry(attempt: number, reason: string) {
						dispatch({type: 'retry', index, attempt, reason});
					},
				};
				try {
					const result = item.direction === 'upload'
						? await session.upload(item.source, item.target, options)
						: await session.download(item.source, item.target, {...options, overwrite: item.overwrite ?? false});
					dispatch({type: 'done', index, bytes: result.bytes, verified: result.verified});
				} catch (error) {
					if (signal.aborted || (error as ServiceError).code === errorCodes.cancelled) {
						break;
					}

					const {message, hint} = error as ServiceError;
					dispatch({type: 'failed', index, error: {message, hint}});
				}
			}

			if (signal.aborted) {
				dispatch({type: 'cancelled'});
			}

			dispatch({type: 'finished', at: now()});
			setRunning(false);
		})();
	}, [controller, now, plan, session]);

	return {state, cancel, running};
}
