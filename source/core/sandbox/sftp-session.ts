import {constants as fsConstants, type Dir, type Stats} from 'node:fs';
import {link, lstat, mkdir, open, opendir, rmdir, unlink, type FileHandle} from 'node:fs/promises';
import path from 'node:path';
import type {Attributes, SFTPWrapper} from 'ssh2';
import {interceptSftpInput, reopenSftpWindow, sftpOutputBlocked} from '../ssh/ssh2-internals.js';
import type {SandboxLimits} from './limits.js';
import {attributesOf, longNameOf} from './sftp-attributes.js';
import {sftpStatus} from '../ssh/sftp-status.js';
import {openFlags, refusalForError, SftpRefusal} from './sftp-codes.js';
import {areaOf, isRefusal, lookUpOnDisk, parseVirtualPath, type VirtualPath} from './virtual-path.js';

/** Counters shared by every session of one server, checked against the limits. */
export type SharedBudget = {
	limits: SandboxLimits;
	handlesOpen: number;
	queuedBytes: number;
};

type FileHandleEntry = {kind: 'file'; mode: 'read' | 'write'; file: FileHandle; target: VirtualPath; written: number};
type FolderHandleEntry = {kind: 'folder'; folder: Dir; target: VirtualPath; done: boolean};
type HandleEntry = FileHandleEntry | FolderHandleEntry;

type QueuedRequest = {bytes: number; reqId: number; run: () => Promise<void>};

export type SessionOptions = {
	/** The root's real path; every disk path is built under it. */
	realRoot: string;
	budget: SharedBudget;
	/** Names the client in log lines, e.g. `127.0.0.1:50522`. */
	label: string;
	log: (line: string) => void;
	/** Called at each request, to keep the connection's idle timer fresh. */
	onActivity: () => void;
};

const readOnlyHint = 'Uploads go under /in; /out and / are read-only';

/** ssh2's channel window (its MAX_WINDOW): what a client may send before it must wait. */
const fullWindow = 2 * 1024 * 1024;

/**
 * One SFTP session, answering like the production server (AWS Transfer Family on S3):
 * no SETSTAT, no links, no read+write opens, no append, rename never replaces, writes
 * only under /in. Requests run one at a time in arrival order, as OpenSSH's sftp-server
 * does, from a queue bounded in count and bytes: when it fills, the server stops reading
 * (the client's SSH window closes and it waits); a client that sends past that anyway is
 * disconnected instead of filling memory.
 */
export class SftpSession {
	private readonly queue: QueuedRequest[] = [];
	private queuedBytes = 0;
	private running = false;
	private closed = false;
	private readonly handles = new Map<string, HandleEntry>();
	private nextHandleNumber = 1;
	private waitTimer: NodeJS.Timeout | undefined;
	private inputPaused = false;
	private ending = false;
	private resumeTimer: NodeJS.Timeout | undefined;

	constructor(private readonly sftp: SFTPWrapper, private readonly options: SessionOptions) {
		this.wire();
		this.takeOverFlowControl();
		// The client closed its side (EOF): answer what it sent, then close ours, or its ssh waits forever.
		sftp.on('end', () => {
			this.ending = true;
			this.pump();
		});
		sftp.on('close', () => {
			void this.close();
		});
		sftp.on('error', (error: Error) => {
			options.log(`${options.label}: SFTP session ended: ${error.message}`);
		});
	}

	/** Ends the session: answers nothing more and releases every handle. */
	async close(): Promise<void> {
		if (this.closed) {
			return;
		}

		this.closed = true;
		clearTimeout(this.waitTimer);
		clearTimeout(this.resumeTimer);
		this.options.budget.queuedBytes -= this.queuedBytes;
		this.queuedBytes = 0;
		this.queue.length = 0;
		const entries = [...this.handles.values()];
		this.handles.clear();
		this.options.budget.handlesOpen -= entries.length;
		await Promise.all(entries.map(async entry => this.release(entry)));
		this.sftp.end();
	}

	private wire(): void {
		const {sftp} = this;
		sftp.on('OPEN', (reqId: number, filename: string, flags: number) => {
			this.enqueue(reqId, filename.length, async () => this.openFile(reqId, filename, flags));
		});
		sftp.on('READ', (reqId: number, handle: Buffer, offset: number, length: number) => {
			this.enqueue(reqId, handle.length, async () => this.read(reqId, handle, offset, length));
		});
		sftp.on('WRITE', (reqId: number, handle: Buffer, offset: number, data: Buffer) => {
			this.enqueue(reqId, handle.length + data.length, async () => this.write(reqId, handle, offset, data));
		});
		sftp.on('FSTAT', (reqId: number, handle: Buffer) => {
			this.enqueue(reqId, handle.length, async () => this.fstat(reqId, handle));
		});
		sftp.on('CLOSE', (reqId: number, handle: Buffer) => {
			this.enqueue(reqId, handle.length, async () => this.closeHandle(reqId, handle));
		});
		sftp.on('OPENDIR', (reqId: number, requested: string) => {
			this.enqueue(reqId, requested.length, async () => this.openFolder(reqId, requested));
		});
		sftp.on('READDIR', (reqId: number, handle: Buffer) => {
			this.enqueue(reqId, handle.length, async () => this.readFolder(reqId, handle));
		});
		for (const event of ['STAT', 'LSTAT'] as const) {
			sftp.on(event, (reqId: number, requested: string) => {
				this.enqueue(reqId, requested.length, async () => this.stat(reqId, requested));
			});
		}

		sftp.on('REALPATH', (reqId: number, requested: string) => {
			this.enqueue(reqId, requested.length, async () => this.realPath(reqId, requested));
		});
		sftp.on('MKDIR', (reqId: number, requested: string) => {
			this.enqueue(reqId, requested.length, async () => this.makeFolder(reqId, requested));
		});
		sftp.on('RMDIR', (reqId: number, requested: string) => {
			this.enqueue(reqId, requested.length, async () => this.removeFolder(reqId, requested));
		});
		sftp.on('REMOVE', (reqId: number, requested: string) => {
			this.enqueue(reqId, requested.length, async () => this.removeFile(reqId, requested));
		});
		sftp.on('RENAME', (reqId: number, from: string, to: string) => {
			this.enqueue(reqId, from.length + to.length, async () => this.rename(reqId, from, to));
		});
		// What S3-backed production cannot do, refused in order with the rest.
		const unsupported: Array<[string, string]> = [
			['SETSTAT', 'Changing permissions, owners or times is not supported'],
			['FSETSTAT', 'Changing permissions, owners or times is not supported'],
			['READLINK', 'Symbolic links are not supported'],
			['SYMLINK', 'Symbolic links are not supported'],
			['EXTENDED', 'Extensions are not supported'],
		];
		for (const [event, message] of unsupported) {
			sftp.on(event, (reqId: number) => {
				this.enqueue(reqId, 0, async () => {
					throw new SftpRefusal(sftpStatus.OP_UNSUPPORTED, message);
				});
			});
		}
	}

	private enqueue(reqId: number, bytes: number, run: () => Promise<void>): void {
		if (this.closed) {
			return;
		}

		this.options.onActivity();
		const {budget} = this.options;
		const {limits} = budget;
		const cost = bytes + 64;
		if (this.queue.length >= limits.maxQueuedRequestsPerSession
			|| this.queuedBytes + cost > limits.maxQueuedBytesPerSession
			|| budget.queuedBytes + cost > limits.maxQueuedBytesTotal) {
			this.options.log(`${this.options.label}: session closed: it kept sending requests past the SSH window (${this.queue.length} waiting, ${this.queuedBytes} bytes)`);
			void this.close();
			return;
		}

		this.queue.push({bytes: cost, reqId, run});
		this.queuedBytes += cost;
		budget.queuedBytes += cost;
		this.pump();
	}

	/** True while answers wait for the client to open its window: it is not reading. */
	private outputBlocked(): boolean {
		return sftpOutputBlocked(this.sftp);
	}

	/**
	 * ssh2 hands incoming SFTP data to `push()` and reopens the client's SSH window unless
	 * `push()` returns false; its SFTP server never does, so a fast client could queue
	 * without end. Returning false while the queue is full keeps the window shut: the
	 * client stops sending until `resumeInput` reopens it.
	 */
	private takeOverFlowControl(): void {
		interceptSftpInput(this.sftp, data => {
			if (data === null || this.closed || !this.queueFull()) {
				return false;
			}

			this.pauseInput();
			return true;
		});
	}

	private queueFull(): boolean {
		const {limits, queuedBytes} = this.options.budget;
		return this.queue.length >= limits.pauseInputAtRequests
			|| this.queuedBytes >= limits.pauseInputAtBytes
			|| queuedBytes >= limits.pauseInputAtBytesTotal;
	}

	private pauseInput(): void {
		if (this.inputPaused) {
			return;
		}

		this.inputPaused = true;
		// The server-wide bound can clear without this session's queue moving: check on a timer.
		const check = () => {
			this.resumeTimer = undefined;
			if (this.closed) {
				return;
			}

			if (this.queueFull()) {
				this.resumeTimer = setTimeout(check, 10);
				return;
			}

			this.resumeInput();
		};

		this.resumeTimer = setTimeout(check, 10);
	}

	/** Reopens the client's SSH window to its full size, as ssh2's own channels do. */
	private resumeInput(): void {
		this.inputPaused = false;
		reopenSftpWindow(this.sftp, fullWindow);
	}

	private pump(): void {
		if (this.running || this.closed) {
			return;
		}

		if (this.outputBlocked()) {
			// Stop producing answers; incoming requests keep queueing against the bound.
			this.waitTimer ??= setTimeout(() => {
				this.waitTimer = undefined;
				this.pump();
			}, 10);
			return;
		}

		const next = this.queue.shift();
		if (!next) {
			if (this.ending) {
				void this.close();
			}

			return;
		}

		this.running = true;
		void this.runOne(next).finally(() => {
			this.running = false;
			if (!this.closed) {
				// close() already gave back everything this session held, this request included.
				this.queuedBytes -= next.bytes;
				this.options.budget.queuedBytes -= next.bytes;
				if (this.inputPaused && !this.queueFull()) {
					clearTimeout(this.resumeTimer);
					this.resumeInput();
				}
			}

			this.pump();
		});
	}

	private async runOne(request: QueuedRequest): Promise<void> {
		try {
			await request.run();
		} catch (error) {
			if (!this.closed) {
				const refusal = refusalForError(error);
				this.sftp.status(request.reqId, refusal.code, refusal.message);
			}
		}
	}

	// Paths ------------------------------------------------------------------------------

	private resolve(requested: string): VirtualPath {
		const parsed = parseVirtualPath(requested);
		if (isRefusal(parsed)) {
			throw parsed.refused === 'nul-byte'
				? new SftpRefusal(sftpStatus.BAD_MESSAGE, 'A path cannot contain NUL bytes')
				: new SftpRefusal(sftpStatus.FAILURE, 'The path is too long');
		}

		return parsed;
	}

	/** A path a client may create or change: strictly inside /in. */
	private resolveWritable(requested: string): VirtualPath {
		const target = this.resolve(requested);
		if (areaOf(target) !== 'in') {
			throw new SftpRefusal(sftpStatus.PERMISSION_DENIED, readOnlyHint);
		}

		return target;
	}

	private async existing(target: VirtualPath) {
		const found = await lookUpOnDisk(this.options.realRoot, target);
		if (found.kind !== 'found') {
			throw new SftpRefusal(sftpStatus.NO_SUCH_FILE, 'No such file or folder');
		}

		return found;
	}

	// Handles ----------------------------------------------------------------------------

	private async addHandle(entry: HandleEntry): Promise<Buffer> {
		if (this.closed) {
			// The session ended while the file was being opened: do not leak it.
			await this.release(entry);
			throw new SftpRefusal(sftpStatus.FAILURE, 'The session is closed');
		}

		const handle = Buffer.alloc(4);
		handle.writeUInt32BE(this.nextHandleNumber);
		this.nextHandleNumber = (this.nextHandleNumber % 0xFF_FF_FF_FF) + 1;
		this.handles.set(handle.toString('hex'), entry);
		this.options.budget.handlesOpen++;
		return handle;
	}

	private reserveHandle(): void {
		const {budget} = this.options;
		if (this.handles.size >= budget.limits.maxHandlesPerSession) {
			throw new SftpRefusal(sftpStatus.FAILURE, `Too many open files in this session (at most ${budget.limits.maxHandlesPerSession}); close some first`);
		}

		if (budget.handlesOpen >= budget.limits.maxHandlesTotal) {
			throw new SftpRefusal(sftpStatus.FAILURE, 'The practice server has too many open files; try again shortly');
		}
	}

	private handleEntry(handle: Buffer): HandleEntry {
		const entry = this.handles.get(handle.toString('hex'));
		if (!entry) {
			throw new SftpRefusal(sftpStatus.FAILURE, 'Invalid handle');
		}

		return entry;
	}

	private fileEntry(handle: Buffer, mode: 'read' | 'write'): FileHandleEntry {
		const entry = this.handleEntry(handle);
		if (entry.kind !== 'file') {
			throw new SftpRefusal(sftpStatus.FAILURE, 'That handle is a folder');
		}

		if (entry.mode !== mode) {
			throw new SftpRefusal(sftpStatus.PERMISSION_DENIED, mode === 'read' ? 'The file was opened for writing only' : 'The file was opened for reading only');
		}

		return entry;
	}

	private async release(entry: HandleEntry): Promise<void> {
		try {
			if (entry.kind === 'file') {
				await entry.file.close();
			} else {
				await entry.folder.close();
			}
		} catch {
			// Already closed (a folder read to its end closes itself): nothing left to free.
		}
	}

	// Requests ---------------------------------------------------------------------------

	private async openFile(reqId: number, requested: string, flags: number): Promise<void> {
		const wantsRead = (flags & openFlags.read) !== 0;
		const wantsWrite = (flags & openFlags.write) !== 0;
		if (wantsRead && wantsWrite) {
			throw new SftpRefusal(sftpStatus.PERMISSION_DENIED, 'Opening a file for reading and writing at once is not supported; open it for one or the other');
		}

		if (!wantsRead && !wantsWrite) {
			throw new SftpRefusal(sftpStatus.BAD_MESSAGE, 'Open for reading or for writing');
		}

		if ((flags & openFlags.append) !== 0) {
			throw new SftpRefusal(sftpStatus.OP_UNSUPPORTED, 'Appending to a file is not supported; upload the whole file again');
		}

		this.reserveHandle();
		if (wantsRead) {
			const target = this.resolve(requested);
			const found = await this.existing(target);
			if (!found.isFile) {
				throw new SftpRefusal(sftpStatus.FAILURE, 'That is a folder, not a file');
			}

			// O_NOFOLLOW and O_NONBLOCK: a symlink or FIFO swapped in after the check is not followed or waited on.
			const file = await open(found.diskPath, fsConstants.O_RDONLY | fsConstants.O_NOFOLLOW | fsConstants.O_NONBLOCK);
			if (!(await file.stat()).isFile()) {
				await file.close();
				throw new SftpRefusal(sftpStatus.FAILURE, 'That is not a regular file');
			}

			this.sftp.handle(reqId, await this.addHandle({kind: 'file', mode: 'read', file, target, written: 0}));
			return;
		}

		const target = this.resolveWritable(requested);
		const found = await lookUpOnDisk(this.options.realRoot, target);
		if (found.kind === 'blocked' || (found.kind === 'missing' && !found.parentExists)) {
			throw new SftpRefusal(sftpStatus.NO_SUCH_FILE, 'The folder to upload into does not exist');
		}

		if (found.kind === 'found') {
			if (found.isDirectory) {
				throw new SftpRefusal(sftpStatus.FAILURE, 'A folder has that name');
			}

			if ((flags & openFlags.exclusive) !== 0) {
				throw new SftpRefusal(sftpStatus.FAILURE, 'The file already exists');
			}

			if ((flags & openFlags.truncate) === 0 && (await lstat(found.diskPath)).size > 0) {
				throw new SftpRefusal(sftpStatus.OP_UNSUPPORTED, 'Resuming an upload is not supported; upload the whole file again');
			}
		} else if ((flags & openFlags.create) === 0) {
			throw new SftpRefusal(sftpStatus.NO_SUCH_FILE, 'No such file');
		}

		// Write-only, always from an empty file: an upload replaces the whole object, as on S3.
		const file = await open(found.diskPath, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_TRUNC | fsConstants.O_NOFOLLOW | fsConstants.O_NONBLOCK, 0o644);
		this.sftp.handle(reqId, await this.addHandle({kind: 'file', mode: 'write', file, target, written: 0}));
	}

	private async read(reqId: number, handle: Buffer, offset: number, length: number): Promise<void> {
		const entry = this.fileEntry(handle, 'read');
		const wanted = Math.min(length, this.options.budget.limits.maxReadBytes);
		const buffer = Buffer.allocUnsafe(wanted);
		const {bytesRead} = await entry.file.read(buffer, 0, wanted, offset);
		if (bytesRead === 0) {
			this.sftp.status(reqId, sftpStatus.EOF);
			return;
		}

		this.sftp.data(reqId, bytesRead === wanted ? buffer : buffer.subarray(0, bytesRead));
	}

	private async write(reqId: number, handle: Buffer, offset: number, data: Buffer): Promise<void> {
		const entry = this.fileEntry(handle, 'write');
		if (!Number.isSafeInteger(offset) || offset < 0) {
			throw new SftpRefusal(sftpStatus.FAILURE, 'Invalid offset');
		}

		let done = 0;
		while (done < data.length) {
			const {bytesWritten} = await entry.file.write(data, done, data.length - done, offset + done);
			done += bytesWritten;
		}

		entry.written += data.length;
		this.sftp.status(reqId, sftpStatus.OK);
	}

	private async fstat(reqId: number, handle: Buffer): Promise<void> {
		const entry = this.handleEntry(handle);
		if (entry.kind !== 'file') {
			throw new SftpRefusal(sftpStatus.FAILURE, 'That handle is a folder');
		}

		this.sftp.attrs(reqId, attributesOf(await entry.file.stat()));
	}

	private async closeHandle(reqId: number, handle: Buffer): Promise<void> {
		const key = handle.toString('hex');
		const entry = this.handles.get(key);
		if (!entry) {
			throw new SftpRefusal(sftpStatus.FAILURE, 'Invalid handle');
		}

		this.handles.delete(key);
		this.options.budget.handlesOpen--;
		await this.release(entry);
		if (entry.kind === 'file' && entry.mode === 'write') {
			this.options.log(`${this.options.label}: received ${entry.target.text} (${entry.written} bytes written)`);
		}

		this.sftp.status(reqId, sftpStatus.OK);
	}

	private async openFolder(reqId: number, requested: string): Promise<void> {
		const target = this.resolve(requested);
		const found = await this.existing(target);
		if (!found.isDirectory) {
			throw new SftpRefusal(sftpStatus.FAILURE, 'That is a file, not a folder');
		}

		this.reserveHandle();
		const folder = await opendir(found.diskPath, {bufferSize: 32});
		this.sftp.handle(reqId, await this.addHandle({kind: 'folder', folder, target, done: false}));
	}

	private async readFolder(reqId: number, handle: Buffer): Promise<void> {
		const entry = this.handleEntry(handle);
		if (entry.kind !== 'folder') {
			throw new SftpRefusal(sftpStatus.FAILURE, 'That handle is a file');
		}

		const names: Array<{filename: string; longname: string; attrs: Attributes}> = [];
		const now = Date.now();
		while (!entry.done && names.length < this.options.budget.limits.maxEntriesPerReaddir) {
			const dirent = await entry.folder.read();
			if (dirent === null) {
				entry.done = true;
				break;
			}

			// Only plain files and folders exist in production; links and devices stay invisible.
			if (!dirent.isFile() && !dirent.isDirectory()) {
				continue;
			}

			const child: VirtualPath = {text: path.posix.join(entry.target.text, dirent.name), parts: [...entry.target.parts, dirent.name]};
			if (areaOf(child) === 'hidden') {
				continue;
			}

			let stats: Stats;
			try {
				stats = await lstat(path.join(entry.folder.path, dirent.name));
			} catch {
				continue; // Removed meanwhile.
			}

			if (!stats.isFile() && !stats.isDirectory()) {
				continue;
			}

			names.push({filename: dirent.name, longname: longNameOf(dirent.name, stats, now), attrs: attributesOf(stats)});
		}

		if (names.length === 0) {
			this.sftp.status(reqId, sftpStatus.EOF);
			return;
		}

		this.sftp.name(reqId, names);
	}

	private async stat(reqId: number, requested: string): Promise<void> {
		const found = await this.existing(this.resolve(requested));
		this.sftp.attrs(reqId, attributesOf(await lstat(found.diskPath)));
	}

	private async realPath(reqId: number, requested: string): Promise<void> {
		// Pure name arithmetic, like a chroot's: `..` from `/` stays at `/`.
		const target = this.resolve(requested);
		this.sftp.name(reqId, [{filename: target.text, longname: target.text, attrs: {} as Attributes}]);
	}

	private async makeFolder(reqId: number, requested: string): Promise<void> {
		const target = this.resolveWritable(requested);
		const found = await lookUpOnDisk(this.options.realRoot, target);
		if (found.kind === 'found') {
			throw new SftpRefusal(sftpStatus.FAILURE, 'That name already exists');
		}

		if (found.kind === 'blocked' || !found.parentExists) {
			throw new SftpRefusal(sftpStatus.NO_SUCH_FILE, 'The parent folder does not exist');
		}

		await mkdir(found.diskPath, {mode: 0o755});
		this.sftp.status(reqId, sftpStatus.OK);
	}

	private async removeFolder(reqId: number, requested: string): Promise<void> {
		const found = await this.existing(this.resolveWritable(requested));
		if (!found.isDirectory) {
			throw new SftpRefusal(sftpStatus.FAILURE, 'That is a file; use rm');
		}

		await rmdir(found.diskPath); // ENOTEMPTY: only empty folders go, as in production.
		this.sftp.status(reqId, sftpStatus.OK);
	}

	private async removeFile(reqId: number, requested: string): Promise<void> {
		const found = await this.existing(this.resolveWritable(requested));
		if (!found.isFile) {
			throw new SftpRefusal(sftpStatus.FAILURE, 'That is a folder; use rmdir');
		}

		await unlink(found.diskPath);
		this.sftp.status(reqId, sftpStatus.OK);
	}

	private async rename(reqId: number, from: string, to: string): Promise<void> {
		const source = await this.existing(this.resolveWritable(from));
		const destinationPath = this.resolveWritable(to);
		if (!source.isFile) {
			throw new SftpRefusal(sftpStatus.OP_UNSUPPORTED, 'Only files can be renamed');
		}

		const destination = await lookUpOnDisk(this.options.realRoot, destinationPath);
		if (destination.kind === 'found') {
			throw new SftpRefusal(sftpStatus.FAILURE, 'The new name already exists; renaming never replaces a file');
		}

		if (destination.kind === 'blocked' || !destination.parentExists) {
			throw new SftpRefusal(sftpStatus.NO_SUCH_FILE, 'The destination folder does not exist');
		}

		// link() fails if the name appeared meanwhile, so nothing is ever replaced.
		await link(source.diskPath, destination.diskPath);
		await unlink(source.diskPath);
		this.sftp.status(reqId, sftpStatus.OK);
	}
}
