import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {AppError} from '../../../source/core/app-error.js';
import type {FileReport} from '../../../source/core/validate/file-report.js';
import {validateFile} from '../../../source/core/validate/validate-file.js';
import {makeTempDir} from '../../helpers/temp-dir.js';
import {callObject, callRow, callsHeader, validateText, writeTemp} from './helpers.js';

/** A deterministic pseudo-random source, so a failing case can be replayed from its seed. */
function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
		return state / 4_294_967_296;
	};
}

function comparable(report: FileReport): unknown {
	return {...report, path: undefined};
}

/** Calls rows with quoted line breaks, CRLF and errors sprinkled in, so range cuts land everywhere. */
function trickyCalls(next: () => number, rows: number): string {
	const lines = [callsHeader];
	for (let index = 0; index < rows; index++) {
		const roll = next();
		const overrides: Record<string, string> = {};
		if (roll < 0.3) {
			overrides['disposition_notes'] = `"note ${index}\n${'with a\r\nbreak\n'.repeat(1 + Math.floor(next() * 3))}"`;
		} else if (roll < 0.4) {
			overrides['time_in_queue'] = 'x';
		} else if (roll < 0.45) {
			overrides['disposition_notes'] = '"a ""quoted"" word, and\na comma"';
		}

		lines.push(callRow(overrides));
	}

	return `${lines.join(next() < 0.5 ? '\n' : '\r\n')}\n`;
}

describe('byte ranges checked apart give the same report as one pass', () => {
	test('cuts inside quoted line breaks, on the calling thread, 2 to 7 ranges', async t => {
		for (const seed of [1, 2, 3]) {
			const next = random(seed);
			const file = await writeTemp(t, `calls-${seed}.csv`, trickyCalls(next, 300));
			const sequential = await validateFile(file, {workers: 1, inThread: true});
			assert.ok(sequential.errorCount > 0 && sequential.warningCount > 0);
			for (let workers = 2; workers <= 7; workers++) {
				const split = await validateFile(file, {workers, minParallelBytes: 0, inThread: true});
				assert.deepEqual(comparable(split), comparable(sequential), `seed ${seed}, ${workers} ranges`);
			}
		}
	});

	test('cuts that land inside a quoted value whose lines look like records', async t => {
		// The quoted value holds whole lines of valid CSV: a guessed boundary inside it parses fine and must be refuted.
		const fake = Array.from({length: 200}, () => callRow({disposition_notes: 'NULL', transaction_completed: 'NULL'})).join('\n');
		const text = `${callsHeader}\n${callRow({disposition_notes: `"${fake}"`})}\n${callRow({time_in_queue: 'x'})}\n`;
		const file = await writeTemp(t, 'calls.csv', text);
		const sequential = await validateFile(file, {workers: 1, inThread: true});
		for (let workers = 2; workers <= 5; workers++) {
			const split = await validateFile(file, {workers, minParallelBytes: 0, inThread: true});
			assert.deepEqual(comparable(split), comparable(sequential), `${workers} ranges`);
		}

		assert.equal(sequential.records, 2);
		assert.equal(sequential.errors[0]!.line, 202);
	});

	test('real worker threads give the same report, for CSV and JSONL', async t => {
		const next = random(7);
		const csv = await writeTemp(t, 'calls.csv', trickyCalls(next, 2000));
		const jsonl = await writeTemp(t, 'calls.jsonl', `${Array.from({length: 2000}, (_, index) => JSON.stringify(callObject(index % 97 === 0 ? {time_in_queue: 'x'} : {}))).join('\n')}\n`);
		for (const file of [csv, jsonl]) {
			const sequential = await validateFile(file, {workers: 1, inThread: true});
			const progress: number[] = [];
			const threaded = await validateFile(file, {workers: 2, minParallelBytes: 0, onProgress: p => progress.push(p.bytesRead)});
			assert.deepEqual(comparable(threaded), comparable(sequential));
			assert.ok(progress.length > 0);
		}
	});
});

describe('a small file read into memory gives the same report as one read through its descriptor', () => {
	test('CSV and JSONL, larger than one read window, split or not', async t => {
		const next = random(21);
		// About 3 MiB each: the in-memory window slides and grows as it does for a descriptor.
		const csv = await writeTemp(t, 'calls.csv', trickyCalls(next, 9000));
		const jsonl = await writeTemp(t, 'calls.jsonl', `${Array.from({length: 9000}, (_, index) => JSON.stringify(callObject(index % 97 === 0 ? {time_in_queue: 'x'} : {}))).join('\n')}\n`);
		for (const file of [csv, jsonl]) {
			const sequential = await validateFile(file, {workers: 1, inThread: true});
			assert.ok(sequential.errorCount > 0);
			assert.deepEqual(comparable(await validateFile(file, {workers: 1, inMemoryUpToBytes: 8 * 1024 * 1024})), comparable(sequential));
			assert.deepEqual(comparable(await validateFile(file, {workers: 3, minParallelBytes: 0, inMemoryUpToBytes: 8 * 1024 * 1024})), comparable(sequential));
			// Above the limit the descriptor path is taken: same report again.
			assert.deepEqual(comparable(await validateFile(file, {workers: 1, inThread: true, inMemoryUpToBytes: 1024})), comparable(sequential));
		}
	});

	test('empty files, a UTF-16 file and a folder', async t => {
		const empty = await writeTemp(t, 'calls.csv', '');
		assert.deepEqual(comparable(await validateFile(empty, {inMemoryUpToBytes: 1024})), comparable(await validateFile(empty)));
		const utf16 = await writeTemp(t, 'calls.jsonl', Buffer.from([0xff, 0xfe, 0x7b, 0x00]));
		assert.deepEqual(comparable(await validateFile(utf16, {inMemoryUpToBytes: 1024})), comparable(await validateFile(utf16)));
		const dir = await makeTempDir(t);
		const {mkdir} = await import('node:fs/promises');
		await mkdir(`${dir}/folder.csv`);
		await assert.rejects(validateFile(`${dir}/folder.csv`, {inMemoryUpToBytes: 1024}), (error: unknown) => error instanceof AppError && error.code === 'file-unreadable');
		await assert.rejects(validateFile(`${dir}/missing.csv`, {inMemoryUpToBytes: 1024}), (error: unknown) => error instanceof AppError && error.code === 'file-unreadable' && /does not exist/.test(error.message));
	});
});

describe('bad input never crashes or hangs', () => {
	test('fuzz: random bytes and mutated valid files, CSV and JSONL, split and whole', {timeout: 120_000}, async t => {
		const dir = await makeTempDir(t);
		const next = random(12_345);
		const validCsv = Buffer.from(trickyCalls(random(99), 40));
		const validJsonl = Buffer.from(`${Array.from({length: 40}, () => JSON.stringify(callObject())).join('\n')}\n`);
		const alphabet = Buffer.from('",\n\r\\{}[]:NULL \t\u0000\u00ff'.split('').map(character => character.charCodeAt(0) & 0xff));
		for (let round = 0; round < 150; round++) {
			let bytes: Buffer;
			const kind = round % 3;
			if (kind === 0) {
				bytes = Buffer.alloc(Math.floor(next() * 4000));
				for (let index = 0; index < bytes.length; index++) {
					bytes[index] = next() < 0.5 ? alphabet[Math.floor(next() * alphabet.length)]! : Math.floor(next() * 256);
				}
			} else {
				bytes = Buffer.from(kind === 1 ? validCsv : validJsonl);
				const mutations = 1 + Math.floor(next() * 20);
				for (let mutation = 0; mutation < mutations; mutation++) {
					const at = Math.floor(next() * bytes.length);
					const what = next();
					if (what < 0.5) {
						bytes[at] = alphabet[Math.floor(next() * alphabet.length)]!;
					} else if (what < 0.8) {
						bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(Math.min(bytes.length, at + Math.floor(next() * 50)))]);
					} else {
						bytes = bytes.subarray(0, at);
					}
				}
			}

			for (const extension of ['csv', 'jsonl']) {
				const file = `${dir}/fuzz-${round}.${extension}`;
				const {writeFile} = await import('node:fs/promises');
				await writeFile(file, bytes);
				for (const schema of [undefined, 'calls'] as const) {
					const whole = await validateFile(file, {schema, workers: 1, inThread: true, maxFindings: 30});
					assert.equal(whole.errors.length <= 30 && whole.warnings.length <= 30, true);
					assert.equal(whole.valid, whole.errorCount === 0);
					const split = await validateFile(file, {schema, workers: 3, minParallelBytes: 0, inThread: true, maxFindings: 30});
					assert.deepEqual(comparable(split), comparable(whole), `round ${round} ${extension} schema ${schema}`);
					const inMemory = await validateFile(file, {schema, inMemoryUpToBytes: 1024 * 1024, maxFindings: 30});
					assert.deepEqual(comparable(inMemory), comparable(whole), `round ${round} ${extension} schema ${schema}, read into memory`);
				}
			}
		}
	});

	test('unreadable paths and other extensions are AppErrors, not crashes', async t => {
		const dir = await makeTempDir(t);
		await assert.rejects(validateFile(`${dir}/missing.csv`), (error: unknown) => error instanceof AppError && error.code === 'file-unreadable' && /does not exist/.test(error.message));
		const directory = `${dir}/folder.csv`;
		const {mkdir} = await import('node:fs/promises');
		await mkdir(directory);
		await assert.rejects(validateFile(directory), (error: unknown) => error instanceof AppError && error.code === 'file-unreadable');
		await assert.rejects(validateFile(`${dir}/notes.txt`), (error: unknown) => error instanceof AppError && error.code === 'format-unsupported');
	});

	test('an aborted validation stops, on the thread and in workers', async t => {
		const file = await writeTemp(t, 'calls.csv', `${callsHeader}\n${`${callRow()}\n`.repeat(20_000)}`);
		const controller = new AbortController();
		controller.abort(new Error('stop'));
		await assert.rejects(validateFile(file, {signal: controller.signal}), /stop/);
		const midway = new AbortController();
		const running = validateFile(file, {signal: midway.signal, workers: 2, minParallelBytes: 0});
		midway.abort(new Error('stopped midway'));
		await assert.rejects(running, /stopped midway/);
	});

	test('a file that shrinks while it is read is reported as changed', async t => {
		const file = await writeTemp(t, 'calls.csv', `${callsHeader}\n${`${callRow()}\n`.repeat(50_000)}`);
		const {truncate} = await import('node:fs/promises');
		let truncated = false;
		const report = await validateFile(file, {
			workers: 1,
			minParallelBytes: Number.MAX_SAFE_INTEGER,
			inThread: true,
			onProgress() {
				if (!truncated) {
					truncated = true;
					void truncate(file, 1000);
				}
			},
		});
		assert.ok(truncated);
		assert.equal(report.ruleCounts['file-changed'], 1);
		assert.equal(report.valid, false);
	});

	test('a file whose name disappears mid-read is still read to its end, in workers too', async t => {
		const {unlink} = await import('node:fs/promises');
		for (const inThread of [true, false]) {
			const file = await writeTemp(t, 'calls.csv', `${callsHeader}\n${`${callRow()}\n`.repeat(30_000)}`);
			let removed: Promise<void> | undefined;
			const report = await validateFile(file, {
				workers: 2,
				minParallelBytes: 0,
				inThread,
				onProgress() {
					removed ??= unlink(file);
				},
			});
			await removed;
			assert.equal(report.records, 30_000, `inThread ${inThread}`);
			assert.equal(report.valid, true);
		}
	});

	test('a valid report for a tiny header-and-one-row JSONL via validateText', async t => {
		const report = await validateText(t, 'one.jsonl', `${JSON.stringify(callObject())}\n`);
		assert.equal(report.valid, true);
	});
});
