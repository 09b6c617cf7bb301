import {Box, Text, useApp} from 'ink';
import {useKeyHandler} from './ui/input/use-key-handler.js';
import {KeyRouter} from './ui/input/key-router.js';
import {useCallback, useEffect, useReducer, useRef} from 'react';
import {appReducer, initialAppState, userOf, wizardStepFor, type AppAction, type AppState} from './ui/app-state.js';
import {CancelScopeContext, useCancelScopeRef} from './ui/cancel-scope.js';
import {CrashBoundary} from './ui/components/crash-boundary.js';
import {Spinner} from './ui/components/spinner.js';
import {isTooSmall, TooSmall} from './ui/components/too-small.js';
import {useTerminalSize, type TerminalSize} from './ui/hooks/use-terminal-size.js';
import {matches} from './ui/keymap.js';
import {BrowserScreen} from './ui/screens/browser.js';
import {ConnectScreen} from './ui/screens/connect.js';
import {KeyScreen} from './ui/screens/key.js';
import {MarkerScreen} from './ui/screens/marker.js';
import {SendKeyScreen} from './ui/screens/send-key.js';
import {WelcomeScreen} from './ui/screens/welcome.js';
import {ServicesContext, useServices, type AppServices, type Profile} from './ui/services.js';
import type {StartOptions} from './ui/start-options.js';
import type {Theme} from './ui/theme.js';
import {ThemeContext} from './ui/theme-context.js';

function profileFor(state: AppState, services: AppServices): Profile | undefined {
	const step = wizardStepFor(state.screen);
	if (step === undefined || state.mode === 'validate') {
		return undefined;
	}

	const target = state.mode === 'sandbox'
		? {host: state.sandbox?.host ?? '127.0.0.1', port: state.sandbox?.port ?? 2222}
		: state.server ?? services.asappHost;
	return {mode: state.mode, marker: state.marker, ...target, user: userOf(state), keyPath: state.key?.privateKeyPath, wizardStep: step};
}

/** What the app starts from: the saved profile and the key it names (or the one --identity names). */
export type LoadedStart = Extract<AppAction, {type: 'loaded'}>;

export async function loadStart(services: AppServices, start: StartOptions): Promise<LoadedStart> {
	try {
		const profile = await services.profile.load();
		if (start.identity !== undefined) {
			const key = await services.keys.readPublic(start.identity).catch((error: unknown) => {
				throw Object.assign(error as Error, {startupProblem: 'identity'});
			});
			return {type: 'loaded', profile, key, start};
		}

		const key = profile?.keyPath ? await services.keys.readPublic(profile.keyPath).catch(() => undefined) : undefined;
		return {type: 'loaded', profile, key, start};
	} catch (error) {
		return {type: 'loaded', profile: undefined, key: undefined, start, error: error as Error};
	}
}

/** The one switch: exactly one screen is current. */
function Screens({start, size, loaded, onStarted}: {start: StartOptions; size: TerminalSize; loaded?: LoadedStart; onStarted?: () => void}) {
	const services = useServices();
	const {exit} = useApp();
	const [state, dispatch] = useReducer(appReducer, loaded, first => first ? appReducer(initialAppState, first) : initialAppState);
	const cancelScope = useCancelScopeRef();
	const stateRef = useRef(state);
	stateRef.current = state;
	const started = state.screen !== 'loading';
	useEffect(() => {
		if (started) {
			onStarted?.();
		}
	// Once: the first screen past "Starting…" is drawn.
	}, [started]);

	useEffect(() => {
		if (!loaded) {
			void loadStart(services, start).then(dispatch);
		}
	}, [services]);

	const profile = profileFor(state, services);
	const profileKey = JSON.stringify(profile);
	useEffect(() => {
		if (profile) {
			// A profile that cannot be saved only costs the resume; the session goes on.
			services.profile.save(profile).catch(async (error: unknown) => services.logError('saving the profile', error));
		}
	// The serialised profile is the dependency: save only when something in it changed.
	}, [profileKey]);

	// Ends the app with an exit code: 0 for q, 130 for Ctrl-C (as shells expect of an interrupt).
	const quit = useCallback((code = 0) => {
		void (async () => {
			await stateRef.current.session?.close().catch(() => undefined);
			await services.sandbox.stop().catch(() => undefined);
			exit(code);
		})();
	}, [exit, services]);
	const quitNormally = useCallback(() => {
		quit(0);
	}, [quit]);

	useKeyHandler((input, key) => {
		if (matches('cancel', input, key)) {
			const cancel = cancelScope.current;
			if (cancel) {
				cancelScope.current = undefined;
				cancel();
			} else {
				quit(130);
			}
		}
	});

	const back = () => {
		dispatch({type: 'back'});
	};

	const user = userOf(state);
	let screen;
	switch (state.screen) {
		case 'loading': {
			screen = <Box paddingX={1}><Spinner label="Starting…"/></Box>;
			break;
		}

		case 'welcome': {
			const problem = state.startupError as (Error & {hint?: string; startupProblem?: string}) | undefined;
			screen = <WelcomeScreen startupError={problem ? {message: problem.message, hint: problem.hint} : undefined} startupErrorTitle={problem?.startupProblem === 'identity' ? 'The key you named could not be used' : undefined} onQuit={quitNormally} onChoose={mode => {
				dispatch({type: 'choose', mode});
			}}/>;
			break;
		}

		case 'marker': {
			screen = <MarkerScreen initial={state.marker} sandbox={state.mode === 'sandbox'} onBack={back} onDone={marker => {
				dispatch({type: 'marker-set', marker});
			}}/>;
			break;
		}

		case 'key': {
			screen = <KeyScreen marker={state.marker} onBack={back} onDone={(key, passphrase) => {
				dispatch({type: 'key-ready', key, passphrase});
			}}/>;
			break;
		}

		case 'send-key': {
			screen = state.key
				? <SendKeyScreen keySummary={state.key} user={user} sandbox={state.mode === 'sandbox'} onBack={back} onSent={() => {
					dispatch({type: 'key-sent'});
				}}/>
				: <Text>No key yet.</Text>;
			break;
		}

		case 'connect': {
			screen = state.key
				? <ConnectScreen
					mode={state.mode}
					server={state.server ?? services.asappHost}
					knownHostsFile={state.knownHostsFile}
					user={user}
					keySummary={state.key}
					passphrase={state.passphrase}
					sandbox={state.sandbox}
					onSandbox={sandbox => {
						dispatch({type: 'sandbox-started', sandbox});
					}}
					onConnected={session => {
						dispatch({type: 'connected', session});
					}}
					onBack={back}
					onQuit={quitNormally}
				/>
				: <Text>No key yet.</Text>;
			break;
		}

		case 'browser': {
			screen = <BrowserScreen session={state.session} onQuit={quitNormally}/>;
			break;
		}
	}

	// Too small a terminal: the screen stays mounted (nothing is lost) but hidden, and
	// takes no keys until the terminal is large enough again.
	const tooSmall = isTooSmall(size);
	return (
		<CancelScopeContext.Provider value={cancelScope}>
			{tooSmall ? <TooSmall size={size}/> : null}
			<Box display={tooSmall ? 'none' : 'flex'} flexDirection="column">{screen}</Box>
		</CancelScopeContext.Provider>
	);
}

/** A drawing failure: logged in full, then the app ends with it (the caller prints one line). */
function useCrashHandler(services: AppServices): (error: Error) => void {
	const {exit} = useApp();
	return useCallback((error: Error) => {
		void (async () => {
			const logFile = await services.logError('the app stopped', error);
			await services.sandbox.stop().catch(() => undefined);
			exit(Object.assign(error, {logFile}));
		})();
	}, [exit, services]);
}

/**
 * Providers, then the screen switch. With `loaded` (loadStart's answer, read before the
 * app is drawn) the first frame is already the first real screen; without it the app shows
 * "Starting…" while it reads the profile. `onStarted` is called once the first screen past
 * "Starting…" is drawn: what the app can load in the background waits for it.
 */
export function App({services, theme, start = {}, loaded, onStarted}: {services: AppServices; theme: Theme; start?: StartOptions; loaded?: LoadedStart; onStarted?: () => void}) {
	const onCrash = useCrashHandler(services);
	const size = useTerminalSize();
	return (
		<ServicesContext.Provider value={services}>
			<ThemeContext.Provider value={theme}>
				<CrashBoundary onCrash={onCrash}>
					<KeyRouter paused={isTooSmall(size)}>
						<Screens start={start} size={size} loaded={loaded} onStarted={onStarted}/>
					</KeyRouter>
				</CrashBoundary>
			</ThemeContext.Provider>
		</ServicesContext.Provider>
	);
}
