import assert from 'node:assert/strict';
import {createHash, randomBytes} from 'node:crypto';
import {mkdir, readdir, readFile, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import type {UploadReceipt} from '../../source/core/transfer/upload-receipt.js';
import {startCuttingProxy} from '../helpers/cutting-proxy.js';
import {cliPath, runProcess, type ProcessResult} from '../helpers/run-process.js';
import {shellQuote} from '../../source/commands/support/shell-quote.js';
import {hasTmux, startInTmux} from '../helpers/tmux.js';
import {startSftpFixture, suiteCleanup, type SftpFixture} from '../helpers/sftp-fixture.js';
import {makeTempDir} from '../helpers/temp-dir.js';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** The receipt path `put` printed, and the receipt. */
async function receiptOf(result: ProcessResult): Promise<{file: string; receipt: UploadReceipt}> {
	const file = /^Receipt: (.+)$/m.exec(result.stdout)?.[1];
	assert.ok(file, `no receipt line in: ${result.stdout}${result.stderr}`);
	return {file, receipt: JSON.parse(await readFile(file, 'utf8')) as UploadReceipt};
}

/** OpenSSH sftp as the oracle: the names in a remote folder. */
async function sftpNames(fixture: SftpFixture, folder: string): Promise<string[]> {
	const listed = await runProcess('sftp', ['-b', '-', ...fixture.sshd.clientOptions(fixture.identity), `${fixture.sshd.user}@127.0.0.1`], {input: `ls -1 ${folder}\n`});
	assert.equal(listed.code, 0, listed.stderr);
	return listed.stdout.split('\n').filter(line => line !== '' && !line.startsWith('sftp>')).map(line => path.posix.basename(line.trim()));
}

describe('put never replaces, tells what it left, and keeps a receipt (real sshd)', () => {
	let fixture: SftpFixture;
	const cleanup = suiteCleanup();
	before(async () => {
		fixture = await startSftpFixture(cleanup.context);
	});
	after(async () => cleanup.run());

	test('an existing remote file is named and kept; nothing else is sent; --overwrite replaces it', async t => {
		const local = await makeTempDir(t);
		await mkdir(fixture.serverPath('in/keep'));
		const theirs = randomBytes(3541);
		await writeFile(fixture.serverPath('in/keep/sales.csv'), theirs);
		await writeFile(path.join(local, 'sales.csv'), randomBytes(731));
		await writeFile(path.join(local, 'new.csv'), randomBytes(10));
		const refused = await fixture.cli(['put', '--no-validate', '--to', 'in/keep', path.join(local, 'new.csv'), path.join(local, 'sales.csv')]);
		assert.equal(refused.code, 1, refused.stderr);
		assert.match(refused.stderr, /Refusing to upload: 1 target on the server would be replaced, and nothing was sent/);
		assert.match(refused.stderr, /in\/keep\/sales\.csv exists \(3\.5 KiB\)/);
		assert.match(refused.stderr, /--overwrite/);
		assert.deepEqual(await readFile(fixture.serverPath('in/keep/sales.csv')), theirs);
		assert.deepEqual(await sftpNames(fixture, 'in/keep'), ['sales.csv'], 'new.csv was not sent either');
		const {receipt} = await receiptOf(refused);
		assert.equal(receipt.outcome, 'refused');
		assert.deepEqual(receipt.files.map(file => [path.basename(file.remotePath), file.outcome]), [['new.csv', 'not-sent'], ['sales.csv', 'refused']]);

		// Two local files under one remote name would replace each other within the run.
		await mkdir(path.join(local, 'other'));
		await writeFile(path.join(local, 'other', 'new.csv'), 'x');
		const twice = await fixture.cli(['put', '--no-validate', '--to', 'in/keep', path.join(local, 'new.csv'), path.join(local, 'other', 'new.csv')]);
		assert.equal(twice.code, 1);
		assert.match(twice.stderr, /would both be uploaded as in\/keep\/new\.csv; nothing was sent/);
		assert.deepEqual(await sftpNames(fixture, 'in/keep'), ['sales.csv']);

		const replaced = await fixture.cli(['put', '--no-validate', '--overwrite', '--to', 'in/keep', path.join(local, 'sales.csv')]);
		assert.equal(replaced.code, 0, replaced.stderr);
		assert.match(replaced.stderr, /Replacing in\/keep\/sales\.csv: the existing file/);
		assert.deepEqual(await readFile(fixture.serverPath('in/keep/sales.csv')), await readFile(path.join(local, 'sales.csv')));
	});

	test('the receipt: per file sizes, SHA-256 of the bytes sent, validation and outcome; --receipt never overwrites', async t => {
		const local = await makeTempDir(t);
		const csv = path.join(local, 'calls.csv');
		await writeFile(csv, 'not,a,table\n1,2,3\n');
		const big = path.join(local, 'big.bin');
		const bigData = randomBytes(3 * 1024 * 1024 + 5);
		await writeFile(big, bigData);
		await mkdir(fixture.serverPath('in/receipt'));
		const result = await fixture.cli(['put', '--to', 'in/receipt', csv, big]);
		assert.equal(result.code, 0, result.stderr);
		const {file, receipt} = await receiptOf(result);
		assert.ok(file.startsWith(path.join(fixture.stateHome, 'asapp-sftp', 'receipts')), file);
		assert.equal(receipt.outcome, 'complete');
		assert.deepEqual(receipt.server, {host: '127.0.0.1', port: fixture.sshd.port, user: fixture.sshd.user});
		const [first, second] = receipt.files;
		assert.equal(first?.localPath, csv);
		assert.equal(first?.remotePath, 'in/receipt/calls.csv');
		assert.equal(first?.validation.verdict, 'not-a-table');
		assert.equal(second?.bytes, bigData.length);
		assert.equal(second?.verifiedRemoteSize, bigData.length);
		assert.equal(second?.sha256, sha256(bigData));
		assert.equal(second?.sha256, sha256(await readFile(fixture.serverPath('in/receipt/big.bin'))), 'the digest is of what the server holds');
		assert.equal(first?.sha256, sha256(await readFile(csv)));
		assert.equal(second?.validation.verdict, 'not-checked');
		assert.equal(second?.outcome, 'verified');
		assert.ok(Date.parse(second!.startedAt!) <= Date.parse(second!.endedAt!));

		const unreachable = await fixture.cli(['put', '--to', 'in/receipt', big], {port: 1});
		assert.equal(unreachable.code, 1);
		const failed = await receiptOf(unreachable);
		assert.equal(failed.receipt.outcome, 'incomplete');
		assert.equal(failed.receipt.stoppedBy?.code, 'connection-refused');
		assert.deepEqual(failed.receipt.files.map(entry => [entry.outcome, entry.sha256]), [['not-sent', null]]);
		assert.notEqual(failed.file, file, 'a new receipt, the old one kept');

		const chosen = path.join(local, 'hand-off.json');
		await writeFile(chosen, 'keep me');
		const refused = await fixture.cli(['put', '--receipt', chosen, '--to', 'in/receipt', path.join(local, 'big.bin')]);
		assert.equal(refused.code, 1);
		assert.match(refused.stderr, /hand-off\.json already exists; nothing was sent/);
		assert.equal(await readFile(chosen, 'utf8'), 'keep me');

		await writeFile(path.join(local, 'other.bin'), 'x');
		const own = path.join(local, 'receipts', 'run.json');
		await mkdir(path.dirname(own));
		const named = await fixture.cli(['put', '--receipt', own, '--to', 'in/receipt', path.join(local, 'other.bin')]);
		assert.equal(named.code, 0, named.stderr);
		assert.equal((await receiptOf(named)).file, own);
	});

	test('a local name with a newline or other control character is refused by name; nothing is sent', async t => {
		const local = await makeTempDir(t);
		const bad = path.join(local, 'bad\nname.csv');
		await writeFile(bad, 'x\n');
		await writeFile(path.join(local, 'fine.csv'), 'x\n');
		const result = await fixture.cli(['put', '--no-validate', bad, path.join(local, 'fine.csv')]);
		assert.equal(result.code, 1);
		assert.match(result.stderr, /Refusing to upload a file whose name .*"[^"]*bad\\x0aname\.csv" \(it contains control characters\)/);
		const tree = path.join(local, 'tree');
		await mkdir(path.join(tree, 'sub'), {recursive: true});
		await writeFile(path.join(tree, 'sub', 'del\u007F.csv'), 'x\n');
		await writeFile(path.join(tree, 'sub', 'c1\u0085.csv'), 'x\n');
		await writeFile(path.join(tree, 'ok.csv'), 'x\n');
		const recursive = await fixture.cli(['put', '-r', '--no-validate', tree]);
		assert.equal(recursive.code, 1);
		assert.match(recursive.stderr, /2 files whose names/);
		assert.match(recursive.stderr, /del\\x7f\.csv/);
		assert.match(recursive.stderr, /c1\\x85\.csv/);
		const names = await sftpNames(fixture, 'in');
		assert.ok(!names.includes('fine.csv') && !names.includes('tree'), names.join(', '));
	});

	test('rm removes files (asks unless --yes), refuses folders; rmdir takes only empty folders', async t => {
		await mkdir(fixture.serverPath('in/clean/full'), {recursive: true});
		await mkdir(fixture.serverPath('in/clean/empty'));
		await writeFile(fixture.serverPath('in/clean/wrong.csv'), 'oops\n');
		await writeFile(fixture.serverPath('in/clean/full/x.csv'), 'x\n');
		const notAsked = await fixture.cli(['rm', 'in/clean/wrong.csv']);
		assert.equal(notAsked.code, 2);
		assert.match(notAsked.stderr, /not a terminal: pass --yes/);
		assert.ok(await stat(fixture.serverPath('in/clean/wrong.csv')));

		const removed = await fixture.cli(['rm', '--yes', 'in/clean/wrong.csv', 'in/clean/full', 'in/clean/missing.csv']);
		assert.equal(removed.code, 1, 'a folder and a missing file are refused');
		assert.match(removed.stdout, /^removed in\/clean\/wrong\.csv$/m);
		assert.match(removed.stderr, /in\/clean\/full is a folder/);
		assert.match(removed.stderr, /missing\.csv on the server: no such file/);
		assert.deepEqual((await sftpNames(fixture, 'in/clean')).sort(), ['empty', 'full']);

		const rmdir = await fixture.cli(['rmdir', 'in/clean/full', 'in/clean/empty']);
		assert.equal(rmdir.code, 1);
		assert.match(rmdir.stderr, /in\/clean\/full is not empty/);
		assert.match(rmdir.stdout, /^removed in\/clean\/empty\/$/m);
		assert.deepEqual(await sftpNames(fixture, 'in/clean'), ['full']);
		assert.deepEqual(await readdir(fixture.serverPath('in/clean/full')), ['x.csv']);
		void t;
	});

	test('rm on a terminal lists what it will remove and asks; only y removes', {skip: hasTmux() ? false : 'tmux is not installed'}, async t => {
		await writeFile(fixture.serverPath('in/asked.csv'), 'x'.repeat(2048));
		const command = (input: string[]) => ['env', `XDG_STATE_HOME=${fixture.stateHome}`, 'SSH_AUTH_SOCK=', 'NO_COLOR=1', process.execPath, cliPath, ...input].map(shellQuote).join(' ');
		const refused = startInTmux(t, `${command(['rm', 'in/asked.csv', ...fixture.flags()])}; echo "exit=$?"; sleep 60`);
		await refused.waitFor(/in\/asked\.csv \(2\.0 KiB\)\nRemove this file\? This cannot be undone\. \[y\/N\]/);
		await refused.send('n', 'Enter');
		await refused.waitFor(/Nothing was removed\.\nexit=1/);
		assert.ok(await stat(fixture.serverPath('in/asked.csv')));
		const accepted = startInTmux(t, `${command(['rm', 'in/asked.csv', ...fixture.flags()])}; echo "exit=$?"; sleep 60`);
		await accepted.waitFor('[y/N]');
		await accepted.send('y', 'Enter');
		await accepted.waitFor(/removed in\/asked\.csv\nexit=0/);
		assert.ok(!(await sftpNames(fixture, 'in')).includes('asked.csv'));
	});

	test('the server dies mid-upload: retries until --retry-for runs out, then a per-file summary, a journal entry every command mentions, and a rerun that replaces our own partial file', async t => {
		const local = await makeTempDir(t);
		const big = path.join(local, 'big.bin');
		const data = randomBytes(24 * 1024 * 1024);
		await writeFile(big, data);
		await writeFile(path.join(local, 'small.bin'), 'tiny');
		await mkdir(fixture.serverPath('in/died'));
		const proxy = await startCuttingProxy(t, fixture.sshd.port, 6 * 1024 * 1024, 'to-server', {deadAfterCut: true});
		const knownHosts = path.join(local, 'known_hosts');
		await writeFile(knownHosts, `[127.0.0.1]:${proxy.port} ${fixture.sshd.hostPublicKey}\n`);
		const started = Date.now();
		const result = await fixture.cli(['put', '--no-validate', '--parallel', '1', '--retry-for', '3', '--to', 'in/died', big, path.join(local, 'small.bin')], {port: proxy.port, knownHosts});
		assert.equal(result.code, 1, result.stderr);
		assert.ok(Date.now() - started >= 3000, 'it kept trying for the time given');
		assert.ok(proxy.connections >= 3, `retried: ${proxy.connections} connections\n${result.stderr}`);
		assert.match(result.stderr, /Retrying in\/died\/big\.bin from the start \(try 2\)/);
		assert.match(result.stderr, /Upload incomplete: 0 of 2 files arrived and verified/);
		assert.match(result.stderr, /PARTIAL: +partial file left on the server at in\/died\/big\.bin, at least [\d,]+ of 25,165,824 bytes/);
		assert.match(result.stderr, /not sent: +in\/died\/small\.bin/);
		assert.match(result.stderr, /Stopped: /);
		assert.match(result.stderr, /Remove the partial file: asapp-sftp rm --yes .* in\/died\/big\.bin/);
		assert.match(result.stderr, /Send the rest again .*:\n {2}asapp-sftp put --no-validate --to in\/died .*big\.bin .*small\.bin/);
		const onServer = (await stat(fixture.serverPath('in/died/big.bin'))).size;
		assert.ok(onServer > 0 && onServer < data.length, `a partial file is there: ${onServer}`);
		const {receipt} = await receiptOf(result);
		assert.equal(receipt.outcome, 'incomplete');
		assert.deepEqual(receipt.files.map(file => file.outcome), ['partial-left', 'not-sent']);
		assert.equal(receipt.files[0]?.sha256, null);

		// The server is back. Another command on it mentions the remnant, with the command that removes it.
		proxy.revive();
		const viaProxy = {port: proxy.port, knownHosts};
		const listed = await fixture.cli(['ls', 'in/died'], viaProxy);
		assert.equal(listed.code, 0, listed.stderr);
		assert.match(listed.stderr, /Note: an upload of ours to in\/died\/big\.bin \(24 MiB, started .*\) never finished; a partial file may be there\. Remove it: asapp-sftp rm --yes .*in\/died\/big\.bin/);
		for (const args of [['doctor'], ['get', '--to', local, 'in/died/small.bin']]) {
			const other = await fixture.cli(args, viaProxy);
			assert.match(other.stderr, /Note: an upload of ours to in\/died\/big\.bin/, args[0]);
		}

		const journal = path.join(fixture.stateHome, 'asapp-sftp', 'unfinished-uploads');
		assert.equal((await readdir(journal)).length, 1);

		// Someone else's file under that name would be refused; our own partial is replaced without --overwrite.
		await mkdir(path.join(local, 'other'));
		await writeFile(path.join(local, 'other', 'big.bin'), 'another file');
		const notOurs = await fixture.cli(['put', '--no-validate', '--to', 'in/died', path.join(local, 'other', 'big.bin')], viaProxy);
		assert.equal(notOurs.code, 1, 'another local file does not replace our partial');
		assert.match(notOurs.stderr, /in\/died\/big\.bin exists/);
		const resent = await fixture.cli(['put', '--no-validate', '--to', 'in/died', big, path.join(local, 'small.bin')], viaProxy);
		assert.equal(resent.code, 0, resent.stderr);
		assert.match(resent.stderr, /Replacing in\/died\/big\.bin: the partial file an unfinished upload of ours left/);
		assert.deepEqual(await readFile(fixture.serverPath('in/died/big.bin')), data);
		const quiet = await fixture.cli(['ls', 'in/died'], viaProxy);
		assert.doesNotMatch(quiet.stderr, /Note:/);
		assert.deepEqual(await readdir(journal), [], 'the journal is empty once the file is verified');
	});

	test('a remnant the summary names is removed by the rm it suggests, and the journal forgets it', async t => {
		const local = await makeTempDir(t);
		const big = path.join(local, 'gone.bin');
		await writeFile(big, randomBytes(16 * 1024 * 1024));
		const proxy = await startCuttingProxy(t, fixture.sshd.port, 4 * 1024 * 1024, 'to-server', {deadAfterCut: true});
		const knownHosts = path.join(local, 'known_hosts');
		await writeFile(knownHosts, `[127.0.0.1]:${proxy.port} ${fixture.sshd.hostPublicKey}\n`);
		const failed = await fixture.cli(['put', '--no-validate', '--retry-for', '0', big], {port: proxy.port, knownHosts});
		assert.equal(failed.code, 1);
		assert.match(failed.stderr, /partial file left on the server at in\/gone\.bin/);
		proxy.revive();
		const viaProxy = {port: proxy.port, knownHosts};
		const before = await fixture.cli(['mkdir', '-p', 'in'], viaProxy);
		assert.match(before.stderr, /Note: an upload of ours to in\/gone\.bin/);
		const removed = await fixture.cli(['rm', '--yes', 'in/gone.bin'], viaProxy);
		assert.equal(removed.code, 0, removed.stderr);
		assert.doesNotMatch(removed.stderr, /Note:.*gone\.bin/);
		assert.ok(!(await sftpNames(fixture, 'in')).includes('gone.bin'));
		const listed = await fixture.cli(['ls'], viaProxy);
		assert.doesNotMatch(listed.stderr, /gone\.bin/);
	});
});

describe('a server that refuses stat (a write-only account)', () => {
	test('put says the check was refused and sends only with --overwrite; the file then arrives, unverified', async t => {
		const fixture = await startSftpFixture(t, {deniedRequests: ['stat', 'lstat']});
		const local = await makeTempDir(t);
		const file = path.join(local, 'upload.bin');
		await writeFile(file, randomBytes(4000));
		const refused = await fixture.cli(['put', '--no-validate', file]);
		assert.equal(refused.code, 1);
		assert.match(refused.stderr, /in\/upload\.bin: the server refused to say whether it exists \(.*permission denied/);
		assert.match(refused.stderr, /write-only account.*--overwrite/);
		await assert.rejects(stat(fixture.serverPath('in/upload.bin')));

		const sent = await fixture.cli(['put', '--no-validate', '--overwrite', file]);
		assert.equal(sent.code, 0, sent.stderr);
		assert.match(sent.stderr, /refused to report the size of in\/upload\.bin .* sent in full but not verified/);
		assert.deepEqual(await readFile(fixture.serverPath('in/upload.bin')), await readFile(file));
		const {receipt} = await receiptOf(sent);
		assert.equal(receipt.files[0]?.outcome, 'sent-unverified');
	});
});
