import {spawn} from 'node:child_process';
import {mkdir, readdir, readFile, stat} from 'node:fs/promises';
import {homedir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {AppError, errnoCode} from '../core/app-error.js';
import {asappServer} from '../core/config/asapp-server.js';
import {logErrorDetail} from '../core/config/error-log.js';
import {logLine} from '../core/config/session-log.js';
import {loadProfile, saveProfile} from '../core/config/profile.js';
import {pathExists} from '../core/fs/write-new-files.js';
import {createKeyFiles, defaultKeyPath} from '../core/keys/create-key-files.js';
import {markerWithoutUserPrefix, validateMarker} from '../core/keys/marker.js';
import {parseOpenSshPublicKey, type PublicKeyInfo} from '../core/keys/public-key.js';
import type {PracticeServer} from '../core/sandbox/index.js';
import type {DoctorStage as CoreDoctorStage, DoctorStageName as CoreDoctorStageName} from '../core/ssh/doctor.js';
import type {HostKeyMismatchError} from '../core/ssh/ssh-errors.js';
import type {ConnectOptions, SftpSession} from '../core/ssh/sftp-session.js';
import type {TransferEvent} from '../core/transfer/progress.js';
import {isValidatable, validateFile} from '../core/validate/validate-file.js';
import type {Finding as CoreFinding} from '../core/validate/finding.js';
import type {FileReport} from '../core/validate/file-report.js';
import {convertFile} from '../core/convert/convert-file.js';
import type {
	AppServices, ConnectHandlers, ConnectTarget, CopyResult, DoctorStage, DoctorStageName, FileEntry, Finding, KeySummary, RemoteSession,
	TransferFileRequest, TransferOptions, ValidationProgress, ValidationReport,
} from './services.js';

/**
 * The real core behind the UI's `AppServices`. Not a screen: the one UI file that imports
 * the core's runtime code (ssh, keys, transfer, validate, sandbox) and Node's file system.
 */

const asappHost = {...asappServer};

/**
 * The parts that pull in ssh2 and the transfer engine load after the first frame: nothing
 * on the welcome screen needs them, and the first frame should not wait for them.
 */
async function loadNetworkCore() {
	const [session, doctor, identity, upload, download, sandbox, inspect] = await Promise.all([
		import('../core/ssh/sftp-session.js'),
		import('../core/ssh/doctor.js'),
		import('../core/ssh/identity.js'),
		import('../core/transfer/upload.js'),
		import('../core/transfer/download.js'),
		import('../core/sandbox/index.js'),
		import('../core/keys/inspect-key.js'),
	]);
	return {
		openSftpSession: session.openSftpSession,
		runDoctor: doctor.runDoctor,
		loadIdentity: identity.loadIdentity,
		uploadFiles: upload.uploadFiles,
		downloadFiles: download.downloadFiles,
		startOrJoinSandbox: sandbox.startOrJoinSandbox,
		authorizeSandboxKey: sandbox.authorizeSandboxKey,
		inspectPrivateKey: inspect.inspectPrivateKey,
		unfitReasonFor: inspect.unfitReasonFor,
	};
}

let networkCore: ReturnType<typeof loadNetworkCore> | undefined;

async function core() {
	networkCore ??= loadNetworkCore();
	return networkCore;
}

function expandHome(file: string): string {
	if (file === '~') {
		return homedir();
	}

	return path.resolve(file.startsWith('~/') ? path.join(homedir(), file.slice(2)) : file);
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

const schemaTitles: Record<string, string> = {calls: 'Call Center Data', transcripts: 'Historical Transcript', sales: 'Sales Methods & Attribution'};

function findingOf(finding: CoreFinding): Finding {
	return {line: finding.line, field: finding.field, code: finding.code, message: finding.message, value: finding.value, hint: finding.hint};
}

/** The core's report as the screens show it. */
function reportOf(file: string, report: FileReport): ValidationReport {
	return {
		path: file,
		schema: report.schema === null ? undefined : (schemaTitles[report.schema] ?? report.schema),
		rows: report.records,
		errorCount: report.errorCount,
		warningCount: report.warningCount,
		ruleCounts: report.ruleCounts,
		errors: report.errors.map(findingOf),
		warnings: report.warnings.map(findingOf),
		...(report.exporter === null ? {} : {exporter: {name: report.exporter.name, advice: report.exporter.advice}}),
		convertible: report.format === 'csv' && report.schema !== null,
	};
}

function progressOf(onProgress: ((progress: ValidationProgress) => void) | undefined) {
	return (progress: {records: number; bytesRead: number; totalBytes: number}) => onProgress?.({rows: progress.records, bytes: progress.bytesRead, totalBytes: progress.totalBytes});
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
		// The doctor's fix names a command-line flag; the screen's own panel says what to press.
		return {name, status: 'failed', detail: 'not trusted'};
	}

	return {name, status: stage.status === 'warning' ? 'failed' : stage.status, detail: stage.detail, hint: stage.fix};
}

class RealRemoteSession implements RemoteSession {
	readonly host: string;
	readonly port: number;
	readonly user: string;

	constructor(private sftp: SftpSession, private readonly reconnect: () => Promise<SftpSession>) {
		this.host = sftp.host;
		this.port = sftp.port;
		this.user = sftp.user;
	}

	/** The live session, renewed when the engine reconnected after a drop. */
	private async live(): Promise<SftpSession> {
		if (this.sftp.isClosed) {
			this.sftp = await this.reconnect();
		}

		return this.sftp;
	}

	async home() {
		return (await this.live()).realpath('.');
	}

	async list(remotePath: string): Promise<FileEntry[]> {
		const entries = await (await this.live()).list(remotePath);
		return entries.map(entry => ({
			name: entry.name,
			kind: entry.type === 'symlink' ? 'link' : entry.type,
			size: entry.size,
			modified: entry.modifiedAt.getTime(),
		}));
	}

	async mkdir(remotePath: string) {
		await (await this.live()).mkdir(remotePath);
	}

	async transfer(direction: 'upload' | 'download', requests: TransferFileRequest[], options: TransferOptions) {
		const session = await this.live();
		const {uploadFiles, downloadFiles} = await core();
		const started = new Set<number>();
		const cancelledUploads: string[] = [];
		const onEvent = (event: TransferEvent) => {
			switch (event.type) {
				case 'file-start': {
					started.add(event.file.index);
					options.onStart?.(event.file.index);
					break;
				}

				case 'progress': {
					options.onProgress?.(event.file.index, {transferred: event.fileProgress.bytes, total: event.fileProgress.total});
					break;
				}

				case 'retry': {
					options.onRetry?.(event.file.index, event.attempt, event.error.message);
					break;
				}

				case 'file-done': {
					const {result} = event;
					const index = result.file.index;
					if (result.status === 'done') {
						options.onDone?.(index, {bytes: result.verifiedSize ?? result.file.size, verified: result.verifiedSize !== undefined});
					} else if (result.status === 'failed') {
						const error = result.error ?? new AppError('transfer-failed', `${path.basename(result.file.localPath)} was not transferred.`);
						// The engine's hint names command-line flags; here the answer is a key press.
						const hint = error.code === 'file-exists' ? 'Download it again and answer y to replace it, or rename the local file first.' : error.hint;
						options.onFailed?.(index, {message: error.message, hint});
					} else {
						if (direction === 'upload' && started.has(index)) {
							cancelledUploads.push(result.file.remotePath);
						}

						options.onCancelled?.(index);
					}

					break;
				}

				default: {
					break;
				}
			}
		};

		const files = requests.map((request, index) => ({index, ...request}));
		const common = {connect: this.reconnect, session, signal: options.signal, onEvent};
		await (direction === 'upload'
			? uploadFiles({...common, plan: {directories: options.folders ?? [], files}})
			: downloadFiles({...common, files, overwrite: options.overwrite ?? false}));
		if (cancelledUploads.length > 0) {
			// Whatever is under those names now is a partial copy; the engine's own clean-up
			// cannot run when the connection was dropped to stop a stuck transfer.
			const live = await this.live().catch(() => undefined);
			for (const remotePath of cancelledUploads) {
				await live?.remove(remotePath).catch(() => undefined);
			}
		}
	}

	async close() {
		this.sftp.close();
	}
}

async function listLocal(folder: string): Promise<FileEntry[]> {
	let names;
	try {
		names = await readdir(folder, {withFileTypes: true});
	} catch (error) {
		const code = errnoCode(error);
		throw new AppError('local-unreadable', code === 'ENOENT' ? `There is no folder ${folder}.` : `${folder} cannot be read (${code ?? 'error'}).`, {cause: error});
	}

	const entries: FileEntry[] = [];
	// Stat in batches: a folder of 10,000 files must not open 10,000 handles at once.
	for (let start = 0; start < names.length; start += 256) {
		const batch = await Promise.all(names.slice(start, start + 256).map(async dirent => {
			const full = path.join(folder, dirent.name);
			const info = await stat(full).catch(() => undefined);
			const kind: FileEntry['kind'] = info?.isDirectory() ? 'directory' : (info?.isFile() ? 'file' : 'other');
			return {name: dirent.name, kind, size: info?.size ?? 0, modified: info?.mtimeMs};
		}));
		entries.push(...batch);
	}

	return entries;
}

async function walkLocal(folder: string): Promise<Array<{relativePath: string; size: number}>> {
	const found: Array<{relativePath: string; size: number}> = [];
	const visit = async (current: string, prefix: string) => {
		for (const dirent of await readdir(current, {withFileTypes: true})) {
			const relative = prefix === '' ? dirent.name : `${prefix}/${dirent.name}`;
			// Links are not followed: a loop or a link out of the folder must not upload the disk.
			if (dirent.isDirectory()) {
				await visit(path.join(current, dirent.name), relative);
			} else if (dirent.isFile()) {
				found.push({relativePath: relative, size: (await stat(path.join(current, dirent.name))).size});
			}
		}
	};

	await visit(folder, '');
	return found;
}

async function runClipboardTool(text: string): Promise<boolean> {
	const candidates: Array<[string, string[]]> = process.platform === 'darwin'
		? [['pbcopy', []]]
		: process.platform === 'win32'
			? [['clip', []]]
			: [
				...(process.env['WAYLAND_DISPLAY'] ? [['wl-copy', []] as [string, string[]]] : []),
				...(process.env['DISPLAY'] ? [['xclip', ['-selection', 'clipboard']], ['xsel', ['--clipboard', '--input']]] as Array<[string, string[]]> : []),
			];
	for (const [command, args] of candidates) {
		const ok = await new Promise<boolean>(resolve => {
			const child = spawn(command, args, {stdio: ['pipe', 'ignore', 'ignore']});
			child.on('error', () => {
				resolve(false);
			});
			child.on('close', code => {
				resolve(code === 0);
			});
			child.stdin.end(text);
		});
		if (ok) {
			return true;
		}
	}

	return false;
}

/** OSC 52 asks the terminal itself to set the clipboard; inside tmux it must be passed through. */
function osc52(text: string): string {
	const sequence = `\u001B]52;c;${Buffer.from(text).toString('base64')}\u0007`;
	return process.env['TMUX'] ? `\u001BPtmux;${sequence.replaceAll('\u001B', '\u001B\u001B')}\u001B\\` : sequence;
}

export type RealServices = AppServices & {
	/** Starts loading the network half of the core in the background. */
	preload(): void;
	dispose(): Promise<void>;
};

export function createRealServices(options: {stdout?: NodeJS.WriteStream} = {}): RealServices {
	const stdout = options.stdout ?? process.stdout;
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
				const created = await createKeyFiles({marker, privateKeyPath: keyPath === undefined ? undefined : expandHome(keyPath), passphrase, signal: control?.signal});
				const {unfitReasonFor} = await core();
				return {...summaryOf(created.info, created.privateKey, created.encrypted, unfitReasonFor(created.info)), publicKeyPath: created.publicKey};
			},
			async inspect(keyPath, passphrase) {
				const {inspectPrivateKey} = await core();
				const report = await inspectPrivateKey(expandHome(keyPath), passphrase);
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
		async connect(target: ConnectTarget, handlers: ConnectHandlers): Promise<RemoteSession> {
			const {loadIdentity, openSftpSession, runDoctor} = await core();
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
					return handlers.onUnknownHostKey({host: info.host, port: info.port, algorithm: info.keyType, fingerprint: info.fingerprint});
				},
			});
			if (result.session) {
				return new RealRemoteSession(result.session, async () => openSftpSession(connectOptions));
			}

			const error = result.error ?? new AppError('connect-failed', 'The connection check did not pass.', {hint: 'See the stages above for what to fix.'});
			if (error.code === 'host-key-unknown') {
				throw new AppError(error.code, error.message, {hint: 'Check the fingerprint with ASAPP, then press r to connect again and accept it with y.'});
			}

			if (error.code === 'host-key-changed') {
				const mismatch = error as HostKeyMismatchError;
				throw Object.assign(mismatch, {expectedFingerprint: mismatch.knownFingerprint, actualFingerprint: mismatch.presentedFingerprint});
			}

			throw error;
		},
		local: {
			home: () => homedir(),
			cwd: () => process.cwd(),
			list: listLocal,
			async mkdir(folder) {
				try {
					await mkdir(folder);
				} catch (error) {
					if (errnoCode(error) === 'EEXIST') {
						throw new AppError('file-exists', `${folder} already exists.`, {hint: 'Choose another name.'});
					}

					throw new AppError('local-mkdir-failed', `Could not make ${folder} (${errnoCode(error) ?? 'error'}).`, {cause: error});
				}
			},
			exists: async file => pathExists(file),
			walk: walkLocal,
		},
		isValidatable,
		async validate(file, {signal, onProgress}) {
			return reportOf(file, await validateFile(file, {signal, onProgress: progressOf(onProgress)}));
		},
		conversion: {
			async preview(csvPath, {signal}) {
				const preview = await convertFile(csvPath, {fix: true, preview: true, signal});
				return {repairs: preview.repairs.count, invalidRecords: preview.invalidRecords, fileErrors: preview.refusal === 'file-errors'};
			},
			async convert(csvPath, {signal, onProgress}) {
				const result = await convertFile(csvPath, {fix: true, signal, onProgress: progressOf(onProgress)});
				if (result.output === null) {
					const problem = result.refusal === 'file-errors' ? 'the file as a whole has errors' : `${result.invalidRecords} record${result.invalidRecords === 1 ? '' : 's'} still have errors after the repairs`;
					throw new AppError('conversion-refused', `Not converted: ${problem}; nothing was written.`, {hint: 'Fix those records in the export, then check the file again.'});
				}

				const jsonl = result.output;
				return {
					csvPath,
					path: jsonl,
					size: (await stat(jsonl)).size,
					records: result.written,
					repairs: result.repairs.count,
					report: reportOf(jsonl, await validateFile(jsonl, {signal})),
				};
			},
		},
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
		async copyToClipboard(text): Promise<CopyResult> {
			if (await runClipboardTool(text).catch(() => false)) {
				return 'tool';
			}

			if (stdout.isTTY) {
				stdout.write(osc52(text));
				return 'osc52';
			}

			return 'unavailable';
		},
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
