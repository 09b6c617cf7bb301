import {asappServer} from '../core/config/asapp-server.js';
import type {KeySummary, Profile, ProfileMode, RemoteSession, SandboxInfo, WizardStep} from './services.js';
import type {ServerAddress, StartOptions} from './start-options.js';

/**
 * The app's screens as one named state. The wizard's steps, the browser, and the screen
 * the app opens on: exactly one is current, and `app.tsx` renders exactly that one.
 */
export type ScreenName = 'loading' | 'welcome' | 'marker' | 'key' | 'send-key' | 'connect' | 'browser';

/** `validate` checks files locally and never connects. */
export type AppMode = ProfileMode | 'validate';

export type AppState = {
	screen: ScreenName;
	mode: AppMode;
	marker: string;
	/** The server of the `asapp` mode; undefined means ASAPP's own. */
	server: ServerAddress | undefined;
	/** A user name given as such; otherwise the user is `sftp` + the marker. */
	user: string | undefined;
	knownHostsFile: string | undefined;
	key: KeySummary | undefined;
	/** Kept in memory only, for the connection after the key was made. */
	passphrase: string | undefined;
	session: RemoteSession | undefined;
	sandbox: SandboxInfo | undefined;
	/** A failure while loading the profile, shown on the welcome screen. */
	startupError: Error | undefined;
};

export type AppAction =
	| {type: 'loaded'; profile: Profile | undefined; key: KeySummary | undefined; start?: StartOptions; error?: Error}
	| {type: 'choose'; mode: AppMode}
	| {type: 'marker-set'; marker: string}
	| {type: 'key-ready'; key: KeySummary; passphrase?: string}
	| {type: 'key-sent'}
	| {type: 'sandbox-started'; sandbox: SandboxInfo}
	| {type: 'connected'; session: RemoteSession}
	| {type: 'back'};

export const initialAppState: AppState = {
	screen: 'loading',
	mode: 'asapp',
	marker: '',
	server: undefined,
	user: undefined,
	knownHostsFile: undefined,
	key: undefined,
	passphrase: undefined,
	session: undefined,
	sandbox: undefined,
	startupError: undefined,
};

/** The marker the practice server suggests, so a first try needs no account details. */
export const practiceMarker = 'practice';

const previousScreen: Partial<Record<ScreenName, ScreenName>> = {
	marker: 'welcome',
	key: 'marker',
	'send-key': 'key',
	connect: 'send-key',
};

/** Where a saved profile resumes. */
function resumeScreen(profile: Profile, key: KeySummary | undefined): ScreenName {
	// A user saved without a marker (a server of one's own) needs no marker.
	const hasUser = profile.marker !== '' || (profile.user !== '' && profile.user !== 'sftp');
	if (!hasUser || profile.wizardStep === 'marker') {
		return 'marker';
	}

	if (key === undefined || profile.wizardStep === 'key') {
		return 'key';
	}

	return profile.wizardStep === 'send-key' ? 'send-key' : 'connect';
}

export function appReducer(state: AppState, action: AppAction): AppState {
	switch (action.type) {
		case 'loaded': {
			if (action.start !== undefined && hasAnswers(action.start)) {
				return startFromOptions(state, action.start, action.profile, action.key, action.error);
			}

			if (!action.profile) {
				return {...state, screen: 'welcome', startupError: action.error};
			}

			return {
				...state,
				...savedTarget(action.profile),
				mode: action.profile.mode,
				marker: action.profile.marker,
				key: action.key,
				screen: resumeScreen(action.profile, action.key),
			};
		}

		case 'choose': {
			if (action.mode === 'validate') {
				return {...state, mode: 'validate', screen: 'browser'};
			}

			const marker = state.marker === '' && action.mode === 'sandbox' ? practiceMarker : state.marker;
			return {...state, mode: action.mode, marker, screen: 'marker'};
		}

		case 'marker-set': {
			// A new marker means a new user name, so a key made for the old one no longer fits.
			const key = action.marker === state.marker ? state.key : undefined;
			return {...state, marker: action.marker, user: undefined, key, screen: 'key'};
		}

		case 'key-ready': {
			return {...state, key: action.key, passphrase: action.passphrase, screen: 'send-key'};
		}

		case 'key-sent': {
			return {...state, screen: 'connect'};
		}

		case 'sandbox-started': {
			return {...state, sandbox: action.sandbox};
		}

		case 'connected': {
			return {...state, session: action.session, screen: 'browser'};
		}

		case 'back': {
			if (state.screen === 'browser' && state.mode === 'validate') {
				return {...state, screen: 'welcome'};
			}

			return {...state, screen: previousScreen[state.screen] ?? state.screen};
		}
	}
}

/** The user name the app logs in as. */
export function userOf(state: Pick<AppState, 'marker' | 'user'>): string {
	return state.user ?? `sftp${state.marker}`;
}

/** A saved profile's server and user, honoured as saved (a hand-edited host stays). */
function savedTarget(profile: Profile): Pick<AppState, 'server' | 'user'> {
	if (profile.mode !== 'asapp') {
		return {server: undefined, user: undefined};
	}

	return {
		server: {host: profile.host, port: profile.port},
		user: profile.user === `sftp${profile.marker}` ? undefined : profile.user,
	};
}

function hasAnswers(start: StartOptions): boolean {
	return Object.values(start).some(value => value !== undefined);
}

/**
 * The app started with flags: they name the server, the user and the key; what they leave
 * open comes from the saved profile when it is for the same server, else from the wizard.
 */
function startFromOptions(state: AppState, start: StartOptions, profile: Profile | undefined, key: KeySummary | undefined, error: Error | undefined): AppState {
	const saved = profile?.mode === 'asapp' ? savedTarget(profile) : undefined;
	const server: ServerAddress | undefined = start.host === undefined
		? saved?.server
		: {host: start.host, port: start.port ?? (saved?.server?.host === start.host ? saved.server.port : 22)};
	const sameServer = saved?.server !== undefined && server !== undefined && saved.server.host === server.host && saved.server.port === server.port;
	const fromProfile = sameServer || (server === undefined && profile?.mode === 'asapp');
	const marker = start.marker ?? (start.user === undefined && fromProfile ? profile!.marker : '');
	const user = start.user ?? (start.marker === undefined && fromProfile ? saved?.user : undefined);
	const next: AppState = {
		...state,
		mode: 'asapp',
		server: server ?? (start.port === undefined ? undefined : {host: asappServer.host, port: start.port}),
		marker,
		user,
		knownHostsFile: start.knownHostsFile,
		key: start.identity === undefined && !fromProfile ? undefined : key,
		startupError: error,
	};
	if (error !== undefined) {
		return {...next, screen: 'welcome'};
	}

	if (marker === '' && user === undefined) {
		return {...next, screen: 'marker'};
	}

	if (next.key === undefined) {
		return {...next, screen: 'key'};
	}

	// A key brought along is one the server already knows: straight to the connection.
	if (start.identity !== undefined) {
		return {...next, screen: 'connect'};
	}

	return {...next, screen: profile?.wizardStep === 'send-key' ? 'send-key' : 'connect'};
}

/** The wizard step to save for the current screen. */
export function wizardStepFor(screen: ScreenName): WizardStep | undefined {
	switch (screen) {
		case 'marker':
		case 'key':
		case 'send-key':
		case 'connect': {
			return screen;
		}

		case 'browser': {
			return 'done';
		}

		default: {
			return undefined;
		}
	}
}
