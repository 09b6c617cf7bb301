import {cellFlags, valueKinds, type CsvCells} from '../validate/record-checker.js';
import type {Schema} from '../validate/schemas.js';
import type {ByteSink} from './byte-sink.js';

const quote = 0x22;
const backslash = 0x5c;
const dot = 0x2e;
const minus = 0x2d;
const zero = 0x30;
const hexDigits = Buffer.from('0123456789abcdef', 'latin1');
const nullBytes = Buffer.from('null', 'latin1');
const trueBytes = Buffer.from('true', 'latin1');
const falseBytes = Buffer.from('false', 'latin1');

/**
 * Writes CSV records as JSON objects, byte for byte: text is copied from the file's own
 * UTF-8 with only `"`, `\` and control characters escaped, numbers keep their digits (so an
 * integer beyond 2^53 is never rounded through a double), and every verdict (null, Bool,
 * number, repaired value) comes from the record checker that `validate` runs.
 */
export class JsonlRecordWriter {
	/** Per written field, in the table's order: its schema index, CSV column and `,"name":` prefix. */
	private readonly fieldIndexes: number[] = [];
	private readonly fieldColumns: number[] = [];
	private readonly prefixes: Buffer[] = [];

	constructor(schema: Schema, columns: readonly number[]) {
		for (const [index, spec] of schema.fields.entries()) {
			const column = columns.indexOf(index);
			if (column < 0) {
				continue;
			}

			this.prefixes.push(Buffer.from(`${this.prefixes.length === 0 ? '{' : ','}${JSON.stringify(spec.name)}:`, 'utf8'));
			this.fieldIndexes.push(index);
			this.fieldColumns.push(column);
		}
	}

	write(sink: ByteSink, cells: CsvCells, kinds: Uint8Array, replacements: ReadonlyArray<string | undefined>): void {
		const {buffer, starts, ends, flags} = cells;
		if (this.prefixes.length === 0) {
			sink.append(Buffer.from('{}\n', 'latin1'));
			return;
		}

		for (let field = 0; field < this.prefixes.length; field++) {
			const index = this.fieldIndexes[field]!;
			const column = this.fieldColumns[field]!;
			sink.append(this.prefixes[field]!);
			switch (kinds[index]) {
				case valueKinds.text: {
					writeString(sink, buffer, starts[column]!, ends[column]!, (flags[column]! & cellFlags.escapedQuotes) !== 0);
					break;
				}

				case valueKinds.number: {
					writeNumber(sink, buffer, starts[column]!, ends[column]!);
					break;
				}

				case valueKinds.true: {
					sink.append(trueBytes);
					break;
				}

				case valueKinds.false: {
					sink.append(falseBytes);
					break;
				}

				case valueKinds.replacedText: {
					const text = Buffer.from(replacements[index]!, 'utf8');
					writeString(sink, text, 0, text.length, false);
					break;
				}

				case valueKinds.replacedNumber: {
					const text = Buffer.from(replacements[index]!, 'latin1');
					writeNumber(sink, text, 0, text.length);
					break;
				}

				default: {
					sink.append(nullBytes);
				}
			}
		}

		sink.reserve(2);
		sink.buffer[sink.length++] = 0x7d; // }
		sink.buffer[sink.length++] = 0x0a;
		sink.maybeFlush();
	}
}

/** The bytes start..end as a JSON string; `pairedQuotes` turns the CSV's "" into one quote. */
export function writeString(sink: ByteSink, source: Uint8Array, start: number, end: number, pairedQuotes: boolean): void {
	// At most 6 bytes per byte (\u00XX), plus the quotes.
	sink.reserve((end - start) * 6 + 2);
	const out = sink.buffer;
	let o = sink.length;
	out[o++] = quote;
	for (let index = start; index < end; index++) {
		const byte = source[index]!;
		if (byte >= 0x20 && byte !== quote && byte !== backslash) {
			out[o++] = byte;
			continue;
		}

		out[o++] = backslash;
		if (byte === quote) {
			out[o++] = quote;
			if (pairedQuotes && source[index + 1] === quote) {
				index++;
			}
		} else if (byte === backslash) {
			out[o++] = backslash;
		} else if (byte === 0x0a) {
			out[o++] = 0x6e; // n
		} else if (byte === 0x0d) {
			out[o++] = 0x72; // r
		} else if (byte === 0x09) {
			out[o++] = 0x74; // t
		} else {
			out[o++] = 0x75; // u
			out[o++] = zero;
			out[o++] = zero;
			out[o++] = hexDigits[byte >> 4]!;
			out[o++] = hexDigits[byte & 0x0f]!;
		}
	}

	out[o++] = quote;
	sink.length = o;
}

/**
 * A plain integer or decimal (optional minus, digits, at most one dot) as a JSON number of
 * exactly the same value: leading zeros go (JSON forbids them), a bare ".5" gains its 0 and
 * a trailing "5." loses its dot; every other digit stays as written.
 */
export function writeNumber(sink: ByteSink, source: Uint8Array, start: number, end: number): void {
	sink.reserve(end - start + 2);
	const out = sink.buffer;
	let o = sink.length;
	let index = start;
	if (source[index] === minus) {
		out[o++] = minus;
		index++;
	}

	let dotAt = index;
	while (dotAt < end && source[dotAt] !== dot) {
		dotAt++;
	}

	while (index < dotAt - 1 && source[index] === zero) {
		index++;
	}

	if (index === dotAt) {
		out[o++] = zero;
	}

	for (; index < dotAt; index++) {
		out[o++] = source[index]!;
	}

	if (dotAt + 1 < end) {
		for (index = dotAt; index < end; index++) {
			out[o++] = source[index]!;
		}
	}

	sink.length = o;
}
