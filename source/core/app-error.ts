/**
 * An error a person can act on: `message` says what failed and why in plain words,
 * `hint` says what to do next. Commands print both and never a stack trace; the UI
 * shows them in its error panel.
 */
export class AppError extends Error {
	readonly code: string;
	readonly hint: string | undefined;

	constructor(code: string, message: string, options: {hint?: string; cause?: unknown} = {}) {
		super(message, options.cause === undefined ? undefined : {cause: options.cause});
		this.name = 'AppError';
		this.code = code;
		this.hint = options.hint;
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
