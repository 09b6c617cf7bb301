import process from 'node:process';
import {isAppError} from '../core/app-error.js';
import type {FileReport} from '../core/validate/file-report.js';
import {formatReport} from '../core/validate/format-report.js';
import {cliNextStep, hintLines} from './support/next-step.js';
import {isSchemaName, schemaNames} from '../core/validate/schemas.js';
import {isValidatable, validateFile} from '../core/validate/validate-file.js';
import {fileProgressLine} from './support/file-progress-line.js';
import {exitCodes, type Command} from './support/command.js';
import {parseFlags} from './support/parse-flags.js';
import {UsageError} from './support/usage-error.js';

const help = `Usage: asapp-sftp validate [--schema calls|transcripts|sales] [--json] [--max-findings N] FILE...

Checks CSV (.csv) and JSONL (.jsonl, .ndjson) files against ASAPP's field tables
before you send them: call center data (calls), historical transcripts and sales.

  --schema NAME       check against this table; needed for a CSV without a header
                      (its columns must then follow the table's order). Without it,
                      the table is told from the CSV header or the JSON keys.
  --json              print one JSON document: {"files":[...],"unreadable":[...]}
  --max-findings N    list at most N errors and N warnings per file in --json
                      (default 1000; the counts are always exact)

Exit codes: 0 every file is valid (warnings allowed), 1 a file has errors,
2 wrong usage or a file that cannot be read.`;

type Unreadable = {path: string; code: string; message: string; hint?: string};

async function run(args: string[]): Promise<number> {
	const {values, positionals} = parseFlags('validate', args, {
		schema: {type: 'string'},
		json: {type: 'boolean'},
		'max-findings': {type: 'string'},
	});
	if (values.help) {
		process.stdout.write(`${help}\n`);
		return exitCodes.ok;
	}

	if (positionals.length === 0) {
		throw new UsageError('give at least one FILE to validate', 'validate');
	}

	const schema = values.schema;
	if (schema !== undefined && !isSchemaName(schema)) {
		throw new UsageError(`--schema must be one of ${schemaNames.join(', ')}, not "${schema}"`, 'validate');
	}

	let maxFindings: number | undefined;
	if (values['max-findings'] !== undefined) {
		maxFindings = Number(values['max-findings']);
		if (!Number.isInteger(maxFindings) || maxFindings < 0) {
			throw new UsageError('--max-findings takes a whole number, such as 100', 'validate');
		}
	}

	const reports: FileReport[] = [];
	const unreadable: Unreadable[] = [];
	for (const path of positionals) {
		if (!isValidatable(path)) {
			unreadable.push({path, code: 'format-unsupported', message: `${path}: not a .csv, .jsonl or .ndjson file`, hint: 'ASAPP takes CSV or JSONL; name the file by its format.'});
			continue;
		}

		const progress = values.json ? undefined : fileProgressLine('Validating', path);
		try {
			reports.push(await validateFile(path, {schema, maxFindings, onProgress: progress?.update}));
		} catch (error) {
			if (!isAppError(error)) {
				throw error;
			}

			unreadable.push({path, code: error.code, message: error.message, hint: hintLines(error).join(' ') || undefined});
		} finally {
			progress?.stop();
		}
	}

	if (values.json) {
		process.stdout.write(`${JSON.stringify({files: reports, unreadable})}\n`);
	} else {
		const blocks = reports.map(report => formatReport(report, {nextStep: cliNextStep}));
		if (blocks.length > 0) {
			process.stdout.write(`${blocks.join('\n\n')}\n`);
		}

		for (const problem of unreadable) {
			process.stderr.write(`Error: ${problem.message}\n${problem.hint === undefined ? '' : `  ${problem.hint}\n`}`);
		}
	}

	if (unreadable.length > 0) {
		return exitCodes.usage;
	}

	return reports.every(report => report.valid) ? exitCodes.ok : exitCodes.failed;
}

export const validateCommand: Command = {
	name: 'validate',
	summary: 'check CSV/JSONL files against ASAPP\'s field tables before sending them',
	help,
	run,
};
