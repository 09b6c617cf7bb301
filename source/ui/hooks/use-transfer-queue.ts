import {useCallback, useEffect, useReducer, useRef, useState} from 'react';
import {initialQueue, queueReducer} from '../browser/queue-state.js';
import type {TransferPlan} from '../browser/transfer-plan.js';
import {useCancelOnCtrlC} from '../cancel-scope.js';
import {useServices, type RemoteSession, type ServiceError, type TransferOutcome} from '../services.js';

/** Progress events can come every 32 KiB; the screen needs a few per second. */
const progressIntervalMs = 100;

/**
 * Hands a plan to the transfer engine in one go (it runs several small files at once) and
 * keeps each file's progress, retries and verified result for the screen.
 */
export function useTransferQueue(plan: TransferPlan, session: RemoteSession, now: () => number = Date.now) {
	const services = useServices();
	const [state, dispatch] = useReducer(queueReducer, plan.items, items => initialQueue(items, now()));
	const [controller] = useState(() => new AbortController());
	const [running, setRunning] = useState(true);
	const [outcome, setOutcome] = useState<TransferOutcome>({});
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
			const lastShown = new Map<number, number>();
			try {
				const result = await session.transfer(plan.direction, plan.items.map(item => ({
					localPath: item.direction === 'upload' ? item.source : item.target,
					remotePath: item.direction === 'upload' ? item.target : item.source,
					size: item.size,
				})), {
					signal,
					folders: plan.folders,
					overwrite: plan.items.some(item => item.overwrite === true),
					onStart(index) {
						dispatch({type: 'start', index});
					},
					onProgress(index, {transferred, total}) {
						const at = now();
						if (at - (lastShown.get(index) ?? 0) >= progressIntervalMs || transferred === total) {
							lastShown.set(index, at);
							dispatch({type: 'progress', index, transferred, total, at});
						}
					},
					onRetry(index, attempt, reason) {
						dispatch({type: 'retry', index, attempt, reason});
					},
					onDone(index, result) {
						dispatch({type: 'done', index, bytes: result.bytes, verified: result.verified});
					},
					onFailed(index, error) {
						const item = plan.items[index];
						services.logEvent(`${plan.direction} failed: ${item?.source ?? '?'} -> ${item?.target ?? '?'}: ${error.message}`);
						dispatch({type: 'failed', index, error});
					},
					onCancelled(index) {
						dispatch({type: 'item-cancelled', index});
					},
				});
				setOutcome(result);
				if (result.stopped) {
					dispatch({type: 'stopped', error: result.stopped});
				}
			} catch (error) {
				// The transfer as a whole stopped (e.g. the connection is gone for good): files without an outcome failed with it.
				const {message, hint, next} = error as ServiceError;
				services.logEvent(`${plan.direction} of ${plan.items.length} file(s) stopped: ${message}`);
				dispatch({type: 'stopped', error: {message, hint, next}});
			}

			if (signal.aborted) {
				dispatch({type: 'cancelled'});
			}

			dispatch({type: 'finished', at: now()});
			setRunning(false);
		})();
	}, [controller, now, plan, services, session]);

	return {state, cancel, running, outcome};
}
