import type {KeySummary, Profile, ProfileMode, RemoteSession, SandboxInfo, WizardStep} from './services.js';

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
	key: KeySummary | undefined;
	/** Kept in memory only, for the connection after the key was made. */
	passphrase: string | undefined;
	session: RemoteSession | undefined;
	sandbox: SandboxInfo | undefined;
	/** A failure while loading the profile, shown on the welcome screen. */
	startupError: Error | undefined;
};

export type AppAction =
	| {type: 'loaded'; profile: Profile | undefined; key: KeySummary | undefined; error?: Error}
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
	if (profile.marker === '' || profile.wizardStep === 'marker') {
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
			if (!action.profile) {
				return {...state, screen: 'welcome', startupError: action.error};
			}

			return {
				...state,
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
			return {...state, marker: action.marker, key, screen: 'key'};
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
