import {createContext, useContext} from 'react';
import type {CopyResult} from '../core/clipboard.js';
import type {SavedProfile, SavedProfileMode, SavedWizardStep} from '../core/config/profile.js';
import type {ErrorCode, NextAction} from '../core/errors.js';
import type {RefusedName} from '../core/ops/check-names.js';
import type {FolderEntry} from '../core/ops/local-files.js';
import type {TargetStatus} from '../core/ops/decide-overwrite.js';
import type {DownloadRequest, UploadRequest} from '../core/ops/plan-transfer.js';
import type {HostKeyInfo as CoreHostKeyInfo} from '../core/ssh/sftp-session.js';
import type {TransferFile} from '../core/transfer/progress.js';
import type {FileProfile} from '../core/validate/profile.js';

/**
 * What the UI needs from the core, and nothing more. Screens and hooks see only this
 * interface; `real-services.ts` adapts it to the core, tests pass fakes. Everything the
 * UI renders from it is plain data.
 */

/** A key as the wizard shows it: what `ssh-keygen -lf` would say, plus ASAPP's verdict. */
export type KeySummary = {
	privateKeyPath: string;
	publicKeyPath: string;
	type: string;
	bits: number;
	comment: string;
	fingerprint: string;
	/** `ssh-rsa AAAA... sftpcompany`: what is sent to ASAPP. */
	publicKeyLine: string;
	encrypted: boolean;
	/** Why ASAPP's server will not take this key; undefined when it fits. */
	unfitReason: string | undefined;
};

/** The saved profile, as the core stores it: who connects where with which key, and how far the wizard got. */
export type Profile = SavedProfile;
export type ProfileMode = SavedProfileMode;
export type WizardStep = SavedWizardStep;

export type DoctorStageName = 'dns' | 'port' | 'banner' | 'host-key' | 'login' | 'folders';

export type DoctorStage = {
	name: DoctorStageName;
	status: 'pending' | 'running' | 'ok' | 'failed' | 'skipped';
	/** What was found, e.g. the banner or the resolved address. */
	detail?: string;
	/** What to do next when the stage failed. */
	hint?: string;
	next?: NextAction;
};

/** A server key seen for the first time, as the core reports it (`keyType` e.g. `ssh-ed25519`). */
export type HostKeyInfo = Pick<CoreHostKeyInfo, 'host' | 'port' | 'keyType' | 'fingerprint'>;

/** Error codes the UI treats specially; every other failure is shown in the error panel. */
export const errorCodes = {
	hostKeyChanged: 'host-key-changed',
	authRefused: 'auth-refused',
	passphraseNeeded: 'key-passphrase-needed',
	passphraseWrong: 'key-passphrase-wrong',
	cancelled: 'cancelled',
	fileExists: 'file-exists',
} as const satisfies Record<string, ErrorCode>;

/**
 * The error shape the UI reads: the core's AppError fits it. `expected`/`actual` are
 * carried by a host-key-changed error. `next` is what to do, as data the app words itself.
 */
export type ServiceError = Error & {
	code?: ErrorCode;
	hint?: string;
	next?: NextAction;
	expectedFingerprint?: string;
	actualFingerprint?: string;
};

export type ConnectTarget = {
	host: string;
	port: number;
	user: string;
	keyPath: string;
	passphrase?: string;
	/** Where host keys are checked and recorded; the user's known_hosts when absent. */
	knownHostsFile?: string;
};

export type ConnectHandlers = {
	onStage(stage: DoctorStage): void;
	/** Called for a host key this machine has never seen; resolve true only when the person accepted it. */
	onUnknownHostKey(key: HostKeyInfo): Promise<boolean>;
	signal?: AbortSignal;
};

export type FileEntry = FolderEntry;
export type EntryKind = FileEntry['kind'];

export type {CopyResult, DownloadRequest, RefusedName, UploadRequest};

/** A transfer planned by the core: remote folders to make first, the files, and names refused. */
export type PlannedTransfer = {
	folders: string[];
	files: TransferFileRequest[];
	refused: RefusedName[];
};

export type TransferProgress = {
	/** Bytes done so far for this file. */
	transferred: number;
	total: number;
};

/** One file of a transfer; `size` is what is expected (local size up, remote size down). */
export type TransferFileRequest = Omit<TransferFile, 'index'>;

/** Per-file events of a transfer; `index` is the file's place in the request. */
export type TransferEvents = {
	onStart?(index: number): void;
	onProgress?(index: number, progress: TransferProgress): void;
	/** A retry after a transient failure: attempt counts from 2. */
	onRetry?(index: number, attempt: number, reason: string): void;
	onDone?(index: number, result: TransferResult): void;
	onFailed?(index: number, error: TransferFailure): void;
	onCancelled?(index: number): void;
};

export type TransferOptions = TransferEvents & {
	signal?: AbortSignal;
	/** Remote folders to make first, parents before children (`put -r`). */
	folders?: string[];
	/** Downloads: replace existing local files. Without it an existing file fails its download. */
	overwrite?: boolean;
};

/** What is at a transfer's target name before anything moves (see the core's decideOverwrite). */
export type TargetState = TargetStatus;

/** A partial upload left on the server under its final name. */
export type Remnant = {remotePath: string; bytesOnServer: number; exact: boolean};

/** Why one file did not arrive, what to do, and what it left behind. */
export type TransferFailure = {message: string; hint?: string; next?: NextAction; remnant?: Remnant; partialRemoved?: boolean};

/**
 * What a whole transfer left: where the upload receipt went (or why it could not be
 * written), and why it stopped early when the server stayed out of reach.
 */
export type TransferOutcome = {receiptPath?: string; receiptProblem?: string; stopped?: TransferFailure};

export type TransferResult = {
	bytes: number;
	/** True when the size on the other side was checked and matches. */
	verified: boolean;
};

/** One SFTP session; paths are remote, POSIX style. */
export type RemoteSession = {
	readonly host: string;
	readonly port: number;
	readonly user: string;
	/** The folder the server puts us in at login. */
	home(): Promise<string>;
	list(path: string): Promise<FileEntry[]>;
	mkdir(path: string): Promise<void>;
	/** Removes a file, or an empty folder (never a tree). */
	remove(path: string, kind: 'file' | 'directory'): Promise<void>;
	/** What is at each upload target before anything is sent (the core's overwrite check). */
	checkTargets(files: TransferFileRequest[], folders: string[]): Promise<TargetState[]>;
	/** The core's download plan: every name checked, folders walked with `recursive`. */
	planDownload(request: DownloadRequest): Promise<PlannedTransfer>;
	/**
	 * Transfers the files (several at once where the engine finds it faster), reporting each
	 * file's progress and outcome through the events; resolves when every file has one.
	 */
	transfer(direction: 'upload' | 'download', files: TransferFileRequest[], options: TransferOptions): Promise<TransferOutcome>;
	close(): Promise<void>;
};

/** The local side of the browser; the same shapes as the remote side. */
export type LocalFiles = {
	home(): string;
	cwd(): string;
	list(path: string): Promise<FileEntry[]>;
	mkdir(path: string): Promise<void>;
	/** Removes a file, or an empty folder (never a tree). */
	remove(path: string, kind: 'file' | 'directory'): Promise<void>;
	exists(path: string): Promise<boolean>;
	/** The core's upload plan: the tree walk with its link rules, remote folders, names checked. */
	planUpload(request: UploadRequest): Promise<PlannedTransfer>;
};

export type Finding = {
	/** 1-based line where the record starts; null for the file as a whole. */
	line: number | null;
	/** The column from ASAPP's table; null for a record or the whole file. */
	field: string | null;
	code: string;
	message: string;
	value?: string;
	hint?: string;
};

export type ValidationReport = {
	path: string;
	/** The table the file was checked against, e.g. "Historical Transcript". */
	schema: string | undefined;
	rows: number;
	/** The lists below may be capped; these totals are exact. */
	errorCount?: number;
	warningCount?: number;
	/** Exact findings per rule code, when the lists are capped. */
	ruleCounts?: Partial<Record<string, number>>;
	errors: Finding[];
	warnings: Finding[];
	/** Fatal problems that stopped the check (not UTF-8, unknown table...). */
	fatal?: string;
	/** What the file holds: months covered, sender roles (when it could be read). */
	profile?: FileProfile;
	/** True when no table could be told from the file: the person can name one. */
	needsSchema?: boolean;
	/** The tool the CSV looks exported from, and the export setting that fixes it at the source. */
	exporter?: {name: string; advice: string};
	/** A CSV of a known table: it can be converted to JSONL. */
	convertible?: boolean;
};

/** What converting a CSV to JSONL (with the certain repairs) would do; nothing written yet. */
export type ConversionPreview = {
	/** Values it would repair. */
	repairs: number;
	/** Records that would still have errors: the conversion would then write nothing. */
	invalidRecords: number;
	/** Errors about the file as a whole (a missing column...), which no conversion fixes. */
	fileErrors: boolean;
};

/** A CSV converted to JSONL beside it. */
export type Conversion = {
	csvPath: string;
	/** The JSONL written (a new file; nothing was replaced). */
	path: string;
	size: number;
	records: number;
	repairs: number;
	/** The JSONL's own check. */
	report: ValidationReport;
};

/** ASAPP's tables, by the name the core knows them and the title the guide gives them. */
export type SchemaChoice = {name: string; title: string};

export type ValidationProgress = {rows: number; bytes: number; totalBytes: number};

export type SandboxInfo = {
	host: string;
	port: number;
	root: string;
	hostKeyFingerprint: string;
	/** Why the practice server is not a new one on port 2222 (joined a running one, or moved). */
	note?: string;
};


export type AppServices = {
	keys: {
		/** The trimmed marker, or throws an error saying what is wrong with it. */
		validateMarker(marker: string): string;
		/** The marker without a leading `sftp` when it looks typed with it, else undefined. */
		markerWithoutUserPrefix(marker: string): string | undefined;
		defaultKeyPath(marker: string): string;
		/** Makes and writes a new key; `signal` cancels it, leaving no file (rejects with code 'cancelled'). */
		create(options: {marker: string; path?: string; passphrase?: string}, control?: {signal?: AbortSignal}): Promise<KeySummary>;
		inspect(path: string, passphrase?: string): Promise<KeySummary>;
		/** The key as its `.pub` file describes it: needs no passphrase (for resuming). */
		readPublic(privateKeyPath: string): Promise<KeySummary>;
	};
	profile: {
		load(): Promise<Profile | undefined>;
		save(profile: Profile): Promise<void>;
	};
	connect(target: ConnectTarget, handlers: ConnectHandlers): Promise<RemoteSession>;
	local: LocalFiles;
	/** Which files are checked before upload. */
	isValidatable(path: string): boolean;
	validate(path: string, options: {signal?: AbortSignal; schema?: string; onProgress?(progress: ValidationProgress): void}): Promise<ValidationReport>;
	/** The tables a file can be checked against, for a file without a header. */
	schemas: SchemaChoice[];
	/** CSV to JSONL, ASAPP's preferred format, with only the repairs whose result is certain. */
	conversion: {
		preview(csvPath: string, options: {signal?: AbortSignal}): Promise<ConversionPreview>;
		/** Writes the JSONL beside the CSV, never over an existing file; throws when records still have errors. */
		convert(csvPath: string, options: {signal?: AbortSignal; onProgress?(progress: ValidationProgress): void}): Promise<Conversion>;
	};
	sandbox: {
		start(): Promise<SandboxInfo>;
		authorize(publicKeyLine: string): Promise<void>;
		stop(): Promise<void>;
	};
	copyToClipboard(text: string): Promise<CopyResult>;
	/** Writes the full detail of an unexpected failure to the log; returns the log path. */
	logError(context: string, error: unknown): Promise<string | undefined>;
	/** One line for the log (a failure a person saw, a session event); never secrets. */
	logEvent(text: string): void;
	/** ASAPP's server, for the default profile. */
	asappHost: {host: string; port: number};
};

export const ServicesContext = createContext<AppServices | undefined>(undefined);

export function useServices(): AppServices {
	const services = useContext(ServicesContext);
	if (!services) {
		throw new Error('useServices() outside <ServicesContext.Provider>');
	}

	return services;
}
