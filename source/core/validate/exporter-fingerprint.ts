import {CsvRecord, readCsvRecord} from './csv-tokenizer.js';
import {cellFlags} from './record-checker.js';
import type {Schema} from './schemas.js';

/**
 * Most CSV exports come from a handful of tools, each with its own habits. Recognising the
 * tool lets the report say once which export setting fixes the file at its source, and lets
 * the repairs treat `t`/`f` or `1`/`0` as Bools only where the tool makes that certain.
 */
export type ExporterId = 'pandas' | 'postgresql' | 'mysql' | 'excel-eu' | 'bigquery';

export type Exporter = {
	tool: ExporterId;
	/** The tool as a person knows it. */
	name: string;
	/** What in the file gave it away. */
	evidence: string[];
	/** The one export setting to change, as written in that tool. */
	setting: string;
	/** A sentence around the setting. */
	advice: string;
};

/** Counts of tell-tale values in a sample of the file's first records. */
type Signals = {
	emptyCells: number;
	backslashN: number;
	boolTitleCase: number;
	boolTF: number;
	boolOneZero: number;
	integerPointZero: number;
	timestampPandas: number;
	timestampShortOffset: number;
	timestampUtcWord: number;
	decimalComma: number;
};

export type HeadTraits = {
	schema: Schema;
	columns: readonly number[];
	delimiter: number;
	bom: boolean;
	crlf: boolean;
};

const sampleRecords = 2000;

const pandasTimestamp = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?\+00:00$/;
const shortOffsetTimestamp = /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d$/;
const utcWordTimestamp = /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d(\.\d+)?)? UTC$/;
const integerPointZero = /^-?\d+\.0+$/;
const decimalComma = /^-?\d*,\d+$/;

function collectSignals(sample: Buffer, final: boolean, traits: HeadTraits): Signals {
	const signals: Signals = {emptyCells: 0, backslashN: 0, boolTitleCase: 0, boolTF: 0, boolOneZero: 0, integerPointZero: 0, timestampPandas: 0, timestampShortOffset: 0, timestampUtcWord: 0, decimalComma: 0};
	const record = new CsvRecord();
	const {fields} = traits.schema;
	let position = 0;
	for (let count = 0; count < sampleRecords && position < sample.length; count++) {
		const next = readCsvRecord(sample, position, sample.length, final, traits.delimiter, record);
		if (next < 0) {
			break;
		}

		position = next;
		for (let column = 0; column < record.count && column < traits.columns.length; column++) {
			const index = traits.columns[column]!;
			if (index < 0) {
				continue;
			}

			const start = record.starts[column]!;
			const end = record.ends[column]!;
			const quoted = (record.flags[column]! & cellFlags.quoted) !== 0;
			if (start === end) {
				signals.emptyCells += quoted ? 0 : 1;
				continue;
			}

			if (end - start > 40) {
				continue;
			}

			const text = sample.toString('latin1', start, end);
			if (text === '\\N' && !quoted) {
				signals.backslashN++;
				continue;
			}

			switch (fields[index]!.type) {
				case 'Bool': {
					if (text === 'True' || text === 'False') {
						signals.boolTitleCase++;
					} else if (text === 't' || text === 'f') {
						signals.boolTF++;
					} else if (text === '1' || text === '0') {
						signals.boolOneZero++;
					}

					break;
				}

				case 'Integer': {
					signals.integerPointZero += integerPointZero.test(text) ? 1 : 0;
					break;
				}

				case 'Decimal': {
					signals.decimalComma += decimalComma.test(text) ? 1 : 0;
					break;
				}

				case 'Timestamp': {
					if (pandasTimestamp.test(text)) {
						signals.timestampPandas++;
					} else if (shortOffsetTimestamp.test(text)) {
						signals.timestampShortOffset++;
					} else if (utcWordTimestamp.test(text)) {
						signals.timestampUtcWord++;
					}

					break;
				}

				case 'String': {
					break;
				}
			}
		}
	}

	return signals;
}

type Candidate = {tool: ExporterId; score: number; evidence: string[]};

// Weights: a tool is named at a score of 2. Signals only one tool writes (\N, " UTC") weigh
// enough alone; t / f, a common spelling elsewhere too, needs a second PostgreSQL habit.

function candidates(signals: Signals, traits: HeadTraits): Candidate[] {
	const tab = traits.delimiter === 0x09;
	const semicolon = traits.delimiter === 0x3b;
	const empty = signals.emptyCells > 0;
	const pick = (pairs: Array<[number, string, number]>): {score: number; evidence: string[]} => {
		const present = pairs.filter(([count]) => count > 0);
		return {score: present.reduce((sum, [, , weight]) => sum + weight, 0), evidence: present.map(([, text]) => text)};
	};

	return [
		{tool: 'mysql', ...pick([[signals.backslashN, '\\N for missing values', 3], [tab ? 1 : 0, 'tabs between values', 1], [signals.boolOneZero, '1 / 0 for Bools', 1]])},
		{tool: 'postgresql', ...pick([[signals.boolTF, 't / f for Bools', 1.5], [signals.timestampShortOffset, 'offsets written +00', 1.5], [empty ? 1 : 0, 'empty cells for missing values', 0.5]])},
		{tool: 'pandas', ...pick([[signals.boolTitleCase, 'True / False for Bools', 2], [signals.integerPointZero, 'whole numbers written 30.0', 2], [signals.timestampPandas, 'timestamps like 2021-03-01 10:00:00+00:00', 2], [empty ? 1 : 0, 'empty cells for missing values', 0.5]])},
		{tool: 'bigquery', ...pick([[signals.timestampUtcWord, 'timestamps ending in " UTC"', 3], [empty ? 1 : 0, 'empty cells for missing values', 0.5]])},
		{tool: 'excel-eu', ...pick([[semicolon ? 1 : 0, '";" between values', 2], [signals.decimalComma, 'decimal commas', 2], [traits.bom ? 1 : 0, 'a byte-order mark', 1], [traits.crlf ? 1 : 0, 'CRLF line ends', 0.5]])},
	];
}

const tools: Record<ExporterId, Pick<Exporter, 'name' | 'setting' | 'advice'>> = {
	pandas: {
		name: 'pandas DataFrame.to_csv',
		setting: 'na_rep=\'NULL\'',
		advice: 'export with to_csv(..., na_rep=\'NULL\') so missing values are written NULL (a whole-number column with gaps keeps 30 rather than 30.0 as dtype Int64)',
	},
	postgresql: {
		name: 'PostgreSQL COPY ... CSV',
		setting: 'NULL \'NULL\'',
		advice: 'export with COPY ... TO ... WITH (FORMAT csv, HEADER, NULL \'NULL\') so missing values are written NULL (Bools still come out as t / f)',
	},
	mysql: {
		name: 'MySQL SELECT ... INTO OUTFILE',
		setting: 'FIELDS TERMINATED BY \',\' OPTIONALLY ENCLOSED BY \'"\'',
		advice: 'export with FIELDS TERMINATED BY \',\' OPTIONALLY ENCLOSED BY \'"\' for commas and quoting; MySQL still writes a missing value as \\N, which a conversion turns into null',
	},
	'excel-eu': {
		name: 'Excel in a European locale',
		setting: 'list separator "," and decimal symbol "."',
		advice: 'in the system\'s region settings set the list separator "," and decimal symbol "." (Windows: Region, Additional settings), then save as "CSV UTF-8 (Comma delimited)"',
	},
	bigquery: {
		name: 'BigQuery CSV export',
		setting: 'FORMAT_TIMESTAMP(\'%Y-%m-%dT%H:%M:%E*SZ\', column)',
		advice: 'select each timestamp as FORMAT_TIMESTAMP(\'%Y-%m-%dT%H:%M:%E*SZ\', column) so it ends in Z rather than " UTC"',
	},
};

/**
 * The tool that most likely wrote a CSV file, judged from its delimiter, byte-order mark,
 * line ends and the values of its first records; undefined when nothing points to one tool.
 */
export function detectExporter(sample: Buffer, final: boolean, traits: HeadTraits): Exporter | undefined {
	const signals = collectSignals(sample, final, traits);
	let best: Candidate | undefined;
	for (const candidate of candidates(signals, traits)) {
		if (candidate.score >= 2 && (best === undefined || candidate.score > best.score)) {
			best = candidate;
		}
	}

	return best === undefined ? undefined : {tool: best.tool, evidence: best.evidence, ...tools[best.tool]};
}

/** One line for the top of a report: the tool, what gave it away, and the setting to change. */
export function exporterLine(exporter: Exporter): string {
	return `looks like ${exporter.name} (${exporter.evidence.join(', ')}): ${exporter.advice}`;
}
