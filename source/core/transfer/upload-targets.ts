import path from 'node:path';
import {AppError} from '../app-error.js';
import {decideOverwrite} from '../ops/decide-overwrite.js';
import type {RemoteStat, SftpSession} from '../ssh/sftp-session.js';
import type {TransferFile} from './progress.js';
import {normalRemotePath, type UnfinishedUpload} from './upload-journal.js';

/**
 * What is at an upload's target name before anything is sent:
 * - `new`: nothing; the upload creates it;
 * - `exists`: someone's file; replacing it needs a yes (the CLI's --overwrite);
 * - `own-partial`: the partial copy an earlier, unfinished upload of this same file left
 *   (known from the journal); replaced without asking;
 * - `folder`: a folder has that name; never replaced;
 * - `unchecked`: the server refused to say (a write-only account may not stat): going on
 *   may replace a file, so it needs the same yes as `exists`.
 */
export type UploadTargetStatus = 'new' | 'exists' | 'own-partial' | 'folder' | 'unchecked';

export type UploadTarget = {
	file: TransferFile;
	status: UploadTargetStatus;
	/** What the server said is there (`exists`, `own-partial`, `folder`). */
	remote?: RemoteStat;
	/** Why the check itself failed (`unchecked`). */
	error?: AppError;
};

/** Requests in flight at once while checking (SFTP pipelines them on the channel). */
const batchSize = 64;

/**
 * Stats every target of an upload plan before a byte is sent. Folders of the plan are
 * looked at first, shallowest first: files under a folder that does not exist yet are new
 * without asking the server about each. `unfinished` are this server's journal entries:
 * a file there from our own unfinished upload of the same local file is `own-partial`.
 * Failures other than "no such file" and "permission denied" (a dropped connection) throw.
 */
export async function checkUploadTargets(session: SftpSession, plan: {directories: string[]; files: TransferFile[]}, unfinished: UnfinishedUpload[] = []): Promise<UploadTarget[]> {
	const missingFolders = new Set<string>();
	const byDepth = [...plan.directories].sort((a, b) => depth(a) - depth(b));
	const isUnderMissing = (remotePath: string): boolean => {
		for (let parent = path.posix.dirname(remotePath); parent !== '.' && parent !== '/'; parent = path.posix.dirname(parent)) {
			if (missingFolders.has(normalRemotePath(parent))) {
				return true;
			}
		}

		return false;
	};

	for (let start = 0; start < byDepth.length;) {
		// One depth at a time, so a missing parent spares the stats of everything below it.
		const level = depth(byDepth[start]!);
		let end = start;
		while (end < byDepth.length && depth(byDepth[end]!) === level) {
			end++;
		}

		const asked = byDepth.slice(start, end).filter(folder => !isUnderMissing(folder));
		await inBatches(asked, async folder => {
			const found = await statOrReason(session, folder);
			if (found === 'missing') {
				missingFolders.add(normalRemotePath(folder));
			}
		});
		start = end;
	}

	const ours = new Map(unfinished.map(entry => [normalRemotePath(entry.remotePath), entry]));
	const targets: UploadTarget[] = Array.from({length: plan.files.length});
	await inBatches(plan.files.map((file, position) => ({file, position})), async ({file, position}) => {
		if (isUnderMissing(file.remotePath)) {
			targets[position] = {file, status: 'new'};
			return;
		}

		const found = await statOrReason(session, file.remotePath);
		if (found === 'missing') {
			targets[position] = {file, status: 'new'};
		} else if (found instanceof AppError) {
			targets[position] = {file, status: 'unchecked', error: found};
		} else if (found.type === 'directory') {
			targets[position] = {file, status: 'folder', remote: found};
		} else {
			const entry = ours.get(normalRemotePath(file.remotePath));
			const isOurs = entry !== undefined && entry.localPath === path.resolve(file.localPath) && found.size <= entry.size;
			targets[position] = {file, status: isOurs ? 'own-partial' : 'exists', remote: found};
		}
	});
	return targets;
}

function depth(remotePath: string): number {
	return remotePath.split('/').filter(part => part !== '' && part !== '.').length;
}

async function inBatches<T>(items: T[], run: (item: T) => Promise<void>): Promise<void> {
	for (let start = 0; start < items.length; start += batchSize) {
		await Promise.all(items.slice(start, start + batchSize).map(run));
	}
}

async function statOrReason(session: SftpSession, remotePath: string): Promise<RemoteStat | 'missing' | AppError> {
	try {
		return await session.stat(remotePath);
	} catch (error) {
		if (error instanceof AppError && error.code === 'no-such-file') {
			return 'missing';
		}

		if (error instanceof AppError && error.code === 'permission-denied') {
			return error;
		}

		throw error;
	}
}

export type UploadDecision = {
	/** Files to send, in plan order. */
	send: TransferFile[];
	/** Targets that will be replaced: `exists` or `unchecked` answered yes, and `own-partial`. */
	replacing: UploadTarget[];
	/** Targets not sent: a folder, or `exists` / `unchecked` answered no. */
	refused: UploadTarget[];
};

/**
 * The overwrite rule, one place for both faces: new targets and our own partial copies
 * are sent; a folder never is; an existing file, or one the server would not let us
 * check, only when `mayReplace` says yes (the CLI: --overwrite for all; the app: its
 * yes / no / all / none question).
 */
export function decideUploadTargets(targets: UploadTarget[], mayReplace: (target: UploadTarget) => boolean): UploadDecision {
	const decision: UploadDecision = {send: [], replacing: [], refused: []};
	for (const target of targets) {
		// The rule itself is decideOverwrite's; `mayReplace` is this run's answer, asked only for a file in the way.
		const inTheWay = decideOverwrite(target.status, 'ask') === 'ask';
		const verdict = decideOverwrite(target.status, inTheWay && mayReplace(target) ? 'replace-all' : 'refuse');
		if (verdict === 'write') {
			decision.send.push(target.file);
			if (target.status !== 'new') {
				decision.replacing.push(target);
			}
		} else {
			decision.refused.push(target);
		}
	}

	return decision;
}
