import path from 'node:path';
import {AppError} from '../app-error.js';
import type {SftpSession} from '../ssh/sftp-session.js';
import {planUpload as walkForUpload} from '../transfer/local-tree.js';
import {planDownload as planFromServer, type DownloadPlan} from '../transfer/plan-download.js';
import type {UploadPlan} from '../transfer/upload.js';
import type {RefusedName} from './check-names.js';

/**
 * What to send or fetch, planned the same way for both faces: the CLI's `put`/`get` and
 * the app's keys and `:put`/`:get` call these.
 */

export type UploadRequest = {
	localPaths: string[];
	remoteDirectory: string;
	recursive: boolean;
	/** One file or folder sent under another name (`put a.csv b.csv`). */
	rename?: string;
};

export type CheckedUploadPlan = UploadPlan & {refused: RefusedName[]};

/**
 * Walks the local paths (symbolic links followed, loops refused, names with control
 * characters refused by name: see local-tree) into remote folders to make, parents first,
 * and files to send; `rename` sends the one path under another name.
 */
export async function planUpload(request: UploadRequest): Promise<CheckedUploadPlan> {
	const plan = await walkForUpload(request.localPaths, request.remoteDirectory, {recursive: request.recursive});
	const {rename} = request;
	const renamed = rename === undefined || request.localPaths.length !== 1 ? plan : renameTop(plan, request.remoteDirectory, request.localPaths[0]!, rename);
	return {...renamed, refused: []};
}

function renameTop(plan: UploadPlan, remoteDirectory: string, localPath: string, rename: string): UploadPlan {
	const from = path.posix.join(remoteDirectory, path.basename(path.resolve(localPath)));
	const to = path.posix.join(remoteDirectory, rename);
	const move = (remotePath: string) => remotePath === from || remotePath.startsWith(`${from}/`) ? to + remotePath.slice(from.length) : remotePath;
	return {directories: plan.directories.map(move), files: plan.files.map(file => ({...file, remotePath: move(file.remotePath)}))};
}

export type DownloadRequest = {
	remotePaths: string[];
	localDirectory: string;
	recursive: boolean;
	/** One file saved under another local name (`get a.csv b.csv`). */
	rename?: string;
};

/**
 * Turns remote paths into files to fetch into the local folder; every server-supplied name
 * passes the same name rule (unsafe ones are refused and listed).
 */
export async function planDownload(session: SftpSession, request: DownloadRequest): Promise<DownloadPlan> {
	const plan = await planFromServer(session, request.remotePaths, request.localDirectory, {recursive: request.recursive});
	if (request.rename === undefined) {
		return plan;
	}

	if (plan.files.length !== 1) {
		throw new AppError('is-a-directory', `${request.remotePaths.join(', ')} is more than one file; a new name fits one file only.`, {hint: 'Give one file, or leave the new name out.'});
	}

	return {...plan, files: plan.files.map(file => ({...file, localPath: path.resolve(request.localDirectory, request.rename!)}))};
}
