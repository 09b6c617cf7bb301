import assert from 'node:assert/strict';
import {randomBytes} from 'node:crypto';
import {createRequire} from 'node:module';
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {test} from 'node:test';
import {openSftpSession} from '../../../source/core/ssh/sftp-session.js';
import {usePooledPadding} from '../../../source/core/ssh/pooled-padding.js';
import {runProcess} from '../../helpers/run-process.js';
import {startTestSshd} from '../../helpers/sshd.js';
import {makeTempDir} from '../../helpers/temp-dir.js';

type Cipher = {allocPacket(length: number): Buffer; encrypt(packet: Buffer): void};
type Decipher = {decrypt(data: Buffer, offset: number, length: number): void};
type SshCrypto = {
	CIPHER_INFO: Record<string, unknown>;
	bindingAvailable: boolean;
	createCipher(config: unknown): Cipher;
	createDecipher(config: unknown): Decipher;
};

// ssh2's own packet crypto (an internal module): the patched packets must be ones its
// decipher accepts, byte for byte.
const sshCrypto = createRequire(import.meta.url)('ssh2/lib/protocol/crypto.js') as SshCrypto;

function cipherPair(name: string): {cipher: Cipher; decipher: Decipher; written: Buffer[]; received: Buffer[]} {
	const info = sshCrypto.CIPHER_INFO[name] as {keyLen: number; ivLen: number};
	const key = randomBytes(info.keyLen);
	const iv = info.ivLen > 0 ? randomBytes(info.ivLen) : undefined;
	const written: Buffer[] = [];
	const received: Buffer[] = [];
	const cipher = sshCrypto.createCipher({outbound: {onWrite: (data: Buffer) => written.push(Buffer.from(data)), cipherInfo: info, cipherKey: key, cipherIV: iv, seqno: 0}});
	const decipher = sshCrypto.createDecipher({inbound: {onPayload: (payload: Buffer) => {
		received.push(Buffer.from(payload));
	}, decipherInfo: info, decipherKey: key, decipherIV: iv, seqno: 0}});
	return {cipher, decipher, written, received};
}

for (const name of ['aes128-gcm@openssh.com', 'aes256-gcm@openssh.com', 'chacha20-poly1305@openssh.com']) {
	test(`pooled padding: ${name} packets decrypt to the same payloads with ssh2's decipher`, {skip: !sshCrypto.bindingAvailable && 'ssh2 native binding not built'}, () => {
		const {cipher, decipher, written, received} = cipherPair(name);
		assert.equal(usePooledPadding(cipher), true);
		// Once patched, the class stays patched (a rekey makes a new object of it).
		assert.equal(usePooledPadding(cipher), true);
		const payloads = [...Array.from({length: 70}, (_, length) => randomBytes(length)), randomBytes(32_777), randomBytes(1)];
		const paddings = new Set<string>();
		for (const payload of payloads) {
			const packet = cipher.allocPacket(payload.length);
			const paddingLength = packet[4]!;
			assert.ok(paddingLength >= 4, 'at least 4 bytes of padding');
			paddings.add(packet.subarray(5 + payload.length, 5 + payload.length + paddingLength).toString('hex'));
			payload.copy(packet, 5);
			cipher.encrypt(packet);
		}

		for (const data of written) {
			decipher.decrypt(data, 0, data.length);
		}

		assert.deepEqual(received, payloads);
		// Random padding, not a repeated pattern.
		assert.ok(paddings.size > payloads.length - 3);
	});
}

test('pooled padding leaves a cipher of another packet layout untouched', () => {
	class OtherCipher {
		allocPacket(payloadLength: number): Buffer {
			// Padding to 8-byte blocks with no tag after the packet: not an AEAD layout we know.
			const padding = 8 - ((1 + payloadLength) % 8) + 8;
			const packet = Buffer.alloc(5 + payloadLength + padding);
			packet.writeUInt32BE(1 + payloadLength + padding, 0);
			packet[4] = padding;
			return packet;
		}

		encrypt(): void {
			// Nothing to do for this stand-in.
		}
	}

	const original = OtherCipher.prototype.allocPacket;
	assert.equal(usePooledPadding(new OtherCipher()), false);
	assert.equal(OtherCipher.prototype.allocPacket, original);
	assert.equal(usePooledPadding(undefined), false);
	assert.equal(usePooledPadding({allocPacket: () => Buffer.alloc(0)}), false);
});

test('a session against the test sshd sends with pooled padding, and files arrive intact', async t => {
	const dir = await makeTempDir(t);
	const key = path.join(dir, 'key');
	const made = await runProcess('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
	assert.equal(made.code, 0, made.stderr);
	const sshd = await startTestSshd(t, {authorizedKeys: [await readFile(`${key}.pub`, 'utf8')]});
	const knownHosts = path.join(dir, 'known_hosts');
	await writeFile(knownHosts, `${sshd.knownHostsLine}\n`);
	const session = await openSftpSession({host: sshd.host, port: sshd.port, user: sshd.user, privateKey: await readFile(key), knownHostsFile: knownHosts});
	try {
		assert.equal(session.pooledPadding, sshCrypto.bindingAvailable);
		const data = randomBytes(3 * 1024 * 1024 + 17);
		const handle = await session.openForWrite('in/pooled.bin');
		const writes: Array<Promise<void>> = [];
		for (let offset = 0; offset < data.length; offset += session.maxWriteLength) {
			const length = Math.min(session.maxWriteLength, data.length - offset);
			writes.push(session.write(handle, data, offset, length, offset));
		}

		await Promise.all(writes);
		await session.closeHandle(handle);
		assert.ok((await readFile(path.join(sshd.root, 'in', 'pooled.bin'))).equals(data));
	} finally {
		session.close();
	}
});
