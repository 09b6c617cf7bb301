import assert from 'node:assert/strict';
import {mkdir, readdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, test} from 'node:test';
import {startSftpFixture} from '../helpers/sftp-fixture.js';
import {callRow, callsHeader} from '../core/validate/helpers.js';

describe('put validates .csv/.jsonl files before anything is sent', () => {
	test('one invalid file stops the whole upload; the message points to validate and --no-validate', async t => {
		const fixture = await startSftpFixture(t);
		const local = path.join(fixture.dir, 'export');
		await mkdir(local);
		await writeFile(path.join(local, 'calls-good.csv'), `${callsHeader}\n${callRow()}\n`);
		await writeFile(path.join(local, 'calls-bad.csv'), `${callsHeader}\n${callRow()}\n${callRow({customer_id: ''})}\n`);
		await writeFile(path.join(local, 'readme.txt'), 'not checked\n');

		const refused = await fixture.cli(['put', '-r', local]);
		assert.equal(refused.code, 1, refused.stderr);
		assert.match(refused.stderr, /Refusing to upload: 1 file has errors, and nothing was sent/);
		assert.match(refused.stderr, /calls-bad\.csv: 1 error; first at line 3: customer_id/);
		assert.match(refused.stderr, /asapp-sftp validate \S*calls-bad\.csv/);
		assert.match(refused.stderr, /--no-validate/);
		assert.deepEqual(await readdir(fixture.serverPath('in')), [], 'nothing of the tree reached the server');

		const forced = await fixture.cli(['put', '-r', '--no-validate', local]);
		assert.equal(forced.code, 0, forced.stderr);
		assert.deepEqual((await readdir(fixture.serverPath('in/export'))).sort(), ['calls-bad.csv', 'calls-good.csv', 'readme.txt']);
		assert.deepEqual(await readFile(fixture.serverPath('in/export/calls-bad.csv')), await readFile(path.join(local, 'calls-bad.csv')));
	});

	test('valid files and files of other types go through the gate and arrive intact', async t => {
		const fixture = await startSftpFixture(t);
		const good = path.join(fixture.dir, 'transcripts.jsonl');
		await writeFile(good, `${JSON.stringify({conversation_externalId: '1', sender_externalId: '2', sender_role: 'agent', text: 'Hello', timestamp: '2022-03-16T18:42:24.488424Z'})}\n`);
		const audio = path.join(fixture.dir, 'call.wav');
		await writeFile(audio, Buffer.from([0x52, 0x49, 0x46, 0x46, 0, 1, 2]));
		const result = await fixture.cli(['put', good, audio]);
		assert.equal(result.code, 0, result.stderr);
		assert.deepEqual(await readFile(fixture.serverPath('in/transcripts.jsonl')), await readFile(good));
		assert.deepEqual(await readFile(fixture.serverPath('in/call.wav')), await readFile(audio));
	});
});
