import {keygenCommand} from './keygen.js';
import {sandboxCommand} from './sandbox.js';
import type {Command} from './support/command.js';
import {validateCommand} from './validate.js';

/** Every sub-command, in the order --help lists them. */
export const commands: Command[] = [
	keygenCommand,
	validateCommand,
	sandboxCommand,
];
