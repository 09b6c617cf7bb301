export type Command = {
	name: string;
	/** One line for the command list in --help. */
	summary: string;
	/** The full --help text of this command. */
	help: string;
	run(args: string[]): Promise<number>;
};

export const exitCodes = {ok: 0, failed: 1, usage: 2} as const;
