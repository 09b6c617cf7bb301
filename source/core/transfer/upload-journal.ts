import {closeSync, mkdirSync, openSync, writeSync} from 'node:fs';
import {readdir, readFile, rename, unlink, writeFile} from 'node:fs/promises';
import {randomBytes} from 'node:crypto';
import path from 'node:path';
import process from 'node:process';
import {appPaths} from '../config/paths.js';

/** Which account on which server: the journal's entries are per server. */
export type ServerIdentity = {host: string; port: number; user: string};

/** An upload of ours that started and was never verified: its partial file may be on the server. */
export type UnfinishedUpload = ServerIdentity & {
	remotePath: string;
	/** Absolute path of the local file being sent. */
	localPath: string;
	/** Bytes the whole file has. */
	size: number;
	/** ISO 8601, UTC. */
	startedAt: string;
};

type StartRecord = UnfinishedUpload & {type: 'start'; at: number};
type EndRecord = ServerIdentity & {type: 'end'; at: number; remotePath: string};
type JournalRecord = StartRecord | EndRecord;

/** `$XDG_STATE_HOME/asapp-sftp/unfinished-uploads` (default `~/.local/state/...`). */
export function defaultJournalDirectory(env: NodeJS.ProcessEnv = process.env): string {
	return path.join(appPaths(env).stateDir, 'unfinished-uploads');
}

/** `in/./a.csv` and `in/a.csv` are one file to the server. */
export function normalRemotePath(remotePath: string): string {
	// Most paths are normal already; normalize() is the costly part of a journal line.
	if (!/(^|\/)\.\.?(\/|$)|\/\/|\/$/.test(remotePath)) {
		return remotePath;
	}

	const normal = path.posix.normalize(remotePath);
	return normal.length > 1 ? normal.replace(/\/$/, '') : normal;
}

function keyOf(entry: ServerIdentity & {remotePath: string}): string {
	return JSON.stringify([entry.host, entry.port, entry.user, normalRemotePath(entry.remotePath)]);
}

export function sameServer(a: ServerIdentity, b: ServerIdentity): boolean {
	return a.host === b.host && a.port === b.port && a.user === b.user;
}

/**
 * The journal is one append-only log per run (`<pid>-<time>-<random>.jsonl`): a line when
 * an upload starts, a line when it is verified or its partial file removed. Appending one
 * line to an open file costs microseconds, so a tree of thousands of small files pays
 * next to nothing; runs never write the same file, so parallel runs cannot corrupt it.
 * Reading replays every log in time order.
 */
type LogFile = {name: string; records: JournalRecord[]; pid: number | undefined};

async function readLogs(directory: string): Promise<LogFile[]> {
	let names: string[];
	try {
		names = (await readdir(directory)).filter(name => name.endsWith('.jsonl'));
	} catch {
		return [];
	}

	const logs: LogFile[] = [];
	for (const name of names) {
		let text: string;
		try {
			text = await readFile(path.join(directory, name), 'utf8');
		} catch {
			continue;
		}

		const records: JournalRecord[] = [];
		for (const line of text.split('\n')) {
			const record = parseRecord(line);
			if (record) {
				records.push(record);
			}
		}

		const pid = /^(\d+)-/.exec(name)?.[1];
		logs.push({name, records, pid: pid === undefined ? undefined : Number(pid)});
	}

	return logs;
}

function parseRecord(line: string): JournalRecord | undefined {
	if (line.trim() === '') {
		return undefined;
	}

	try {
		const value = JSON.parse(line) as Record<string, unknown>;
		const common = typeof value.host === 'string' && typeof value.port === 'number' && typeof value.user === 'string' && typeof value.remotePath === 'string' && typeof value.at === 'number';
		if (common && value.type === 'end') {
			return value as unknown as EndRecord;
		}

		if (common && value.type === 'start' && typeof value.localPath === 'string' && typeof value.size === 'number' && typeof value.startedAt === 'string') {
			return value as unknown as StartRecord;
		}
	} catch {
		// A line cut short by a crash: the rest of the log still counts.
	}

	return undefined;
}

/** Replays records in time order: what is still unfinished, and in which log its start is. */
function replay(logs: LogFile[]): Map<string, {record: StartRecord; log: string}> {
	const all = logs.flatMap(log => log.records.map((record, order) => ({record, order, log: log.name})));
	all.sort((a, b) => a.record.at - b.record.at || (a.log === b.log ? a.order - b.order : 0));
	const open = new Map<string, {record: StartRecord; log: string}>();
	for (const {record, log} of all) {
		if (record.type === 'start') {
			open.set(keyOf(record), {record, log});
		} else {
			open.delete(keyOf(record));
		}
	}

	return open;
}

function toEntry(record: StartRecord): UnfinishedUpload {
	const {host, port, user, remotePath, localPath, size, startedAt} = record;
	return {host, port, user, remotePath, localPath, size, startedAt};
}

/** Our unfinished uploads, oldest first; only those on `server` when it is given. */
export async function readUnfinishedUploads(directory: string, server?: ServerIdentity): Promise<UnfinishedUpload[]> {
	const open = replay(await readLogs(directory));
	return [...open.values()]
		.map(({record}) => toEntry(record))
		.filter(entry => server === undefined || sameServer(entry, server))
		.sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0));
}

function isRunning(pid: number): boolean {
	if (pid === process.pid) {
		return true;
	}

	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as {code?: string}).code === 'EPERM';
	}
}

/**
 * One run's log. `started` is written (synchronously) before the first byte of a file
 * goes out; `finished` once the file is verified or its partial copy removed. `close`
 * folds the logs of runs that have ended into one file of what is still unfinished.
 */
export class UploadJournal {
	private fd: number | undefined;
	private readonly name = `${process.pid}-${Date.now()}-${randomBytes(4).toString('hex')}.jsonl`;
	private failed = false;
	/** Started in this run and not yet ended. */
	private readonly open = new Set<string>();

	constructor(private readonly directory: string, private readonly server: ServerIdentity) {}

	started(file: {remotePath: string; localPath: string; size: number}): void {
		const at = Date.now();
		const remotePath = normalRemotePath(file.remotePath);
		this.open.add(remotePath);
		this.append({type: 'start', at, ...this.server, remotePath, localPath: path.isAbsolute(file.localPath) ? file.localPath : path.resolve(file.localPath), size: file.size, startedAt: new Date(at).toISOString()});
	}

	/** The file is verified on the server, or its partial copy is gone: no longer a remnant. */
	finished(remotePath: string): void {
		const normal = normalRemotePath(remotePath);
		this.open.delete(normal);
		this.append({type: 'end', at: Date.now(), ...this.server, remotePath: normal});
	}

	private append(record: JournalRecord): void {
		if (this.failed) {
			return;
		}

		try {
			if (this.fd === undefined) {
				mkdirSync(this.directory, {recursive: true, mode: 0o700});
				this.fd = openSync(path.join(this.directory, this.name), 'a', 0o600);
			}

			writeSync(this.fd, `${JSON.stringify(record)}\n`);
		} catch {
			// The journal helps a later run; a full or read-only state folder must not stop this one.
			this.failed = true;
		}
	}

	/**
	 * Closes the log, then folds every log whose run has ended (this one included) into one
	 * file holding only what is still unfinished; the folded logs are removed.
	 */
	async close(): Promise<void> {
		if (this.fd === undefined) {
			return;
		}

		closeSync(this.fd);
		this.fd = undefined;
		const others = (await readdir(this.directory).catch(() => [])).filter(name => name !== this.name && name.endsWith('.jsonl'));
		if (this.open.size === 0 && others.every(name => isRunningLog(name))) {
			// Everything this run started ended and no ended run left entries its lines could
			// close: the usual case, and the cheap one (no log is read back).
			await unlink(path.join(this.directory, this.name)).catch(() => undefined);
			return;
		}

		await compactJournal(this.directory, this.name).catch(() => undefined);
	}
}

/** A log whose run is still going (its pid is alive): folding it would lose its later lines. */
function isRunningLog(name: string): boolean {
	const pid = /^(\d+)-/.exec(name)?.[1];
	return pid !== undefined && isRunning(Number(pid));
}

async function compactJournal(directory: string, ownLog: string): Promise<void> {
	const logs = await readLogs(directory);
	const ended = logs.filter(log => log.name === ownLog || log.pid === undefined || !isRunning(log.pid));
	if (ended.length === 0) {
		return;
	}

	const endedNames = new Set(ended.map(log => log.name));
	const open = replay(logs);
	const keep = [...open.values()].filter(({log}) => endedNames.has(log)).map(({record}) => record);
	if (keep.length > 0) {
		// No pid in the name: a folded log belongs to no running process.
		const target = path.join(directory, `folded-${Date.now()}-${randomBytes(4).toString('hex')}.jsonl`);
		await writeFile(`${target}.tmp`, keep.map(record => `${JSON.stringify(record)}\n`).join(''), {mode: 0o600});
		await rename(`${target}.tmp`, target);
	}

	for (const log of ended) {
		await unlink(path.join(directory, log.name)).catch(() => undefined);
	}
}

/** Marks remnants as gone (e.g. after `rm` removed them). */
export async function forgetUnfinishedUploads(directory: string, server: ServerIdentity, remotePaths: string[]): Promise<void> {
	if (remotePaths.length === 0) {
		return;
	}

	const known = new Set((await readUnfinishedUploads(directory, server)).map(entry => entry.remotePath));
	const journal = new UploadJournal(directory, server);
	for (const remotePath of remotePaths) {
		if (known.has(normalRemotePath(remotePath))) {
			journal.finished(remotePath);
		}
	}

	await journal.close();
}
