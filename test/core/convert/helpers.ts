import assert from 'node:assert/strict';
import {readdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import type {TestContext} from 'node:test';
import {parse} from 'csv-parse/sync';
import {convertFile, type ConvertOptions, type ConvertResult} from '../../../source/core/convert/convert-file.js';
import {schemas, type SchemaName} from '../../../source/core/validate/schemas.js';
import {makeTempDir} from '../../helpers/temp-dir.js';

export type Converted = {dir: string; input: string; result: ConvertResult; jsonl: string | undefined};

/** Writes `content` to NAME in a fresh directory and converts it. */
export async function convertText(t: TestContext, name: string, content: string | Buffer, options: ConvertOptions = {}): Promise<Converted> {
	const dir = await makeTempDir(t);
	const input = path.join(dir, name);
	await writeFile(input, content);
	const result = await convertFile(input, options);
	const jsonl = result.output === null ? undefined : await readFile(result.output, 'utf8');
	return {dir, input, result, jsonl};
}

/** The files in a directory, sorted: a failed or refused conversion must leave only what was there. */
export async function filesIn(dir: string): Promise<string[]> {
	return (await readdir(dir)).sort();
}

/** The raw text of a JSON number value of `key` on one JSONL line (JSON.parse would round big integers). */
export function rawNumber(line: string, key: string): string | undefined {
	const match = new RegExp(`"${key}":(-?\\d+(?:\\.\\d+)?)(?=[,}])`).exec(line);
	return match?.[1];
}

/** A plain decimal's value as a canonical string: no leading zeros, no trailing fraction zeros, no -0. */
export function canonicalDecimal(text: string): string {
	const negative = text.startsWith('-');
	const [whole = '', fraction = ''] = (negative ? text.slice(1) : text).split('.');
	const integer = whole.replace(/^0+/, '') || '0';
	const decimals = fraction.replace(/0+$/, '');
	const body = decimals === '' ? integer : `${integer}.${decimals}`;
	return negative && body !== '0' ? `-${body}` : body;
}

/**
 * Every value of every JSONL record equals the CSV's, read by csv-parse (the oracle): NULL as
 * null, numbers by value (compared digit by digit, so big integers count), Bools by meaning,
 * text and timestamps as written.
 */
export function assertSameValues(csv: string, jsonl: string, options: {schema: SchemaName; delimiter?: string; header: boolean}): void {
	const schema = schemas[options.schema];
	const rows = parse(csv.replace(/^\uFEFF/, ''), {delimiter: options.delimiter ?? ',', relax_column_count: false, bom: true}) as string[][];
	const names = options.header ? rows.shift()!.map(name => name.trim()) : schema.fields.map(spec => spec.name);
	const lines = jsonl.split('\n').filter(line => line !== '');
	assert.equal(lines.length, rows.length, 'one JSON line per CSV record');
	for (const [index, row] of rows.entries()) {
		const line = lines[index]!;
		const object = JSON.parse(line) as Record<string, unknown>;
		for (const [column, cell] of row.entries()) {
			const spec = schema.fields.find(field => field.name.toLowerCase() === names[column]!.toLowerCase());
			if (spec === undefined) {
				assert.ok(!(names[column]! in object), `unknown column ${names[column]!} is dropped`);
				continue;
			}

			const value = object[spec.name];
			const where = `record ${index + 1}, ${spec.name}`;
			if (cell.toUpperCase() === 'NULL') {
				assert.equal(value, null, where);
				continue;
			}

			switch (spec.type) {
				case 'Integer': {
					assert.equal(BigInt(rawNumber(line, spec.name)!), BigInt(cell), where);
					break;
				}

				case 'Decimal': {
					assert.equal(canonicalDecimal(rawNumber(line, spec.name)!), canonicalDecimal(cell), where);
					break;
				}

				case 'Bool': {
					assert.equal(value, cell.toLowerCase() === 'true', where);
					break;
				}

				default: {
					assert.equal(value, cell, where);
				}
			}
		}
	}
}
