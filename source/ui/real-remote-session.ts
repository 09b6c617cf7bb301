import path from 'node:path';
import {AppError} from '../core/app-error.js';
import {describeError} from '../core/ops/describe-error.js';
import {planDownload} from '../core/ops/plan-transfer.js';
import {removeRemote} from '../core/ops/remove-remote.js';
import type {SftpSession} from '../core/ssh/sftp-session.js';
import {printableName} from '../core/transfer/remote-names.js';
import {downloadFiles} from '../core/transfer/download.js';
import type {TransferEvent} from '../core/transfer/progress.js';
import type {FileReport} from '../core/validate/file-report.js';
import {uploadFiles} from '../core/transfer/upload.js';
import type {FileEntry, PlannedTransfer, RemoteSession, TargetState, TransferFileRequest, TransferOptions, TransferOutcome} from './services.js';

/** The core's SFTP session and transfer engine behind the UI's RemoteSession: wiring only. */
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
		await removeRemote(await this.live(), remotePath, kind);
	}

	async checkTargets(files: TransferFileRequest[]): Promise<TargetState[]> {
		const session = await this.live();
		return Promise.all(files.map(async file => {
			const found = await session.statIfExists(file.remotePath);
			return found === undefined ? 'new' : (found.type === 'directory' ? 'folder' : 'exists');
		}));
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
						const {message, hint, next} = describeError(result.error ?? new AppError('transfer-failed', `${path.basename(result.file.localPath)} was not transferred.`));
						options.onFailed?.(index, {message, hint, next});
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

		return {};
	}

	async close() {
		this.sftp.close();
	}
}
