import assert from 'node:assert/strict';
import {access, mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {describe, test} from 'node:test';
import {cleanup} from 'ink-testing-library';
import {loadIdentity} from '../../source/core/ssh/identity.js';
import {openSftpSession} from '../../source/core/ssh/sftp-session.js';
import {createLocalFiles} from '../../source/ui/real-local-files.js';
import {RealRemoteSession} from '../../source/ui/real-remote-session.js';
import {startSftpFixture} from '../helpers/sftp-fixture.js';
import {driveApp, keys} from './support/drive.js';
import {keySummary, makeFakeServices} from './support/fake-services.js';

/**
 * The browser against a real OpenSSH sshd, with the real core on both sides: only the
 * wizard's profile and the connect screen's staging are the test's own.
 */
describe('the browser against a real OpenSSH sshd', () => {
	test('asks before replacing a file on the server, writes the receipt, and deletes after asking', async t => {
		const fixture = await startSftpFixture(t);
		const dir = await mkdtemp(path.join(tmpdir(), 'asapp-browser-sshd-'));
		const savedState = process.env['XDG_STATE_HOME'];
		process.env['XDG_STATE_HOME'] = fixture.stateHome;
		t.after(async () => {
			cleanup();
			process.env['XDG_STATE_HOME'] = savedState;
			await rm(dir, {recursive: true, force: true});
		});
		await writeFile(path.join(dir, 'notes.txt'), 'the new notes\n');
		await writeFile(fixture.serverPath('in/notes.txt'), 'old\n');

		const services = makeFakeServices({
			profile: {mode: 'asapp', marker: 'testcompany', host: '127.0.0.1', port: fixture.sshd.port, user: fixture.sshd.user, keyPath: fixture.identity, wizardStep: 'done'},
			keys: {[fixture.identity]: keySummary(fixture.identity)},
			script: {hostKey: 'known'},
		});
		const identity = await loadIdentity(fixture.identity, async () => undefined);
		const open = async () => openSftpSession({host: '127.0.0.1', port: fixture.sshd.port, user: fixture.sshd.user, privateKey: identity.privateKey, knownHostsFile: fixture.knownHosts});
		const sessions: RealRemoteSession[] = [];
		t.after(async () => {
			await Promise.all(sessions.map(async session => session.close()));
		});
		Object.assign(services, {
			local: {...createLocalFiles(), cwd: () => dir},
			async connect() {
				const session = new RealRemoteSession(await open(), open);
				sessions.push(session);
				return session;
			},
		});
		const app = driveApp(services, {}, {columns: 100, rows: 40});
		await app.waitFor(/out\//);
		const run = async (line: string) => {
			await app.waitFor(/\? all keys/);
			await app.press(':');
			await app.waitFor('Enter done');
			await app.type(line);
			await app.press(keys.enter);
		};

		await run('cd in');
		await app.waitFor(/Remote: \S*\/in +/);
		await run('put notes.txt');
		await app.waitFor('notes.txt is already on the server. Replace it?');
		await app.press('n');
		await app.waitFor('Nothing sent: every file is there already and was kept.');
		assert.equal(await readFile(fixture.serverPath('in/notes.txt'), 'utf8'), 'old\n');

		await run('put notes.txt');
		await app.waitFor('Replace it?');
		await app.press('y');
		const finished = await app.waitFor('Transfer finished', 10_000);
		assert.match(finished, /1 of 1 file arrived on the server, 1 size-verified/);
		assert.equal(await readFile(fixture.serverPath('in/notes.txt'), 'utf8'), 'the new notes\n');
		const receipts = path.join(fixture.stateHome, 'asapp-sftp', 'receipts');
		const [receiptName] = await readdir(receipts);
		assert.ok(receiptName, 'a receipt was written');
		assert.match(finished.replaceAll(/\s+/g, ' '), new RegExp(`Receipt: ${path.join(receipts, receiptName!).replaceAll(/[./-]/g, String.raw`\$&`)}`));
		const receipt = JSON.parse(await readFile(path.join(receipts, receiptName!), 'utf8')) as {files: Array<{remotePath: string; outcome: string; sha256: string}>};
		assert.equal(receipt.files[0]?.outcome, 'verified');
		assert.match(receipt.files[0]?.remotePath ?? '', /\/in\/notes\.txt$/);
		await app.press(keys.enter);
		await app.waitFor('Uploaded 1 of 1 file.');

		await app.press('x');
		await app.waitFor('Delete notes.txt from the server?');
		await app.press('y');
		await app.waitFor(/Deleted \S*\/in\/notes\.txt from the server\./);
		await assert.rejects(access(fixture.serverPath('in/notes.txt')));
	});
});
