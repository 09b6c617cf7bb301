/**
 * Every finding the validator can report, by stable kebab-case code: its severity and the
 * hint that tells a person how to fix it. Codes are part of the --json contract.
 */
import type {NextAction} from '../errors.js';

export type Severity = 'error' | 'warning';

export type RuleCode =
	| 'empty-file'
	| 'schema-unknown'
	| 'invalid-utf8'
	| 'empty-cell'
	| 'required-missing'
	| 'cell-count'
	| 'unclosed-quote'
	| 'invalid-quote'
	| 'record-too-large'
	| 'header-missing-column'
	| 'header-duplicate-column'
	| 'timestamp-invalid'
	| 'bool-invalid'
	| 'integer-invalid'
	| 'decimal-invalid'
	| 'enum-invalid'
	| 'end-before-start'
	| 'attribution-missing'
	| 'json-not-object'
	| 'json-wrong-type'
	| 'file-changed'
	| 'header-unknown-column'
	| 'json-unknown-key'
	| 'utf8-bom'
	| 'control-character'
	| 'timestamp-backwards'
	| 'duplicate-message'
	| 'abbreviated-option'
	| 'duplicate-transaction-id'
	| 'coverage-short'
	| 'timestamp-not-canonical'
	| 'bool-case'
	| 'null-spelling'
	| 'null-quoted'
	| 'delimiter-not-comma'
	| 'stray-quote'
	| 'blank-line'
	| 'no-records'
	| 'json-empty-string'
	| 'header-name-variant';

/** `next`: the action each face words its own way (a flag in the CLI, a screen in the app). */
export type Rule = {severity: Severity; hint: string; next?: NextAction};

export const rules: Record<RuleCode, Rule> = {
	'empty-file': {severity: 'error', hint: 'The file has no bytes; export it again.'},
	'schema-unknown': {severity: 'error', hint: 'Add a header row with ASAPP\'s field names, or say which of ASAPP\'s tables the file is for.', next: {kind: 'choose-schema'}},
	'invalid-utf8': {severity: 'error', hint: 'Save or export the file as UTF-8 (e.g. iconv -f WINDOWS-1252 -t UTF-8).'},
	'empty-cell': {severity: 'error', hint: 'Write the unquoted word NULL for a missing or empty value.'},
	'required-missing': {severity: 'error', hint: 'This field is required by ASAPP\'s table; fill it in for every record.'},
	'cell-count': {severity: 'error', hint: 'Every record needs one cell per column; quote values that contain the delimiter or line breaks.'},
	'unclosed-quote': {severity: 'error', hint: 'A quoted value never ends: close it with " and write quotes inside values as "".'},
	'invalid-quote': {severity: 'error', hint: 'After a closing quote only a delimiter or a line break may follow; write quotes inside values as "".'},
	'record-too-large': {severity: 'error', hint: 'A record this long is almost always a quoting mistake; check the quotes on this line.'},
	'header-missing-column': {severity: 'error', hint: 'Add the column to the header (and a value or NULL to every record).'},
	'header-duplicate-column': {severity: 'error', hint: 'Each column may appear once in the header.'},
	'timestamp-invalid': {severity: 'error', hint: 'Write ISO 8601 UTC timestamps like 2020-01-03T20:02:13Z (fractions of a second allowed).'},
	'bool-invalid': {severity: 'error', hint: 'Write true or false.'},
	'integer-invalid': {severity: 'error', hint: 'Write a whole number such as 600, without decimals, units or separators.'},
	'decimal-invalid': {severity: 'error', hint: 'Write a plain number such as 129.45: a dot for decimals, no currency sign, thousands separator or exponent.'},
	'enum-invalid': {severity: 'error', hint: 'Use one of the values the guide lists.'},
	'end-before-start': {severity: 'error', hint: 'call_end must be at or after call_start (both in UTC).'},
	'attribution-missing': {severity: 'error', hint: 'Fill in external_customer_id or issue_id so ASAPP can attribute the sale.'},
	'json-not-object': {severity: 'error', hint: 'Each line of a JSONL file must be one complete JSON object, such as {"field": "value"}.'},
	'json-wrong-type': {severity: 'error', hint: 'Use a JSON string for text and timestamps, true/false for Bool, a number for Integer and Decimal.'},
	'file-changed': {severity: 'error', hint: 'The file changed while it was read; validate it again once it is complete.'},
	'header-unknown-column': {severity: 'warning', hint: 'ASAPP\'s table has no such column; check its spelling or leave it out.'},
	'json-unknown-key': {severity: 'warning', hint: 'ASAPP\'s table has no such field; check its spelling or leave it out.'},
	'utf8-bom': {severity: 'warning', hint: 'Save as UTF-8 without BOM ("UTF-8" rather than "UTF-8 with BOM").'},
	'control-character': {severity: 'warning', hint: 'ASAPP asks for control characters (line breaks, tabs and others) to be escaped, e.g. as \\n.'},
	'timestamp-backwards': {severity: 'warning', hint: 'Messages should be in chronological order within a conversation.'},
	'duplicate-message': {severity: 'warning', hint: 'The same message (sender, text and time) appears twice in a conversation; remove the copy.'},
	'abbreviated-option': {severity: 'warning', hint: 'Send the full text of the chosen option, e.g. "(A) 1-way ticket" rather than "(A)".'},
	'duplicate-transaction-id': {severity: 'warning', hint: 'transaction_id should be unique within your system; check for duplicated rows.'},
	'coverage-short': {severity: 'warning', hint: 'ASAPP recommends a random sample of transcripts over a 12-month period.'},
	'timestamp-not-canonical': {severity: 'warning', hint: 'Prefer the exact form 2020-01-03T20:02:13Z (T separator, seconds, Z for UTC).'},
	'bool-case': {severity: 'warning', hint: 'Prefer lower case true or false.'},
	'null-spelling': {severity: 'warning', hint: 'Write NULL in capitals, unquoted.'},
	'null-quoted': {severity: 'warning', hint: 'Write NULL without quotes; a quoted "NULL" could be read as the text NULL.'},
	'delimiter-not-comma': {severity: 'warning', hint: 'The guide does not name a delimiter; a comma is the safest choice.'},
	'stray-quote': {severity: 'warning', hint: 'Quote the whole value and double the inner quote: "5"" screen".'},
	'blank-line': {severity: 'warning', hint: 'Remove empty lines between records.'},
	'no-records': {severity: 'warning', hint: 'The file has a header but no records.'},
	'header-name-variant': {severity: 'warning', hint: 'Write the column name exactly as ASAPP\'s table does (letter case, no spaces around it).'},
	'json-empty-string': {severity: 'warning', hint: 'A required field holds an empty string; send the real value.'},
};
