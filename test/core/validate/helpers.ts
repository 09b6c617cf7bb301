import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import type {TestContext} from 'node:test';
import {callsSchema, salesSchema, transcriptsSchema} from '../../../source/core/validate/schemas.js';
import type {FileReport} from '../../../source/core/validate/file-report.js';
import {validateFile, type ValidateOptions} from '../../../source/core/validate/validate-file.js';
import {makeTempDir} from '../../helpers/temp-dir.js';

export const callsHeader = callsSchema.fields.map(spec => spec.name).join(',');
export const transcriptsHeader = transcriptsSchema.fields.map(spec => spec.name).join(',');
export const salesHeader = salesSchema.fields.map(spec => spec.name).join(',');

const callDefaults: Record<string, string> = {
	customer_id: '347bdddb-d3a1-45fc-bbcd-dbd3a175fc1c',
	conversation_id: '21352352',
	call_start: '2020-01-03T20:02:13Z',
	call_end: '2020-01-03T20:12:13Z',
	call_assigned_to_agent: '2020-01-03T20:03:13Z',
	customer_type: 'Wireless Premier',
	survey_offered: 'true',
	survey_taken: 'false',
	survey_answer: 'NULL',
	toll_free_number: '888-929-1467',
	ivr_intent: 'Power Outage',
	ivr_resolved: 'true',
	ivr_abandoned: 'false',
	agent_queue_assigned: 'Wireless Sales',
	time_in_queue: '600',
	queue_abandoned: 'false',
	call_handle_time: '650',
	call_wrap_time: '30',
	transfer: 'NA',
	disposition_category: 'Resolved',
	disposition_notes: '"Notes, with a comma"',
	transaction_completed: '"Upgrade Completed, Payment Processed"',
	caller_account_value: '129.45',
};

/** A valid calls CSV row; `overrides` holds raw CSV cells (quote them yourself). */
export function callRow(overrides: Record<string, string> = {}): string {
	return callsSchema.fields.map(spec => overrides[spec.name] ?? callDefaults[spec.name]!).join(',');
}

/** A valid calls record as a JSON object. */
export function callObject(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	const object: Record<string, unknown> = {
		customer_id: 'c1', conversation_id: null, call_start: '2020-01-03T20:02:13Z', call_end: '2020-01-03T20:12:13Z',
		survey_offered: true, time_in_queue: 600, caller_account_value: 129.45, disposition_notes: 'a "quoted"\nnote',
	};
	for (const [key, value] of Object.entries(overrides)) {
		if (value === undefined) {
			delete object[key];
		} else {
			object[key] = value;
		}
	}

	return object;
}

export function transcriptRow(conversation: string, sender: string, role: string, text: string, timestamp: string): string {
	return [conversation, sender, role, `"${text.replaceAll('"', '""')}"`, timestamp].join(',');
}

export async function writeTemp(t: TestContext, name: string, content: string | Buffer): Promise<string> {
	const dir = await makeTempDir(t);
	const file = path.join(dir, name);
	await writeFile(file, content);
	return file;
}

export async function validateText(t: TestContext, name: string, content: string | Buffer, options: ValidateOptions = {}): Promise<FileReport> {
	return validateFile(await writeTemp(t, name, content), options);
}

/** Every finding as "line field code", errors then warnings, for compact assertions. */
export function summary(report: FileReport): string[] {
	return [...report.errors, ...report.warnings].map(finding => `${finding.line ?? '-'} ${finding.field ?? '-'} ${finding.code}`);
}
