import type {NextAction} from '../core/errors.js';
import {describeError} from '../core/ops/describe-error.js';

type Wording = {[Kind in NextAction['kind']]: (action: Extract<NextAction, {kind: Kind}>) => string};

/** What to do next, in the app's words: its keys and screens. The CLI words the same actions as flags. */
const appWording: Wording = {
	'accept-host-key': () => 'If it matches, press r to connect again and accept it with y.',
	'choose-other-path': () => 'Type another file name, or go back and use the existing key.',
	'allow-replace': () => 'Download it again and answer y when asked to replace it, or rename the local file first.',
	'choose-schema': () => 'Press s to say which of ASAPP\'s tables the file is for.',
	'show-log': () => 'The technical detail is in the log file.',
	'check-address': action => `Check the server address and port (now ${action.host}, port ${action.port}).`,
	'choose-key': () => 'Go back to the key step and choose the key whose public half ASAPP installed.',
	'choose-known-hosts': () => 'Check that file and the folder it is in.',
	'choose-port': () => 'Stop the program using that port, then start again.',
	'choose-other-folder': () => 'Open another local folder (Tab to the local pane) and download again.',
};

export function appNextStep(next: NextAction): string {
	return (appWording[next.kind] as (action: NextAction) => string)(next);
}

/** The hint and the next step of an error, as the app shows them under its message. */
export function adviceOf(error: {hint?: string | undefined; next?: NextAction | undefined}): string[] {
	return [...(error.hint ? [error.hint] : []), ...(error.next ? [appNextStep(error.next)] : [])];
}

/** A failure as the app shows it: the message, what to do, and whether its detail belongs in the log. */
export function describeFailure(error: unknown): {message: string; advice: string[]; expected: boolean; wantsLog: boolean} {
	const described = describeError(error);
	return {
		message: described.message,
		advice: adviceOf({hint: described.hint, next: described.next}),
		expected: described.expected,
		wantsLog: !described.expected || described.next?.kind === 'show-log',
	};
}
