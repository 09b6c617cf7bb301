import {doctorCommand} from './doctor.js';
import {getCommand} from './get.js';
import {keygenCommand} from './keygen.js';
import {lsCommand} from './ls.js';
import {mkdirCommand} from './mkdir.js';
import {putCommand} from './put.js';
import {sandboxCommand} from './sandbox.js';
import type {Command} from './support/command.js';
import {validateCommand} from './validate.js';

/** Every sub-command, in the order --help lists them. */
export const commands: Command[] = [
	keygenCommand,
	doctorCommand,
	lsCommand,
	mkdirCommand,
	putCommand,
	getCommand,
	validateCommand,
	sandboxCommand,
];
