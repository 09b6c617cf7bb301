/**
 * The `:` command line: the sftp words people know from ASAPP's guide. Parsing is pure;
 * the browser hook runs the result.
 */
export type ParsedCommand =
	| {name: 'ls' | 'lls'; path: string | undefined}
	| {name: 'cd' | 'lcd'; path: string}
	| {name: 'pwd' | 'lpwd' | 'help' | 'quit'}
	| {name: 'mkdir'; path: string}
	| {name: 'put'; source: string; target: string | undefined; recursive: boolean}
	| {name: 'get'; source: string; target: string | undefined};

export const commandSummaries: Array<[string, string]> = [
	['ls [path]', 'list remote folder'],
	['cd path', 'change remote folder'],
	['pwd', 'show remote folder'],
	['mkdir name', 'make remote folder'],
	['lcd/lls/lpwd', 'same, on this side'],
	['put file [name]', 'check + upload file'],
	['put *', 'upload matching files'],
	['put -r folder', 'upload a whole folder'],
	['get file [name]', 'download a file'],
	['help', 'this list'],
	['quit / exit', 'leave the app'],
];

export class CommandError extends Error {}

/** Splits on blanks, honouring "double" and 'single' quotes and backslash escapes. */
export function tokenize(line: string): string[] {
	const words: string[] = [];
	let current = '';
	let inWord = false;
	let quote: '"' | '\'' | undefined;
	for (let index = 0; index < line.length; index++) {
		const char = line[index]!;
		if (quote) {
			if (char === quote) {
				quote = undefined;
			} else {
				current += char;
			}
		} else if (char === '"' || char === '\'') {
			quote = char;
			inWord = true;
		} else if (char === '\\' && index + 1 < line.length) {
			current += line[++index]!;
			inWord = true;
		} else if (/\s/.test(char)) {
			if (inWord) {
				words.push(current);
				current = '';
				inWord = false;
			}
		} else {
			current += char;
			inWord = true;
		}
	}

	if (quote) {
		throw new CommandError(`A ${quote} quote is not closed.`);
	}

	if (inWord) {
		words.push(current);
	}

	return words;
}

function one(name: string, args: string[], usage: string): string {
	if (args.length !== 1) {
		throw new CommandError(`Usage: ${usage}`);
	}

	return args[0]!;
}

export function parseCommand(line: string): ParsedCommand | undefined {
	const [word, ...args] = tokenize(line.trim());
	if (word === undefined) {
		return undefined;
	}

	const name = word.toLowerCase();
	switch (name) {
		case 'ls':
		case 'dir':
		case 'lls': {
			const paths = args.filter(arg => !arg.startsWith('-'));
			return {name: name === 'lls' ? 'lls' : 'ls', path: paths[0]};
		}

		case 'cd':
		case 'lcd': {
			return {name, path: one(name, args, `${name} FOLDER`)};
		}

		case 'pwd':
		case 'lpwd':
		case 'help': {
			return {name};
		}

		case '?': {
			return {name: 'help'};
		}

		case 'quit':
		case 'exit':
		case 'bye': {
			return {name: 'quit'};
		}

		case 'mkdir': {
			return {name, path: one(name, args, 'mkdir NAME')};
		}

		case 'put': {
			const recursive = args.some(arg => arg === '-r' || arg === '-R');
			const rest = args.filter(arg => !/^-[rRpPaf]+$/.test(arg));
			if (rest.length === 0 || rest.length > 2) {
				throw new CommandError('Usage: put [-r] FILE [REMOTE-NAME]');
			}

			return {name, source: rest[0]!, target: rest[1], recursive};
		}

		case 'get': {
			const rest = args.filter(arg => !/^-[rRpPaf]+$/.test(arg));
			if (rest.length === 0 || rest.length > 2) {
				throw new CommandError('Usage: get FILE [LOCAL-NAME]');
			}

			return {name, source: rest[0]!, target: rest[1]};
		}

		default: {
			throw new CommandError(`Unknown command "${word}". Type help for the list.`);
		}
	}
}
