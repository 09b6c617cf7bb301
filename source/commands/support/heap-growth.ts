import process from 'node:process';
import v8 from 'node:v8';

/** From this many files on, a run's heap is kept close to what it holds. */
const manyFiles = 5000;

/**
 * A put of many small files makes garbage for each file (requests, promises, journal
 * lines) while holding its plan, and V8 lets the heap grow to about four times what is
 * live before it collects: 100,000 files peaked at 280 MB with 45 MB live. Growing the
 * heap by half at most keeps that peak near 200 MB, at no CPU cost measured (put -r of
 * 100,000 files: 26 s of CPU either way). Set only for such runs, so big transfers keep
 * V8's defaults; the flag is read at each collection, so setting it late still counts.
 * Like bin/asapp-sftp.js, only on V8 versions whose flag list has it (11 to 13).
 */
export function keepHeapTightFor(fileCount: number): void {
	const v8Major = Number(process.versions.v8.split('.')[0]);
	if (fileCount >= manyFiles && v8Major >= 11 && v8Major <= 13) {
		v8.setFlagsFromString('--heap-growing-percent=50');
	}
}
