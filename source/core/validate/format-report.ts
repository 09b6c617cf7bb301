import type {NextAction} from '../errors.js';
import type {FileReport} from './file-report.js';
import type {Finding} from './finding.js';
import {rules, type RuleCode} from './rules.js';
import {exporterLine} from './exporter-fingerprint.js';

export type FormatOptions = {
	/** How many errors to print per file (default 20); warnings get half as many. */
	maxShown?: number;
	/** Words a rule's next action (the face's own: a flag, a key). */
	nextStep?: (next: NextAction) => string;
};

function plural(count: number, word: string): string {
	return `${count.toLocaleString('en-US')} ${word}${count === 1 ? '' : 's'}`;
}

function verdictOf(report: FileReport): string {
	if (!report.valid) {
		return 'INVALID';
	}

	return report.warningCount > 0 ? 'valid, with warnings' : 'valid';
}

function countsLine(report: FileReport, severity: 'error' | 'warning'): string | undefined {
	const entries = (Object.entries(report.ruleCounts) as Array<[RuleCode, number]>)
		.filter(([code]) => rules[code].severity === severity)
		.sort((a, b) => b[1] - a[1]);
	if (entries.length === 0) {
		return undefined;
	}

	return `  ${severity === 'error' ? 'errors:  ' : 'warnings:'} ${entries.map(([code, count]) => `${code} ${count.toLocaleString('en-US')}`).join(', ')}`;
}

/** `file:line field: message (value "...")`, as compilers print, so editors can jump to it. */
export function formatFinding(path: string, finding: Finding): string {
	const where = finding.line === null ? path : `${path}:${finding.line}`;
	const field = finding.field === null ? '' : ` ${finding.field}`;
	const value = finding.value === undefined ? '' : ` (value ${JSON.stringify(finding.value)})`;
	const label = rules[finding.code].severity === 'error' ? 'error' : 'warning';
	return `${where}${field}: ${label}: ${finding.message}${value} [${finding.code}]`;
}

function profileLines(report: FileReport): string[] {
	const {profile} = report;
	const lines: string[] = [];
	const parts = [plural(profile.records, 'record')];
	if (profile.conversations !== null) {
		parts.push(plural(profile.conversations, 'conversation'));
	}

	if (profile.firstTimestamp !== null && profile.lastTimestamp !== null) {
		parts.push(`${profile.timestampField} from ${profile.firstTimestamp.slice(0, 10)} to ${profile.lastTimestamp.slice(0, 10)} (${plural(profile.months.length, 'month')} with records)`);
	}

	lines.push(`  profile: ${parts.join(', ')}`);
	if (profile.senderRoles !== null && Object.keys(profile.senderRoles).length > 0) {
		lines.push(`  sender_role: ${Object.entries(profile.senderRoles).map(([role, count]) => `${role} ${count.toLocaleString('en-US')}`).join(', ')}`);
	}

	return lines;
}

/**
 * The human report of one file: a verdict, the counts per rule, the first findings sorted
 * by line with a hint under the first finding of each rule, then the profile.
 */
export function formatReport(report: FileReport, options: FormatOptions = {}): string {
	const maxErrors = options.maxShown ?? 20;
	const maxWarnings = Math.ceil(maxErrors / 2);
	const kind = `${report.schema ?? 'unknown schema'}, ${report.format.toUpperCase()}`;
	const lines = [`${report.path}: ${verdictOf(report)} (${kind}): ${plural(report.records, 'record')}, ${plural(report.errorCount, 'error')}, ${plural(report.warningCount, 'warning')}`];
	if (report.exporter !== null) {
		lines.push(`  ${exporterLine(report.exporter)}`);
	}
	for (const severity of ['error', 'warning'] as const) {
		const line = countsLine(report, severity);
		if (line !== undefined) {
			lines.push(line);
		}
	}

	const shown = [...report.errors.slice(0, maxErrors), ...report.warnings.slice(0, maxWarnings)]
		.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
	const hinted = new Set<RuleCode>();
	for (const finding of shown) {
		lines.push(`  ${formatFinding(report.path, finding)}`);
		if (!hinted.has(finding.code)) {
			hinted.add(finding.code);
			const {hint, next} = rules[finding.code];
			lines.push(`      hint: ${hint}${next && options.nextStep ? ` ${options.nextStep(next)}` : ''}`);
		}
	}

	const hidden = report.errorCount + report.warningCount - shown.length;
	if (hidden > 0) {
		lines.push(`  ... ${plural(hidden, 'more finding')} not shown; --json lists them${report.findingsCapped ? ' up to its cap (the counts above are exact)' : ''}.`);
	}

	lines.push(...profileLines(report));
	return lines.join('\n');
}
