import process from 'node:process';
import {render} from 'ink';
import {App, loadStart} from '../app.js';
import {logErrorDetail} from '../core/config/error-log.js';
import {appPaths} from '../core/config/paths.js';
import {logLine} from '../core/config/session-log.js';
import {version} from '../version.js';
import {createRealServices} from './real-services.js';
import type {StartOptions} from './start-options.js';
import {themeFor} from './theme.js';

/** The exit code of a program that stopped on its own fault (sysexits' EX_SOFTWARE). */
const crashedCode = 70;

/** Ink's own default: it draws at most this many frames a second, whatever React commits. */
const maxFps = 30;
const frameMs = 1000 / maxFps;

/** Starts the interactive app (in a terminal: cli.tsx checks) and resolves with the exit code once it is closed. */
export async function runApp(start: StartOptions = {}): Promise<number> {
	const target = start.host === undefined ? '' : `, server ${start.host}${start.port === undefined ? '' : `:${start.port}`} from the command line`;
	const services = createRealServices();
	// The profile is read before anything is drawn, so that the first frame is the first
	// screen: a "Starting…" frame before it would hold it back by one frame time.
	const [, loaded] = await Promise.all([
		logLine(`app started: asapp-sftp ${version}, node ${process.version}, ${process.stdout.columns}x${process.stdout.rows} terminal${target}`),
		loadStart(services, start),
	]);
	// The network half of the core (ssh2 and the transfer engine, some 60 ms of loading)
	// loads in the background once the first screen is on the terminal, not before: Ink
	// writes a frame up to one frame time (1000 / maxFps ms) after React commits it, and a
	// module load started in between would hold that write back.
	let preload: NodeJS.Timeout | undefined;
	const onStarted = () => {
		preload ??= setTimeout(() => {
			services.preload();
		}, 2 * frameMs);
	};

	// Ctrl-C is ours: it cancels a running transfer before it quits.
	const instance = render(<App services={services} theme={themeFor(process.env)} start={start} loaded={loaded} onStarted={onStarted}/>, {exitOnCtrlC: false, maxFps});
	// A failure outside React (a callback of a library, a promise nobody awaited) ends the app
	// the same way a drawing failure does: terminal restored, one line shown, detail logged.
	const crash = (error: unknown) => {
		instance.unmount(error instanceof Error ? error : new Error(String(error)));
	};

	process.on('uncaughtException', crash);
	process.on('unhandledRejection', crash);
	let code = 0;
	try {
		const result = await instance.waitUntilExit();
		code = typeof result === 'number' ? result : 0;
	} catch (error) {
		const failure = error as Error & {logFile?: string};
		const logFile = failure.logFile ?? await logErrorDetail('the app stopped', error);
		process.stderr.write(`asapp-sftp stopped on an unexpected error: ${failure.message}\n`);
		process.stderr.write(`  The details are in ${logFile ?? appPaths().logFile}; please include them if you report this.\n`);
		code = crashedCode;
	} finally {
		clearTimeout(preload);
		process.off('uncaughtException', crash);
		process.off('unhandledRejection', crash);
		await services.dispose();
	}

	await logLine(`app ended: exit code ${code}`);
	return code;
}
