/**
 * Every colour the app uses, by role. With NO_COLOR set (https://no-color.org) every role
 * is undefined, so Ink prints plain text; emphasis then comes from symbols and bold/inverse.
 */
export type Theme = {
	accent: string | undefined;
	ok: string | undefined;
	warning: string | undefined;
	error: string | undefined;
	muted: string | undefined;
	directory: string | undefined;
	marked: string | undefined;
	key: string | undefined;
	/** Whether inverse video may mark the cursor row (it stays on without colour: it is not a colour). */
	color: boolean;
};

const colours: Theme = {
	accent: 'cyan',
	ok: 'green',
	warning: 'yellow',
	error: 'red',
	muted: 'gray',
	directory: 'blue',
	marked: 'magenta',
	key: 'cyan',
	color: true,
};

const plain: Theme = {
	accent: undefined,
	ok: undefined,
	warning: undefined,
	error: undefined,
	muted: undefined,
	directory: undefined,
	marked: undefined,
	key: undefined,
	color: false,
};

export function themeFor(env: NodeJS.ProcessEnv): Theme {
	const noColor = env['NO_COLOR'];
	return noColor !== undefined && noColor !== '' ? plain : colours;
}

export const symbols = {
	ok: '✔',
	failed: '✘',
	running: '…',
	pending: '·',
	skipped: '-',
	marked: '●',
	cursor: '›',
} as const;
