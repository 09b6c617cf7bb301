import type {Finding} from './finding.js';
import type {FileProfile} from './profile.js';
import type {RuleCode} from './rules.js';
import type {FileFormat} from './scan-range.js';
import type {SchemaName} from './schemas.js';
import type {Exporter} from './exporter-fingerprint.js';

/** The result of validating one file; `validate --json` prints these as they are. */
export type FileReport = {
	path: string;
	/** The schema checked against, or null when it could not be told. */
	schema: SchemaName | null;
	format: FileFormat;
	/** No errors (warnings allowed). */
	valid: boolean;
	records: number;
	/** Totals; the lists below may be capped. */
	errorCount: number;
	warningCount: number;
	/** Findings per rule code, exact. */
	ruleCounts: Partial<Record<RuleCode, number>>;
	/** True when `errors` or `warnings` list fewer findings than the counts say. */
	findingsCapped: boolean;
	/** Sorted by line; findings about the whole file (line null) first. */
	errors: Finding[];
	warnings: Finding[];
	profile: FileProfile;
	/** The tool that most likely wrote this CSV, and the export setting that fixes it at the source; null when none is recognised. */
	exporter: Exporter | null;
};
