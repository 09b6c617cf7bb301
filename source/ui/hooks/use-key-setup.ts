import {useCallback, useEffect, useReducer, useRef, useState} from 'react';
import {useCancelOnCtrlC} from '../cancel-scope.js';
import {errorCodes, useServices, type KeySummary, type ServiceError} from '../services.js';

/** The key step's named states: one question on screen at a time. */
export type KeyStep =
	| {name: 'choose'}
	| {name: 'create-path'}
	/** `mismatch`: the passphrase was typed differently the second time. */
	| {name: 'create-passphrase'; mismatch?: boolean}
	| {name: 'create-confirm'; passphrase: string}
	| {name: 'creating'}
	| {name: 'existing-path'}
	| {name: 'existing-passphrase'; wrong: boolean}
	| {name: 'inspecting'}
	| {name: 'shown'; key: KeySummary; passphrase: string | undefined; created: boolean}
	| {name: 'failed'; error: ServiceError; retry: KeyStep['name']};

type KeyAction =
	| {type: 'go'; step: KeyStep}
	| {type: 'back'};

const backFrom: Partial<Record<KeyStep['name'], KeyStep>> = {
	'create-path': {name: 'choose'},
	'create-passphrase': {name: 'create-path'},
	'create-confirm': {name: 'create-passphrase'},
	'existing-path': {name: 'choose'},
	'existing-passphrase': {name: 'existing-path'},
};

function keyReducer(state: KeyStep, action: KeyAction): KeyStep {
	if (action.type === 'go') {
		return action.step;
	}

	if (state.name === 'shown') {
		return state.created ? {name: 'choose'} : {name: 'existing-path'};
	}

	if (state.name === 'failed') {
		return {name: state.retry === 'creating' ? 'create-path' : 'existing-path'};
	}

	return backFrom[state.name] ?? state;
}

/** Runs the key step's side effects (make a key, read a key) and keeps its state. */
export function useKeySetup(marker: string) {
	const services = useServices();
	const [step, dispatch] = useReducer(keyReducer, {name: 'choose'});
	const go = useCallback((next: KeyStep) => {
		dispatch({type: 'go', step: next});
	}, []);

	// Ctrl-C while the key is made cancels it (the core then writes no file); so does leaving
	// the app, which unmounts this hook.
	const creation = useRef<AbortController | undefined>(undefined);
	const [cancelCreation, setCancelCreation] = useState<(() => void) | undefined>(undefined);
	useCancelOnCtrlC(cancelCreation);
	useEffect(() => () => {
		creation.current?.abort();
	}, []);

	const create = useCallback(async (path: string, passphrase: string) => {
		const controller = new AbortController();
		creation.current = controller;
		setCancelCreation(() => () => {
			controller.abort();
		});
		go({name: 'creating'});
		try {
			const key = await services.keys.create({marker, path, passphrase: passphrase === '' ? undefined : passphrase}, {signal: controller.signal});
			// Resolved means the files exist (a cancel rejects): show what is there.
			services.logEvent(`made a key: ${key.privateKeyPath} (${key.fingerprint})`);
			go({name: 'shown', key, passphrase: passphrase === '' ? undefined : passphrase, created: true});
		} catch (error) {
			services.logEvent(`making a key at ${path} failed: ${(error as ServiceError).message}`);
			go({name: 'failed', error: error as ServiceError, retry: 'creating'});
		} finally {
			creation.current = undefined;
			setCancelCreation(undefined);
		}
	}, [go, marker, services]);

	const inspect = useCallback(async (path: string, passphrase?: string) => {
		go({name: 'inspecting'});
		try {
			const key = await services.keys.inspect(path, passphrase);
			go({name: 'shown', key, passphrase, created: false});
		} catch (error) {
			const failure = error as ServiceError;
			if (failure.code === errorCodes.passphraseNeeded || failure.code === errorCodes.passphraseWrong) {
				go({name: 'existing-passphrase', wrong: failure.code === errorCodes.passphraseWrong});
				return;
			}

			services.logEvent(`reading the key ${path} failed: ${failure.message}`);
			go({name: 'failed', error: failure, retry: 'inspecting'});
		}
	}, [go, services]);

	const back = useCallback(() => {
		dispatch({type: 'back'});
	}, []);

	return {step, go, back, create, inspect};
}
