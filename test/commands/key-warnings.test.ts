import assert from 'node:assert/strict';
import {mkdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {keyFitnessForAsapp} from '../../source/core/keys/key-fitness.js';
import {unfitReasonFor} from '../../source/core/keys/inspect-key.js';
import {runProcess} from '../helpers/run-process.js';
import {startSftpFixture, suiteCleanup, type SftpFixture} from '../helpers/sftp-fixture.js';
import {makeTempDir} from '../helpers/temp-dir.js';

describe('a key other than RSA 4096: a warning, and the command goes on', () => {
	let fixture: SftpFixture;
	let dir: string;
	const keys: Record<'ed25519' | 'rsa2048', string> = {ed25519: '', rsa2048: ''};
	const cleanup = suiteCleanup();
	before(async () => {
		fixture = await startSftpFixture(cleanup.context);
		dir = await makeTempDir(cleanup.context);
		keys.ed25519 = path.join(dir, 'ed');
		keys.rsa2048 = path.join(dir, 'rsa2048');
		assert.equal((await runProcess('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keys.ed25519])).code, 0);
		assert.equal((await runProcess('ssh-keygen', ['-q', '-t', 'rsa', '-b', '2048', '-N', '', '-f', keys.rsa2048])).code, 0);
		const authorized = await readFile(fixture.sshd.authorizedKeysFile, 'utf8');
		await fixture.sshd.setAuthorizedKeys([...authorized.trim().split('\n'), await readFile(`${keys.ed25519}.pub`, 'utf8'), await readFile(`${keys.rsa2048}.pub`, 'utf8')]);
	});
	after(async () => cleanup.run());

	test('ls, mkdir, put and get print one line naming the type and size, then work', async () => {
		const local = path.join(dir, 'notes.txt');
		await writeFile(local, 'hello\n');
		for (const [key, what] of [[keys.ed25519, 'an ED25519 key \\(256 bits\\)'], [keys.rsa2048, 'an RSA key \\(2048 bits\\)']] as const) {
			const warning = new RegExp(`^Warning: ${key.replaceAll('/', '\\/')} is ${what}; ASAPP asked for RSA 4096\\. Going on: the server may accept it\\.\\n$`);
			const folder = `in/by-${path.basename(key)}`;
			const downloads = path.join(dir, `downloaded-with-${path.basename(key)}`);
			await mkdir(downloads);
			for (const args of [['ls'], ['mkdir', folder], ['put', '--to', folder, local], ['get', '--to', downloads, `${folder}/notes.txt`]]) {
				const result = await fixture.cli(args, {identity: key});
				assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
				assert.match(result.stderr, warning, args.join(' '));
			}

			assert.equal(await readFile(path.join(downloads, 'notes.txt'), 'utf8'), 'hello\n');
		}
	});

	test('doctor: a warning stage for the key, the other stages pass, exit 0', async () => {
		const result = await fixture.cli(['doctor'], {identity: keys.ed25519});
		assert.equal(result.code, 0, result.stdout + result.stderr);
		const lines = result.stdout.trim().split('\n');
		assert.match(lines[0]!, /^\[!! {2}\] Your key: \S+\/ed: ED25519 256 bits, SHA256:\S+; ASAPP asked for RSA 4096$/);
		assert.match(lines[1]!, /^ {9}fix: The server may accept it, but ASAPP asked for an RSA 4096 key: make one \(asapp-sftp keygen\)/);
		assert.match(result.stdout, /\[ok {2}\] Authentication: logged in/);
		assert.match(result.stderr, /^Warning: \S+\/ed is an ED25519 key \(256 bits\); ASAPP asked for RSA 4096/);
	});

	test('an RSA 4096 key gets no warning', async () => {
		const result = await fixture.cli(['ls']);
		assert.equal(result.code, 0);
		assert.equal(result.stderr, '');
	});

	test('one rule: the wizard refuses exactly the keys the commands warn about, for the same reason', () => {
		for (const key of [{type: 'ssh-rsa', bits: 4096}, {type: 'ssh-rsa', bits: 8192}, {type: 'ssh-rsa', bits: 3072}, {type: 'ssh-ed25519', bits: 256}, {type: 'ecdsa-sha2-nistp256', bits: 256}]) {
			const fitness = keyFitnessForAsapp(key);
			assert.equal(unfitReasonFor(key), fitness.fit ? undefined : fitness.reason);
			assert.equal(fitness.fit, key.type === 'ssh-rsa' && key.bits >= 4096);
		}

		assert.equal(unfitReasonFor({type: 'ecdsa-sha2-nistp256', bits: 256}), 'This is an ECDSA key (256 bits); ASAPP asked for RSA 4096.');
	});
});
