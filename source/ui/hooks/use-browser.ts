import path from 'node:path';
import {useCallback, useEffect, useReducer, useRef, useState} from 'react';
import {parseCommand} from '../browser/command-line.js';
import {fileNameMatcher as globMatcher, hasWildcard} from '../../core/glob.js';
import {emptyPane, entryUnderCursor, paneReducer, selectedFiles, type PaneAction, type PaneSide, type PaneState} from '../browser/pane.js';
import type {TransferItem, TransferPlan} from '../browser/transfer-plan.js';
import {formatSize} from '../format.js';
import {useServices, type FileEntry, type RemoteSession, type ServiceError} from '../services.js';

const remotePath = path.posix;

export type OutputLine = {text: string; tone: 'normal' | 'ok' | 'error' | 'muted'};

type BothPanes = Record<PaneSide, PaneState>;

function panesReducer(state: BothPanes, action: PaneAction & {side: PaneSide}): BothPanes {
	return {...state, [action.side]: paneReducer(state[action.side], action)};
}

/** Remote names come from the server: never let one smuggle a path or a control character in. */
export function isSafeRemoteName(name: string): boolean {
	return name !== '' && name !== '.' && name !== '..' && !name.includes('/') && !name.includes('\\') && ![...name].some(char => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7F);
}

let nextItemId = 1;

/**
 * The browser's state and side effects: both panes, the command line, and turning actions
 * into transfer plans. The screen renders it and routes keys to it.
 */
export function useBrowser(options: {
	session: RemoteSession | undefined;
	onPlan(plan: TransferPlan, existingLocal: string[]): void;
	onQuit(): void;
	onHelp(): void;
}) {
	const services = useServices();
	const {session} = options;
	const [panes, dispatch] = useReducer(panesReducer, undefined, () => ({local: emptyPane(services.local.cwd()), remote: emptyPane('')}));
	const [output, setOutput] = useState<OutputLine[]>([]);
	const panesRef = useRef(panes);
	panesRef.current = panes;
	const optionsRef = useRef(options);
	optionsRef.current = options;

	const say = useCallback((lines: Array<string | OutputLine>, tone: OutputLine['tone'] = 'normal') => {
		setOutput(lines.map(line => typeof line === 'string' ? {text: line, tone} : line));
	}, []);

	/** What failed and what to do; an unexpected failure's detail goes to the log, whose path is shown. */
	const sayFailure = useCallback(async (error: unknown, doing: string) => {
		const {message, hint, code} = error as ServiceError;
		if (code === undefined || code === '') {
			const logFile = await services.logError(doing, error);
			say([`${doing} failed: ${message}`, ...(logFile ? [`Details: ${logFile}`] : [])], 'error');
			return;
		}

		say([message, ...(hint ? [hint] : [])], 'error');
	}, [say, services]);

	const listSide = useCallback(async (side: PaneSide, where: string): Promise<FileEntry[]> => {
		if (side === 'local') {
			return services.local.list(where);
		}

		if (!session) {
			return [];
		}

		const entries = await session.list(where);
		return entries.filter(entry => isSafeRemoteName(entry.name));
	}, [services, session]);

	const load = useCallback(async (side: PaneSide, where: string, requested?: string): Promise<boolean> => {
		// A refresh keeps the cursor on the same entry, wherever it moved in the list.
		const current = panesRef.current[side];
		const select = requested ?? (current.path === where ? entryUnderCursor(current)?.name : undefined);
		dispatch({side, type: 'loading', path: where});
		try {
			const entries = await listSide(side, where);
			dispatch({side, type: 'loaded', path: where, entries, select});
			return true;
		} catch (error) {
			const {message} = error as ServiceError;
			dispatch({side, type: 'failed', path: where, error: message});
			return false;
		}
	}, [listSide]);

	useEffect(() => {
		void load('local', services.local.cwd());
		if (session) {
			void session.home().then(async home => load('remote', home), (error: unknown) => {
				dispatch({side: 'remote', type: 'failed', path: '/', error: (error as Error).message});
			});
		}
	}, [load, services, session]);

	const join = useCallback((side: PaneSide, base: string, name: string) => {
		if (side === 'remote') {
			return remotePath.resolve(base || '/', name);
		}

		const expanded = name === '~' ? services.local.home() : (name.startsWith('~/') ? path.join(services.local.home(), name.slice(2)) : name);
		return path.resolve(base, expanded);
	}, [services]);

	const open = useCallback((side: PaneSide) => {
		const pane = panesRef.current[side];
		const entry = entryUnderCursor(pane);
		if (entry?.kind === 'directory' || entry?.kind === 'link') {
			void load(side, join(side, pane.path, entry.name));
		}
	}, [join, load]);

	const parent = useCallback((side: PaneSide) => {
		const pane = panesRef.current[side];
		const up = side === 'remote' ? remotePath.dirname(pane.path) : path.dirname(pane.path);
		if (up !== pane.path) {
			void load(side, up, side === 'remote' ? remotePath.basename(pane.path) : path.basename(pane.path));
		}
	}, [load]);

	const refresh = useCallback(() => {
		void load('local', panesRef.current.local.path);
		if (session) {
			void load('remote', panesRef.current.remote.path);
		}
	}, [load, session]);

	const mkdir = useCallback(async (side: PaneSide, name: string) => {
		const pane = panesRef.current[side];
		const target = join(side, pane.path, name);
		try {
			if (side === 'remote') {
				if (!session) {
					return;
				}

				await session.mkdir(target);
			} else {
				await services.local.mkdir(target);
			}

			say([`Made the folder ${target}`], 'ok');
			await load(side, pane.path, side === 'remote' ? remotePath.basename(target) : path.basename(target));
		} catch (error) {
			await sayFailure(error, 'Making a folder');
		}
	}, [join, load, say, sayFailure, services, session]);

	/** Plans uploads into the remote folder the pane shows. */
	const planUpload = useCallback((files: Array<{localPath: string; name: string; size: number}>, folders: string[] = [], checkOnly = false) => {
		const remoteBase = panesRef.current.remote.path || '/';
		const items: TransferItem[] = files.map(file => ({
			id: nextItemId++,
			direction: 'upload',
			source: file.localPath,
			target: remotePath.join(remoteBase, file.name),
			name: file.name,
			size: file.size,
		}));
		optionsRef.current.onPlan({direction: 'upload', items, folders: folders.map(folder => remotePath.join(remoteBase, folder)), checkOnly}, []);
	}, []);

	const planDownload = useCallback(async (files: Array<{remotePath: string; name: string; size: number; localPath?: string}>) => {
		const localBase = panesRef.current.local.path;
		const items: TransferItem[] = files.map(file => ({
			id: nextItemId++,
			direction: 'download',
			source: file.remotePath,
			target: file.localPath ?? path.join(localBase, file.name),
			name: file.name,
			size: file.size,
		}));
		const existing: string[] = [];
		for (const item of items) {
			if (await services.local.exists(item.target)) {
				existing.push(item.target);
			}
		}

		optionsRef.current.onPlan({direction: 'download', items, folders: []}, existing);
	}, [services]);

	const uploadSelected = useCallback((checkOnly: boolean) => {
		const pane = panesRef.current.local;
		const files = selectedFiles(pane);
		if (files.length === 0) {
			say(['Nothing to send: mark files in the local pane with Space, or put the cursor on one.'], 'muted');
			return;
		}

		if (!checkOnly && !session) {
			say(['Not connected: this is the check-only mode. Press v to check files.'], 'muted');
			return;
		}

		planUpload(files.map(file => ({localPath: path.join(pane.path, file.name), name: file.name, size: file.size})), [], checkOnly);
	}, [planUpload, say, session]);

	const downloadSelected = useCallback(() => {
		const pane = panesRef.current.remote;
		const files = selectedFiles(pane);
		if (!session || files.length === 0) {
			say(['Nothing to download: mark files in the remote pane with Space, or put the cursor on one.'], 'muted');
			return;
		}

		void planDownload(files.map(file => ({remotePath: remotePath.join(pane.path, file.name), name: file.name, size: file.size})));
	}, [planDownload, say, session]);

	const describeListing = (where: string, entries: FileEntry[]): OutputLine[] => {
		if (entries.length === 0) {
			return [{text: `${where}: empty`, tone: 'muted'}];
		}

		return entries.map(entry => ({text: entry.kind === 'directory' ? `${entry.name}/` : `${entry.name}  ${formatSize(entry.size)}`, tone: 'normal'}));
	};

	const runCommand = useCallback(async (line: string) => {
		let command;
		try {
			command = parseCommand(line);
		} catch (error) {
			say([(error as Error).message], 'error');
			return;
		}

		if (!command) {
			return;
		}

		const {local, remote} = panesRef.current;
		const needsSession = ['ls', 'cd', 'pwd', 'mkdir', 'put', 'get'].includes(command.name);
		if (needsSession && !session) {
			say([`${command.name} needs a connection; this is the check-only mode.`], 'error');
			return;
		}

		try {
			switch (command.name) {
				case 'ls':
				case 'lls': {
					const side: PaneSide = command.name === 'ls' ? 'remote' : 'local';
					const base = side === 'remote' ? remote.path : local.path;
					const where = command.path === undefined ? base : join(side, base, command.path);
					const entries = await listSide(side, where);
					say(describeListing(where, [...entries].sort((a, b) => a.name.localeCompare(b.name))));
					break;
				}

				case 'cd':
				case 'lcd': {
					const side: PaneSide = command.name === 'cd' ? 'remote' : 'local';
					const where = join(side, side === 'remote' ? remote.path : local.path, command.path);
					if (await load(side, where)) {
						say([`${side === 'remote' ? 'Remote' : 'Local'} folder: ${where}`], 'muted');
					} else {
						say([`Cannot open ${where}.`], 'error');
						await load(side, side === 'remote' ? remote.path : local.path);
					}

					break;
				}

				case 'pwd': {
					say([`Remote working directory: ${remote.path}`]);
					break;
				}

				case 'lpwd': {
					say([`Local working directory: ${local.path}`]);
					break;
				}

				case 'mkdir': {
					await mkdir('remote', command.path);
					break;
				}

				case 'help': {
					optionsRef.current.onHelp();
					break;
				}

				case 'quit': {
					optionsRef.current.onQuit();
					break;
				}

				case 'put': {
					const sourcePath = join('local', local.path, command.source);
					const folder = path.dirname(sourcePath);
					const pattern = path.basename(sourcePath);
					const entries = await services.local.list(folder);
					if (hasWildcard(pattern)) {
						const match = globMatcher(pattern);
						const files = entries.filter(entry => entry.kind === 'file' && match(entry.name));
						if (files.length === 0) {
							say([`No files match ${command.source} in ${folder}.`], 'error');
							return;
						}

						planUpload(files.map(file => ({localPath: path.join(folder, file.name), name: file.name, size: file.size})));
						return;
					}

					const entry = entries.find(candidate => candidate.name === pattern);
					if (!entry) {
						say([`There is no ${sourcePath}.`], 'error');
						return;
					}

					if (entry.kind === 'directory') {
						if (!command.recursive) {
							say([`${command.source} is a folder: use put -r ${command.source} to send it with everything inside.`], 'error');
							return;
						}

						const base = command.target ?? entry.name;
						const files = await services.local.walk(sourcePath);
						const folders = new Set<string>([base]);
						for (const file of files) {
							let parentFolder = remotePath.dirname(file.relativePath);
							while (parentFolder !== '.' && parentFolder !== '') {
								folders.add(remotePath.join(base, parentFolder));
								parentFolder = remotePath.dirname(parentFolder);
							}
						}

						planUpload(
							files.map(file => ({localPath: path.join(sourcePath, ...file.relativePath.split('/')), name: remotePath.join(base, file.relativePath), size: file.size})),
							[...folders].sort((a, b) => a.split('/').length - b.split('/').length),
						);
						return;
					}

					planUpload([{localPath: sourcePath, name: command.target ?? entry.name, size: entry.size}]);
					break;
				}

				case 'get': {
					const source = join('remote', remote.path, command.source);
					const folder = remotePath.dirname(source);
					const pattern = remotePath.basename(source);
					const entries = (await listSide('remote', folder)).filter(entry => entry.kind !== 'directory');
					const match = hasWildcard(pattern) ? globMatcher(pattern) : (name: string) => name === pattern;
					const files = entries.filter(entry => match(entry.name));
					if (files.length === 0) {
						say([`There is no file ${source} on the server.`], 'error');
						return;
					}

					const target = command.target === undefined || files.length > 1 ? undefined : join('local', local.path, command.target);
					await planDownload(files.map(file => ({
						remotePath: remotePath.join(folder, file.name),
						name: file.name,
						size: file.size,
						localPath: target,
					})));
					break;
				}
			}
		} catch (error) {
			await sayFailure(error, command.name);
		}
	}, [join, listSide, load, mkdir, planDownload, planUpload, say, sayFailure, services, session]);

	const paneAction = useCallback((side: PaneSide, action: PaneAction) => {
		dispatch({...action, side});
	}, []);

	return {panes, output, say, open, parent, refresh, mkdir, uploadSelected, downloadSelected, runCommand, paneAction, load};
}
