import type {FindingCollector} from './finding-collector.js';
import {monthsSpanned, type ProfilePart} from './profile.js';
import type {Schema} from './schemas.js';

/** What the cross-record rules read of the current record. */
export type RecordView = {
	timestampOf(name: string): number;
	isPresent(name: string): boolean;
	indexOf(name: string): number;
	readonly texts: ReadonlyArray<string | undefined>;
};

/**
 * Rules the guide states in prose, beyond single values: they look at several fields of a
 * record or at earlier records. `textFields` names the fields whose text they read.
 */
export type CrossRecordRules = {
	textFields: readonly string[];
	check(line: number): void;
	finish(): void;
};

function callsRules(record: RecordView, findings: FindingCollector): CrossRecordRules {
	return {
		textFields: [],
		check(line) {
			const start = record.timestampOf('call_start');
			const end = record.timestampOf('call_end');
			if (end < start) {
				findings.add('end-before-start', line, 'call_end', `call_end is ${formatDuration(start - end)} before call_start`);
			}
		},
		finish() {},
	};
}

function formatDuration(ms: number): string {
	const seconds = Math.round(ms / 1000);
	return seconds < 120 ? `${seconds} s` : seconds < 7200 ? `${Math.round(seconds / 60)} min` : `${Math.round(seconds / 3600)} h`;
}

function salesRules(record: RecordView, findings: FindingCollector): CrossRecordRules {
	const idIndex = record.indexOf('transaction_id');
	// Every id seen so far: memory grows with the number of sales records (about 60 bytes each).
	const seen = new Map<string, number>();
	return {
		textFields: ['transaction_id'],
		check(line) {
			if (!record.isPresent('external_customer_id') && !record.isPresent('issue_id')) {
				findings.add('attribution-missing', line, null, 'neither external_customer_id nor issue_id is filled in');
			}

			const id = record.texts[idIndex];
			if (id === undefined) {
				return;
			}

			const first = seen.get(id);
			if (first === undefined) {
				seen.set(id, line);
			} else {
				findings.add('duplicate-transaction-id', line, 'transaction_id', `same transaction_id as the record on line ${first}`, id);
			}
		},
		finish() {},
	};
}

/** A customer reply that is only an option label: "(A)", "A)", "a", "1." */
const optionLabel = /^\s*\(?\s*([A-Za-z]|\d{1,2})\s*[).]?\s*$/;

type ConversationState = {lastMs: number};

function transcriptsRules(record: RecordView, findings: FindingCollector, profile: ProfilePart): CrossRecordRules {
	const conversationIndex = record.indexOf('conversation_externalId');
	const senderIndex = record.indexOf('sender_externalId');
	const roleIndex = record.indexOf('sender_role');
	const textIndex = record.indexOf('text');
	// One entry per distinct conversation: memory grows with conversations, not messages.
	const conversations = new Map<string, ConversationState>();
	// Messages of the conversation being read; duplicates are looked for within a run of one conversation.
	let currentConversation: string | undefined;
	let currentMessages = new Set<string>();
	let previousText: string | undefined;
	let previousRole: string | undefined;
	profile.conversations = 0;
	return {
		textFields: ['conversation_externalId', 'sender_externalId', 'sender_role', 'text'],
		check(line) {
			const role = record.texts[roleIndex];
			if (role !== undefined) {
				const key = role === 'agent' || role === 'customer' || role === 'bot' ? role : 'other';
				profile.senderRoles[key] = (profile.senderRoles[key] ?? 0) + 1;
			}

			const conversation = record.texts[conversationIndex];
			if (conversation === undefined) {
				return;
			}

			const ms = record.timestampOf('timestamp');
			const text = record.texts[textIndex];
			if (conversation !== currentConversation) {
				currentConversation = conversation;
				currentMessages = new Set();
				previousText = undefined;
				previousRole = undefined;
			}

			let state = conversations.get(conversation);
			if (state === undefined) {
				state = {lastMs: Number.NaN};
				conversations.set(conversation, state);
				profile.conversations = conversations.size;
			}

			if (!Number.isNaN(ms)) {
				if (ms < state.lastMs) {
					findings.add('timestamp-backwards', line, 'timestamp', `earlier than the previous message of conversation ${conversation}`);
				}

				state.lastMs = Number.isNaN(state.lastMs) ? ms : Math.max(state.lastMs, ms);
			}

			if (text !== undefined) {
				const key = `${record.texts[senderIndex] ?? ''}\u0000${Number.isNaN(ms) ? '' : ms}\u0000${text}`;
				if (currentMessages.has(key)) {
					findings.add('duplicate-message', line, null, `same sender, time and text as an earlier message of conversation ${conversation}`);
				} else {
					currentMessages.add(key);
				}

				const label = role === 'customer' ? optionLabel.exec(text) : null;
				if (label !== null && previousText !== undefined && previousRole !== 'customer' && previousText.includes(`(${label[1]!})`)) {
					findings.add('abbreviated-option', line, 'text', 'the customer\'s reply is only an option label; the option\'s text is missing', text);
				}

				previousText = text;
				previousRole = role;
			}
		},
		finish() {
			const spanned = monthsSpanned(profile);
			if (profile.records > 0 && spanned < 12) {
				findings.add('coverage-short', null, null, `transcripts cover ${spanned} month${spanned === 1 ? '' : 's'}; ASAPP recommends a sample over 12 months`);
			}
		},
	};
}

export function crossRecordRulesFor(schema: Schema, record: RecordView, findings: FindingCollector, profile: ProfilePart): CrossRecordRules | undefined {
	switch (schema.name) {
		case 'calls': {
			return callsRules(record, findings);
		}

		case 'sales': {
			return salesRules(record, findings);
		}

		case 'transcripts': {
			return transcriptsRules(record, findings, profile);
		}
	}
}
