/**
 * ASAPP's three field tables ("Transmitting Data to SFTP"), as data. Rules read these
 * tables; nothing else in the validator names a field, except the few cross-field rules
 * that the guide states in prose (call_end after call_start, sales attribution).
 */
export type FieldType = 'String' | 'Timestamp' | 'Bool' | 'Integer' | 'Decimal';

export type FieldSpec = {
	name: string;
	required: boolean;
	type: FieldType;
	/** Allowed values, when the guide lists them. */
	enum?: readonly string[];
};

export type SchemaName = 'calls' | 'transcripts' | 'sales';

export type Schema = {
	name: SchemaName;
	/** The table's title in ASAPP's guide. */
	title: string;
	fields: readonly FieldSpec[];
	/** The timestamp the profile counts per month. */
	mainTimestamp: string;
	/**
	 * True when every rule looks at one record at a time, so byte ranges of a file can be
	 * checked in parallel and merged. Transcripts (order within a conversation, duplicates)
	 * and sales (duplicate transaction_id) need the whole file in order.
	 */
	recordIndependent: boolean;
};

function field(name: string, required: boolean, type: FieldType, allowed?: readonly string[]): FieldSpec {
	return allowed === undefined ? {name, required, type} : {name, required, type, enum: allowed};
}

export const callsSchema: Schema = {
	name: 'calls',
	title: 'Call Center Data',
	mainTimestamp: 'call_start',
	recordIndependent: true,
	fields: [
		field('customer_id', true, 'String'),
		field('conversation_id', false, 'String'),
		field('call_start', true, 'Timestamp'),
		field('call_end', true, 'Timestamp'),
		field('call_assigned_to_agent', false, 'Timestamp'),
		field('customer_type', false, 'String'),
		field('survey_offered', false, 'Bool'),
		field('survey_taken', false, 'Bool'),
		field('survey_answer', false, 'String'),
		field('toll_free_number', false, 'String'),
		field('ivr_intent', false, 'String'),
		field('ivr_resolved', false, 'Bool'),
		field('ivr_abandoned', false, 'Bool'),
		field('agent_queue_assigned', false, 'String'),
		field('time_in_queue', false, 'Integer'),
		field('queue_abandoned', false, 'Bool'),
		field('call_handle_time', false, 'Integer'),
		field('call_wrap_time', false, 'Integer'),
		field('transfer', false, 'String'),
		field('disposition_category', false, 'String'),
		field('disposition_notes', false, 'String'),
		field('transaction_completed', false, 'String'),
		field('caller_account_value', false, 'Decimal'),
	],
};

export const transcriptsSchema: Schema = {
	name: 'transcripts',
	title: 'Historical Transcript',
	mainTimestamp: 'timestamp',
	recordIndependent: false,
	fields: [
		field('conversation_externalId', true, 'String'),
		field('sender_externalId', true, 'String'),
		field('sender_role', true, 'String', ['agent', 'customer', 'bot']),
		field('text', true, 'String'),
		field('timestamp', true, 'Timestamp'),
	],
};

export const salesSchema: Schema = {
	name: 'sales',
	title: 'Sales Methods & Attribution',
	mainTimestamp: 'transaction_time',
	recordIndependent: false,
	fields: [
		field('transaction_id', true, 'String'),
		field('transaction_time', true, 'Timestamp'),
		// The guide says Float; ASAPP means a plain decimal number, as for caller_account_value.
		field('transaction_value_one_time', false, 'Decimal'),
		field('transaction_value_recurring', false, 'Decimal'),
		field('customer_category', false, 'String'),
		field('customer_subcategory', false, 'String'),
		field('external_customer_id', false, 'String'),
		field('issue_id', false, 'String'),
		field('external_session_id', true, 'String'),
		field('product_category', false, 'String'),
		field('product_subcategory', false, 'String'),
		field('product_name', false, 'String'),
		field('product_id', false, 'String'),
		field('product_quantity', true, 'Integer'),
		field('product_value_one_time', false, 'Decimal'),
		field('product_value_recurring', false, 'Decimal'),
	],
};

export const schemas: Record<SchemaName, Schema> = {
	calls: callsSchema,
	transcripts: transcriptsSchema,
	sales: salesSchema,
};

export const schemaNames = Object.keys(schemas) as SchemaName[];

export function isSchemaName(value: string): value is SchemaName {
	return Object.hasOwn(schemas, value);
}

/**
 * The schema whose field names best match the given column names or JSON keys: the one
 * with the most matches, at least one of them a required field. Undefined when none fits.
 */
export function detectSchema(names: readonly string[]): Schema | undefined {
	const given = new Set(names);
	let best: Schema | undefined;
	let bestScore = 0;
	for (const schema of Object.values(schemas)) {
		const matches = schema.fields.filter(spec => given.has(spec.name));
		if (!matches.some(spec => spec.required)) {
			continue;
		}

		if (matches.length > bestScore) {
			best = schema;
			bestScore = matches.length;
		}
	}

	return best;
}
