import {createReadStream} from 'node:fs';
import {existsSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {parse} from 'csv-parse';
import type * as validateModule from '../../source/core/validate/validate-file.js';

/**
 * One measured pass over a file, in its own process so peak RSS is that pass's alone.
 * `ours` runs the built validator from dist/ (as the product does); `csv-parse` is a bare
 * single-threaded csv-parse pass that only counts records. Prints {ms, maxRssMb, records, ...}.
 */
const [mode, file] = process.argv.slice(2);
if (file === undefined || (mode !== 'ours' && mode !== 'csv-parse')) {
	throw new Error('usage: validate-probe.ts ours|csv-parse FILE');
}

const started = performance.now();
let records = 0;
let errors = 0;
let warnings = 0;
if (mode === 'ours') {
	const built = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'core', 'validate', 'validate-file.js');
	if (!existsSync(built)) {
		throw new Error('dist/ is missing: run npm run build first.');
	}

	const {validateFile} = await import(pathToFileURL(built).href) as typeof validateModule;
	const report = await validateFile(file);
	records = report.records;
	errors = report.errorCount;
	warnings = report.warningCount;
} else {
	const parser = createReadStream(file).pipe(parse());
	for await (const _record of parser) {
		records++;
	}

	records--; // the header
}

const ms = performance.now() - started;
process.stdout.write(`${JSON.stringify({ms, maxRssMb: process.resourceUsage().maxRSS / 1024, records, errors, warnings})}\n`);
