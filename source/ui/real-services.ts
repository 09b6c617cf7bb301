import {readFile} from 'node:fs/promises';
import {homedir} from 'node:os';
import {AppError} from '../core/app-error.js';
import {copyToClipboard} from '../core/clipboard.js';
import {asappServer} from '../core/config/asapp-server.js';
import {logErrorDetail} from '../core/config/error-log.js';
import {logLine} from '../core/config/session-log.js';
import {loadProfile, saveProfile} from '../core/config/profile.js';
import {createKeyFiles, defaultKeyPath} from '../core/keys/create-key-files.js';
import {markerWithoutUserPrefix, validateMarker} from '../core/keys/marker.js';
import {parseOpenSshPublicKey, type PublicKeyInfo} from '../core/keys/public-key.js';
import {expandHome} from '../core/ops/expand-home.js';
import type {PracticeServer} from '../core/sandbox/index.js';
import type {DoctorStage as CoreDoctorStage, DoctorStageName as CoreDoctorStageName} from '../core/ssh/doctor.js';
import type {HostKeyMismatchError} from '../core/ssh/ssh-errors.js';
import type {ConnectOptions} from '../core/ssh/sftp-session.js';
import {createLocalFiles} from './real-local-files.js';
import {createValidation} from './real-validation.js';
import type {AppServices, DoctorStage, DoctorStageName, KeySummary} from './services.js';

/**
 * The real core behind the UI's `AppServices`: wiring only. Every rule (tree walk, name
 * checks, overwrites, error words) is the core's; this file maps its shapes onto the
 * UI's and loads the network half lazily.
 */

const asappHost = {...asappServer};

/**
 * The parts that pull in ssh2 and the transfer engine load after the first frame: nothing
 * on the welcome screen needs them, and the first frame should not wait for them.
 */
async function loadNetworkCore() {
	const [session, doctor, identity, sandbox, inspect, remoteSession] = await Promise.all([
		import('../core/ssh/sftp-session.js'),
		import('../core/ssh/doctor.js'),
		import('../core/ssh/identity.js'),
		import('../core/sandbox/index.js'),
		import('../core/keys/inspect-key.js'),
		import('./real-remote-session.js'),
	]);
	return {
		openSftpSession: session.openSftpSession,
		runDoctor: doctor.runDoctor,
		loadIdentity: identity.loadIdentity,
		startOrJoinSandbox: sandbox.startOrJoinSandbox,
		authorizeSandboxKey: sandbox.authorizeSandboxKey,
		inspectPrivateKey: inspect.inspectPrivateKey,
		unfitReasonFor: inspect.unfitReasonFor,
		RealRemoteSession: remoteSession.RealRemoteSession,
	};
}

let networkCore: ReturnType<typeof loadNetworkCore> | undefined;

async function core() {
	networkCore ??= loadNetworkCore();
	return networkCore;
}

function summaryOf(info: PublicKeyInfo, privateKeyPath: string, encrypted: boolean, unfitReason: string | undefined): KeySummary {
	return {
		privateKeyPath,
		publicKeyPath: `${privateKeyPath}.pub`,
		type: info.type,
		bits: info.bits,
		comment: info.comment,
		fingerprint: info.fingerprint,
		publicKeyLine: info.openSshLine,
		encrypted,
		unfitReason,
	};
}

const uiStageNames: Record<Exclude<CoreDoctorStageName, 'key'>, DoctorStageName> = {
	dns: 'dns',
	tcp: 'port',
	banner: 'banner',
	'host-key': 'host-key',
	auth: 'login',
	folders: 'folders',
};

/** The core doctor's stage as the connect screen shows it; a folders warning still lets the person in. */
function uiStageOf(stage: CoreDoctorStage & {stage: Exclude<CoreDoctorStageName, 'key'>}): DoctorStage {
	const name = uiStageNames[stage.stage];
	if (name === 'host-key' && stage.status === 'warning') {
		// The screen's own panel asks about an unknown key; the stage line only says so.
		return {name, status: 'failed', detail: 'not trusted'};
	}

	return {name, status: stage.status === 'warning' ? 'failed' : stage.status, detail: stage.detail, hint: stage.fix, next: stage.next};
}

export type RealServices = AppServices & {
	/** Starts loading the network half of the core in the background. */
	preload(): void;
	dispose(): Promise<void>;
};

export function createRealServices(options: {stdout?: NodeJS.WriteStream} = {}): RealServices {
	const validation = createValidation();
	let sandbox: PracticeServer | undefined;
	let starting: Promise<PracticeServer> | undefined;

	// Port 2222 taken: the running practice server if it is ours, else a free port (with why).
	const startPracticeServer = async (): Promise<PracticeServer> => {
		const {startOrJoinSandbox} = await core();
		return startOrJoinSandbox();
	};

	const services: RealServices = {
		asappHost,
		keys: {
			validateMarker,
			markerWithoutUserPrefix,
			defaultKeyPath: marker => defaultKeyPath(marker),
			async create({marker, path: keyPath, passphrase}, control) {
				const created = await createKeyFiles({marker, privateKeyPath: keyPath === undefined ? undefined : expandHome(keyPath, homedir()), passphrase, signal: control?.signal});
				const {unfitReasonFor} = await core();
				return {...summaryOf(created.info, created.privateKey, created.encrypted, unfitReasonFor(created.info)), publicKeyPath: created.publicKey};
			},
			async inspect(keyPath, passphrase) {
				const {inspectPrivateKey} = await core();
				const report = await inspectPrivateKey(expandHome(keyPath, homedir()), passphrase);
				return summaryOf(report, report.path, report.encrypted, report.unfitReason);
			},
			async readPublic(privateKeyPath) {
				const {inspectPrivateKey, unfitReasonFor} = await core();
				try {
					const report = await inspectPrivateKey(privateKeyPath);
					return summaryOf(report, report.path, report.encrypted, report.unfitReason);
				} catch (error) {
					if ((error as AppError).code !== 'key-passphrase-needed') {
						throw error;
					}

					const line = (await readFile(`${privateKeyPath}.pub`, 'utf8')).split('\n')[0] ?? '';
					const info = parseOpenSshPublicKey(line);
					return summaryOf(info, privateKeyPath, true, unfitReasonFor(info));
				}
			},
		},
		profile: {
			load: async () => loadProfile(),
			save: async profile => saveProfile(profile),
		},
		async connect(target, handlers) {
			const {loadIdentity, openSftpSession, runDoctor, RealRemoteSession} = await core();
			const identity = await loadIdentity(target.keyPath, async () => target.passphrase);
			const connectOptions: ConnectOptions = {
				host: target.host,
				port: target.port,
				user: target.user,
				privateKey: identity.privateKey,
				passphrase: identity.passphrase,
				keyPath: identity.keyPath,
				keyFingerprint: identity.fingerprint,
				...(target.knownHostsFile === undefined ? {} : {knownHostsFile: target.knownHostsFile}),
			};
			// The same staged check as `asapp-sftp doctor`, keeping the session it logged in with.
			const result = await runDoctor({
				...connectOptions,
				keepSession: true,
				// Only this first connection can be cancelled from the connect screen; reconnects
				// later (after a drop) must not inherit that screen's signal.
				signal: handlers.signal,
				onStage(stage) {
					// The wizard refuses a key ASAPP did not ask for, so the app has no key stage.
					if (stage.stage !== 'key') {
						handlers.onStage(uiStageOf({...stage, stage: stage.stage}));
					}
				},
				async onUnknownHostKey(info) {
					return handlers.onUnknownHostKey(info);
				},
			});
			if (result.session) {
				return new RealRemoteSession(result.session, async () => openSftpSession(connectOptions), () => validation.reports);
			}

			const error = result.error ?? new AppError('connect-failed', 'The connection check did not pass.', {hint: 'See the stages above for what to fix.'});
			if (error.code === 'host-key-changed') {
				const mismatch = error as HostKeyMismatchError;
				throw Object.assign(mismatch, {expectedFingerprint: mismatch.knownFingerprint, actualFingerprint: mismatch.presentedFingerprint});
			}

			throw error;
		},
		local: createLocalFiles(),
		...validation,
		sandbox: {
			async start() {
				sandbox ??= await (starting ??= startPracticeServer());
				return {host: sandbox.host, port: sandbox.port, root: sandbox.root, hostKeyFingerprint: sandbox.hostKeyFingerprint, note: sandbox.note};
			},
			async authorize(line) {
				const {authorizeSandboxKey} = await core();
				await authorizeSandboxKey(line, sandbox?.authorizedKeysFile);
			},
			async stop() {
				const running = sandbox;
				sandbox = undefined;
				starting = undefined;
				await running?.close();
			},
		},
		copyToClipboard: async text => copyToClipboard(text, options.stdout),
		logError: async (context, error) => logErrorDetail(context, error),
		logEvent(text) {
			void logLine(text);
		},
		preload() {
			void core().catch(() => undefined);
		},
		async dispose() {
			await services.sandbox.stop();
		},
	};
	return services;
}
