import {writeSync} from 'node:fs';

const flushAt = 1024 * 1024;

/**
 * Bytes gathered in one growing buffer and written to a descriptor from offset 0 on, in
 * blocks of about 1 MiB. Writes are synchronous: the sink runs in a worker thread, or on the
 * calling thread for small files, and a write of a block from the page cache is short.
 */
export class ByteSink {
	buffer = Buffer.allocUnsafe(2 * flushAt);
	length = 0;
	/** Bytes written to the descriptor so far. */
	written = 0;

	constructor(private readonly fd: number) {}

	/** Makes room for `bytes` more bytes. */
	reserve(bytes: number): void {
		if (this.length + bytes <= this.buffer.length) {
			return;
		}

		this.flush();
		if (bytes > this.buffer.length) {
			this.buffer = Buffer.allocUnsafe(bytes);
		}
	}

	/** Writes the buffer out once it holds a block's worth. */
	maybeFlush(): void {
		if (this.length >= flushAt) {
			this.flush();
		}
	}

	flush(): void {
		let offset = 0;
		while (offset < this.length) {
			offset += writeSync(this.fd, this.buffer, offset, this.length - offset, this.written + offset);
		}

		this.written += this.length;
		this.length = 0;
	}

	append(bytes: Buffer | Uint8Array): void {
		this.reserve(bytes.length);
		this.buffer.set(bytes, this.length);
		this.length += bytes.length;
	}
}
