import {monthLabel} from './value-checks.js';

/** Profile data of one byte range; plain data so it crosses worker boundaries. */
export type ProfilePart = {
	records: number;
	/** Count per month of the main timestamp, keyed by year * 12 + month - 1. */
	monthCounts: Record<number, number>;
	firstMs: number | null;
	lastMs: number | null;
	senderRoles: Record<string, number>;
	conversations: number | null;
};

/** What a file holds, beside its findings. The TUI draws `months` as a chart. */
export type FileProfile = {
	records: number;
	/** Distinct conversations (transcripts only, else null). */
	conversations: number | null;
	/** The field counted per month: call_start, timestamp or transaction_time. */
	timestampField: string | null;
	/** Earliest and latest valid main timestamp, ISO 8601 UTC. */
	firstTimestamp: string | null;
	lastTimestamp: string | null;
	months: Array<{month: string; count: number}>;
	/** Messages per sender_role (transcripts only, else null); values outside the enum count as "other". */
	senderRoles: Record<string, number> | null;
};

export function emptyProfilePart(): ProfilePart {
	return {records: 0, monthCounts: {}, firstMs: null, lastMs: null, senderRoles: {}, conversations: null};
}

export function mergeProfileParts(into: ProfilePart, part: ProfilePart): void {
	into.records += part.records;
	for (const [key, count] of Object.entries(part.monthCounts)) {
		const month = Number(key);
		into.monthCounts[month] = (into.monthCounts[month] ?? 0) + count;
	}

	if (part.firstMs !== null && (into.firstMs === null || part.firstMs < into.firstMs)) {
		into.firstMs = part.firstMs;
	}

	if (part.lastMs !== null && (into.lastMs === null || part.lastMs > into.lastMs)) {
		into.lastMs = part.lastMs;
	}

	for (const [role, count] of Object.entries(part.senderRoles)) {
		into.senderRoles[role] = (into.senderRoles[role] ?? 0) + count;
	}

	if (part.conversations !== null) {
		into.conversations = (into.conversations ?? 0) + part.conversations;
	}
}

/** Whole months from the first to the last timestamp, both included. */
export function monthsSpanned(part: ProfilePart): number {
	const keys = Object.keys(part.monthCounts).map(Number);
	if (keys.length === 0) {
		return 0;
	}

	return Math.max(...keys) - Math.min(...keys) + 1;
}

export function finishProfile(part: ProfilePart, timestampField: string | null, withRoles: boolean): FileProfile {
	const months = Object.entries(part.monthCounts)
		.map(([key, count]) => ({key: Number(key), count}))
		.sort((a, b) => a.key - b.key)
		.map(({key, count}) => ({month: monthLabel(Math.floor(key / 12), (key % 12) + 1), count}));
	return {
		records: part.records,
		conversations: part.conversations,
		timestampField,
		firstTimestamp: part.firstMs === null ? null : new Date(part.firstMs).toISOString(),
		lastTimestamp: part.lastMs === null ? null : new Date(part.lastMs).toISOString(),
		months,
		senderRoles: withRoles ? part.senderRoles : null,
	};
}

