import assert from 'node:assert/strict';
import {afterEach, describe, test} from 'node:test';
import {cleanup} from 'ink-testing-library';
import type {Conversion, ValidationReport} from '../../source/ui/services.js';
import {keys} from './support/drive.js';
import {toBrowser} from './support/to-browser.js';

afterEach(() => {
	cleanup();
});

const csvPath = '/home/me/data/bad.csv';

const pandasReport: ValidationReport = {
	path: csvPath,
	schema: 'Call Center Data',
	rows: 3,
	errors: [
		{line: 2, field: 'survey_answer', code: 'empty-cell', message: 'empty cell; write NULL for a missing value', hint: 'Write the unquoted word NULL for a missing or empty value.'},
		{line: 3, field: 'time_in_queue', code: 'integer-invalid', message: 'not a whole number', value: '30.0'},
	],
	warnings: [{line: 2, field: 'survey_offered', code: 'bool-case', message: 'accepted as a Bool, but not in lower case', value: 'True'}],
	exporter: {name: 'pandas DataFrame.to_csv', advice: 'export with to_csv(..., na_rep=\'NULL\') so missing values are written NULL'},
	convertible: true,
};

const converted: Conversion = {
	csvPath,
	path: '/home/me/data/bad.jsonl',
	size: 1500,
	records: 3,
	repairs: 3,
	report: {path: '/home/me/data/bad.jsonl', schema: 'Call Center Data', rows: 3, errors: [], warnings: []},
};

async function uploadBad(app: Awaited<ReturnType<typeof toBrowser>>['app']) {
	await app.press(keys.enter);
	await app.waitFor('Remote: /in');
	await app.press(keys.tab);
	await app.press(':');
	await app.type('put bad.csv');
	await app.press(keys.enter);
}

describe('the report offers to convert a CSV to JSONL', () => {
	test('with its repairs counted and the exporter named; c converts, and the JSONL is uploaded instead of the CSV', async () => {
		const {app, services} = await toBrowser({
			reports: {[csvPath]: pandasReport},
			conversions: {[csvPath]: {preview: {repairs: 3, invalidRecords: 0, fileErrors: false}, result: converted}},
		});
		await uploadBad(app);
		const offer = await app.waitFor(/3 certain repairs, then\s+valid/);
		assert.match(offer, /Looks like pandas DataFrame\.to_csv: export with to_csv\(\.\.\., na_rep='NULL'\) so missing values are\s+written NULL\./);
		assert.match(offer, /c {2}Convert to JSONL, ASAPP's preferred format, and upload that instead: 3 certain/);
		assert.match(offer, /c convert to JSONL/, 'the key is among the hints');
		await app.press('c');
		const after = await app.waitFor(/bad\.jsonl +Call Center Data, 3 rows, 0 errors, 0 warnings/);
		assert.match(after, /Checked 1 file: 0 with errors; all can be uploaded/);
		assert.doesNotMatch(after, /Convert to JSONL/);
		assert.deepEqual(services.converted, [csvPath]);
		await app.press(keys.enter);
		await app.waitFor('Transfer finished');
		assert.deepEqual(services.sessions[0]?.uploads, [{localPath: '/home/me/data/bad.jsonl', remotePath: '/in/bad.jsonl'}]);
	});

	test('when records would still have errors, it says so and c does nothing', async () => {
		const {app, services} = await toBrowser({
			reports: {[csvPath]: pandasReport},
			conversions: {[csvPath]: {preview: {repairs: 2, invalidRecords: 1, fileErrors: false}, result: converted}},
		});
		await uploadBad(app);
		const frame = await app.waitFor(/would still\s+have errors/);
		assert.match(frame, /Converting to JSONL would repair 2 values, but 1 record would still\s+have errors\./);
		assert.doesNotMatch(frame, /c convert to JSONL/);
		await app.press('c');
		await app.press(keys.enter);
		await app.waitFor('Nothing uploaded: 1 file has errors');
		assert.deepEqual(services.converted, []);
		assert.deepEqual(services.sessions[0]?.uploads, []);
	});

	test('a conversion that fails shows why, and the CSV stays refused', async () => {
		const {app} = await toBrowser({
			reports: {[csvPath]: pandasReport},
			conversions: {[csvPath]: {preview: {repairs: 3, invalidRecords: 0, fileErrors: false}, result: Object.assign(new Error('/home/me/data/bad.jsonl already exists; it was left untouched.'), {code: 'file-exists', hint: 'Choose another output name, or move the existing file away first.'})}},
		});
		await uploadBad(app);
		await app.waitFor(/then\s+valid/);
		await app.press('c');
		const frame = await app.waitFor(/already exists; it was left\s+untouched/);
		assert.match(frame, /1 will not be uploaded unless you override/);
	});
});
