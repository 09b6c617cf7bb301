import path from 'node:path';
import type {ErrorCode} from '../../../source/core/errors.js';
import {markerWithoutUserPrefix, validateMarker} from '../../../source/core/keys/marker.js';
import type {
	AppServices, ConnectHandlers, ConnectTarget, Conversion, ConversionPreview, DoctorStageName, DownloadRequest, FileEntry, HostKeyInfo, KeySummary, PlannedTransfer, Profile, RemoteSession,
	Remnant, TargetState, TransferFileRequest, TransferOptions, TransferResult, UploadRequest, ValidationReport,
} from '../../../source/ui/services.js';
import {checkNames} from '../../../source/core/ops/check-names.js';

/** A plain Error with the fields the core's AppError carries. */
export function serviceError(code: ErrorCode, message: string, hint?: string, extra: Record<string, string> = {}): Error {
	return Object.assign(new Error(message), {code, hint, ...extra});
}

export function keySummary(privateKeyPath: string, overrides: Partial<KeySummary> = {}): KeySummary {
	return {
		privateKeyPath,
		publicKeyPath: `${privateKeyPath}.pub`,
		type: 'ssh-rsa',
		bits: 4096,
		comment: 'sftptestcompany',
		fingerprint: 'SHA256:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
		publicKeyLine: 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAACAQDfake sftptestcompany',
		encrypted: false,
		unfitReason: undefined,
		...overrides,
	};
}

/** An in-memory tree: folder path -> entries. */
export type Tree = Map<string, FileEntry[]>;

export function tree(folders: Record<string, Array<[string, 'file' | 'directory', number?]>>): Tree {
	return new Map(Object.entries(folders).map(([folder, entries]) => [folder, entries.map(([name, kind, size]) => ({name, kind, size: size ?? 0}))]));
}

function addEntry(files: Tree, target: string, entry: FileEntry, join = path.posix) {
	const folder = join.dirname(target);
	const entries = files.get(folder) ?? [];
	files.set(folder, [...entries.filter(existing => existing.name !== entry.name), entry]);
}

export type UploadBehaviour =
	| {kind: 'ok'}
	/** Reports progress, retries once, then succeeds. */
	| {kind: 'retry-once'}
	/** Reports half the bytes, then waits until cancelled. */
	| {kind: 'hang'}
	| {kind: 'fail'; message: string; hint?: string; remnant?: Remnant};

export class FakeSession implements RemoteSession {
	readonly host: string;
	readonly port: number;
	readonly user: string;
	readonly files: Tree;
	readonly uploads: Array<{localPath: string; remotePath: string}> = [];
	readonly downloads: Array<{remotePath: string; localPath: string; overwrite: boolean}> = [];
	readonly made: string[] = [];
	closed = false;
	uploadBehaviour: UploadBehaviour = {kind: 'ok'};

	constructor(target: {host: string; port: number; user: string}, files: Tree, private readonly local: FakeLocal) {
		this.host = target.host;
		this.port = target.port;
		this.user = target.user;
		this.files = files;
	}

	async home() {
		return '/';
	}

	async list(folder: string) {
		const entries = this.files.get(folder);
		if (!entries) {
			throw serviceError('no-such-file', `There is no folder ${folder} on the server.`);
		}

		return entries;
	}

	readonly removed: string[] = [];

	async remove(target: string, kind: 'file' | 'directory') {
		const folder = path.posix.dirname(target);
		if (kind === 'directory' && (this.files.get(target)?.length ?? 0) > 0) {
			throw serviceError('folder-not-empty', `${target} is not empty, so it was left alone.`, 'Remove what is inside first.');
		}

		this.removed.push(target);
		this.files.set(folder, (this.files.get(folder) ?? []).filter(entry => entry.name !== path.posix.basename(target)));
	}

	async exists(target: string) {
		return (this.files.get(path.posix.dirname(target)) ?? []).some(entry => entry.name === path.posix.basename(target));
	}

	async planDownload(request: DownloadRequest): Promise<PlannedTransfer> {
		const files: TransferFileRequest[] = [];
		for (const remotePath of request.remotePaths) {
			const entry = (this.files.get(path.posix.dirname(remotePath)) ?? []).find(candidate => candidate.name === path.posix.basename(remotePath));
			if (!entry) {
				throw serviceError('no-such-file', `Could not look up ${remotePath} on the server: no such file or folder.`);
			}

			const name = request.rename !== undefined && request.remotePaths.length === 1 ? request.rename : entry.name;
			files.push({remotePath, localPath: path.resolve(request.localDirectory, name), size: entry.size});
		}

		const {accepted, refused} = checkNames(files, 'download', file => path.posix.basename(file.remotePath));
		return {folders: [], files: accepted, refused};
	}

	async mkdir(folder: string) {
		this.made.push(folder);
		addEntry(this.files, folder, {name: path.posix.basename(folder), kind: 'directory', size: 0});
		this.files.set(folder, this.files.get(folder) ?? []);
	}

	/** Files one at a time, like a queue of one; each file's behaviour comes from `uploadBehaviour`. */
	async transfer(direction: 'upload' | 'download', files: TransferFileRequest[], options: TransferOptions) {
		for (const folder of options.folders ?? []) {
			await this.mkdir(folder);
		}

		for (const [index, file] of files.entries()) {
			if (options.signal?.aborted) {
				options.onCancelled?.(index);
				continue;
			}

			options.onStart?.(index);
			try {
				const result = direction === 'upload' ? await this.uploadOne(index, file, options) : await this.downloadOne(index, file, options);
				options.onDone?.(index, result);
			} catch (error) {
				if ((error as {code?: string}).code === 'cancelled') {
					options.onCancelled?.(index);
				} else {
					const {message, hint, remnant} = error as Error & {hint?: string; remnant?: Remnant};
					options.onFailed?.(index, {message, hint, remnant});
				}
			}
		}

		return direction === 'upload' ? {receiptPath: '/home/me/.local/state/asapp-sftp/receipts/upload.json'} : {};
	}

	/** What the overwrite check finds; a test may say what the server would answer per path. */
	targetStates = new Map<string, TargetState>();

	async checkTargets(files: TransferFileRequest[]): Promise<TargetState[]> {
		return Promise.all(files.map(async file => this.targetStates.get(file.remotePath) ?? ((await this.exists(file.remotePath)) ? 'exists' : 'new')));
	}

	private async uploadOne(index: number, {localPath, remotePath}: TransferFileRequest, options: TransferOptions): Promise<TransferResult> {
		const size = this.local.sizeOf(localPath);
		this.uploads.push({localPath, remotePath});
		const behaviour = this.uploadBehaviour;
		if (behaviour.kind === 'fail') {
			options.onProgress?.(index, {transferred: Math.floor(size / 2), total: size});
			throw Object.assign(serviceError('connection-lost', behaviour.message, behaviour.hint), {remnant: behaviour.remnant});
		}

		options.onProgress?.(index, {transferred: Math.floor(size / 2), total: size});
		if (behaviour.kind === 'hang') {
			await new Promise<void>((_resolve, reject) => {
				options.signal?.addEventListener('abort', () => {
					reject(serviceError('cancelled', 'Cancelled.'));
				});
			});
		}

		if (behaviour.kind === 'retry-once') {
			options.onRetry?.(index, 2, 'connection reset');
			await new Promise(resolve => {
				setTimeout(resolve, 150);
			});
		}

		options.onProgress?.(index, {transferred: size, total: size});
		addEntry(this.files, remotePath, {name: path.posix.basename(remotePath), kind: 'file', size});
		return {bytes: size, verified: true};
	}

	private async downloadOne(index: number, {remotePath, localPath}: TransferFileRequest, options: TransferOptions): Promise<TransferResult> {
		const entry = (this.files.get(path.posix.dirname(remotePath)) ?? []).find(candidate => candidate.name === path.posix.basename(remotePath));
		if (!entry) {
			throw serviceError('no-such-file', `There is no file ${remotePath}.`);
		}

		if (this.local.has(localPath) && !options.overwrite) {
			throw serviceError('file-exists', `${localPath} already exists.`);
		}

		this.downloads.push({remotePath, localPath, overwrite: options.overwrite ?? false});
		options.onProgress?.(index, {transferred: entry.size, total: entry.size});
		this.local.add(localPath, entry.size);
		return {bytes: entry.size, verified: true};
	}

	async close() {
		this.closed = true;
	}
}

export class FakeLocal {
	constructor(readonly files: Tree, readonly cwdPath = '/home/me/data') {}

	home() {
		return '/home/me';
	}

	cwd() {
		return this.cwdPath;
	}

	async list(folder: string) {
		const entries = this.files.get(folder);
		if (!entries) {
			throw serviceError('local-unreadable', `There is no folder ${folder}.`);
		}

		return entries;
	}

	async mkdir(folder: string) {
		addEntry(this.files, folder, {name: path.basename(folder), kind: 'directory', size: 0}, path);
		this.files.set(folder, []);
	}

	async exists(file: string) {
		return this.has(file);
	}

	has(file: string) {
		return (this.files.get(path.dirname(file)) ?? []).some(entry => entry.name === path.basename(file));
	}

	add(file: string, size: number) {
		addEntry(this.files, file, {name: path.basename(file), kind: 'file', size}, path);
	}

	sizeOf(file: string) {
		return (this.files.get(path.dirname(file)) ?? []).find(entry => entry.name === path.basename(file))?.size ?? 0;
	}

	readonly removed: string[] = [];

	async remove(target: string) {
		this.removed.push(target);
		const folder = path.dirname(target);
		this.files.set(folder, (this.files.get(folder) ?? []).filter(entry => entry.name !== path.basename(target)));
	}

	/** A stand-in for the core's tree walk over the in-memory tree (the real one is tested on disk). */
	async planUpload(request: UploadRequest): Promise<PlannedTransfer> {
		const folders: string[] = [];
		const files: TransferFileRequest[] = [];
		const visit = (local: string, remote: string) => {
			folders.push(remote);
			for (const entry of this.files.get(local) ?? []) {
				const [localPath, remotePath] = [path.join(local, entry.name), path.posix.join(remote, entry.name)];
				if (entry.kind === 'directory') {
					visit(localPath, remotePath);
				} else {
					files.push({localPath, remotePath, size: entry.size});
				}
			}
		};

		for (const localPath of request.localPaths) {
			const entry = (this.files.get(path.dirname(localPath)) ?? []).find(candidate => candidate.name === path.basename(localPath));
			if (!entry) {
				throw serviceError('local-no-such-file', `${localPath}: no such file or folder (looking at it for upload).`, 'Check the path.');
			}

			const name = request.rename !== undefined && request.localPaths.length === 1 ? request.rename : entry.name;
			if (entry.kind === 'directory') {
				if (!request.recursive) {
					throw serviceError('is-a-directory', `${localPath} is a folder.`, 'Use put -r to upload a folder and everything in it.');
				}

				visit(localPath, path.posix.join(request.remoteDirectory, name));
			} else {
				files.push({localPath, remotePath: path.posix.join(request.remoteDirectory, name), size: entry.size});
			}
		}

		return {folders, files, refused: []};
	}
}

export type ConnectScript = {
	/** Which stage fails, and how. */
	failAt?: {stage: DoctorStageName; error: Error};
	hostKey?: 'unknown' | 'known';
};

export type FakeServices = AppServices & {
	saved: Profile[];
	sessions: FakeSession[];
	created: Array<{marker: string; path?: string; passphrase?: string}>;
	authorized: string[];
	hostKeyAnswers: boolean[];
	connectTargets: ConnectTarget[];
	remoteFiles: Tree;
	localFiles: FakeLocal;
	script: ConnectScript;
	copied: string[];
	/** Lines the app wrote to its log. */
	logged: string[];
	sandboxStopped: number;
	/** Key creations cancelled through their signal. */
	cancelledCreates: number;
	/** CSV paths converted to JSONL, in order. */
	converted: string[];
};

export const hostKey: HostKeyInfo = {host: 'sftp.us-east-1.asapp.com', port: 22, keyType: 'ssh-rsa', fingerprint: 'SHA256:hostkeyhostkeyhostkeyhostkeyhostkeyhostke'};

export function makeFakeServices(options: {
	profile?: Profile;
	keys?: Record<string, KeySummary | Error>;
	reports?: Record<string, ValidationReport>;
	/** Per CSV path: what a conversion preview says, and what converting gives (or throws). */
	conversions?: Record<string, {preview: ConversionPreview; result: Conversion | Error}>;
	remote?: Tree;
	local?: Tree;
	script?: ConnectScript;
	createDelayMs?: number;
} = {}): FakeServices {
	let profile = options.profile;
	const localFiles = new FakeLocal(options.local ?? tree({
		'/home/me/data': [['good.csv', 'file', 2048], ['bad.csv', 'file', 1024], ['notes.txt', 'file', 10], ['batch', 'directory']],
		'/home/me/data/batch': [['a.jsonl', 'file', 100], ['deeper', 'directory']],
		'/home/me/data/batch/deeper': [['b.jsonl', 'file', 200]],
		'/home/me': [['data', 'directory']],
		'/': [['home', 'directory']],
	}));
	const remoteFiles = options.remote ?? tree({
		'/': [['in', 'directory'], ['out', 'directory']],
		'/in': [],
		'/out': [['sample.csv', 'file', 4096]],
	});
	const services: FakeServices = {
		saved: [],
		sessions: [],
		created: [],
		authorized: [],
		hostKeyAnswers: [],
		connectTargets: [],
		copied: [],
		logged: [],
		sandboxStopped: 0,
		cancelledCreates: 0,
		converted: [],
		remoteFiles,
		localFiles,
		script: options.script ?? {hostKey: 'unknown'},
		asappHost: {host: 'sftp.us-east-1.asapp.com', port: 22},
		keys: {
			validateMarker,
			markerWithoutUserPrefix,
			defaultKeyPath: marker => `/home/me/.ssh/asapp_sftp${marker}_rsa`,
			async create(request, control) {
				services.created.push(request);
				const {signal} = control ?? {};
				await new Promise<void>((resolve, reject) => {
					const timer = setTimeout(resolve, options.createDelayMs ?? 50);
					signal?.addEventListener('abort', () => {
						clearTimeout(timer);
						services.cancelledCreates++;
						reject(serviceError('cancelled', 'Cancelled: no key was made and no file was written.'));
					}, {once: true});
				});
				const chosen = request.path ?? `/home/me/.ssh/asapp_sftp${request.marker}_rsa`;
				const existing = options.keys?.[chosen];
				if (existing instanceof Error) {
					throw existing;
				}

				return keySummary(chosen, {comment: `sftp${request.marker}`, encrypted: request.passphrase !== undefined});
			},
			async inspect(keyPath, passphrase) {
				const known = options.keys?.[keyPath];
				if (known === undefined) {
					throw serviceError('key-missing', `There is no file at ${keyPath}.`, 'Check the path, or create a new key.');
				}

				if (known instanceof Error) {
					throw known;
				}

				if (known.encrypted && passphrase !== 'right') {
					throw serviceError(passphrase === undefined ? 'key-passphrase-needed' : 'key-passphrase-wrong', 'Passphrase needed.');
				}

				return known;
			},
			async readPublic(keyPath) {
				const known = options.keys?.[keyPath];
				if (known === undefined || known instanceof Error) {
					throw serviceError('key-missing', `There is no file at ${keyPath}.pub.`);
				}

				return known;
			},
		},
		profile: {
			async load() {
				return profile;
			},
			async save(next) {
				profile = next;
				services.saved.push(next);
			},
		},
		async connect(target, handlers: ConnectHandlers) {
			services.connectTargets.push(target);
			const script = services.script;
			for (const stage of ['dns', 'port', 'banner', 'host-key', 'login', 'folders'] as const) {
				handlers.onStage({name: stage, status: 'running'});
				await new Promise(resolve => {
					setTimeout(resolve, 5);
				});
				if (script.failAt?.stage === stage) {
					handlers.onStage({name: stage, status: 'failed', hint: script.failAt.error.message});
					throw script.failAt.error;
				}

				if (stage === 'host-key' && script.hostKey === 'unknown') {
					const accepted = await handlers.onUnknownHostKey({...hostKey, host: target.host, port: target.port});
					services.hostKeyAnswers.push(accepted);
					if (!accepted) {
						handlers.onStage({name: stage, status: 'failed'});
						throw Object.assign(serviceError('host-key-unknown', `${target.host} (port ${target.port}) is not in known_hosts; its host key ${hostKey.fingerprint} was not trusted, so nothing was transferred.`, 'Compare that fingerprint with the one ASAPP publishes; trust it only if they match (or you trust this first connection).'), {next: {kind: 'accept-host-key'}});
					}
				}

				handlers.onStage({name: stage, status: 'ok', detail: stage === 'banner' ? 'SSH-2.0-AWS_SFTP_1.1' : undefined});
			}

			const session = new FakeSession(target, remoteFiles, localFiles);
			services.sessions.push(session);
			return session;
		},
		local: localFiles,
		isValidatable: file => /\.(csv|jsonl)$/i.test(file),
		schemas: [{name: 'calls', title: 'Call Center Data'}, {name: 'transcripts', title: 'Historical Transcript'}, {name: 'sales', title: 'Sales Methods & Attribution'}],
		async validate(file, {onProgress}) {
			onProgress?.({rows: 10, bytes: 50, totalBytes: 100});
			await new Promise(resolve => {
				setTimeout(resolve, 5);
			});
			return options.reports?.[file] ?? {path: file, schema: 'Historical Transcript', rows: 20, errors: [], warnings: []};
		},
		conversion: {
			async preview(csvPath) {
				const known = options.conversions?.[csvPath];
				if (known === undefined) {
					throw serviceError('format-unsupported', `${csvPath} is not a .csv file.`);
				}

				return known.preview;
			},
			async convert(csvPath, {onProgress}) {
				services.converted.push(csvPath);
				onProgress?.({rows: 10, bytes: 50, totalBytes: 100});
				await new Promise(resolve => {
					setTimeout(resolve, 5);
				});
				const result = options.conversions?.[csvPath]?.result;
				if (result === undefined || result instanceof Error) {
					throw result ?? serviceError('format-unsupported', `${csvPath} is not a .csv file.`);
				}

				localFiles.files.set(path.dirname(result.path), [...(localFiles.files.get(path.dirname(result.path)) ?? []), {name: path.basename(result.path), kind: 'file', size: result.size}]);
				return result;
			},
		},
		sandbox: {
			async start() {
				return {host: '127.0.0.1', port: 2222, root: '/tmp/sandbox', hostKeyFingerprint: hostKey.fingerprint};
			},
			async authorize(line) {
				services.authorized.push(line);
			},
			async stop() {
				services.sandboxStopped++;
			},
		},
		async copyToClipboard(text) {
			services.copied.push(text);
			return 'osc52';
		},
		async logError(context, error) {
			services.logged.push(`${context}: ${(error as Error).message}`);
			return '/home/me/.local/state/asapp-sftp/asapp-sftp.log';
		},
		logEvent(text) {
			services.logged.push(text);
		},
	};
	return services;
}
