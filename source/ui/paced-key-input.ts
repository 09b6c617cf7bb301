import {Readable} from 'node:stream';

/** The parts of a terminal's input stream that Ink uses. */
type TerminalInput = NodeJS.ReadStream & {setRawMode(mode: boolean): unknown};

// An escape sequence (CSI, SS3, or ESC + character), one control character, or one
// printable character followed by the rest of its run of printable text.
// eslint-disable-next-line no-control-regex -- control characters are what this separates
const piecePattern = /\u001B\[[0-?]*[ -/]*[@-~]|\u001BO.|\u001B[\s\S]|[\u0000-\u001F\u007F]|[^\u0000-\u001F\u007F][^\u0000-\u001F\u007F]*/gu;

/**
 * Splits one terminal read into the pieces a screen should see one at a time: every key
 * that is not text stands alone, and so does the first character of a run of text (it may
 * be a command such as `:` that opens a field); the rest of the run stays whole, so a
 * paste reaches a text field as one piece.
 */
export function splitKeys(chunk: string): string[] {
	const pieces: string[] = [];
	for (const piece of chunk.match(piecePattern) ?? []) {
		const [first = '', ...rest] = [...piece];
		if (first === '\u001B' || rest.length === 0) {
			pieces.push(piece);
		} else {
			pieces.push(first, rest.join(''));
		}
	}

	return pieces;
}

/**
 * Time between the pieces of one read: enough for Ink to commit the screen the previous
 * piece brought up (measured: 16 ms loses keys, 40 ms does not). Keys read separately,
 * as typed or repeated by a held key, are not delayed.
 */
const pieceGapMs = 50;

/**
 * Ink's stdin, with the keys of one terminal read handed over piece by piece. A read can
 * hold several keys (`j` then Enter from a fast typist, a script or tmux); Ink would pass
 * them on as one string that matches no binding, and a screen brought up by the first key
 * listens only once Ink has committed it. Pacing gives each key to the screen that is
 * current when it arrives.
 */
export class PacedKeyInput extends Readable {
	readonly isTTY = true;
	private readonly source: TerminalInput;
	private readonly pending: string[] = [];
	private timer: NodeJS.Timeout | undefined;
	private listening = false;

	constructor(source: TerminalInput) {
		super({objectMode: true, read() {}});
		this.source = source;
	}

	setRawMode(mode: boolean): this {
		this.source.setRawMode(mode);
		return this;
	}

	override setEncoding(): this {
		// Keys are already strings; the source is read as UTF-8.
		return this;
	}

	ref(): this {
		if (!this.listening) {
			this.listening = true;
			this.source.setEncoding('utf8');
			this.source.on('data', this.onData);
		}

		this.source.ref();
		return this;
	}

	unref(): this {
		if (this.listening) {
			this.listening = false;
			this.source.off('data', this.onData);
			this.source.pause();
		}

		this.source.unref();
		return this;
	}

	private readonly onData = (chunk: string | Buffer) => {
		this.pending.push(...splitKeys(String(chunk)));
		this.deliver();
	};

	private deliver(): void {
		if (this.timer !== undefined) {
			return;
		}

		const next = this.pending.shift();
		if (next === undefined) {
			return;
		}

		this.push(next);
		if (this.pending.length === 0) {
			return;
		}

		this.timer = setTimeout(() => {
			this.timer = undefined;
			this.deliver();
		}, pieceGapMs);
	}
}
