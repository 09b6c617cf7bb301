import {useCallback, useEffect, useRef, useState} from 'react';
import type {TransferPlan} from '../browser/transfer-plan.js';
import {useCancelOnCtrlC} from '../cancel-scope.js';
import {useServices, type ValidationProgress, type ValidationReport} from '../services.js';

export type ValidationRun = {
	/** Index of the file being checked. */
	current: number;
	/** The files that are checked at all (CSV and JSONL). */
	paths: string[];
	progress: ValidationProgress | undefined;
	reports: ValidationReport[];
	finished: boolean;
	cancelled: boolean;
};

const progressIntervalMs = 100;

/** Checks every CSV/JSONL file of a plan in turn, with a live row count. */
export function useValidation(plan: TransferPlan, onFinished: (reports: ValidationReport[]) => void, onCancelled: () => void) {
	const services = useServices();
	const [paths] = useState(() => plan.items.map(item => item.source).filter(path => services.isValidatable(path)));
	const [run, setRun] = useState<ValidationRun>({current: 0, paths, progress: undefined, reports: [], finished: false, cancelled: false});
	const [controller] = useState(() => new AbortController());
	const cancel = useCallback(() => {
		controller.abort();
	}, [controller]);
	useCancelOnCtrlC(run.finished ? undefined : cancel);
	const started = useRef(false);
	const callbacks = useRef({onFinished, onCancelled});
	callbacks.current = {onFinished, onCancelled};

	useEffect(() => {
		if (started.current) {
			return;
		}

		started.current = true;
		void (async () => {
			const reports: ValidationReport[] = [];
			for (const [index, path] of paths.entries()) {
				setRun(previous => ({...previous, current: index, progress: undefined}));
				let lastShown = 0;
				try {
					const report = await services.validate(path, {
						signal: controller.signal,
						onProgress(progress) {
							const now = Date.now();
							if (now - lastShown >= progressIntervalMs) {
								lastShown = now;
								setRun(previous => ({...previous, progress}));
							}
						},
					});
					reports.push(report);
				} catch (error) {
					if (controller.signal.aborted) {
						break;
					}

					reports.push({path, schema: undefined, rows: 0, errors: [], warnings: [], fatal: (error as Error).message});
				}
			}

			setRun(previous => ({...previous, reports, finished: true, cancelled: controller.signal.aborted}));
			if (controller.signal.aborted) {
				callbacks.current.onCancelled();
			} else {
				callbacks.current.onFinished(reports);
			}
		})();
	}, [controller, paths, services]);

	return run;
}
