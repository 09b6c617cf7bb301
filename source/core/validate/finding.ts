import type {RuleCode} from './rules.js';

/**
 * One problem in a file. `line` is the 1-based line where the record starts (header = 1),
 * null for findings about the whole file; `field` is the column from ASAPP's table, null
 * for record- or file-level findings.
 */
export type Finding = {
	line: number | null;
	field: string | null;
	code: RuleCode;
	message: string;
	/** The offending value, shortened to at most 80 characters. */
	value?: string;
	hint?: string;
};
