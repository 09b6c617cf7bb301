import type {FileProfile} from '../validate/profile.js';
import {monthLabel} from '../validate/value-checks.js';

/** ASAPP asks for transcripts over this many months. */
export const wantedMonths = 12;

/**
 * Every month from the first to the last with records, gaps included as 0: what a chart
 * of coverage draws, so a missing month shows as a hole, not as nothing.
 */
export function monthCoverage(profile: FileProfile): Array<{month: string; count: number}> {
	const first = profile.months[0];
	const last = profile.months.at(-1);
	if (!first || !last) {
		return [];
	}

	const keyOf = (label: string) => {
		const [year, month] = label.split('-').map(Number);
		return (year! * 12) + month! - 1;
	};

	const counts = new Map(profile.months.map(entry => [entry.month, entry.count]));
	const series: Array<{month: string; count: number}> = [];
	for (let key = keyOf(first.month); key <= keyOf(last.month); key++) {
		const label = monthLabel(Math.floor(key / 12), (key % 12) + 1);
		series.push({month: label, count: counts.get(label) ?? 0});
	}

	return series;
}
