import assert from 'node:assert/strict';
import {mkdir, readFile, readdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';
import {callRow, callsHeader} from '../core/validate/helpers.js';
import {runProcess} from '../helpers/run-process.js';
import {startSftpFixture} from '../helpers/sftp-fixture.js';
import {makeTempDir} from '../helpers/temp-dir.js';
import {hasTmux, startInTmux} from '../helpers/tmux.js';

const binary = fileURLToPath(new URL('../../bin/asapp-sftp.js', import.meta.url));

/** The screen shows `pattern` and no pane is still loading its listing. */
function settled(pattern: RegExp): (screen: string) => boolean {
	return screen => pattern.test(screen) && !screen.includes('loading…');
}

function quote(value: string): string {
	return `'${value.replaceAll('\'', '\'\\\'\'')}'`;
}

/** A home of its own for the app, and the shell line that runs it there in a terminal. */
async function appHome(t: Parameters<typeof makeTempDir>[0]) {
	const home = await makeTempDir(t);
	const work = path.join(home, 'work');
	await mkdir(work);
	await writeFile(path.join(work, 'calls.csv'), `${callsHeader}\n${callRow()}\n${callRow()}\n`);
	await writeFile(path.join(work, 'wrong.csv'), 'name,colour\nx,y\n');
	const env = {
		HOME: home,
		XDG_CONFIG_HOME: path.join(home, 'config'),
		XDG_DATA_HOME: path.join(home, 'data'),
		XDG_STATE_HOME: path.join(home, 'state'),
	};
	const assignments = Object.entries(env).map(([name, value]) => `${name}=${quote(value)}`).join(' ');
	// Ink renders only the final frame when it detects CI, so CI is unset: this must be the interactive app.
	const commandLine = (args: string[] = []) => `cd ${quote(work)} && env -u CI -u NO_COLOR -u SSH_AUTH_SOCK ${assignments} ${quote(process.execPath)} ${quote(binary)} ${args.map(quote).join(' ')}; echo "EXITED $?"; sleep 60`;
	return {home, work, env, commandLine};
}

test('end to end in a real terminal: practice server, new key, verified upload, refused file, download, quit', {skip: hasTmux() ? false : 'tmux is not installed', timeout: 300_000}, async t => {
	const {home, work, env, commandLine} = await appHome(t);
	const terminal = startInTmux(t, commandLine());

	await terminal.waitFor('Where do you want to start?');
	terminal.send('j', 'Enter');
	await terminal.waitFor('User name: sftppractice');
	terminal.send('Enter');
	await terminal.waitFor('Create a new key');
	terminal.send('Enter');
	await terminal.waitFor('Where should the new key go?');
	terminal.send('Enter');
	await terminal.waitFor('Passphrase:');
	terminal.send('Enter');
	const made = await terminal.waitFor('Your new key is ready', 60_000);
	assert.match(made, /RSA, 4096 bits/);
	assert.ok(made.includes(path.join(home, '.ssh', 'asapp_sftppractice_rsa')));
	terminal.send('Enter');
	await terminal.waitFor('Press Enter to go on.');
	// Copied from the screen, the public key is one whole line that ssh-keygen reads.
	const line = /^ssh-rsa AAAA\S+ sftppractice$/m.exec(terminal.joinedScreen())?.[0];
	assert.ok(line, `one unbroken key line:\n${terminal.joinedScreen()}`);
	const copied = path.join(home, 'copied.pub');
	await writeFile(copied, `${line}\n`);
	const fingerprint = await runProcess('ssh-keygen', ['-l', '-f', copied]);
	assert.equal(fingerprint.code, 0, fingerprint.stderr);
	assert.match(fingerprint.stdout, /^4096 SHA256:\S+ sftppractice \(RSA\)/);
	terminal.send('Enter');
	const trust = await terminal.waitFor('Trust this server? y/n');
	assert.match(trust, /This is the practice server's own key/);
	assert.match(trust, /SHA256:[A-Za-z0-9+/]{43}/);
	terminal.send('y');
	// Both listings in, the cursor on in/ of the remote pane.
	const browser = await terminal.waitFor(settled(/┃ › in\/ +files for ASAPP/));
	assert.match(browser, /sftppractice@127\.0\.0\.1:\d+/);
	assert.match(browser, /out\/ +files from ASAPP/);

	// Into in/, then the local pane: calls.csv is under the cursor.
	terminal.send('Enter');
	await terminal.waitFor(settled(/Remote: \/in /));
	terminal.send('Tab', 'u');
	const uploaded = await terminal.waitFor('Transfer finished', 60_000);
	assert.match(uploaded, /✔ calls\.csv .* arrived, size verified/);
	assert.match(uploaded, /1 of 1 file arrived on the server, 1 size-verified/);
	terminal.send('Enter');
	await terminal.waitFor(settled(/┃ › calls\.csv .*│ +calls\.csv +\d+ B │/));

	terminal.send('j', 'u');
	const refused = await terminal.waitFor('Check results', 60_000);
	assert.match(refused, /✘ not uploaded .*wrong\.csv/);
	assert.match(refused, /Error: /);
	terminal.send('Enter');
	await terminal.waitFor('Nothing uploaded: 1 file has errors');

	// Back to the remote root (the cursor comes back to in/), into out/, download the sample.
	terminal.send('Tab', 'BSpace');
	await terminal.waitFor(settled(/┃ › in\/ +files for ASAPP/));
	terminal.send('j', 'Enter');
	const out = await terminal.waitFor(settled(/Remote: \/out [^]*┃ › sample[\w.-]*\.csv/));
	const sample = /(sample[\w.-]*\.csv)/.exec(out)?.[1];
	assert.ok(sample, `a sample file in out/:\n${out}`);
	terminal.send('d');
	await terminal.waitFor('1 of 1 file downloaded, 1 size-verified', 60_000);
	terminal.send('Enter');
	await terminal.waitFor(settled(new RegExp(`${sample.replaceAll('.', '\\.')} +\\d+ B │`)));
	terminal.send('q');
	await terminal.waitFor('EXITED 0');

	const root = path.join(env.XDG_DATA_HOME, 'asapp-sftp', 'sandbox', 'root');
	assert.deepEqual(await readdir(path.join(root, 'in')), ['calls.csv']);
	assert.equal(await readFile(path.join(root, 'in', 'calls.csv'), 'utf8'), await readFile(path.join(work, 'calls.csv'), 'utf8'));
	assert.equal(await readFile(path.join(work, sample), 'utf8'), await readFile(path.join(root, 'out', sample), 'utf8'));
	const profile = JSON.parse(await readFile(path.join(env.XDG_CONFIG_HOME, 'asapp-sftp', 'profile.json'), 'utf8')) as {mode: string; wizardStep: string};
	assert.equal(profile.mode, 'sandbox');
	assert.equal(profile.wizardStep, 'done');
});

test('end to end against a real OpenSSH sshd opened with --host: trust its key, upload, quit', {skip: hasTmux() ? false : 'tmux is not installed', timeout: 300_000}, async t => {
	const fixture = await startSftpFixture(t);
	const {work, env, commandLine} = await appHome(t);
	const knownHosts = path.join(work, '..', 'known_hosts');
	const terminal = startInTmux(t, commandLine([
		'--host', '127.0.0.1', '--port', String(fixture.sshd.port), '--user', fixture.sshd.user,
		'--identity', fixture.identity, '--known-hosts', knownHosts,
	]));

	// No wizard: the flags answered it. The host key is new to this known_hosts file.
	const trust = await terminal.waitFor('Trust this server? y/n', 60_000);
	assert.match(trust, new RegExp(`Connect to 127\\.0\\.0\\.1:${fixture.sshd.port}`));
	assert.match(trust, /SHA256:[A-Za-z0-9+/]{43}/);
	terminal.send('y');
	const browser = await terminal.waitFor(settled(/┃ › in\/ /), 60_000);
	assert.ok(browser.includes(`${fixture.sshd.user}@127.0.0.1:${fixture.sshd.port}`), browser);

	terminal.send('Enter');
	await terminal.waitFor(settled(/Remote: \/\S*\/in /));
	terminal.send('Tab', 'u');
	const uploaded = await terminal.waitFor('Transfer finished', 60_000);
	assert.match(uploaded, /1 of 1 file arrived on the server, 1 size-verified/);
	terminal.send('Enter', 'q');
	await terminal.waitFor('EXITED 0');

	assert.equal(await readFile(fixture.serverPath('in/calls.csv'), 'utf8'), await readFile(path.join(work, 'calls.csv'), 'utf8'));
	assert.match(await readFile(knownHosts, 'utf8'), new RegExp(`^\\[127\\.0\\.0\\.1\\]:${fixture.sshd.port} ssh-ed25519 `, 'm'));
	const profile = JSON.parse(await readFile(path.join(env.XDG_CONFIG_HOME, 'asapp-sftp', 'profile.json'), 'utf8')) as {host: string; port: number; user: string};
	assert.deepEqual({host: profile.host, port: profile.port, user: profile.user}, {host: '127.0.0.1', port: fixture.sshd.port, user: fixture.sshd.user});
});

test('Ctrl-C at the host-key question ends the app cleanly with exit code 130; the log has the session and no secret', {skip: hasTmux() ? false : 'tmux is not installed', timeout: 300_000}, async t => {
	const fixture = await startSftpFixture(t);
	const {work, env, commandLine} = await appHome(t);
	const knownHosts = path.join(work, '..', 'known_hosts');
	const terminal = startInTmux(t, commandLine([
		'--host', '127.0.0.1', '--port', String(fixture.sshd.port), '--user', fixture.sshd.user,
		'--identity', fixture.identity, '--known-hosts', knownHosts,
	]));
	await terminal.waitFor('Trust this server? y/n', 60_000);
	terminal.send('C-c');
	const ended = await terminal.waitFor('EXITED 130');
	assert.doesNotMatch(ended, /^\s+at /m, 'no stack trace');
	assert.doesNotMatch(ended, /Error/);
	await assert.rejects(readFile(knownHosts), 'the key was not trusted');
	const log = await readFile(path.join(env.XDG_STATE_HOME, 'asapp-sftp', 'asapp-sftp.log'), 'utf8');
	assert.match(log, /app started: asapp-sftp .*server 127\.0\.0\.1:\d+ from the command line/);
	assert.match(log, /app ended: exit code 130/);
	assert.doesNotMatch(log, /PRIVATE KEY|AAAA/);
});
