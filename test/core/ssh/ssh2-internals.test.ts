import assert from 'node:assert/strict';
import {readFile, writeFile} from 'node:fs/promises';
import {createRequire} from 'node:module';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import ssh2, {type SFTPWrapper} from 'ssh2';
import {openSftpSession} from '../../../source/core/ssh/sftp-session.js';
import {reliedOnFields} from '../../../source/core/ssh/ssh2-internals.js';
import {startDelayProxy} from '../../helpers/delay-proxy.js';
import {startSftpFixture, suiteCleanup, type SftpFixture} from '../../helpers/sftp-fixture.js';

const require = createRequire(import.meta.url);

function missing(owner: unknown, fields: readonly string[]): string[] {
	return fields.filter(field => (owner as Record<string, unknown>)[field] === undefined);
}

/**
 * source/core/ssh/ssh2-internals.ts reaches into ssh2's private fields. If an ssh2
 * update renames one, these fail with the field's name, before any speed trick silently
 * turns into a no-op (or worse).
 */
describe('the ssh2 private fields we rely on', () => {
	let fixture: SftpFixture;
	const cleanup = suiteCleanup();
	before(async () => {
		fixture = await startSftpFixture(cleanup.context);
	});
	after(async () => cleanup.run());

	test('ssh2 is pinned to an exact version in package.json', async () => {
		const manifest = JSON.parse(await readFile(path.join(import.meta.dirname, '..', '..', '..', 'package.json'), 'utf8')) as {dependencies: Record<string, string>};
		const installed = (require('ssh2/package.json') as {version: string}).version;
		assert.match(manifest.dependencies['ssh2'] ?? '', /^\d+\.\d+\.\d+$/, 'ssh2 must be pinned exactly: ssh2-internals.ts depends on its private fields');
		assert.equal(manifest.dependencies['ssh2'], installed);
	});

	test('a live client, its protocol, channel table and SFTP channel have every field', async t => {
		const client = new ssh2.Client();
		t.after(() => client.end());
		await new Promise<void>((resolve, reject) => {
			client.once('ready', () => resolve());
			client.once('error', reject);
			void readFile(fixture.identity).then(privateKey => client.connect({host: '127.0.0.1', port: fixture.sshd.port, username: fixture.sshd.user, privateKey, hostVerifier: () => true}));
		});
		const sftp = await new Promise<SFTPWrapper>((resolve, reject) => {
			client.sftp((error, channel) => error ? reject(error) : resolve(channel));
		});
		const internals = client as unknown as {_protocol: unknown; _chanMgr: unknown};
		assert.deepEqual(missing(client, reliedOnFields.client), [], 'ssh2 Client lost fields');
		assert.deepEqual(missing(internals._protocol, reliedOnFields.protocol), [], 'ssh2 Protocol lost methods');
		assert.deepEqual(missing(internals._chanMgr, reliedOnFields.channelManager), [], 'ssh2 ChannelManager lost fields');
		// `_waitChanDrain` is set only while a channel waits: look for it in ssh2's code.
		const presentOnChannel = reliedOnFields.sftp.filter(field => field !== '_waitChanDrain');
		assert.deepEqual(missing(sftp, presentOnChannel), [], 'ssh2 SFTP channel lost fields');
		const clientSource = await readFile(require.resolve('ssh2/lib/client.js'), 'utf8');
		assert.ok(clientSource.includes('_waitChanDrain'), 'ssh2 no longer uses _waitChanDrain');
		const outgoing = (sftp as unknown as {outgoing: Record<string, unknown>}).outgoing;
		assert.equal(typeof outgoing['id'], 'number');
		assert.equal(typeof outgoing['packetSize'], 'number');
		assert.equal(typeof (client as unknown as {_remoteVer: unknown})._remoteVer, 'string');
		assert.ok(((sftp as unknown as {_maxReadLen: number})._maxReadLen) > 32_768, 'limits@openssh.com was read');
	});

	test('our session logs in, opens SFTP and lists a folder in 12 round trips or fewer (OpenSSH sftp: 21)', async t => {
		// No delay: the proxy only counts how often the client waited for the server.
		const proxy = await startDelayProxy({targetPort: fixture.sshd.port, oneWayDelayMs: 0});
		t.after(async () => proxy.close());
		const knownHosts = path.join(fixture.dir, 'known_hosts_counted');
		await writeFile(knownHosts, `[127.0.0.1]:${proxy.port} ${fixture.sshd.hostPublicKey}\n`);
		const session = await openSftpSession({host: '127.0.0.1', port: proxy.port, user: fixture.sshd.user, privateKey: await readFile(fixture.identity), knownHostsFile: knownHosts});
		t.after(() => session.close());
		assert.equal(session.serverSoftware.startsWith('OpenSSH'), true);
		const names = (await session.list('.')).map(entry => entry.name).sort();
		assert.deepEqual(names, ['in', 'out']);
		const flights = proxy.connections[0]!.clientFlights;
		// banner, KEX, NEWKEYS+service, signed auth, channel open, subsystem(+INIT on the window), OPENDIR, READDIR x2
		assert.ok(flights <= 11, `the client waited ${flights} times (plus the TCP handshake)`);
		assert.ok(session.maxReadLength > 32_768, 'the server limits arrived after ready');
	});
});
