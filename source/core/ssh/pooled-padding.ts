import {randomFillSync} from 'node:crypto';

/**
 * ssh2 fills the 4 to 19 padding bytes of every outgoing SSH packet with their own
 * `crypto.randomFillSync` call: about 16,000 calls per 512 MiB at 32 KiB per packet, which
 * measured 160 to 180 ms of a 1 s upload's CPU. Here the padding comes from a pool of random
 * bytes refilled by one randomFillSync per 64 KiB: every byte still comes from the CSPRNG
 * and is used once, so the packets are the same as before, only cheaper to make.
 *
 * This replaces `allocPacket` on the prototype of ssh2's cipher class (an internal). It is
 * only done after checking, for 64 consecutive payload sizes, that our packet layout (length,
 * padding length, total size) is exactly what ssh2's own method produces; any difference, or
 * a cipher object of another shape, leaves ssh2 untouched.
 */

type PacketCipher = {allocPacket(payloadLength: number): Buffer; encrypt(packet: Buffer): void};

const poolBytes = 64 * 1024;
const pool = Buffer.allocUnsafe(poolBytes);
let poolOffset = poolBytes;

function fillRandom(target: Buffer, offset: number, length: number): void {
	if (poolOffset + length > poolBytes) {
		randomFillSync(pool);
		poolOffset = 0;
	}

	pool.copy(target, offset, poolOffset, poolOffset + length);
	poolOffset += length;
}

type Layout = {blockSize: number; trailerBytes: number};

/** SSH's padding rule (RFC 4253 6): at least 4 bytes, and the packet after the length field a multiple of the block size. */
function allocPacket(layout: Layout, payloadLength: number): Buffer {
	const {blockSize, trailerBytes} = layout;
	let packetLength = 4 + 1 + payloadLength;
	let paddingLength = blockSize - ((packetLength - 4) & (blockSize - 1));
	if (paddingLength < 4) {
		paddingLength += blockSize;
	}

	packetLength += paddingLength;
	const packet = Buffer.allocUnsafe(packetLength + trailerBytes);
	packet.writeUInt32BE(packetLength - 4, 0);
	packet[4] = paddingLength;
	fillRandom(packet, 5 + payloadLength, paddingLength);
	return packet;
}

/** The AEAD layouts ssh2 uses: AES-GCM (16-byte blocks) and chacha20-poly1305 (8), each with a 16-byte tag after the packet. */
const candidateLayouts: Layout[] = [{blockSize: 16, trailerBytes: 16}, {blockSize: 8, trailerBytes: 16}];

function layoutMatching(original: (payloadLength: number) => Buffer, self: unknown): Layout | undefined {
	return candidateLayouts.find(layout => {
		for (let payloadLength = 0; payloadLength < 64; payloadLength++) {
			const theirs = original.call(self, payloadLength);
			const ours = allocPacket(layout, payloadLength);
			if (theirs.length !== ours.length || !theirs.subarray(0, 5).equals(ours.subarray(0, 5))) {
				return false;
			}
		}

		return true;
	});
}

const patchedMark = Symbol.for('asapp-sftp.pooled-padding');
/** Cipher classes checked and found different: not checked again. */
const refused = new WeakSet<object>();

function isPacketCipher(value: unknown): value is PacketCipher {
	return typeof value === 'object' && value !== null
		&& typeof (value as Partial<PacketCipher>).allocPacket === 'function'
		&& typeof (value as Partial<PacketCipher>).encrypt === 'function';
}

/**
 * Switches the class of `cipher` (ssh2's current outgoing cipher, `_protocol._cipher`) to
 * pooled padding if its layout is verified. Returns true when pooled padding is in use for it.
 */
export function usePooledPadding(cipher: unknown): boolean {
	if (!isPacketCipher(cipher)) {
		return false;
	}

	const prototype = Object.getPrototypeOf(cipher) as (PacketCipher & Record<symbol, unknown>) | null;
	if (prototype === null || prototype === Object.prototype || !Object.hasOwn(prototype, 'allocPacket')) {
		return false;
	}

	if (prototype[patchedMark] === true) {
		return true;
	}

	if (refused.has(prototype)) {
		return false;
	}

	const original = prototype.allocPacket;
	const layout = layoutMatching(original, cipher);
	if (!layout) {
		refused.add(prototype);
		return false;
	}

	prototype.allocPacket = function (payloadLength: number): Buffer {
		return allocPacket(layout, payloadLength);
	};

	prototype[patchedMark] = true;
	return true;
}
