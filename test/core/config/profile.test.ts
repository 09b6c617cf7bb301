import assert from 'node:assert/strict';
import {readdir, readFile, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {test} from 'node:test';
import {loadProfile, saveProfile, type SavedProfile} from '../../../source/core/config/profile.js';
import {makeTempDir} from '../../helpers/temp-dir.js';

const profile: SavedProfile = {
	mode: 'asapp',
	marker: 'testcompany',
	host: 'sftp.us-east-1.asapp.com',
	port: 22,
	user: 'sftptestcompany',
	keyPath: '/home/x/.ssh/asapp_sftptestcompany_rsa',
	wizardStep: 'send-key',
};

test('a first run has no profile', async t => {
	const dir = await makeTempDir(t);
	assert.equal(await loadProfile(path.join(dir, 'profile.json')), undefined);
});

test('a saved profile reads back the same, private to the user, with no temporary left', async t => {
	const dir = await makeTempDir(t);
	const file = path.join(dir, 'nested', 'profile.json');
	await saveProfile(profile, file);
	assert.deepEqual(await loadProfile(file), profile);
	assert.equal((await stat(file)).mode & 0o777, 0o600);
	await saveProfile({...profile, wizardStep: 'done', keyPath: undefined}, file);
	assert.deepEqual(await loadProfile(file), {...profile, wizardStep: 'done', keyPath: undefined});
	assert.deepEqual(await readdir(path.dirname(file)), ['profile.json']);
	assert.match(await readFile(file, 'utf8'), /"keyPath": null/);
});

test('a broken profile is refused with its path and what to do', async t => {
	const dir = await makeTempDir(t);
	const file = path.join(dir, 'profile.json');
	for (const [body, why] of [
		['{not json', /not valid JSON/],
		['[]', /not a JSON object/],
		[JSON.stringify({...profile, mode: 'ftp'}), /"mode"/],
		[JSON.stringify({...profile, port: 70_000}), /"port"/],
		[JSON.stringify({...profile, wizardStep: 'later'}), /"wizardStep"/],
		[JSON.stringify({...profile, user: 3}), /"user"/],
	] as const) {
		await writeFile(file, body);
		await assert.rejects(loadProfile(file), (error: Error & {hint?: string}) => {
			assert.match(error.message, why);
			assert.ok(error.message.includes(file));
			assert.match(error.hint ?? '', /Delete/);
			return true;
		});
	}
});
