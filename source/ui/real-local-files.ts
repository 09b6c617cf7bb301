import {homedir} from 'node:os';
import process from 'node:process';
import {pathExists} from '../core/fs/write-new-files.js';
import {listLocalFolder, makeLocalFolder, removeLocal} from '../core/ops/local-files.js';
import {planUpload} from '../core/ops/plan-transfer.js';
import type {LocalFiles, PlannedTransfer} from './services.js';

/** The local side of the browser: the core's folder operations and its upload plan. */
export function createLocalFiles(): LocalFiles {
	return {
		home: () => homedir(),
		cwd: () => process.cwd(),
		list: listLocalFolder,
		mkdir: makeLocalFolder,
		remove: removeLocal,
		exists: async file => pathExists(file),
		async planUpload(request): Promise<PlannedTransfer> {
			const plan = await planUpload(request);
			return {folders: plan.directories, files: plan.files, refused: plan.refused};
		},
	};
}
