import type {Command} from './support/command.js';

/**
 * A sub-command as the command list knows it: its name and summary for --help, and how to
 * load it. Each command module (with ssh2, the validator, node-forge behind it) is loaded
 * only when that command runs: loading them all took about 100 ms of every start.
 */
export type CommandEntry = Pick<Command, 'name' | 'summary'> & {load(): Promise<Command>};

/** Every sub-command, in the order --help lists them. Summaries match the modules' own (tested). */
export const commands: CommandEntry[] = [
	{name: 'keygen', summary: 'create the RSA 4096 key ASAPP asks for (never overwrites)', load: async () => (await import('./keygen.js')).keygenCommand},
	{name: 'doctor', summary: 'check DNS, port 22, host key, login and folders, with fixes', load: async () => (await import('./doctor.js')).doctorCommand},
	{name: 'ls', summary: 'list a folder on the server', load: async () => (await import('./ls.js')).lsCommand},
	{name: 'mkdir', summary: 'create a folder on the server', load: async () => (await import('./mkdir.js')).mkdirCommand},
	{name: 'put', summary: 'upload files or folders (default into in/), validated first, sizes verified', load: async () => (await import('./put.js')).putCommand},
	{name: 'rm', summary: 'remove files from the server (asks first; --yes for scripts); never folders', load: async () => (await import('./rm.js')).rmCommand},
	{name: 'rmdir', summary: 'remove empty folders from the server', load: async () => (await import('./rmdir.js')).rmdirCommand},
	{name: 'get', summary: 'download files (never overwrites unless --overwrite), sizes verified', load: async () => (await import('./get.js')).getCommand},
	{name: 'validate', summary: 'check CSV/JSONL files against ASAPP\'s field tables before sending them', load: async () => (await import('./validate.js')).validateCommand},
	{name: 'convert', summary: 'turn CSV exports into validated JSONL (ASAPP\'s preferred format), with certain repairs', load: async () => (await import('./convert.js')).convertCommand},
	{name: 'sandbox', summary: 'run the local practice SFTP server (same rules as ASAPP\'s)', load: async () => (await import('./sandbox.js')).sandboxCommand},
];
