import {parentPort, workerData} from 'node:worker_threads';
import {scanRange, type ScanJob} from './scan-range.js';

/** Worker thread entry: checks one byte range and posts progress, then the result. */
export type WorkerMessage =
	| {type: 'progress'; bytes: number; records: number}
	| {type: 'done'; result: Awaited<ReturnType<typeof scanRange>>}
	| {type: 'failed'; message: string; code: string | undefined};

const port = parentPort;
if (port !== null) {
	const job = workerData as ScanJob;
	const post = (message: WorkerMessage): void => port.postMessage(message);
	try {
		const result = await scanRange(job, {onProgress: progress => post({type: 'progress', ...progress})});
		post({type: 'done', result});
	} catch (error) {
		const code = typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
		post({type: 'failed', message: error instanceof Error ? error.message : String(error), code});
	}
}
