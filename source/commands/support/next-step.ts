import type {NextAction} from '../../core/errors.js';

type Wording = {[Kind in NextAction['kind']]: (action: Extract<NextAction, {kind: Kind}>) => string};

/** What to do next, in the CLI's words: its flags. The app words the same actions as keys. */
const cliWording: Wording = {
	'accept-host-key': () => 'If it matches, run again with --accept-new-host-key to record it.',
	'choose-other-path': () => 'Choose another file name with --out PATH.',
	'allow-replace': () => 'Use --overwrite to replace it, or --to to download into another folder.',
	'choose-schema': () => 'Pass --schema calls|transcripts|sales to name the table.',
	'show-log': () => 'Run with -v to see the protocol log.',
	'check-address': action => `Check --host and --port (now ${action.host}, port ${action.port}).`,
	'choose-key': () => 'Give it with --identity FILE (asapp-sftp keygen makes one).',
	'choose-known-hosts': () => 'Choose another file with --known-hosts FILE.',
	'choose-port': action => action.suggested === 0 ? 'Choose another port (--port 0 picks a free one).' : `Choose another port, e.g. --port ${action.suggested}.`,
	'choose-other-folder': () => 'Choose another folder with --to.',
};

export function cliNextStep(next: NextAction): string {
	return (cliWording[next.kind] as (action: NextAction) => string)(next);
}

/** The hint and the next step of an error, as the CLI prints them under its message. */
export function hintLines(error: {hint?: string | undefined; next?: NextAction | undefined}): string[] {
	return [...(error.hint ? [error.hint] : []), ...(error.next ? [cliNextStep(error.next)] : [])];
}
