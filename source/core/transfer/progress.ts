import type {AppError} from '../app-error.js';

/** One file of a transfer, as the queue shows it. */
export type TransferFile = {
	/** Position in the plan, stable across retries. */
	index: number;
	localPath: string;
	remotePath: string;
	/** Expected size in bytes (remote size for downloads, local size for uploads). */
	size: number;
};

export type ProgressFigures = {
	bytes: number;
	total: number;
	/** Bytes per second over the last few seconds. */
	rate: number;
	/** Seconds left at the current rate; undefined while the rate is unknown. */
	etaSeconds: number | undefined;
};

export type FileResult = {
	file: TransferFile;
	status: 'done' | 'failed' | 'cancelled' | 'skipped';
	/** Size confirmed after the transfer: remote stat for uploads, local stat for downloads. */
	verifiedSize?: number;
	attempts: number;
	error?: AppError;
	/** Downloads that failed keep their partial data here so a rerun resumes from it. */
	partialPath?: string;
	/** When the first try began and when the file was settled (absent: never tried). */
	startedAt?: Date;
	endedAt?: Date;
	/** Uploads: SHA-256 (hex) of the bytes sent by the try that was verified. */
	sha256?: string;
	/** Uploads: a partial copy stayed on the server under the final name (it could not be removed). */
	remnant?: UploadRemnant;
	/** Uploads: sent in full, but the server refused the size check (a write-only account). */
	unverified?: boolean;
	/** Uploads: a partial copy was written, then removed again. */
	partialRemoved?: boolean;
};

/** A partial upload left on the server. */
export type UploadRemnant = {
	remotePath: string;
	/** What the server said it holds, or (when it could not be asked) the bytes it acknowledged: at least that many. */
	bytesOnServer: number;
	/** True when `bytesOnServer` comes from the server's own answer. */
	exact: boolean;
};

export type TransferEvent =
	| {type: 'file-start'; file: TransferFile; attempt: number; resumeFrom: number}
	| {type: 'progress'; file: TransferFile; fileProgress: ProgressFigures; overall: ProgressFigures & {filesDone: number; filesTotal: number}}
	| {type: 'retry'; file: TransferFile; attempt: number; delayMs: number; error: AppError; /** Time left before the file is given up. */ giveUpInMs: number}
	| {type: 'reconnect'; reason: AppError}
	| {type: 'file-done'; result: FileResult};

export type TransferSummary = {
	/** Every file's result, or only the files that did not arrive (QueueOptions.keepArrivedResults false). */
	results: FileResult[];
	/** Every file done and verified. */
	ok: boolean;
	cancelled: boolean;
	bytes: number;
	elapsedMs: number;
};

const windowMs = 3000;

/** Bytes per second over a sliding window of samples. */
export class RateMeter {
	private readonly samples: Array<{at: number; bytes: number}> = [];

	sample(bytes: number, at = Date.now()): number {
		this.samples.push({at, bytes});
		while (this.samples.length > 2 && this.samples[0]!.at < at - windowMs) {
			this.samples.shift();
		}

		const first = this.samples[0]!;
		const seconds = (at - first.at) / 1000;
		return seconds > 0.2 ? Math.max(0, (bytes - first.bytes) / seconds) : 0;
	}
}

export function figures(bytes: number, total: number, rate: number): ProgressFigures {
	return {bytes, total, rate, etaSeconds: rate > 0 ? Math.max(0, (total - bytes) / rate) : undefined};
}

/**
 * Keeps per-file and overall byte counts and emits throttled 'progress' events
 * (at most every `intervalMs` per file, and always at the end of a file).
 */
export class ProgressTracker {
	private readonly perFile = new Map<number, {bytes: number; meter: RateMeter; lastEmit: number}>();
	private readonly overallMeter = new RateMeter();
	private finishedBytes = 0;
	private filesDone = 0;

	constructor(
		private readonly total: number,
		private readonly filesTotal: number,
		private readonly emit: ((event: TransferEvent) => void) | undefined,
		private readonly intervalMs = 200,
	) {}

	get bytes(): number {
		let sum = this.finishedBytes;
		for (const state of this.perFile.values()) {
			sum += state.bytes;
		}

		return sum;
	}

	/** Sets the bytes done for a file (it may go back to 0 on a retry). */
	update(file: TransferFile, bytes: number, force = false): void {
		let state = this.perFile.get(file.index);
		if (!state) {
			state = {bytes: 0, meter: new RateMeter(), lastEmit: 0};
			this.perFile.set(file.index, state);
		}

		state.bytes = bytes;
		const now = Date.now();
		if (!this.emit || (!force && now - state.lastEmit < this.intervalMs)) {
			return;
		}

		state.lastEmit = now;
		const overallBytes = this.bytes;
		this.emit({
			type: 'progress',
			file,
			fileProgress: figures(bytes, file.size, state.meter.sample(bytes, now)),
			overall: {...figures(overallBytes, this.total, this.overallMeter.sample(overallBytes, now)), filesDone: this.filesDone, filesTotal: this.filesTotal},
		});
	}

	/** A file finished (done, failed or skipped): its bytes stay counted only if done. */
	finish(file: TransferFile, done: boolean): void {
		this.perFile.delete(file.index);
		this.filesDone++;
		if (done) {
			this.finishedBytes += file.size;
		}
	}
}
