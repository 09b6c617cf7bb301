import process from 'node:process';

let shared: {controller: AbortController; users: number; onSignal: () => void} | undefined;

/**
 * An AbortSignal that fires on Ctrl-C (SIGINT) or SIGTERM, so the work stops cleanly.
 * One per process: the connection and the transfer that follows share it, so one Ctrl-C
 * cancels whatever is running. A second Ctrl-C stops waiting for the clean-up.
 */
export function cancelOnSignal(): {signal: AbortSignal; dispose: () => void} {
	if (!shared) {
		const controller = new AbortController();
		const onSignal = () => {
			if (controller.signal.aborted) {
				process.exit(130);
			}

			process.stderr.write('\nCancelling...\n');
			controller.abort();
		};

		shared = {controller, users: 0, onSignal};
		process.on('SIGINT', onSignal);
		process.on('SIGTERM', onSignal);
	}

	const current = shared;
	current.users++;
	let disposed = false;
	return {
		signal: current.controller.signal,
		dispose() {
			if (disposed) {
				return;
			}

			disposed = true;
			current.users--;
			if (current.users === 0 && shared === current) {
				process.off('SIGINT', current.onSignal);
				process.off('SIGTERM', current.onSignal);
				shared = undefined;
			}
		},
	};
}
