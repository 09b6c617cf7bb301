import process from 'node:process';
import {isAppError} from '../core/app-error.js';
import {convertFile, type ConvertResult} from '../core/convert/convert-file.js';
import {formatConvertResult} from '../core/convert/format-convert.js';
import {isSchemaName, schemaNames} from '../core/validate/schemas.js';
import {exitCodes, type Command} from './support/command.js';
import {cancelOnSignal} from './support/cancel-on-signal.js';
import {fileProgressLine} from './support/file-progress-line.js';
import {parseFlags} from './support/parse-flags.js';
import {UsageError} from './support/usage-error.js';

const help = `Usage: asapp-sftp convert [--schema calls|transcripts|sales] [--out FILE] [--fix]
                         [--invalid-rows FILE] [--skip-invalid] [--json] FILE.csv...

Turns CSV exports into the typed JSONL ASAPP prefers, validated in the same pass:
one JSON object per record with the table's field names; NULL becomes null, Integer
and Decimal values become numbers (same digits), Bools true/false, timestamps stay
strings. Columns the table does not know are dropped (a warning says which).

  --out FILE           write here (one input only); default: the input's name with .jsonl.
                       An existing file is never replaced.
  --fix                make the repairs whose result is certain, each one reported:
                       empty unquoted cell in an optional field -> null, TRUE/True -> true,
                       a timestamp with an explicit offset or " UTC" -> the same instant
                       ending in Z, 30.0 -> 30 in an Integer field, \\N -> null, the BOM
                       dropped; t/f (PostgreSQL) and 1/0 (MySQL) -> true/false in files
                       recognisably from those tools. A timestamp without a zone, an
                       impossible date or an empty required field stays an error.
  --invalid-rows FILE  write the records with errors to FILE as CSV, in their original
                       text, with the header and an extra "errors" column (one input only)
  --skip-invalid       write the valid records even when others have errors
  --schema NAME        the table, for a CSV without a header (as validate)
  --json               print {"files":[...],"problems":[...]} instead of text

If any record has errors (and no --skip-invalid), nothing is written and the report
is validate's. Output is written under a temporary name and appears only when complete;
Ctrl-C leaves nothing behind.

Exit codes: 0 every file converted, 1 a file not converted (errors, or the output
exists), 2 wrong usage or a file that cannot be read.`;

type Problem = {path: string; code: string; message: string; hint?: string};

const usageCodes = new Set(['file-unreadable', 'format-unsupported']);

async function run(args: string[]): Promise<number> {
	const {values, positionals} = parseFlags('convert', args, {
		schema: {type: 'string'},
		out: {type: 'string'},
		fix: {type: 'boolean'},
		'invalid-rows': {type: 'string'},
		'skip-invalid': {type: 'boolean'},
		json: {type: 'boolean'},
	});
	if (values.help) {
		process.stdout.write(`${help}\n`);
		return exitCodes.ok;
	}

	if (positionals.length === 0) {
		throw new UsageError('give at least one FILE.csv to convert', 'convert');
	}

	const schema = values.schema;
	if (schema !== undefined && !isSchemaName(schema)) {
		throw new UsageError(`--schema must be one of ${schemaNames.join(', ')}, not "${schema}"`, 'convert');
	}

	if (positionals.length > 1 && (values.out !== undefined || values['invalid-rows'] !== undefined)) {
		throw new UsageError('--out and --invalid-rows name one file: give one FILE.csv with them', 'convert');
	}

	const results: ConvertResult[] = [];
	const problems: Problem[] = [];
	const cancel = cancelOnSignal();
	try {
		for (const path of positionals) {
			const progress = values.json ? undefined : fileProgressLine('Converting', path);
			try {
				results.push(await convertFile(path, {
					schema,
					out: values.out,
					fix: values.fix,
					invalidRowsPath: values['invalid-rows'],
					skipInvalid: values['skip-invalid'],
					signal: cancel.signal,
					onProgress: progress?.update,
				}));
			} catch (error) {
				if (cancel.signal.aborted) {
					progress?.stop();
					process.stderr.write('Cancelled; no file was written.\n');
					return 130;
				}

				if (!isAppError(error)) {
					throw error;
				}

				problems.push({path, code: error.code, message: error.message, hint: error.hint});
			} finally {
				progress?.stop();
			}
		}
	} finally {
		cancel.dispose();
	}

	if (values.json) {
		process.stdout.write(`${JSON.stringify({files: results, problems})}\n`);
	} else {
		const blocks = results.map(result => formatConvertResult(result));
		if (blocks.length > 0) {
			process.stdout.write(`${blocks.join('\n\n')}\n`);
		}

		for (const problem of problems) {
			process.stderr.write(`Error: ${problem.message}\n${problem.hint === undefined ? '' : `  ${problem.hint}\n`}`);
		}
	}

	if (problems.some(problem => usageCodes.has(problem.code))) {
		return exitCodes.usage;
	}

	return problems.length === 0 && results.every(result => result.output !== null) ? exitCodes.ok : exitCodes.failed;
}

export const convertCommand: Command = {
	name: 'convert',
	summary: 'turn CSV exports into validated JSONL (ASAPP\'s preferred format), with certain repairs',
	help,
	run,
};
