import type {ErrorCode, NextAction} from '../app-error.js';

/**
 * Any failure as a face shows it: what happened, what to do (hint, next action), and
 * whether it is one we know (`expected`) or one whose detail belongs in the log file.
 */
export type ErrorDescription = {
	code: ErrorCode | undefined;
	message: string;
	hint: string | undefined;
	next: NextAction | undefined;
	expected: boolean;
};

type AppErrorShape = Error & {code: ErrorCode; hint?: string; next?: NextAction};

/** An AppError, or an error of the same shape from across a boundary (a worker, a test's fake): a kebab-case code. */
function isAppErrorShaped(error: unknown): error is AppErrorShape {
	const code = error instanceof Error ? (error as Error & {code?: unknown}).code : undefined;
	return typeof code === 'string' && /^[a-z][a-z\d-]*$/.test(code);
}

export function describeError(error: unknown): ErrorDescription {
	if (isAppErrorShaped(error)) {
		return {code: error.code, message: error.message, hint: error.hint, next: error.next, expected: true};
	}

	const message = error instanceof Error ? error.message : String(error);
	return {code: undefined, message, hint: undefined, next: undefined, expected: false};
}
