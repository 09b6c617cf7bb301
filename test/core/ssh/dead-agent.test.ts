import assert from 'node:assert/strict';
import {readFile} from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import {probeAgent} from '../../../source/core/ssh/agent.js';
import {openSftpSession} from '../../../source/core/ssh/sftp-session.js';
import {startSftpFixture, suiteCleanup, type SftpFixture} from '../../helpers/sftp-fixture.js';
import {makeTempDir} from '../../helpers/temp-dir.js';

describe('the core with a dead ssh-agent', () => {
	let fixture: SftpFixture;
	const cleanup = suiteCleanup();
	before(async () => {
		fixture = await startSftpFixture(cleanup.context);
	});
	after(async () => cleanup.run());

	test('probeAgent tells a missing socket and one that hangs up from a working agent', async t => {
		const dir = await makeTempDir(t);
		assert.equal((await probeAgent(path.join(dir, 'missing.sock'))).status, 'dead');
		const socketPath = path.join(dir, 'closing.sock');
		const server = net.createServer(socket => {
			socket.destroy();
		});
		await new Promise<void>(resolve => {
			server.listen(socketPath, resolve);
		});
		t.after(() => server.close());
		const probe = await probeAgent(socketPath);
		assert.equal(probe.status, 'dead');
	});

	test('openSftpSession with only a dead agent rejects once with agent-unavailable; no second error escapes', async t => {
		const dir = await makeTempDir(t);
		const escaped: unknown[] = [];
		const onUncaught = (error: unknown) => escaped.push(error);
		process.on('uncaughtException', onUncaught);
		t.after(() => process.off('uncaughtException', onUncaught));
		await assert.rejects(openSftpSession({
			host: '127.0.0.1', port: fixture.sshd.port, user: fixture.sshd.user, agent: path.join(dir, 'gone.sock'), knownHostsFile: fixture.knownHosts,
		}), (error: Error & {code?: string}) => {
			assert.equal(error.code, 'agent-unavailable', error.message);
			assert.match(error.message, /gone\.sock \(SSH_AUTH_SOCK\) does not answer/);
			return true;
		});
		// ssh2 emits its second error ("All configured authentication methods failed") in the
		// same turn as the first; one more turn of the event loop lets anything left surface.
		await new Promise(resolve => {
			setImmediate(resolve);
		});
		assert.deepEqual(escaped, []);
		// The key file still works as before.
		const session = await openSftpSession({host: '127.0.0.1', port: fixture.sshd.port, user: fixture.sshd.user, privateKey: await readFile(fixture.identity), knownHostsFile: fixture.knownHosts});
		session.close();
	});
});
