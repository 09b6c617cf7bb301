/** A mistake in how a command was called: exit code 2 and a one-line hint. */
export class UsageError extends Error {
	readonly command: string | undefined;

	constructor(message: string, command?: string) {
		super(message);
		this.name = 'UsageError';
		this.command = command;
	}
}
