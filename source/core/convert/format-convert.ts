import {formatReport} from '../validate/format-report.js';
import {repairDescriptions, type RepairCode} from '../validate/repairs.js';
import type {ConvertResult} from './convert-file.js';

function plural(count: number, word: string): string {
	return `${count.toLocaleString('en-US')} ${word}${count === 1 ? '' : 's'}`;
}

const shownRepairs = 10;

/** What the repairs did: the count per rule, then the first few with line and field. */
export function formatRepairs(result: ConvertResult): string[] {
	const {repairs, path} = result;
	if (repairs.count === 0) {
		return [];
	}

	const counts = (Object.entries(repairs.counts) as Array<[RepairCode, number]>).sort((a, b) => b[1] - a[1]);
	const lines = [`  repairs: ${plural(repairs.count, 'value')}: ${counts.map(([code, count]) => `${code} ${count.toLocaleString('en-US')}`).join(', ')}`];
	const described = new Set<RepairCode>();
	for (const repair of repairs.listed.slice(0, shownRepairs)) {
		const where = repair.line === null ? path : `${path}:${repair.line}`;
		const field = repair.field === null ? '' : ` ${repair.field}`;
		const change = repair.from === undefined ? '' : ` (${JSON.stringify(repair.from)} -> ${repair.to === undefined ? 'null' : JSON.stringify(repair.to)})`;
		lines.push(`  ${where}${field}: repaired${change} [${repair.code}]`);
		if (!described.has(repair.code)) {
			described.add(repair.code);
			lines.push(`      ${repairDescriptions[repair.code]}`);
		}
	}

	if (repairs.count > Math.min(repairs.listed.length, shownRepairs)) {
		lines.push(`  ... ${plural(repairs.count - Math.min(repairs.listed.length, shownRepairs), 'more repair')} not shown.`);
	}

	return lines;
}

/** The outcome in one line: what was written, or why nothing was. */
export function formatOutcome(result: ConvertResult): string {
	const invalid = result.invalidRecords;
	if (result.output !== null) {
		const left = invalid > 0 ? `; ${plural(invalid, 'record')} with errors left out` : '';
		return `Wrote ${result.output}: ${plural(result.written, 'record')} as JSONL${left}.`;
	}

	if (result.refusal === 'record-errors') {
		return `Nothing written: ${plural(invalid, 'record')} ${invalid === 1 ? 'has' : 'have'} errors. Fix them, or convert with --skip-invalid to leave them out${result.invalidRows === null ? ' (--invalid-rows FILE collects them for whoever made the export)' : ''}.`;
	}

	return 'Nothing written: the file as a whole has errors (see above).';
}

/** The human report of one conversion: validate's report, the repairs, the outcome. */
export function formatConvertResult(result: ConvertResult): string {
	const lines = [formatReport(result.report), ...formatRepairs(result), formatOutcome(result)];
	if (result.invalidRows !== null) {
		lines.push(`Wrote the ${plural(result.invalidRows.records, 'failing record')} to ${result.invalidRows.path}, as in the original with an errors column.`);
	}

	return lines.join('\n');
}
