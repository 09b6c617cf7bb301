import process from 'node:process';
import {render} from 'ink';
import {App} from '../app.js';
import {createRealServices} from './real-services.js';
import type {StartOptions} from './start-options.js';
import {themeFor} from './theme.js';

/** Starts the interactive app and resolves with the exit code once it is closed. */
export async function runApp(start: StartOptions = {}): Promise<number> {
	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		process.stderr.write('Error: the interactive app needs a terminal.\n  Run it in a terminal, or use a sub-command (asapp-sftp --help lists them).\n');
		return 2;
	}

	const services = createRealServices();
	// Ctrl-C is ours: it cancels a running transfer before it quits.
	const instance = render(<App services={services} theme={themeFor(process.env)} start={start}/>, {exitOnCtrlC: false});
	setImmediate(() => {
		services.preload();
	});
	try {
		await instance.waitUntilExit();
	} finally {
		await services.dispose();
	}

	return 0;
}
