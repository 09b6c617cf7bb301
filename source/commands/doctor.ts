import process from 'node:process';
import {doctorStageTitles, runDoctor, type DoctorStage} from '../core/ssh/doctor.js';
import {exitCodes, type Command} from './support/command.js';
import {connectionFlags, connectionFromFlags, connectionHelp} from './support/connection-flags.js';
import {parseFlags} from './support/parse-flags.js';
import {hintLines} from './support/next-step.js';
import {printRemnantNotes} from './support/remnant-notes.js';
import {UsageError} from './support/usage-error.js';

const help = `Usage: asapp-sftp doctor [--marker MARKER] [connection flags]

Checks the way to ASAPP's SFTP server step by step and says what to fix:
your key (RSA 4096, as ASAPP asked?) -> DNS -> TCP port 22 -> SSH banner -> host key (known / new / changed) ->
authentication -> the in/ and out/ folders.

${connectionHelp}

Exit codes: 0 every stage passed (warnings allowed), 1 a stage failed or could not be
checked, 2 usage, 130 cancelled (Ctrl-C).`;

const marks: Record<DoctorStage['status'], string> = {running: '..', ok: 'ok', warning: '!!', failed: 'FAIL', skipped: '--'};

function printStage(stage: DoctorStage): void {
	if (stage.status === 'running') {
		return;
	}

	const lines = [`[${marks[stage.status].padEnd(4)}] ${doctorStageTitles[stage.stage]}: ${stage.detail.split('\n').join('\n         ')}`];
	const fix = hintLines({hint: stage.fix, next: stage.next}).join(' ');
	if (fix !== '') {
		lines.push(`         fix: ${fix}`);
	}

	process.stdout.write(`${lines.join('\n')}\n`);
}

async function run(args: string[]): Promise<number> {
	const {values, positionals} = parseFlags('doctor', args, connectionFlags);
	if (values.help) {
		process.stdout.write(`${help}\n`);
		return exitCodes.ok;
	}

	if (positionals.length > 0) {
		throw new UsageError(`unexpected argument "${positionals[0]}"`, 'doctor');
	}

	const connection = await connectionFromFlags('doctor', values);
	const result = await runDoctor({...connection.options, key: connection.key, onStage: printStage});
	if (result.error?.code === 'cancelled') {
		throw result.error; // Ctrl-C: said once on stderr, exit 130.
	}

	await printRemnantNotes(connection);
	return result.ok ? exitCodes.ok : exitCodes.failed;
}

export const doctorCommand: Command = {
	name: 'doctor',
	summary: 'check DNS, port 22, host key, login and folders, with fixes',
	help,
	run,
};
