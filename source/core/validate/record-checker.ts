import type {FindingCollector} from './finding-collector.js';
import type {ProfilePart} from './profile.js';
import type {FieldSpec, Schema} from './schemas.js';
import {canonicalUtcTimestamp, checkBool, isPlainDecimal, isPlainInteger, lastTimestamp, parseUtcTimestamp} from './value-checks.js';
import {crossRecordRulesFor, type CrossRecordRules} from './cross-record-rules.js';
import type {ExporterId} from './exporter-fingerprint.js';
import {addRepair, type CollectedRepairs, type RepairCode} from './repairs.js';

/** Flags the CSV tokenizer sets per cell. */
export const cellFlags = {
	quoted: 1,
	/** Holds "" pairs that stand for one quote each. */
	escapedQuotes: 2,
	/** Holds a raw byte below 0x20 or 0x7f (tab, line break, ...). */
	control: 4,
	/** A quote inside an unquoted cell. */
	strayQuote: 8,
	/** Characters after the closing quote. */
	afterClosingQuote: 16,
	/** Holds a backslash: with none of the flags above, the one byte JSON must escape (the conversion copies other cells as they are). */
	backslash: 32,
} as const;

/**
 * What the checks concluded about each field of the current CSV record, for the conversion
 * to JSON: the same verdicts `validate` reaches, so both read a value one way.
 */
export const valueKinds = {
	/** No column, or a value that failed its check. */
	absent: 0,
	null: 1,
	/** The cell's text, as a JSON string. */
	text: 2,
	/** The cell's digits, as a JSON number. */
	number: 3,
	true: 4,
	false: 5,
	/** `replacements[index]` as a JSON string (a repaired timestamp). */
	replacedText: 6,
	/** `replacements[index]` as a JSON number (a repaired whole number). */
	replacedNumber: 7,
} as const;

/** The repairs a checker may make (convert --fix), and what tells it which are certain. */
export type RepairSettings = {
	repairs: CollectedRepairs;
	/** The tool that wrote the file, when recognised: t/f and 1/0 are Bools only in files of those tools. */
	exporter: ExporterId | undefined;
};

const integerPointZero = /^-?\d+\.0+$/;

function isBackslashN(buffer: Buffer, start: number, end: number): boolean {
	return end - start === 2 && buffer[start] === 0x5c && buffer[start + 1] === 0x4e;
}

export type CsvCells = {
	buffer: Buffer;
	starts: Int32Array;
	ends: Int32Array;
	flags: Uint8Array;
	count: number;
};

function decodeCell(cells: CsvCells, index: number, encoding: 'latin1' | 'utf8'): string {
	const text = cells.buffer.toString(encoding, cells.starts[index], cells.ends[index]);
	return (cells.flags[index]! & cellFlags.escapedQuotes) === 0 ? text : text.replaceAll('""', '"');
}

function isNullBytes(buffer: Buffer, start: number, end: number, exact: boolean): boolean {
	if (end - start !== 4) {
		return false;
	}

	if (exact) {
		return buffer[start] === 78 && buffer[start + 1] === 85 && buffer[start + 2] === 76 && buffer[start + 3] === 76;
	}

	return (buffer[start]! | 0x20) === 110 && (buffer[start + 1]! | 0x20) === 117 && (buffer[start + 2]! | 0x20) === 108 && (buffer[start + 3]! | 0x20) === 108;
}

/**
 * Applies the field rules of one schema to records, one at a time, and feeds the profile.
 * CSV cells arrive as byte offsets and become strings only when a rule needs the text.
 */
export class RecordChecker {
	private readonly fields: readonly FieldSpec[];
	/** Per schema field: the valid timestamp of the current record, or NaN. */
	private readonly timestamps: Float64Array;
	/** Per schema field: 1 when the current record has a non-null value. */
	private readonly present: Uint8Array;
	/** Per schema field: the text of the current record, kept only for fields `keepText` marks. */
	readonly texts: Array<string | undefined>;
	private readonly keepText: Uint8Array;
	private readonly mainTimestampIndex: number;
	private readonly indexByName: Map<string, number>;
	private readonly cross: CrossRecordRules | undefined;
	/** For headerless or header-mapped CSV: the schema field index of each column, -1 for unknown columns. */
	columns: Int32Array = new Int32Array(0);
	/** Per schema field, after a CSV record: a `valueKinds` verdict. */
	readonly kinds: Uint8Array;
	/** Per schema field: the repaired value when `kinds` says replaced. */
	readonly replacements: Array<string | undefined>;
	/** Set to make the certain repairs instead of reporting what they repair. */
	repair: RepairSettings | undefined;

	constructor(
		readonly schema: Schema,
		private readonly findings: FindingCollector,
		private readonly profile: ProfilePart,
	) {
		this.fields = schema.fields;
		const count = this.fields.length;
		this.timestamps = new Float64Array(count);
		this.present = new Uint8Array(count);
		this.texts = Array.from({length: count}, () => undefined);
		this.keepText = new Uint8Array(count);
		this.kinds = new Uint8Array(count);
		this.replacements = Array.from({length: count}, () => undefined);
		this.indexByName = new Map(this.fields.map((spec, index) => [spec.name, index]));
		this.mainTimestampIndex = this.indexOf(schema.mainTimestamp);
		this.cross = crossRecordRulesFor(schema, this, findings, profile);
		for (const name of this.cross?.textFields ?? []) {
			this.keepText[this.indexOf(name)] = 1;
		}
	}

	indexOf(name: string): number {
		const index = this.indexByName.get(name);
		if (index === undefined) {
			throw new Error(`schema ${this.schema.name} has no field ${name}`);
		}

		return index;
	}

	timestampOf(name: string): number {
		return this.timestamps[this.indexOf(name)]!;
	}

	isPresent(name: string): boolean {
		return this.present[this.indexOf(name)] === 1;
	}

	private beginRecord(): void {
		this.timestamps.fill(Number.NaN);
		this.present.fill(0);
		this.texts.fill(undefined);
		this.kinds.fill(0);
	}

	private repaired(code: RepairCode, line: number, spec: FieldSpec, from: string, to: string | undefined): void {
		const entry = to === undefined ? {line, field: spec.name, code, from} : {line, field: spec.name, code, from, to};
		addRepair(this.repair!.repairs, entry);
	}

	private replace(index: number, kind: number, value: string): void {
		this.kinds[index] = kind;
		this.replacements[index] = value;
	}

	private endRecord(line: number): void {
		const {profile} = this;
		profile.records++;
		const main = this.timestamps[this.mainTimestampIndex]!;
		if (!Number.isNaN(main)) {
			const date = new Date(main);
			const key = date.getUTCFullYear() * 12 + date.getUTCMonth();
			profile.monthCounts[key] = (profile.monthCounts[key] ?? 0) + 1;
			if (profile.firstMs === null || main < profile.firstMs) {
				profile.firstMs = main;
			}

			if (profile.lastMs === null || main > profile.lastMs) {
				profile.lastMs = main;
			}
		}

		this.cross?.check(line);
	}

	/**
	 * Checks a value given as text (CSV cell, JSON string) against its field's type and
	 * notes the verdict in `kinds`; with `repair` set, makes the certain repairs instead of
	 * reporting what they repair.
	 */
	private checkText(index: number, spec: FieldSpec, text: string, line: number): void {
		const {findings, repair} = this;
		switch (spec.type) {
			case 'Timestamp': {
				const ms = parseUtcTimestamp(text);
				if (Number.isNaN(ms)) {
					const fixed = repair !== undefined && lastTimestamp.zoneConvertible ? canonicalUtcTimestamp(text) : undefined;
					if (fixed === undefined) {
						findings.add('timestamp-invalid', line, spec.name, `timestamp ${lastTimestamp.problem}`, text);
					} else {
						this.timestamps[index] = parseUtcTimestamp(fixed);
						this.replace(index, valueKinds.replacedText, fixed);
						this.repaired('timestamp-to-utc', line, spec, text, fixed);
					}
				} else {
					this.timestamps[index] = ms;
					this.kinds[index] = valueKinds.text;
					if (lastTimestamp.notCanonical) {
						const fixed = repair === undefined ? undefined : canonicalUtcTimestamp(text);
						if (fixed === undefined) {
							findings.add('timestamp-not-canonical', line, spec.name, 'timestamp accepted, but not in the exact form 2020-01-03T20:02:13Z', text);
						} else {
							this.replace(index, valueKinds.replacedText, fixed);
							this.repaired('timestamp-to-utc', line, spec, text, fixed);
						}
					}
				}

				break;
			}

			case 'Bool': {
				const result = checkBool(text);
				if (result === 1) {
					this.kinds[index] = text === 'true' ? valueKinds.true : valueKinds.false;
				} else if (result === 2) {
					this.kinds[index] = text.toLowerCase() === 'true' ? valueKinds.true : valueKinds.false;
					if (repair === undefined) {
						findings.add('bool-case', line, spec.name, 'accepted as a Bool, but not in lower case', text);
					} else {
						this.repaired('bool-case', line, spec, text, text.toLowerCase());
					}
				} else if (repair?.exporter === 'postgresql' && (text === 't' || text === 'f')) {
					this.kinds[index] = text === 't' ? valueKinds.true : valueKinds.false;
					this.repaired('bool-postgresql', line, spec, text, text === 't' ? 'true' : 'false');
				} else if (repair?.exporter === 'mysql' && (text === '1' || text === '0')) {
					this.kinds[index] = text === '1' ? valueKinds.true : valueKinds.false;
					this.repaired('bool-mysql', line, spec, text, text === '1' ? 'true' : 'false');
				} else {
					findings.add('bool-invalid', line, spec.name, 'not true or false', text);
				}

				break;
			}

			case 'Integer': {
				if (isPlainInteger(text)) {
					this.kinds[index] = valueKinds.number;
				} else if (repair !== undefined && integerPointZero.test(text)) {
					const whole = text.slice(0, text.indexOf('.'));
					this.replace(index, valueKinds.replacedNumber, whole);
					this.repaired('integer-point-zero', line, spec, text, whole);
				} else {
					findings.add('integer-invalid', line, spec.name, 'not a whole number', text);
				}

				break;
			}

			case 'Decimal': {
				if (isPlainDecimal(text)) {
					this.kinds[index] = valueKinds.number;
				} else {
					findings.add('decimal-invalid', line, spec.name, 'not a plain decimal number', text);
				}

				break;
			}

			case 'String': {
				if (spec.enum !== undefined && !spec.enum.includes(text)) {
					findings.add('enum-invalid', line, spec.name, `not one of ${spec.enum.join(', ')}`, text);
				} else {
					this.kinds[index] = valueKinds.text;
				}

				break;
			}
		}
	}

	/** One CSV record; `line` is where it starts. */
	checkCsvRecord(cells: CsvCells, line: number): void {
		const {findings, columns} = this;
		if (cells.count !== columns.length) {
			findings.add('cell-count', line, null, `record has ${cells.count} cell${cells.count === 1 ? '' : 's'}; expected ${columns.length}`);
			this.profile.records++;
			return;
		}

		this.beginRecord();
		const {buffer, starts, ends, flags} = cells;
		for (let column = 0; column < cells.count; column++) {
			const index = columns[column]!;
			if (index < 0) {
				continue;
			}

			const spec = this.fields[index]!;
			const start = starts[column]!;
			const end = ends[column]!;
			const cellFlag = flags[column]!;
			if (cellFlag !== 0) {
				if ((cellFlag & cellFlags.control) !== 0) {
					findings.add('control-character', line, spec.name, 'raw control character (line break, tab or other) in the value', decodeCell(cells, column, 'utf8'));
				}

				if ((cellFlag & cellFlags.strayQuote) !== 0) {
					findings.add('stray-quote', line, spec.name, 'quote inside an unquoted value', decodeCell(cells, column, 'utf8'));
				}

				if ((cellFlag & cellFlags.afterClosingQuote) !== 0) {
					findings.add('invalid-quote', line, spec.name, 'characters after the closing quote', decodeCell(cells, column, 'utf8'));
					continue;
				}
			}

			if (start === end) {
				if (this.repair !== undefined && (cellFlag & cellFlags.quoted) === 0 && !spec.required) {
					this.kinds[index] = valueKinds.null;
					this.repaired('empty-to-null', line, spec, '', undefined);
					continue;
				}

				findings.add('empty-cell', line, spec.name, (cellFlag & cellFlags.quoted) === 0 ? 'empty cell; write NULL for a missing value' : 'empty quoted value ""; write NULL for a missing value');
				continue;
			}

			if (this.repair !== undefined && cellFlag === cellFlags.backslash && isBackslashN(buffer, start, end)) {
				this.kinds[index] = valueKinds.null;
				this.repaired('backslash-n-to-null', line, spec, '\\N', undefined);
				if (spec.required) {
					findings.add('required-missing', line, spec.name, 'required value is NULL (\\N)');
				}

				continue;
			}

			if (end - start === 4 && isNullBytes(buffer, start, end, false)) {
				this.kinds[index] = valueKinds.null;
				if ((cellFlag & cellFlags.quoted) !== 0) {
					findings.add('null-quoted', line, spec.name, 'quoted NULL taken as a missing value');
				} else if (!isNullBytes(buffer, start, end, true)) {
					findings.add('null-spelling', line, spec.name, 'taken as NULL (a missing value)', decodeCell(cells, column, 'utf8'));
				}

				if (spec.required) {
					findings.add('required-missing', line, spec.name, 'required value is NULL');
				}

				continue;
			}

			this.present[index] = 1;
			if (spec.type !== 'String' || spec.enum !== undefined) {
				const text = decodeCell(cells, column, 'latin1');
				const before = findings.data.errorCount;
				this.checkText(index, spec, text, line);
				if (findings.data.errorCount !== before && /[^\x20-\x7e]/.test(text)) {
					// Shown values must read as the file's UTF-8, not as Latin-1.
					this.fixLastValue(decodeCell(cells, column, 'utf8'));
				}
			} else {
				this.kinds[index] = valueKinds.text;
			}

			if (this.keepText[index] === 1) {
				this.texts[index] = decodeCell(cells, column, 'utf8');
			}
		}

		this.endRecord(line);
	}

	private fixLastValue(value: string): void {
		const last = this.findings.data.errors.at(-1);
		if (last?.value !== undefined) {
			last.value = value.length > 80 ? `${value.slice(0, 79)}…` : value;
		}
	}

	/** One JSONL record (a parsed object); `line` is its line. */
	checkJsonRecord(record: Record<string, unknown>, line: number): void {
		const {findings} = this;
		this.beginRecord();
		for (let index = 0; index < this.fields.length; index++) {
			const spec = this.fields[index]!;
			const value = record[spec.name];
			if (value === undefined || value === null) {
				if (spec.required) {
					findings.add('required-missing', line, spec.name, value === null ? 'required value is null' : 'required field is absent');
				}

				continue;
			}

			this.present[index] = 1;
			switch (spec.type) {
				case 'String':
				case 'Timestamp': {
					if (typeof value !== 'string') {
						findings.add('json-wrong-type', line, spec.name, `${jsonTypeName(value)} where a string is expected`, JSON.stringify(value));
						this.present[index] = 0;
						break;
					}

					if (value === '' && spec.required) {
						findings.add('json-empty-string', line, spec.name, 'required value is an empty string');
					}

					this.checkText(index, spec, value, line);
					if (this.keepText[index] === 1) {
						this.texts[index] = value;
					}

					break;
				}

				case 'Bool': {
					if (typeof value !== 'boolean') {
						findings.add('json-wrong-type', line, spec.name, `${jsonTypeName(value)} where true or false is expected`, JSON.stringify(value));
					}

					break;
				}

				case 'Integer': {
					if (typeof value !== 'number') {
						findings.add('json-wrong-type', line, spec.name, `${jsonTypeName(value)} where a number is expected`, JSON.stringify(value));
					} else if (!Number.isInteger(value)) {
						findings.add('integer-invalid', line, spec.name, 'not a whole number', String(value));
					}

					break;
				}

				case 'Decimal': {
					if (typeof value !== 'number') {
						findings.add('json-wrong-type', line, spec.name, `${jsonTypeName(value)} where a number is expected`, JSON.stringify(value));
					}

					break;
				}
			}
		}

		for (const key in record) {
			if (!this.indexByName.has(key)) {
				findings.add('json-unknown-key', line, null, `field "${key}" is not in ASAPP's ${this.schema.title} table`, key);
			}
		}

		this.endRecord(line);
	}

	/** Work that needs the whole file, such as the transcripts' 12-month coverage. */
	finish(): void {
		this.cross?.finish();
	}
}

export function jsonTypeName(value: unknown): string {
	if (value === null) {
		return 'null';
	}

	if (Array.isArray(value)) {
		return 'an array';
	}

	switch (typeof value) {
		case 'string': {
			return 'a string';
		}

		case 'number': {
			return 'a number';
		}

		case 'boolean': {
			return 'a boolean';
		}

		default: {
			return 'an object';
		}
	}
}
