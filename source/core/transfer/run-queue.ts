import {AppError} from '../app-error.js';
import type {SftpSession} from '../ssh/sftp-session.js';
import {ProgressTracker, type FileResult, type TransferEvent, type TransferFile, type TransferSummary} from './progress.js';
import {backoffMs, cancelledError, isConnectionFailure, isRetryable, SessionKeeper, sleep} from './session-keeper.js';

export type QueueOptions = {
	/** Opens a new connection: used at the start (unless `session` is given) and after a drop. */
	connect: () => Promise<SftpSession>;
	/** An open session to start with (the TUI's); it is left open at the end. */
	session?: SftpSession;
	signal?: AbortSignal;
	onEvent?: (event: TransferEvent) => void;
	/**
	 * Files in flight at once on the connection (requests pipelined). Default: up to 64
	 * small files (128 on a long link), of them at most 16 large ones (`largeFileBytes` or
	 * more). Given, it caps both.
	 */
	parallelFiles?: number;
	/** Least time between two 'progress' events of one file. Default 200 ms. */
	progressIntervalMs?: number;
	/** Retry policy; the default keeps trying for two minutes (see RetryPolicy). */
	retry?: Partial<RetryPolicy>;
	/**
	 * False: the summary's `results` leave out the files that arrived (each is told once,
	 * in its 'file-done' event), so a run of 100,000 files does not hold 100,000 results.
	 * Default true.
	 */
	keepArrivedResults?: boolean;
};

/**
 * How long a transfer holds on through trouble. A dropped connection or an unreachable
 * server is retried with exponential backoff (`baseMs`, doubling, at most `maxDelayMs`)
 * until `forMs` have passed since the outage began (the failure after the last try that
 * moved data), so a short outage (a server restart, a Wi-Fi hand-over) is outlasted. A failure of the request itself (the server
 * answered, but with an error worth one more try) gets `requestAttempts` tries in all.
 */
export type RetryPolicy = {
	forMs: number;
	baseMs: number;
	maxDelayMs: number;
	requestAttempts: number;
	/** A hard cap on tries per file, whatever the time: a link that always drops mid-file ends somewhere. */
	maxAttempts: number;
};

export const defaultRetryPolicy: RetryPolicy = {forMs: 120_000, baseMs: 1000, maxDelayMs: 15_000, requestAttempts: 4, maxAttempts: 20};

/**
 * Files from this size on are large: they hold a window of data in flight, so at most
 * `defaultParallelLargeFiles` of them go at once. Smaller ones cost a few requests and at
 * most their size each, and a tree of them is decided by round trips: many in flight hide
 * those (100 files of 4 KiB at 80 ms: 16 at once need 7 rounds of open + write, 128 one).
 */
export const largeFileBytes = 1024 * 1024;
export const defaultParallelLargeFiles = 16;
export const maxParallelFiles = 128;
/** From this round trip on, a link is long: more files in flight (and own channels, ranged reads). */
export const longLinkFromRoundTripMs = 10;

/** Files in flight by default: 64, or on a long link (`roundTripMs` as measured) 128. */
export function defaultParallelFiles(roundTripMs: number | undefined): number {
	return (roundTripMs ?? 0) >= longLinkFromRoundTripMs ? maxParallelFiles : 64;
}

/** A file's transfer as the worker reports it: the verified size, and for uploads the digest. */
export type FileDone = {verifiedSize: number; sha256?: string; /** The server refused the size check (write-only account): sent, not verified. */ unverified?: boolean};

export type FileAttempt = {
	session: SftpSession;
	file: TransferFile;
	attempt: number;
	signal: AbortSignal;
	/** Report the bytes of this file done so far. */
	onBytes: (bytes: number) => void;
};

export type FileWorker = {
	/** Before the first file: e.g. create remote folders. */
	prepare?: (session: SftpSession) => Promise<void>;
	/** Transfers one file; returns the verified size (or more). Throws AppError on failure. */
	transfer: (attempt: FileAttempt) => Promise<number | FileDone>;
	/** Offset a retry resumes from (downloads); 0 restarts the file. */
	resumeOffset?: (file: TransferFile) => Promise<number>;
	/** After the last failed try or a cancel: remove partial data where that is right. */
	cleanup?: (file: TransferFile, session: SftpSession | undefined, reason: 'failed' | 'cancelled') => Promise<Partial<FileResult>>;
};

/**
 * Runs files through `worker` with bounded parallelism, reconnecting after a dropped
 * connection and retrying a failed file a bounded number of times with backoff.
 * Never throws for a file's failure: each file gets a FileResult.
 */
export async function runTransferQueue(files: TransferFile[], worker: FileWorker, options: QueueOptions): Promise<TransferSummary> {
	const started = Date.now();
	const {signal: outerSignal, onEvent} = options;
	const policy: RetryPolicy = {...defaultRetryPolicy, ...options.retry};
	const keeper = new SessionKeeper(options.connect, options.session);
	const controller = new AbortController();
	const signal = controller.signal;
	// A cancel stops new requests at once; if the link is stuck, drop it after 5 s.
	let stuckTimer: NodeJS.Timeout | undefined;
	const onOuterAbort = () => {
		controller.abort();
		stuckTimer = setTimeout(() => keeper.destroy(), 5000);
		stuckTimer.unref();
	};

	if (outerSignal?.aborted) {
		controller.abort();
	} else {
		outerSignal?.addEventListener('abort', onOuterAbort, {once: true});
	}

	const total = files.reduce((sum, file) => sum + file.size, 0);
	const tracker = new ProgressTracker(total, files.length, onEvent, options.progressIntervalMs);
	const results: FileResult[] = [];
	const keepArrived = options.keepArrivedResults ?? true;
	let arrived = 0;
	let arrivedBytes = 0;
	let next = 0;
	let fatal: AppError | undefined;

	const finish = (result: FileResult) => {
		const done = result.status === 'done';
		tracker.finish(result.file, done);
		if (done) {
			arrived++;
			arrivedBytes += result.verifiedSize ?? 0;
		}

		if (keepArrived || !done) {
			results.push(result);
		}

		onEvent?.({type: 'file-done', result});
	};

	async function runOne(file: TransferFile): Promise<void> {
		let session: SftpSession | undefined;
		let lastError: AppError | undefined;
		let attempts = 0;
		let requestFailures = 0;
		let firstFailureAt: number | undefined;
		let outageTries = 0;
		let startedAt: Date | undefined;
		for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
			if (signal.aborted || fatal) {
				break;
			}

			attempts = attempt;
			let connecting = true;
			let madeProgress = false;
			try {
				if (lastError && isConnectionFailure(lastError, session)) {
					await keeper.renew(session);
				}

				session = await keeper.get();
				connecting = false;
				const resumeFrom = worker.resumeOffset ? await worker.resumeOffset(file) : 0;
				startedAt ??= new Date();
				onEvent?.({type: 'file-start', file, attempt, resumeFrom});
				tracker.update(file, resumeFrom, true);
				const done = await worker.transfer({session, file, attempt, signal, onBytes(bytes) {
					madeProgress ||= bytes > resumeFrom;
					tracker.update(file, bytes);
				}});
				const {verifiedSize, sha256, unverified} = typeof done === 'number' ? {verifiedSize: done, sha256: undefined, unverified: false} : done;
				tracker.update(file, verifiedSize, true);
				finish({file, status: 'done', verifiedSize: unverified ? undefined : verifiedSize, attempts: attempt, startedAt, endedAt: new Date(), ...(sha256 === undefined ? {} : {sha256}), ...(unverified ? {unverified: true} : {})});
				return;
			} catch (error) {
				const appError = error instanceof AppError ? error : new AppError('transfer-failed', error instanceof Error ? error.message : String(error), {cause: error});
				lastError = appError;
				if (signal.aborted) {
					break;
				}

				// Each outage gets the whole time and starts its pauses afresh: a try that moved
				// data ends the previous one.
				if (firstFailureAt === undefined || madeProgress) {
					firstFailureAt = Date.now();
					outageTries = 0;
				}

				outageTries++;
				const connectionFailure = isConnectionFailure(appError, connecting ? undefined : session);
				if (!connectionFailure) {
					requestFailures++;
				}

				const giveUpInMs = firstFailureAt + policy.forMs - Date.now();
				const outOfTries = attempt >= policy.maxAttempts || giveUpInMs <= 0 || requestFailures >= policy.requestAttempts;
				if (connecting && (!connectionFailure || outOfTries)) {
					// No connection: for a reason retrying will not fix (host key, login), or not
					// in all the time allowed. The other files would fare no better: stop the queue.
					fatal = appError;
					break;
				}

				if (!isRetryable(appError, session) || outOfTries) {
					break;
				}

				// The last try is made at the deadline, not skipped because the next pause is long.
				const delayMs = Math.min(backoffMs(outageTries, policy.baseMs, policy.maxDelayMs), giveUpInMs);
				if (isConnectionFailure(appError, session)) {
					onEvent?.({type: 'reconnect', reason: appError});
				}

				onEvent?.({type: 'retry', file, attempt: attempt + 1, delayMs, error: appError, giveUpInMs});
				tracker.update(file, 0, true);
				await sleep(delayMs, signal);
			}
		}

		const reason = signal.aborted ? 'cancelled' : 'failed';
		let extra: Partial<FileResult> = {};
		if (worker.cleanup) {
			let live = session && !session.isClosed ? session : undefined;
			if (!live && reason === 'failed' && session) {
				// The connection died with the file: one more connection to clean up after it.
				live = await keeper.renew(session).catch(() => undefined);
			}

			extra = await worker.cleanup(file, live, reason).catch(() => ({}));
		}

		finish({file, status: reason, attempts, error: reason === 'cancelled' ? cancelledError() : (fatal ?? lastError), ...(startedAt ? {startedAt, endedAt: new Date()} : {}), ...extra});
	}

	try {
		if (worker.prepare && files.length > 0) {
			let prepared = false;
			let firstFailureAt: number | undefined;
			for (let attempt = 1; !prepared; attempt++) {
				let session: SftpSession | undefined;
				try {
					session = await keeper.get();
					await worker.prepare(session);
					prepared = true;
				} catch (error) {
					firstFailureAt ??= Date.now();
					const giveUpInMs = firstFailureAt + policy.forMs - Date.now();
					if (attempt >= policy.maxAttempts || giveUpInMs <= 0 || !isConnectionFailure(error, session) || signal.aborted) {
						throw error;
					}

					onEvent?.({type: 'reconnect', reason: error instanceof AppError ? error : new AppError('connection-failed', String(error))});
					await keeper.renew(session).catch(() => undefined);
					await sleep(Math.min(backoffMs(attempt, policy.baseMs, policy.maxDelayMs), giveUpInMs), signal);
				}
			}
		}

		const lanes = Math.max(1, Math.min(options.parallelFiles ?? defaultParallelFiles(options.session?.roundTripMs), files.length));
		const largeSlots = new Slots(options.parallelFiles ?? defaultParallelLargeFiles);
		await Promise.all(Array.from({length: lanes}, async () => {
			while (next < files.length) {
				const file = files[next++]!;
				const large = file.size >= largeFileBytes;
				if (large) {
					await largeSlots.take();
				}

				try {
					if (signal.aborted || fatal) {
						finish({file, status: signal.aborted ? 'cancelled' : 'skipped', attempts: 0, error: signal.aborted ? cancelledError() : fatal});
						continue;
					}

					await runOne(file);
				} finally {
					if (large) {
						largeSlots.give();
					}
				}
			}
		}));
	} finally {
		outerSignal?.removeEventListener('abort', onOuterAbort);
		clearTimeout(stuckTimer);
		keeper.closeUnless(options.session);
	}

	if (fatal) {
		throw fatal;
	}

	results.sort((a, b) => a.file.index - b.file.index);
	return {
		results,
		ok: arrived === files.length,
		cancelled: signal.aborted,
		bytes: arrivedBytes,
		elapsedMs: Date.now() - started,
	};
}

/** A counting semaphore: `take` waits while all `count` slots are taken. */
class Slots {
	private free: number;
	private readonly waiting: Array<() => void> = [];

	constructor(count: number) {
		this.free = count;
	}

	async take(): Promise<void> {
		if (this.free > 0) {
			this.free--;
			return;
		}

		await new Promise<void>(resolve => {
			this.waiting.push(resolve);
		});
	}

	give(): void {
		const waiter = this.waiting.shift();
		if (waiter) {
			waiter();
		} else {
			this.free++;
		}
	}
}
