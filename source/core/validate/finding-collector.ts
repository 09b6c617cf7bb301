import type {Finding} from './finding.js';
import {rules, type RuleCode} from './rules.js';

/** What a collector holds; plain data, so it crosses worker boundaries as is. */
export type CollectedFindings = {
	errors: Finding[];
	warnings: Finding[];
	errorCount: number;
	warningCount: number;
	ruleCounts: Partial<Record<RuleCode, number>>;
};

const maxValueLength = 80;

export function shortenValue(value: string): string {
	return value.length > maxValueLength ? `${value.slice(0, maxValueLength - 1)}…` : value;
}

/**
 * Counts every finding exactly and keeps the first `maxFindings` of each severity, so a
 * file with millions of errors costs counters, not memory.
 */
export class FindingCollector {
	readonly data: CollectedFindings = {errors: [], warnings: [], errorCount: 0, warningCount: 0, ruleCounts: {}};
	/** When set, every error is also described here (uncapped), for the conversion's invalid rows; its owner empties it per record. */
	recordErrors: string[] | undefined;

	constructor(private readonly maxFindings: number) {}

	/** True when one more finding of this code would still be listed (lets callers skip building messages). */
	wouldList(code: RuleCode): boolean {
		return rules[code].severity === 'error' ? this.data.errors.length < this.maxFindings : this.data.warnings.length < this.maxFindings;
	}

	/** `hint` replaces the rule's own when the finding knows better (e.g. the encoding it detected). */
	add(code: RuleCode, line: number | null, field: string | null, message: string, value?: string, hint?: string): void {
		const {data} = this;
		data.ruleCounts[code] = (data.ruleCounts[code] ?? 0) + 1;
		const isError = rules[code].severity === 'error';
		if (isError) {
			data.errorCount++;
			this.recordErrors?.push(`${field === null ? '' : `${field}: `}${message}${value === undefined ? '' : ` (value ${JSON.stringify(shortenValue(value))})`} [${code}]`);
		} else {
			data.warningCount++;
		}

		const list = isError ? data.errors : data.warnings;
		if (list.length >= this.maxFindings) {
			return;
		}

		const finding: Finding = {line, field, code, message};
		if (value !== undefined) {
			finding.value = shortenValue(value);
		}

		finding.hint = hint ?? rules[code].hint;
		list.push(finding);
	}

	/** Appends another collector's findings that come later in the file. */
	append(other: CollectedFindings): void {
		const {data} = this;
		data.errorCount += other.errorCount;
		data.warningCount += other.warningCount;
		for (const [code, count] of Object.entries(other.ruleCounts) as Array<[RuleCode, number]>) {
			data.ruleCounts[code] = (data.ruleCounts[code] ?? 0) + count;
		}

		for (const finding of other.errors) {
			if (data.errors.length < this.maxFindings) {
				data.errors.push(finding);
			}
		}

		for (const finding of other.warnings) {
			if (data.warnings.length < this.maxFindings) {
				data.warnings.push(finding);
			}
		}
	}
}

/** Findings of one range carry lines relative to the range; this makes them absolute. */
export function shiftLines(findings: CollectedFindings, offset: number): CollectedFindings {
	const shift = (finding: Finding): Finding => (finding.line === null ? finding : {...finding, line: finding.line + offset});
	return {...findings, errors: findings.errors.map(shift), warnings: findings.warnings.map(shift)};
}
