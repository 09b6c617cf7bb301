import {AppError} from '../app-error.js';
import type {SftpSession} from '../ssh/sftp-session.js';

/**
 * Holds the current connection of a transfer and replaces it when it drops. Workers
 * that saw the same broken session share one reconnect.
 */
export class SessionKeeper {
	private current: Promise<SftpSession> | undefined;
	private currentSession: SftpSession | undefined;
	constructor(private readonly connect: () => Promise<SftpSession>, initial?: SftpSession) {
		if (initial) {
			this.currentSession = initial;
			this.current = Promise.resolve(initial);
		}
	}

	async get(): Promise<SftpSession> {
		this.current ??= this.open();
		return this.current;
	}

	/** A fresh connection unless someone already replaced the one `broken` belongs to. */
	async renew(broken: SftpSession | undefined): Promise<SftpSession> {
		if (broken === undefined || this.currentSession === broken.connection || this.currentSession === undefined) {
			broken?.destroy();
			this.current = this.open();
		}

		return this.get();
	}

	private async open(): Promise<SftpSession> {
		const opening = this.connect();
		opening.then(session => {
			this.currentSession = session;
		}, () => {
			this.current = undefined;
		});
		return opening;
	}

	/** Destroys the live connection at once (pending requests fail). */
	destroy(): void {
		this.currentSession?.destroy();
	}

	/** Closes the live connection unless it is `keep` (a session the caller owns). */
	closeUnless(keep: SftpSession | undefined): void {
		if (this.currentSession !== keep) {
			this.close();
		}
	}

	close(): void {
		this.currentSession?.close();
		this.currentSession = undefined;
		this.current = undefined;
	}
}

/** Failures worth a reconnect and a retry: the network, not the request. */
export function isConnectionFailure(error: unknown, session: SftpSession | undefined): boolean {
	if (session?.isClosed) {
		return true;
	}

	return error instanceof AppError && ['connection-lost', 'connection-timeout', 'connection-refused', 'network-unreachable', 'connection-failed', 'ssh-handshake-failed'].includes(error.code);
}

/** Failures where trying the same file again may help. */
export function isRetryable(error: unknown, session: SftpSession | undefined): boolean {
	if (isConnectionFailure(error, session)) {
		return true;
	}

	return error instanceof AppError && ['sftp-failed', 'size-mismatch'].includes(error.code);
}

/** The pause after try `attempt`: `baseMs`, then doubling (1 s, 2 s, 4 s, ...), at most `maxMs`. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number): number {
	return Math.min(baseMs * (2 ** Math.min(attempt - 1, 30)), maxMs);
}

export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	if (ms <= 0 || signal?.aborted) {
		return;
	}

	await new Promise<void>(resolve => {
		const timer = setTimeout(done, ms);
		function done() {
			clearTimeout(timer);
			signal?.removeEventListener('abort', done);
			resolve();
		}

		signal?.addEventListener('abort', done, {once: true});
	});
}

export function cancelledError(): AppError {
	return new AppError('cancelled', 'The transfer was cancelled.');
}
