export type Command = {
	name: string;
	/** One line for the command list in --help. */
	summary: string;
	/** The full --help text of this command. */
	help: string;
	run(args: string[]): Promise<number>;
};

/** 130 = 128 + SIGINT, what a shell reports for a command stopped by Ctrl-C. */
export const exitCodes = {ok: 0, failed: 1, usage: 2, cancelled: 130} as const;
