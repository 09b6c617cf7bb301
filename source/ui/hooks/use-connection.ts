import {useCallback, useEffect, useReducer, useRef} from 'react';
import type {AppMode} from '../app-state.js';
import {describeFailure} from '../next-step.js';
import type {ServerAddress} from '../start-options.js';
import {
	errorCodes, useServices,
	type DoctorStage, type DoctorStageName, type HostKeyInfo, type KeySummary, type RemoteSession, type SandboxInfo, type ServiceError,
} from '../services.js';

export const stageOrder: DoctorStageName[] = ['dns', 'port', 'banner', 'host-key', 'login', 'folders'];

export type ConnectState =
	| {name: 'passphrase'; stages: DoctorStage[]}
	| {name: 'running'; stages: DoctorStage[]}
	| {name: 'host-key'; stages: DoctorStage[]; key: HostKeyInfo}
	| {name: 'host-key-changed'; stages: DoctorStage[]; error: ServiceError}
	| {name: 'failed'; stages: DoctorStage[]; error: ServiceError; logFile: string | undefined}
	| {name: 'connected'; stages: DoctorStage[]};

type ConnectAction =
	| {type: 'need-passphrase'}
	| {type: 'start'}
	| {type: 'stage'; stage: DoctorStage}
	| {type: 'ask-host-key'; key: HostKeyInfo}
	| {type: 'host-key-answered'}
	| {type: 'failed'; error: ServiceError; logFile: string | undefined}
	| {type: 'connected'};

function freshStages(): DoctorStage[] {
	return stageOrder.map(name => ({name, status: 'pending'}));
}

function connectReducer(state: ConnectState, action: ConnectAction): ConnectState {
	switch (action.type) {
		case 'need-passphrase': {
			return {name: 'passphrase', stages: freshStages()};
		}

		case 'start': {
			return {name: 'running', stages: freshStages()};
		}

		case 'stage': {
			const stages = state.stages.map(stage => stage.name === action.stage.name ? action.stage : stage);
			return {...state, stages};
		}

		case 'ask-host-key': {
			return {name: 'host-key', stages: state.stages, key: action.key};
		}

		case 'host-key-answered': {
			return {name: 'running', stages: state.stages};
		}

		case 'failed': {
			if (action.error.code === errorCodes.hostKeyChanged) {
				return {name: 'host-key-changed', stages: state.stages, error: action.error};
			}

			return {name: 'failed', stages: state.stages, error: action.error, logFile: action.logFile};
		}

		case 'connected': {
			return {name: 'connected', stages: state.stages};
		}
	}
}

/** Who connects with which key, and where the connection goes once it is made. */
export type ConnectionOptions = {
	mode: AppMode;
	/** Where the `asapp` mode connects (the practice server has its own address). */
	server: ServerAddress;
	knownHostsFile: string | undefined;
	user: string;
	keySummary: KeySummary;
	passphrase: string | undefined;
	sandbox: SandboxInfo | undefined;
	onSandbox(sandbox: SandboxInfo): void;
	onConnected(session: RemoteSession): void;
};

/**
 * Connects with the doctor's stages reported live; asks the screen about an unknown host
 * key and waits for the answer. In sandbox mode the practice server is started and given
 * the key first.
 */
export function useConnection(options: ConnectionOptions) {
	const services = useServices();
	const needsPassphrase = options.keySummary.encrypted && options.passphrase === undefined;
	const [state, dispatch] = useReducer(connectReducer, {name: needsPassphrase ? 'passphrase' : 'running', stages: freshStages()});
	const answerRef = useRef<((accepted: boolean) => void) | undefined>(undefined);
	const abortRef = useRef<AbortController | undefined>(undefined);
	const optionsRef = useRef(options);
	optionsRef.current = options;

	const connect = useCallback(async (passphrase: string | undefined) => {
		const current = optionsRef.current;
		dispatch({type: 'start'});
		abortRef.current?.abort();
		const controller = new AbortController();
		abortRef.current = controller;
		try {
			let target = {...current.server};
			if (current.mode === 'sandbox') {
				const sandbox = current.sandbox ?? await services.sandbox.start();
				current.onSandbox(sandbox);
				await services.sandbox.authorize(current.keySummary.publicKeyLine);
				target = {host: sandbox.host, port: sandbox.port};
			}

			const session = await services.connect({...target, user: current.user, keyPath: current.keySummary.privateKeyPath, passphrase, knownHostsFile: current.knownHostsFile}, {
				signal: controller.signal,
				onStage(stage) {
					dispatch({type: 'stage', stage});
				},
				async onUnknownHostKey(key) {
					dispatch({type: 'ask-host-key', key});
					return new Promise<boolean>(resolve => {
						answerRef.current = resolve;
					});
				},
			});
			if (controller.signal.aborted) {
				await session.close();
				return;
			}

			services.logEvent(`connected to ${session.host}:${session.port} as ${session.user}`);
			dispatch({type: 'connected'});
			current.onConnected(session);
		} catch (error) {
			if (controller.signal.aborted) {
				return;
			}

			const failure = error as ServiceError;
			const expected = describeFailure(error).expected;
			const logFile = describeFailure(error).wantsLog ? await services.logError('connect', error) : undefined;
			if (expected) {
				services.logEvent(`connect as ${current.user} failed: ${failure.code ?? ''}: ${failure.message}`);
			}

			dispatch({type: 'failed', error: failure, logFile});
		}
	}, [services]);

	useEffect(() => {
		if (!needsPassphrase) {
			void connect(options.passphrase);
		}

		return () => {
			abortRef.current?.abort();
			answerRef.current?.(false);
		};
	// Connect once on arrival; `retry` connects again.
	}, []);

	const answerHostKey = useCallback((accepted: boolean) => {
		const answer = answerRef.current;
		answerRef.current = undefined;
		dispatch({type: 'host-key-answered'});
		answer?.(accepted);
	}, []);

	const askPassphrase = useCallback(() => {
		dispatch({type: 'need-passphrase'});
	}, []);

	return {state, connect, answerHostKey, askPassphrase};
}
