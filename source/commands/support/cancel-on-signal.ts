import process from 'node:process';

/** An AbortSignal that fires on Ctrl-C (SIGINT) or SIGTERM, so a transfer stops cleanly. */
export function cancelOnSignal(): {signal: AbortSignal; dispose: () => void} {
	const controller = new AbortController();
	const onSignal = () => {
		if (controller.signal.aborted) {
			process.exit(130); // A second Ctrl-C: stop waiting for the cleanup.
		}

		process.stderr.write('\nCancelling...\n');
		controller.abort();
	};

	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	return {
		signal: controller.signal,
		dispose() {
			process.off('SIGINT', onSignal);
			process.off('SIGTERM', onSignal);
		},
	};
}
