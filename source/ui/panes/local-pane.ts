import path from 'node:path';
import {existingTargets} from '../../core/ops/decide-overwrite.js';
import {expandHome} from '../../core/ops/expand-home.js';
import type {LocalFiles} from '../services.js';
import type {Pane} from './pane.js';

/** This machine's files as a pane; `~` means the home folder, as in a shell. */
export function localPane(files: LocalFiles): Pane {
	return {
		side: 'local',
		title: 'Local',
		sends: 'upload',
		checkable: true,
		home: async () => files.cwd(),
		async list(folder) {
			return {entries: await files.list(folder), refused: []};
		},
		enter: (folder, name) => expandHome(name, files.home(), folder),
		up: folder => path.dirname(folder),
		nameOf: target => path.basename(target),
		mkdir: async target => files.mkdir(target),
		remove: async (target, kind) => files.remove(target, kind),
		async checkTargets(requests) {
			const found = await existingTargets(requests.map(request => request.localPath), async target => files.exists(target));
			return requests.map(request => found.has(request.localPath) ? 'exists' : 'new');
		},
		async planSend(paths, toFolder, options) {
			return files.planUpload({localPaths: paths, remoteDirectory: toFolder, ...options});
		},
	};
}
