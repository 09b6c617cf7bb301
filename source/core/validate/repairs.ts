/**
 * The mechanical repairs `convert --fix` makes: only those whose result is certain. Each is
 * counted by code and the first few are listed with their line and field, like findings.
 */
export type RepairCode =
	| 'bom-dropped'
	| 'empty-to-null'
	| 'backslash-n-to-null'
	| 'bool-case'
	| 'bool-postgresql'
	| 'bool-mysql'
	| 'timestamp-to-utc'
	| 'integer-point-zero';

/** What each repair does, in words that fit the CLI and the app. */
export const repairDescriptions: Record<RepairCode, string> = {
	'bom-dropped': 'UTF-8 byte-order mark dropped',
	'empty-to-null': 'empty unquoted cell in an optional field written as null',
	'backslash-n-to-null': 'MySQL\'s \\N written as null',
	'bool-case': 'TRUE / True written as true (FALSE / False as false)',
	'bool-postgresql': 'PostgreSQL\'s t / f written as true / false',
	'bool-mysql': 'MySQL\'s 1 / 0 in a Bool field written as true / false',
	'timestamp-to-utc': 'timestamp written as the same instant in UTC, in the form 2020-01-03T20:02:13Z',
	'integer-point-zero': 'whole number written without its ".0"',
};

export type Repair = {
	line: number | null;
	field: string | null;
	code: RepairCode;
	/** The value as it was and as it is written. */
	from?: string;
	to?: string;
};

/** Repairs of one byte range; plain data, so it crosses worker boundaries. */
export type CollectedRepairs = {
	count: number;
	counts: Partial<Record<RepairCode, number>>;
	/** The first few, in file order. */
	listed: Repair[];
};

/** How many repairs are listed (the counts stay exact). */
export const listedRepairs = 20;

export function emptyRepairs(): CollectedRepairs {
	return {count: 0, counts: {}, listed: []};
}

export function addRepair(repairs: CollectedRepairs, repair: Repair): void {
	repairs.count++;
	repairs.counts[repair.code] = (repairs.counts[repair.code] ?? 0) + 1;
	if (repairs.listed.length < listedRepairs) {
		repairs.listed.push(repair);
	}
}

/** Appends the repairs of a later range whose lines start `lineOffset` lines further on. */
export function appendRepairs(into: CollectedRepairs, later: CollectedRepairs, lineOffset: number): void {
	into.count += later.count;
	for (const [code, count] of Object.entries(later.counts) as Array<[RepairCode, number]>) {
		into.counts[code] = (into.counts[code] ?? 0) + count;
	}

	for (const repair of later.listed) {
		if (into.listed.length >= listedRepairs) {
			break;
		}

		into.listed.push(repair.line === null ? repair : {...repair, line: repair.line + lineOffset});
	}
}
