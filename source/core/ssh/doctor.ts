import {lookup} from 'node:dns/promises';
import net from 'node:net';
import {AppError, type NextAction} from '../app-error.js';
import {requiredRsaBits} from '../keys/generate-key.js';
import {keyFitnessForAsapp} from '../keys/key-fitness.js';
import {keyTypeLabel} from '../keys/public-key.js';
import {openSftpSession, type ConnectOptions, type HostKeyInfo, type HostKeyVerdict, type SftpSession} from './sftp-session.js';
import {connectError, type ConnectContext} from './ssh-errors.js';

export type DoctorStageName = 'key' | 'dns' | 'tcp' | 'banner' | 'host-key' | 'auth' | 'folders';
export type DoctorStageStatus = 'running' | 'ok' | 'warning' | 'failed' | 'skipped';

export type DoctorStage = {
	stage: DoctorStageName;
	status: DoctorStageStatus;
	/** What was checked or found, one line. */
	detail: string;
	/** What to do about a failure or warning, in plain words. */
	fix?: string;
	/** The next action, for each face to word as its own (a flag, a key). */
	next?: NextAction;
};

export type DoctorResult = {
	ok: boolean;
	stages: DoctorStage[];
	/** Why the check stopped, when it did: a typed error a caller can show or act on. */
	error?: AppError;
	/** The logged-in session, when `keepSession` was asked for and every stage passed. */
	session?: SftpSession;
};

export const doctorStageTitles: Record<DoctorStageName, string> = {
	key: 'Your key',
	dns: 'DNS',
	tcp: 'TCP connection',
	banner: 'SSH banner',
	'host-key': 'Host key',
	auth: 'Authentication',
	folders: 'Folders in/ and out/',
};

function cancelledError(): AppError {
	return new AppError('cancelled', 'Cancelled while connecting; nothing was transferred.');
}

/** Resolves with `work`, or rejects as cancelled as soon as `signal` aborts. */
async function unlessAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
	if (signal?.aborted) {
		work.catch(() => undefined);
		throw cancelledError();
	}

	return signal ? Promise.race([work, new Promise<never>((_resolve, reject) => {
		signal.addEventListener('abort', () => {
			reject(cancelledError());
		}, {once: true});
	})]) : work;
}

const order: DoctorStageName[] = ['key', 'dns', 'tcp', 'banner', 'host-key', 'auth', 'folders'];

/** Reads the server's identification line (`SSH-2.0-...`), without speaking SSH. */
async function readBanner(address: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<{connectMs: number; banner: string}> {
	const started = Date.now();
	return new Promise((resolve, reject) => {
		const socket = net.connect({host: address, port});
		const onAbort = () => {
			finish(cancelledError());
		};

		signal?.addEventListener('abort', onAbort, {once: true});
		let connectMs = 0;
		let text = '';
		const timer = setTimeout(() => finish(Object.assign(new Error('timed out'), {code: 'ETIMEDOUT'})), timeoutMs);
		function finish(error?: Error, banner?: string) {
			clearTimeout(timer);
			signal?.removeEventListener('abort', onAbort);
			socket.destroy();
			if (error) {
				reject(Object.assign(error, {connected: connectMs > 0}));
			} else {
				resolve({connectMs, banner: banner ?? ''});
			}
		}

		socket.once('connect', () => {
			connectMs = Date.now() - started;
		});
		socket.on('data', (chunk: Buffer) => {
			text += chunk.toString('latin1');
			// Servers may send other lines first; the identification starts with "SSH-".
			for (const line of text.split('\n').slice(0, -1)) {
				if (line.startsWith('SSH-')) {
					finish(undefined, line.replace(/\r$/, ''));
					return;
				}
			}

			if (text.length > 8192) {
				finish(undefined, text.slice(0, 200));
			}
		});
		socket.once('error', error => finish(error));
		socket.once('close', () => finish(Object.assign(new Error('closed before sending a banner'), {code: 'ECONNRESET'})));
	});
}

/**
 * Checks the way to the server one stage at a time (DNS, TCP, SSH banner, host key,
 * login, in/ and out/), reporting each through `onStage` as 'running' and then with its
 * outcome and a plain fix. Stops at the first failure; later stages are 'skipped'.
 */
/**
 * Checks the way to the server stage by stage. With `keepSession` the session it logged in
 * with is handed back instead of closed, so an interactive caller shows the same stages and
 * goes on with the same connection.
 */
export async function runDoctor(options: ConnectOptions & {
	onStage?: (stage: DoctorStage) => void;
	timeoutMs?: number;
	keepSession?: boolean;
	/** The key that will log in: checked first against what ASAPP asked for (a warning, not a failure). */
	key?: {source: string; type: string; bits: number; fingerprint: string};
}): Promise<DoctorResult> {
	const port = options.port ?? 22;
	const timeoutMs = options.timeoutMs ?? 10_000;
	const context: ConnectContext = {host: options.host, port, user: options.user, keyFingerprint: options.keyFingerprint, keyPath: options.keyPath, usedAgent: options.privateKey === undefined};
	const stages: DoctorStage[] = [];
	const report = (stage: DoctorStage) => {
		if (stage.status !== 'running') {
			stages.push(stage);
		}

		options.onStage?.(stage);
	};

	const fail = (stage: DoctorStageName, error: unknown): DoctorResult => {
		const appError = error instanceof AppError ? error : connectError(error, context);
		report({stage, status: 'failed', detail: appError.message, fix: appError.hint, next: appError.next});
		for (const later of order.slice(order.indexOf(stage) + 1)) {
			report({stage: later, status: 'skipped', detail: 'not checked: an earlier stage failed'});
		}

		return {ok: false, stages, error: appError};
	};

	if (options.key) {
		const fitness = keyFitnessForAsapp(options.key);
		const what = `${options.key.source}: ${keyTypeLabel(options.key.type)} ${options.key.bits} bits, ${options.key.fingerprint}`;
		report(fitness.fit
			? {stage: 'key', status: 'ok', detail: what}
			: {stage: 'key', status: 'warning', detail: `${what}; ASAPP asked for RSA ${requiredRsaBits}`, fix: `The server may accept it, but ASAPP asked for an RSA ${requiredRsaBits} key: make one (asapp-sftp keygen) and send ASAPP its .pub file.`});
	}

	report({stage: 'dns', status: 'running', detail: `looking up ${options.host}`});
	let address: string;
	try {
		const addresses = await unlessAborted(options.lookup ? options.lookup(options.host).then(address => [{address}]) : lookup(options.host, {all: true}), options.signal);
		address = addresses[0]!.address;
		report({stage: 'dns', status: 'ok', detail: `${options.host} is ${addresses.map(entry => entry.address).join(', ')}`});
	} catch (error) {
		return fail('dns', error);
	}

	report({stage: 'tcp', status: 'running', detail: `connecting to ${address} port ${port}`});
	let banner: string;
	try {
		const result = await readBanner(address, port, timeoutMs, options.signal);
		report({stage: 'tcp', status: 'ok', detail: `connected to ${address} port ${port} in ${result.connectMs} ms`});
		banner = result.banner;
	} catch (error) {
		if ((error as {connected?: boolean}).connected && !options.signal?.aborted) {
			report({stage: 'tcp', status: 'ok', detail: `connected to ${address} port ${port}`});
			return fail('banner', new AppError('no-banner', `${options.host} accepted the connection but sent no SSH banner (${error instanceof Error ? error.message : String(error)}).`, {
				hint: 'Something between you and the server (a proxy or firewall) may be intercepting port 22; check with your network team.',
			}));
		}

		return fail('tcp', error);
	}

	if (banner.startsWith('SSH-2.0-')) {
		report({stage: 'banner', status: 'ok', detail: banner});
	} else {
		return fail('banner', new AppError('bad-banner', `${options.host} port ${port} did not answer like an SSH server: "${banner.slice(0, 80)}".`, {
			hint: 'Check the host and port; a proxy may be answering instead of the server.',
		}));
	}

	report({stage: 'host-key', status: 'running', detail: 'checking the server key against known_hosts'});
	let keyInfo: HostKeyInfo | undefined;
	let keyVerdict: HostKeyVerdict | undefined;
	let session: SftpSession;
	try {
		session = await openSftpSession({
			...options,
			readyTimeoutMs: timeoutMs,
			onHostKeyChecked(info, verdict) {
				keyInfo = info;
				keyVerdict = verdict;
				if (verdict === 'known' || verdict === 'accepted') {
					report({stage: 'host-key', status: 'ok', detail: `${info.keyType} ${info.fingerprint} ${verdict === 'known' ? `matches ${info.knownHostsFile}` : `was new and is now recorded in ${info.knownHostsFile}`}`});
					report({stage: 'auth', status: 'running', detail: `logging in as ${options.user}`});
				}
			},
		});
	} catch (error) {
		if (options.signal?.aborted) {
			return fail(keyVerdict === undefined ? 'host-key' : 'auth', error);
		}

		if (keyVerdict === undefined || keyVerdict === 'refused' || keyVerdict === 'changed') {
			if (keyVerdict === 'refused' && keyInfo) {
				report({stage: 'host-key', status: 'warning', detail: `new server: ${keyInfo.keyType} ${keyInfo.fingerprint} is not in ${keyInfo.knownHostsFile}`, fix: 'Compare that fingerprint with the one ASAPP publishes.', next: {kind: 'accept-host-key'}});
				for (const later of ['auth', 'folders'] as const) {
					report({stage: later, status: 'skipped', detail: 'not checked: the server key is not trusted yet'});
				}

				return {ok: false, stages, error: error instanceof AppError ? error : connectError(error, context)};
			}

			return fail(keyVerdict === undefined ? 'banner' : 'host-key', error);
		}

		return fail('auth', error);
	}

	try {
		report({stage: 'auth', status: 'ok', detail: `logged in as ${options.user}${options.keyFingerprint ? ` with ${options.keyFingerprint}` : ''}`});
		report({stage: 'folders', status: 'running', detail: 'listing the home folder'});
		const entries = await session.list('.');
		const folders = new Set(entries.filter(entry => entry.type === 'directory').map(entry => entry.name));
		const missing = ['in', 'out'].filter(name => !folders.has(name));
		if (missing.length === 0) {
			report({stage: 'folders', status: 'ok', detail: 'in/ and out/ are there'});
		} else {
			report({stage: 'folders', status: 'warning', detail: `${missing.map(name => `${name}/`).join(' and ')} not found in the home folder`, fix: 'Ask ASAPP to check the account set-up; uploads for ASAPP go to in/.'});
		}
	} catch (error) {
		session.close();
		return fail('folders', error);
	}

	const ok = stages.every(stage => stage.status === 'ok' || stage.status === 'warning');
	if (ok && options.keepSession) {
		return {ok, stages, session};
	}

	session.close();
	return {ok, stages};
}
