import path from 'node:path';
import {checkNames} from '../../core/ops/check-names.js';
import type {RemoteSession} from '../services.js';
import type {Pane} from './pane.js';

const remotePath = path.posix;

/** The server's files as a pane. Names the server lists pass the core's name rule first. */
export function remotePane(session: RemoteSession): Pane {
	return {
		side: 'remote',
		title: 'Remote',
		sends: 'download',
		checkable: false,
		home: async () => session.home(),
		async list(folder) {
			const {accepted, refused} = checkNames(await session.list(folder), 'download', entry => entry.name);
			return {entries: accepted, refused};
		},
		enter: (folder, name) => remotePath.resolve(folder || '/', name),
		up: folder => remotePath.dirname(folder),
		nameOf: target => remotePath.basename(target),
		mkdir: async target => session.mkdir(target),
		remove: async (target, kind) => session.remove(target, kind),
		checkTargets: async (requests, folders) => session.checkTargets(requests, folders),
		async planSend(paths, toFolder, options) {
			return session.planDownload({remotePaths: paths, localDirectory: toFolder, ...options});
		},
	};
}
