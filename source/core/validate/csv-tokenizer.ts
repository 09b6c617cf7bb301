import {cellFlags, type CsvCells} from './record-checker.js';

const quote = 0x22;
const lineFeed = 0x0a;
const carriageReturn = 0x0d;
const backslash = 0x5c;

/** The cells of one CSV record as byte offsets into a buffer, reused from record to record. */
export class CsvRecord implements CsvCells {
	buffer: Buffer = Buffer.alloc(0);
	starts = new Int32Array(64);
	ends = new Int32Array(64);
	flags = new Uint8Array(64);
	count = 0;
	/** Line feeds inside the record, its terminator included. */
	newlines = 0;
	/** The record ran to the end of the file inside a quoted value. */
	unclosed = false;

	get isBlank(): boolean {
		return this.count === 1 && this.starts[0] === this.ends[0] && this.flags[0] === 0;
	}

	grow(): void {
		const size = this.starts.length * 2;
		const starts = new Int32Array(size);
		starts.set(this.starts);
		const ends = new Int32Array(size);
		ends.set(this.ends);
		const flags = new Uint8Array(size);
		flags.set(this.flags);
		this.starts = starts;
		this.ends = ends;
		this.flags = flags;
	}
}

/**
 * Reads one CSV record (RFC 4180: quoted cells may hold the delimiter, "" and line breaks;
 * records end with LF or CRLF) starting at `position`, and returns the index just past it.
 * Returns -1 when the record does not end before `limit` and more data may follow
 * (`final` false). Never throws: malformed quoting is flagged on the cell.
 */
export function readCsvRecord(buffer: Buffer, position: number, limit: number, final: boolean, delimiter: number, record: CsvRecord): number {
	record.buffer = buffer;
	record.unclosed = false;
	let count = 0;
	let newlines = 0;
	let index = position;
	for (;;) {
		if (count === record.starts.length) {
			record.grow();
		}

		let flags = 0;
		let start: number;
		let end: number;
		if (index < limit && buffer[index] === quote) {
			flags = cellFlags.quoted;
			index++;
			start = index;
			for (;;) {
				if (index >= limit) {
					if (!final) {
						return -1;
					}

					record.starts[count] = start;
					record.ends[count] = limit;
					record.flags[count] = flags;
					record.count = count + 1;
					record.newlines = newlines;
					record.unclosed = true;
					return limit;
				}

				const code = buffer[index]!;
				if (code === quote) {
					if (index + 1 < limit) {
						if (buffer[index + 1] === quote) {
							flags |= cellFlags.escapedQuotes;
							index += 2;
							continue;
						}
					} else if (!final) {
						return -1;
					}

					break;
				}

				if (code < 0x20 || code === 0x7f) {
					flags |= cellFlags.control;
					if (code === lineFeed) {
						newlines++;
					}
				} else if (code === backslash) {
					flags |= cellFlags.backslash;
				}

				index++;
			}

			end = index;
			index++;
			if (index < limit) {
				const next = buffer[index]!;
				if (next !== delimiter && next !== lineFeed && !(next === carriageReturn && (index + 1 >= limit || buffer[index + 1] === lineFeed))) {
					// Text after the closing quote: the cell runs on to the next delimiter or line end.
					flags |= cellFlags.afterClosingQuote;
					start--;
					while (index < limit) {
						const code = buffer[index]!;
						if (code === delimiter || code === lineFeed || (code === carriageReturn && index + 1 < limit && buffer[index + 1] === lineFeed)) {
							break;
						}

						index++;
					}

					end = index;
				}
			}
		} else {
			start = index;
			while (index < limit) {
				const code = buffer[index]!;
				if (code <= quote || code === delimiter || code === 0x7f || code === backslash) {
					if (code === delimiter || code === lineFeed) {
						break;
					}

					if (code === backslash) {
						flags |= cellFlags.backslash;
						index++;
						continue;
					}

					if (code === carriageReturn) {
						if (index + 1 >= limit) {
							if (!final) {
								return -1;
							}

							break;
						}

						if (buffer[index + 1] === lineFeed) {
							break;
						}

						flags |= cellFlags.control;
					} else if (code === quote) {
						flags |= cellFlags.strayQuote;
					} else if (code !== 0x20 && code !== 0x21) {
						flags |= cellFlags.control;
					}
				}

				index++;
			}

			end = index;
		}

		record.starts[count] = start;
		record.ends[count] = end;
		record.flags[count] = flags;
		count++;
		if (index < limit && buffer[index] === delimiter) {
			index++;
			continue;
		}

		if (index < limit && buffer[index] === carriageReturn) {
			index++;
		}

		if (index >= limit) {
			// The data ends inside the record's terminator or right after its last cell.
			if (!final) {
				return -1;
			}

			record.count = count;
			record.newlines = newlines;
			return limit;
		}

		// A line feed (after an optional carriage return) ends the record.
		record.count = count;
		record.newlines = newlines + 1;
		return index + 1;
	}
}

/**
 * Finds the end of a record too large to hold, keeping only the quote state between
 * buffers. Returns the index past the record's terminator, or -1 when `limit` came first.
 */
export class CsvRecordSkipper {
	/** 0 field start, 1 unquoted, 2 inside quotes, 3 just after a quote inside quotes. */
	private state = 0;
	newlines = 0;

	constructor(private readonly delimiter: number) {}

	get insideQuotes(): boolean {
		return this.state === 2;
	}

	skip(buffer: Buffer, position: number, limit: number): number {
		const {delimiter} = this;
		let {state} = this;
		for (let index = position; index < limit; index++) {
			const code = buffer[index]!;
			if (state === 2) {
				if (code === quote) {
					state = 3;
				} else if (code === lineFeed) {
					this.newlines++;
				}

				continue;
			}

			if (code === lineFeed) {
				this.newlines++;
				this.state = 0;
				return index + 1;
			}

			if (code === delimiter) {
				state = 0;
			} else if (code === quote && (state === 0 || state === 3)) {
				state = 2;
			} else {
				state = 1;
			}
		}

		this.state = state;
		return -1;
	}
}
