import {createWriteStream} from 'node:fs';
import {open} from 'node:fs/promises';
import {once} from 'node:events';
import {callsSchema} from '../../source/core/validate/schemas.js';

/** A small deterministic pseudo-random generator, so every run writes the same file. */
function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

const customerTypes = ['Wireless Premier', 'Wireless Basic', 'Home Internet', 'Business', 'Prepaid'];
const intents = ['Power Outage', 'Billing', 'Upgrade', 'Cancel Service', 'Technical Support', 'Payment Arrangement'];
const queues = ['Wireless Sales', 'Billing Support', 'Tech Tier 1', 'Tech Tier 2', 'Retention'];
const dispositions = ['Resolved', 'Unresolved', 'Transferred', 'Referred', 'Change plan'];
const notes = [
	'Customer asked about the new plan, agreed to upgrade after comparing options',
	'"Caller said ""thanks"", issue resolved on first contact"',
	'Explained the charges on the last bill, customer satisfied',
	'NULL',
	'Scheduled a technician visit for next Tuesday morning, confirmed address',
];

function hex(next: () => number, length: number): string {
	let text = '';
	while (text.length < length) {
		text += Math.floor(next() * 0x1_0000_0000).toString(16).padStart(8, '0');
	}

	return text.slice(0, length);
}

function pick<T>(next: () => number, values: readonly T[]): T {
	return values[Math.floor(next() * values.length)]!;
}

/** One record of the calls table, as a CSV line or as a JSON object. */
export function callRecord(next: () => number, index: number): Array<[string, string | number | boolean | null]> {
	const start = Date.UTC(2023, 0, 1) + Math.floor(next() * 365 * 86_400_000);
	const queueWait = Math.floor(next() * 900);
	const handle = 60 + Math.floor(next() * 1800);
	const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
	const transferred = next() < 0.2;
	// One record in a thousand carries a quoted line break, as exports of free-text notes do.
	const note = index % 1000 === 999 ? 'First line of the note\nsecond line of the note' : pick(next, notes);
	return [
		['customer_id', `${hex(next, 8)}-${hex(next, 4)}-${hex(next, 4)}-${hex(next, 4)}-${hex(next, 12)}`],
		['conversation_id', next() < 0.3 ? null : String(21_352_352 + index)],
		['call_start', iso(start)],
		['call_end', iso(start + (queueWait + handle) * 1000)],
		['call_assigned_to_agent', iso(start + queueWait * 1000)],
		['customer_type', pick(next, customerTypes)],
		['survey_offered', next() < 0.5],
		['survey_taken', next() < 0.3],
		['survey_answer', next() < 0.5 ? null : 'Very satisfied'],
		['toll_free_number', '888-929-1467'],
		['ivr_intent', pick(next, intents)],
		['ivr_resolved', next() < 0.1],
		['ivr_abandoned', next() < 0.05],
		['agent_queue_assigned', pick(next, queues)],
		['time_in_queue', queueWait],
		['queue_abandoned', false],
		['call_handle_time', handle],
		['call_wrap_time', Math.floor(next() * 120)],
		['transfer', transferred ? pick(next, queues) : 'NA'],
		['disposition_category', pick(next, dispositions)],
		['disposition_notes', note === 'NULL' ? null : note],
		['transaction_completed', next() < 0.4 ? 'Upgrade Completed, Payment Processed' : null],
		['caller_account_value', Math.round(next() * 50_000) / 100],
	];
}

function csvCell(value: string | number | boolean | null): string {
	if (value === null) {
		return 'NULL';
	}

	const text = String(value);
	if (text.startsWith('"')) {
		return text;
	}

	return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Writes `records` valid calls records as CSV (with a header) or JSONL, flushed to disk. */
export async function generateCalls(path: string, records: number, format: 'csv' | 'jsonl'): Promise<void> {
	const out = createWriteStream(path);
	const next = random(42);
	let batch: string[] = format === 'csv' ? [callsSchema.fields.map(spec => spec.name).join(',')] : [];
	for (let index = 0; index < records; index++) {
		const record = callRecord(next, index);
		if (format === 'csv') {
			batch.push(record.map(([, value]) => csvCell(value)).join(','));
		} else {
			batch.push(JSON.stringify(Object.fromEntries(record.map(([name, value]) => [name, typeof value === 'string' && value.startsWith('"') ? value.slice(1, -1).replaceAll('""', '"') : value]))));
		}

		if (batch.length >= 4096) {
			if (!out.write(`${batch.join('\n')}\n`)) {
				await once(out, 'drain');
			}

			batch = [];
		}
	}

	out.end(batch.length > 0 ? `${batch.join('\n')}\n` : '');
	await once(out, 'finish');
	// Flush to disk now, so write-back does not slow down the first measured pass.
	const handle = await open(path, 'r+');
	await handle.sync();
	await handle.close();
}
