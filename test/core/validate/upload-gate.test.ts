import assert from 'node:assert/strict';
import {readdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, test} from 'node:test';
import {checkUploadGate, formatGateRefusal} from '../../../source/core/validate/upload-gate.js';
import {runProcess} from '../../helpers/run-process.js';
import {startTestSshd} from '../../helpers/sshd.js';
import {makeTempDir} from '../../helpers/temp-dir.js';
import {callRow, callsHeader} from './helpers.js';

async function sampleFiles(dir: string): Promise<{good: string; bad: string; notes: string; audio: string}> {
	const good = path.join(dir, 'calls ok.csv');
	const bad = path.join(dir, 'calls-bad.csv');
	const notes = path.join(dir, 'agent-notes.csv');
	const audio = path.join(dir, 'call-0001.wav');
	await writeFile(good, `${callsHeader}\n${callRow()}\n`);
	await writeFile(bad, `${callsHeader}\n${callRow()}\n${callRow({call_start: '2020-01-03'})}\n`);
	await writeFile(notes, 'note_id,note\n1,called back\n');
	await writeFile(audio, Buffer.from([0x52, 0x49, 0x46, 0x46]));
	return {good, bad, notes, audio};
}

describe('upload gate', () => {
	test('blocks files with errors, passes valid ones and files outside ASAPP\'s tables, skips other types', async t => {
		const dir = await makeTempDir(t);
		const files = await sampleFiles(dir);
		const result = await checkUploadGate([files.good, files.bad, files.notes, files.audio]);
		assert.deepEqual(result.blocked.map(report => report.path), [files.bad]);
		assert.deepEqual(result.passed, [files.good, files.notes]);
		assert.deepEqual(result.skipped, [files.audio]);

		const message = formatGateRefusal(result.blocked);
		assert.match(message, /^Refusing to upload: 1 file has errors, and nothing was sent\./);
		assert.match(message, /calls-bad\.csv: 1 error; first at line 3: call_start: timestamp is a date without a time/);
		assert.match(message, new RegExp(`asapp-sftp validate ${files.bad.replaceAll('.', '\\.')}`));
		assert.match(message, /--no-validate/);
		assert.match(formatGateRefusal([{...result.blocked[0]!, path: files.good}]), /asapp-sftp validate '.*calls ok\.csv'/);
	});

	test('files with known sizes are checked several at a time; verdicts keep the order given', async t => {
		const dir = await makeTempDir(t);
		const files = await sampleFiles(dir);
		const many: Array<{localPath: string; size: number}> = [];
		for (let index = 0; index < 40; index++) {
			const file = path.join(dir, `calls-${index}.csv`);
			// Every seventh file has an error.
			await writeFile(file, `${callsHeader}\n${callRow(index % 7 === 3 ? {call_start: '2020-01-03'} : {})}\n`);
			many.push({localPath: file, size: (await readFile(file)).length});
		}

		const sized = async (file: string) => ({localPath: file, size: (await readFile(file)).length});
		const result = await checkUploadGate([await sized(files.audio), ...many, files.bad, await sized(files.good)]);
		const expectedBlocked = [...many.filter((_, index) => index % 7 === 3).map(file => file.localPath), files.bad];
		assert.deepEqual(result.blocked.map(report => report.path), expectedBlocked);
		assert.deepEqual(result.passed, [...many.filter((_, index) => index % 7 !== 3).map(file => file.localPath), files.good]);
		assert.deepEqual(result.skipped, [files.audio]);
		await assert.rejects(checkUploadGate([...many, {localPath: path.join(dir, 'missing.jsonl'), size: 10}]), {code: 'file-unreadable'});
	});

	test('against the test sshd: only what the gate passes reaches the server', async t => {
		const dir = await makeTempDir(t);
		const files = await sampleFiles(dir);
		const key = path.join(dir, 'key');
		const made = await runProcess('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
		assert.equal(made.code, 0, made.stderr);
		const sshd = await startTestSshd(t, {authorizedKeys: [await readFile(`${key}.pub`, 'utf8')]});
		const gate = await checkUploadGate([files.good, files.bad, files.audio]);
		// What `put` does with the verdict: send the passed and skipped files, nothing of a blocked one.
		const toSend = [...gate.passed, ...gate.skipped];
		const batch = toSend.map(file => `put "${file}" in/\n`).join('');
		const upload = await runProcess('sftp', [...sshd.clientOptions(key), '-b', '-', `${sshd.user}@127.0.0.1`], {input: batch});
		assert.equal(upload.code, 0, upload.stderr);
		assert.deepEqual((await readdir(path.join(sshd.root, 'in'))).sort(), ['call-0001.wav', 'calls ok.csv']);
		assert.equal(gate.blocked.length, 1);
	});
});
