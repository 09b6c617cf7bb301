import path from 'node:path';
import {AppError} from '../core/app-error.js';
import {describeError} from '../core/ops/describe-error.js';
import {planDownload} from '../core/ops/plan-transfer.js';
import type {SftpSession} from '../core/ssh/sftp-session.js';
import {downloadFiles} from '../core/transfer/download.js';
import type {FileResult, TransferEvent, TransferFile} from '../core/transfer/progress.js';
import {printableName} from '../core/transfer/remote-names.js';
import {removeRemote} from '../core/transfer/remove-remote.js';
import {uploadFiles} from '../core/transfer/upload.js';
import {UploadResults} from '../core/transfer/upload-results.js';
import {defaultJournalDirectory, readUnfinishedUploads, UploadJournal, type ServerIdentity} from '../core/transfer/upload-journal.js';
import {validationOf, writeUploadReceipt} from '../core/transfer/upload-receipt.js';
import {checkUploadTargets} from '../core/transfer/upload-targets.js';
import type {FileReport} from '../core/validate/file-report.js';
import type {
	FileEntry, PlannedTransfer, RemoteSession, TargetState, TransferFailure, TransferFileRequest, TransferOptions, TransferOutcome,
} from './services.js';

/** What a failed or cancelled file left, as the queue shows it. */
function failureOf(result: FileResult): TransferFailure {
	const {message, hint, next} = describeError(result.error ?? new AppError('transfer-failed', `${path.basename(result.file.localPath)} was not transferred.`));
	return {message, hint, next, remnant: result.remnant, partialRemoved: result.partialRemoved};
}

/**
 * The core's SFTP session and transfer engine behind the UI's RemoteSession: wiring only.
 * Uploads keep the core's journal of unfinished uploads and write its receipt.
 */
export class RealRemoteSession implements RemoteSession {
	readonly host: string;
	readonly port: number;
	readonly user: string;

	constructor(
		private sftp: SftpSession,
		private readonly reconnect: () => Promise<SftpSession>,
		/** The core's validation reports by local path, for the receipt. */
		private readonly reports: () => Map<string, FileReport> = () => new Map(),
	) {
		this.host = sftp.host;
		this.port = sftp.port;
		this.user = sftp.user;
	}

	private get server(): ServerIdentity {
		return {host: this.host, port: this.port, user: this.user};
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
		return entries.filter(entry => entry.name !== '.' && entry.name !== '..').map(entry => ({
			name: entry.name,
			kind: entry.type === 'symlink' ? 'link' : entry.type,
			size: entry.size,
			modified: entry.modifiedAt.getTime(),
		}));
	}

	async mkdir(remotePath: string) {
		await (await this.live()).mkdir(remotePath);
	}

	async remove(remotePath: string, kind: 'file' | 'directory') {
		const [result] = await removeRemote(await this.live(), [remotePath], kind === 'file' ? 'file' : 'folder');
		if (result?.error) {
			throw result.error;
		}
	}

	async checkTargets(files: TransferFileRequest[], folders: string[]): Promise<TargetState[]> {
		const unfinished = await readUnfinishedUploads(defaultJournalDirectory(), this.server).catch(() => []);
		const targets = await checkUploadTargets(await this.live(), {directories: folders, files: files.map((file, index) => ({index, ...file}))}, unfinished);
		return targets.map(target => target.status);
	}

	async planDownload(request: Parameters<RemoteSession['planDownload']>[0]): Promise<PlannedTransfer> {
		const plan = await planDownload(await this.live(), request);
		return {
			folders: [],
			files: plan.files,
			refused: plan.refused.map(error => ({name: printableName(error.remotePath), reason: error.reason, direction: 'download'})),
		};
	}

	async transfer(direction: 'upload' | 'download', requests: TransferFileRequest[], options: TransferOptions): Promise<TransferOutcome> {
		const session = await this.live();
		const files: TransferFile[] = requests.map((request, index) => ({index, ...request}));
		// Kept compactly, as put keeps them: the receipt reads them at the end.
		const results = new UploadResults(files);
		const onEvent = (event: TransferEvent) => {
			switch (event.type) {
				case 'file-start': {
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
					results.set(result);
					const index = result.file.index;
					if (result.status === 'done') {
						options.onDone?.(index, {bytes: result.verifiedSize ?? result.file.size, verified: result.verifiedSize !== undefined && !result.unverified});
					} else if (result.status === 'failed' || result.remnant) {
						options.onFailed?.(index, failureOf(result));
					} else {
						options.onCancelled?.(index);
					}

					break;
				}

				default: {
					break;
				}
			}
		};

		const common = {connect: this.reconnect, session, signal: options.signal, onEvent};
		if (direction === 'download') {
			await downloadFiles({...common, files, overwrite: options.overwrite ?? false});
			return {};
		}

		const startedAt = new Date();
		const journal = new UploadJournal(defaultJournalDirectory(), this.server);
		let stopped: AppError | undefined;
		let cancelled = false;
		try {
			const summary = await uploadFiles({...common, plan: {directories: options.folders ?? [], files}, journal, keepArrivedResults: false});
			cancelled = summary.cancelled;
		} catch (error) {
			// The queue gave up (the server stayed out of reach): every file has its result all the same.
			if (!(error instanceof AppError)) {
				throw error;
			}

			stopped = error;
		} finally {
			await journal.close();
		}

		const reports = this.reports();
		const receipt = {
			server: this.server, startedAt, endedAt: new Date(), files, results, refused: new Map(), validation: (file: TransferFile) => validationOf(reports.get(file.localPath)), cancelled,
			...(stopped ? {stoppedBy: {code: stopped.code, message: stopped.message}} : {}),
		};
		const outcome: TransferOutcome = stopped ? {stopped: describeError(stopped)} : {};
		try {
			return {...outcome, receiptPath: await writeUploadReceipt(receipt)};
		} catch (error) {
			return {...outcome, receiptProblem: describeError(error).message};
		}
	}

	async close() {
		this.sftp.close();
	}
}
