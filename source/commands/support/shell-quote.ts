/** Quotes an argument for a POSIX shell only when it needs it, so suggested commands can be pasted. */
export function shellQuote(argument: string): string {
	return /^[\w@%+=:,./-]+$/.test(argument) ? argument : `'${argument.replaceAll('\'', '\'\\\'\'')}'`;
}

/** A command line a person can paste: `asapp-sftp` and its quoted arguments. */
export function commandLine(args: string[]): string {
	return ['asapp-sftp', ...args.map(shellQuote)].join(' ');
}
