import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {callObject, summary, validateText} from './helpers.js';

const line = (object: unknown): string => JSON.stringify(object);

describe('calls JSONL', () => {
	test('a valid file, with CRLF endings and a .ndjson name', async t => {
		const text = [callObject(), callObject({call_start: '2020-03-01T00:00:00.123456Z', call_end: '2020-03-01T01:00:00Z'})].map(line).join('\r\n');
		const report = await validateText(t, 'calls.ndjson', `${text}\r\n`);
		assert.deepEqual(summary(report), []);
		assert.equal(report.format, 'jsonl');
		assert.equal(report.schema, 'calls');
		assert.equal(report.records, 2);
	});

	test('each JSONL rule reports its code, field and line', async t => {
		const lines = [
			line(callObject({customer_id: undefined})),
			line(callObject({customer_id: null})),
			line(callObject({survey_offered: 'true'})),
			line(callObject({time_in_queue: '600'})),
			line(callObject({time_in_queue: 1.5})),
			line(callObject({caller_account_value: '129.45'})),
			line(callObject({call_start: '2020-01-03 20:02:13'})),
			line(callObject({customer_id: 12_345})),
			'{"customer_id": "c1", "call_start": ',
			'[1, 2]',
			'',
			line(callObject({customer_idd: 'x'})),
			line(callObject({customer_id: ''})),
			'"just a string"',
		];
		const report = await validateText(t, 'calls.jsonl', `${lines.join('\n')}\n`);
		assert.deepEqual(summary(report), [
			'1 customer_id required-missing',
			'2 customer_id required-missing',
			'3 survey_offered json-wrong-type',
			'4 time_in_queue json-wrong-type',
			'5 time_in_queue integer-invalid',
			'6 caller_account_value json-wrong-type',
			'7 call_start timestamp-invalid',
			'8 customer_id json-wrong-type',
			'9 - json-not-object',
			'10 - json-not-object',
			'14 - json-not-object',
			'11 - blank-line',
			'12 - json-unknown-key',
			'13 customer_id json-empty-string',
		]);
		assert.match(report.errors.find(finding => finding.line === 9)!.message, /not valid JSON/);
		assert.equal(report.errors.find(finding => finding.line === 3)!.value, '"true"');
	});

	test('a truncated last line is an error at its line; schema comes from the first object', async t => {
		const text = `${line(callObject())}\n${line(callObject()).slice(0, 30)}`;
		const report = await validateText(t, 'calls.jsonl', text);
		assert.deepEqual(summary(report), ['2 - json-not-object']);
		assert.equal(report.schema, 'calls');
	});

	test('a JSONL file whose schema cannot be told', async t => {
		const report = await validateText(t, 'other.jsonl', '{"note": "agent notes"}\n');
		assert.deepEqual(summary(report), ['- - schema-unknown']);
	});
});

describe('transcripts', () => {
	const message = (conversation: string, sender: string, role: string, text: string, timestamp: string) => ({
		conversation_externalId: conversation, sender_externalId: sender, sender_role: role, text, timestamp,
	});

	test('order, duplicates, abbreviated options, roles and coverage', async t => {
		const lines = [
			message('c1', 'a1', 'agent', 'Choose an option from the list below: (A) 1-way ticket (B) 2-way ticket (C) None of the above', '2022-03-16T18:42:24.488424Z'),
			message('c1', 'u1', 'customer', '(A)', '2022-03-16T18:42:30Z'),
			message('c1', 'u1', 'customer', '(A) 1-way ticket', '2022-03-16T18:42:20Z'),
			message('c1', 'u1', 'customer', '(A) 1-way ticket', '2022-03-16T18:42:20Z'),
			message('c2', 'b1', 'bot', 'Hello', '2022-05-01T10:00:00Z'),
			message('c2', 'u2', 'robot', 'Hi', '2022-05-01T10:00:05Z'),
			message('c2', 'u2', 'customer', 'Hi there', '2022-05-01T10:00:05+00:00'),
		];
		const report = await validateText(t, 'transcripts.jsonl', `${lines.map(object => JSON.stringify(object)).join('\n')}\n`);
		assert.deepEqual(summary(report), [
			'6 sender_role enum-invalid',
			'- - coverage-short',
			'2 text abbreviated-option',
			'3 timestamp timestamp-backwards',
			'4 timestamp timestamp-backwards',
			'4 - duplicate-message',
			'7 timestamp timestamp-not-canonical',
		]);
		assert.equal(report.schema, 'transcripts');
		assert.equal(report.profile.conversations, 2);
		assert.deepEqual(report.profile.senderRoles, {agent: 1, customer: 4, bot: 1, other: 1});
		assert.deepEqual(report.profile.months, [{month: '2022-03', count: 4}, {month: '2022-05', count: 3}]);
		assert.match(report.warnings.find(finding => finding.code === 'coverage-short')!.message, /cover 3 months/);
	});

	test('all five fields are required in a transcripts CSV, and 12 months need no coverage warning', async t => {
		const header = 'conversation_externalId,sender_externalId,sender_role,text,timestamp';
		const rows = [
			'c1,a1,agent,"Happy to help, one moment please",2022-01-16T18:42:24Z',
			'c1,u1,customer,NULL,2022-01-16T18:43:00Z',
			'c2,a1,agent,Hello,2022-12-31T23:59:59Z',
		];
		const report = await validateText(t, 'transcripts.csv', `${header}\n${rows.join('\n')}\n`);
		assert.deepEqual(summary(report), ['3 text required-missing']);
		assert.equal(report.profile.months.length, 2);
	});
});

describe('sales', () => {
	const header = 'transaction_id,transaction_time,transaction_value_one_time,transaction_value_recurring,customer_category,customer_subcategory,external_customer_id,issue_id,external_session_id,product_category,product_subcategory,product_name,product_id,product_quantity,product_value_one_time,product_value_recurring';
	const row = (id: string, customer: string, issue: string, quantity = '1') =>
		`${id},2007-04-05T14:30:05.123Z,65.25,7.95,US,wireless,${customer},${issue},1a09ff6d-3d07,Wireless Internet,Broadband,Broadband Gold Package,WI-BBGP,${quantity},60.00,55.00`;

	test('attribution, duplicate transaction ids and the required quantity', async t => {
		const rows = [row('t1', '347', 'NULL'), row('t2', 'NULL', '1E10'), row('t3', 'NULL', 'NULL'), row('t1', '347', 'NULL'), row('t4', '347', 'NULL', 'NULL'), row('t5', '347', 'NULL', '2.5')];
		const report = await validateText(t, 'sales.csv', `${header}\n${rows.join('\n')}\n`);
		assert.deepEqual(summary(report), [
			'4 - attribution-missing',
			'6 product_quantity required-missing',
			'7 product_quantity integer-invalid',
			'5 transaction_id duplicate-transaction-id',
		]);
		assert.equal(report.schema, 'sales');
		assert.match(report.warnings[0]!.message, /line 2$/);
	});
});
