import {existsSync} from 'node:fs';
import {rm, stat} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import type * as convertModule from '../../source/core/convert/convert-file.js';

/**
 * One measured conversion in its own process, so peak RSS is that run's alone: the built
 * `convertFile` from dist/ (as the product runs it) writes FILE's JSONL to OUT, which is
 * removed afterwards. Prints {ms, maxRssMb, records, written, outputBytes}.
 */
const [file, out] = process.argv.slice(2);
if (file === undefined || out === undefined) {
	throw new Error('usage: convert-probe.ts FILE.csv OUT.jsonl');
}

const built = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'core', 'convert', 'convert-file.js');
if (!existsSync(built)) {
	throw new Error('dist/ is missing: run npm run build first.');
}

const {convertFile} = await import(pathToFileURL(built).href) as typeof convertModule;
const started = performance.now();
const result = await convertFile(file, {out});
const ms = performance.now() - started;
const outputBytes = result.output === null ? 0 : (await stat(result.output)).size;
await rm(out, {force: true});
process.stdout.write(`${JSON.stringify({ms, maxRssMb: process.resourceUsage().maxRSS / 1024, records: result.report.records, written: result.written, errors: result.report.errorCount, outputBytes})}\n`);
