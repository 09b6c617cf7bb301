import type {ErrorCode, NextAction} from './errors.js';

export type {ErrorCode, NextAction} from './errors.js';

/**
 * An error a person can act on: `message` says what failed and why in plain words,
 * `hint` says what to do next in words that fit both faces, and `next` is the action each
 * face words its own way (a flag in the CLI, a key in the app). Commands print them and
 * never a stack trace; the UI shows them in its error panel.
 */
export class AppError extends Error {
	readonly code: ErrorCode;
	readonly hint: string | undefined;
	readonly next: NextAction | undefined;

	constructor(code: ErrorCode, message: string, options: {hint?: string; cause?: unknown; next?: NextAction} = {}) {
		super(message, options.cause === undefined ? undefined : {cause: options.cause});
		this.name = 'AppError';
		this.code = code;
		this.hint = options.hint;
		this.next = options.next;
	}
}

export function isAppError(error: unknown): error is AppError {
	return error instanceof AppError;
}

/** Node's system errors carry a string `code` such as ENOENT. */
export function errnoCode(error: unknown): string | undefined {
	if (typeof error === 'object' && error !== null && 'code' in error) {
		const {code} = error as {code: unknown};
		return typeof code === 'string' ? code : undefined;
	}

	return undefined;
}
