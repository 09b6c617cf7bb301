import assert from 'node:assert/strict';
import {mkdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, test} from 'node:test';
import {AppError} from '../../../source/core/app-error.js';
import {planUpload} from '../../../source/core/transfer/local-tree.js';
import type {FileResult, TransferFile} from '../../../source/core/transfer/progress.js';
import {receiptText, validationOf, writeUploadReceipt, type ReceiptInput, type UploadReceipt} from '../../../source/core/transfer/upload-receipt.js';
import {UploadResults} from '../../../source/core/transfer/upload-results.js';
import {checkUploadGate} from '../../../source/core/validate/upload-gate.js';
import {validateFile} from '../../../source/core/validate/validate-file.js';
import {makeTempDir} from '../../helpers/temp-dir.js';

const server = {host: 'sftp.example.com', port: 22, user: 'acme'};
const digest = (seed: number) => seed.toString(16).padStart(2, '0').repeat(32);
const transcript = (id: number) => `${JSON.stringify({conversation_externalId: String(id), sender_externalId: '2', sender_role: 'agent', text: 'Hello', timestamp: '2022-03-16T18:42:24.488424Z'})}\n`;

function fileAt(index: number): TransferFile {
	return {index, localPath: `/data/batch/file-${index}.jsonl`, remotePath: `in/batch/file-${index}.jsonl`, size: 100 + index};
}

/** One file of each way an upload can end. */
function mixedRun(): {input: ReceiptInput; results: FileResult[]} {
	const files = Array.from({length: 7}, (_, index) => fileAt(index));
	const at = (ms: number) => new Date(Date.UTC(2026, 11, 2, 10, 0, 0, ms));
	const results: FileResult[] = [
		{file: files[0]!, status: 'done', verifiedSize: 100, attempts: 1, startedAt: at(1), endedAt: at(2), sha256: digest(1)},
		{file: files[1]!, status: 'done', attempts: 2, startedAt: at(3), endedAt: at(4), sha256: digest(2), unverified: true},
		{file: files[2]!, status: 'failed', attempts: 3, startedAt: at(5), endedAt: at(6), error: new AppError('connection-lost', 'The connection dropped.'), remnant: {remotePath: files[2]!.remotePath, bytesOnServer: 50, exact: false}},
		{file: files[3]!, status: 'failed', attempts: 1, startedAt: at(7), endedAt: at(8), error: new AppError('size-mismatch', 'Sizes differ: "quoted"\nsecond line'), partialRemoved: true},
		{file: files[4]!, status: 'cancelled', attempts: 0, error: new AppError('cancelled', 'Cancelled.')},
	];
	const stored = new UploadResults(files);
	for (const result of results) {
		stored.set(result);
	}

	const input: ReceiptInput = {
		server,
		startedAt: at(0),
		endedAt: at(9),
		files,
		results: stored,
		// File 5 was refused; file 6 never reached the queue.
		refused: new Map([[5, {code: 'remote-file-exists', message: 'Refusing to upload: 1 target exists'}]]),
		validation: file => file.index === 0 ? {verdict: 'valid', schema: 'transcripts', records: 1, errors: 0, warnings: 0} : validationOf(undefined),
		cancelled: false,
		stoppedBy: {code: 'connection-lost', message: 'The server stayed out of reach.'},
	};
	return {input, results};
}

describe('put -r of many files: compact results, a receipt written in pieces', () => {
	test('UploadResults gives back each file\'s result as it was set, arrived ones from typed arrays', () => {
		const {input, results} = mixedRun();
		for (const result of results) {
			assert.deepEqual(input.results.get(result.file.index), result);
		}

		assert.equal(input.results.get(5), undefined);
		const all = [...new UploadResults([fileAt(0), fileAt(1)]).all()];
		assert.deepEqual(all.map(result => [result.file.index, result.status]), [[0, 'skipped'], [1, 'skipped']]);
	});

	test('the receipt text is the receipt as pretty JSON, entry by entry, in the documented format', async t => {
		const {input} = mixedRun();
		const text = [...receiptText(input)].join('');
		const receipt = JSON.parse(text) as UploadReceipt;
		assert.equal(text, `${JSON.stringify(receipt, null, 2)}\n`);
		assert.deepEqual(Object.keys(receipt), ['receipt', 'version', 'tool', 'server', 'startedAt', 'endedAt', 'outcome', 'stoppedBy', 'files']);
		assert.equal(receipt.outcome, 'incomplete');
		assert.deepEqual(receipt.files.map(file => file.outcome), ['verified', 'sent-unverified', 'partial-left', 'partial-removed', 'not-sent', 'refused', 'not-sent']);
		assert.deepEqual(receipt.files[0], {
			localPath: '/data/batch/file-0.jsonl', remotePath: 'in/batch/file-0.jsonl', bytes: 100, sha256: digest(1), verifiedRemoteSize: 100,
			startedAt: '2026-12-02T10:00:00.001Z', endedAt: '2026-12-02T10:00:00.002Z',
			validation: {verdict: 'valid', schema: 'transcripts', records: 1, errors: 0, warnings: 0}, outcome: 'verified',
		});
		assert.deepEqual([receipt.files[2]!.bytesOnServer, receipt.files[2]!.bytesOnServerExact, receipt.files[2]!.error?.code], [50, false, 'connection-lost']);
		assert.equal(receipt.files[3]!.error?.message, 'Sizes differ: "quoted"\nsecond line');
		assert.equal(receipt.files[5]!.error?.code, 'remote-file-exists');

		const empty = [...receiptText({...input, files: [], stoppedBy: undefined})].join('');
		assert.equal(empty, `${JSON.stringify({...JSON.parse(empty) as UploadReceipt, files: []}, null, 2)}\n`);
		assert.equal((JSON.parse(empty) as UploadReceipt).outcome, 'complete');

		const dir = await makeTempDir(t);
		const file = path.join(dir, 'receipt.json');
		assert.equal(await writeUploadReceipt(input, file), file);
		assert.equal(await readFile(file, 'utf8'), text);
		await assert.rejects(writeUploadReceipt(input, file), {code: 'file-exists'});
		const inDefaultFolder = await writeUploadReceipt(input, undefined, {XDG_STATE_HOME: path.join(dir, 'state')});
		const again = await writeUploadReceipt(input, undefined, {XDG_STATE_HOME: path.join(dir, 'state')});
		assert.deepEqual([path.basename(inDefaultFolder), path.basename(again)], ['2026-12-02T10-00-00.009Z.json', '2026-12-02T10-00-00.009Z-2.json']);
		assert.equal(await readFile(again, 'utf8'), text);
	});

	test('a tree of 3,000 files: walked, checked and written into the receipt, each file once, in name order', async t => {
		const dir = await makeTempDir(t);
		const tree = path.join(dir, 'tree');
		const count = 3000;
		for (let folder = 0; folder < 30; folder++) {
			await mkdir(path.join(tree, `folder-${folder}`), {recursive: true});
		}

		for (let index = 0; index < count; index++) {
			// Every 500th file has an error (no timestamp); one file is not a table file.
			const line = index % 500 === 7 ? transcript(index).replace(/,"timestamp":"[^"]+"/, '') : transcript(index);
			await writeFile(path.join(tree, `folder-${index % 30}`, `file-${String(index).padStart(4, '0')}.jsonl`), line);
		}

		await writeFile(path.join(tree, 'notes.txt'), 'not a table');
		// A trailing slash and a doubled one: paths below are still what path.join makes.
		const plan = await planUpload([`${tree}//`], 'in/x/', {recursive: true});
		assert.equal(plan.files.length, count + 1);
		assert.equal(plan.directories.length, 31);
		assert.deepEqual(plan.files.map(file => file.index), plan.files.map((_, index) => index));
		assert.deepEqual(plan.files.slice(0, 2).map(file => [file.localPath, file.remotePath]), [
			[path.join(tree, 'folder-0', 'file-0000.jsonl'), 'in/x/tree/folder-0/file-0000.jsonl'],
			[path.join(tree, 'folder-0', 'file-0030.jsonl'), 'in/x/tree/folder-0/file-0030.jsonl'],
		]);
		assert.equal(plan.files.at(-1)!.remotePath, 'in/x/tree/notes.txt');
		for (const file of plan.files) {
			assert.equal(file.localPath, path.join(tree, path.relative('in/x/tree', file.remotePath)));
		}

		const gate = await checkUploadGate(plan.files);
		assert.equal(gate.blocked.length, 6);
		assert.equal(gate.passed.length, count - 6);
		assert.deepEqual(gate.skipped, [path.join(tree, 'notes.txt')]);

		// As put does after the gate refused: the blocked files are refused, nothing else sent.
		const blocked = new Set(gate.blocked.map(report => report.path));
		const refused = new Map(plan.files.filter(file => blocked.has(file.localPath)).map(file => [file.index, {code: 'validation-failed', message: 'Refusing to upload'}]));
		const results = new UploadResults(plan.files);
		const text = [...receiptText({server, startedAt: new Date(), endedAt: new Date(), files: plan.files, results, refused, validation: file => gate.verdicts.get(file.index), cancelled: false})].join('');
		const receipt = JSON.parse(text) as UploadReceipt;
		assert.equal(receipt.outcome, 'refused');
		assert.equal(receipt.files.length, count + 1);
		const verdicts = new Map<string, number>();
		for (const file of receipt.files) {
			verdicts.set(file.validation.verdict, (verdicts.get(file.validation.verdict) ?? 0) + 1);
		}

		// Each file passes with a warning: one month of transcripts is less than the 12 ASAPP asks for.
		assert.deepEqual(Object.fromEntries(verdicts), {'valid-with-warnings': count - 6, invalid: 6, 'not-checked': 1});
		assert.deepEqual(receipt.files.filter(file => file.outcome === 'refused').map(file => file.localPath).sort(), [...blocked].sort());
		assert.deepEqual(receipt.files[0]!.validation, validationOf(await validateFile(plan.files[0]!.localPath)));
		assert.deepEqual([receipt.files[0]!.validation.schema, receipt.files[0]!.validation.records], ['transcripts', 1]);
	});
});
