import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {checkBool, isPlainDecimal, isPlainInteger, lastTimestamp, parseUtcTimestamp} from '../../../source/core/validate/value-checks.js';

describe('parseUtcTimestamp', () => {
	test('accepts the guide\'s forms and returns the same instant as Date', () => {
		for (const text of ['2020-01-03T20:02:13Z', '2022-03-16T18:42:24.488424Z', '2007-04-05T14:30:05.123Z', '2024-02-29T23:59:59Z', '1999-12-31T00:00:00.5Z']) {
			const ms = parseUtcTimestamp(text);
			// Fractions finer than a millisecond are kept, for ordering.
			assert.equal(Math.floor(ms), Date.parse(text), text);
			assert.equal(lastTimestamp.notCanonical, false, text);
		}
	});

	test('accepts zero offsets, lower case and a space separator, marked as not canonical', () => {
		for (const text of ['2020-01-03T20:02:13+00:00', '2020-01-03T20:02:13-00:00', '2020-01-03T20:02:13+0000', '2020-01-03t20:02:13z', '2020-01-03 20:02:13Z', '2020-01-03T20:02Z']) {
			assert.equal(Number.isNaN(parseUtcTimestamp(text)), false, text);
			assert.equal(lastTimestamp.notCanonical, true, text);
		}

		assert.equal(parseUtcTimestamp('2020-01-03T20:02:13+00:00'), Date.parse('2020-01-03T20:02:13Z'));
	});

	test('rejects a missing zone, another offset, a date alone and impossible dates, with a reason', () => {
		const cases: Array<[string, RegExp]> = [
			['2020-01-03T20:02:13', /no time zone/],
			['2020-01-03T20:02:13+05:00', /offset \+05:00, not UTC/],
			['2020-01-03T20:02:13-0800', /offset -0800/],
			['2020-01-03', /date without a time/],
			['2021-02-29T10:00:00Z', /not a real date/],
			['2020-13-01T10:00:00Z', /not a real date/],
			['2020-01-03T24:00:00Z', /not a real date/],
			['2020-01-03T20:61:00Z', /not a real date/],
			['2020-01-03T20:02:13.Z', /without fraction digits/],
			['2020-01-03T20:02:13Zjunk', /after the Z/],
			['03/01/2020 20:02', /not an ISO 8601/],
			['1578081733', /not an ISO 8601/],
			['', /not an ISO 8601/],
			['2020-01-03T20:02:13+5', /unreadable time zone/],
		];
		for (const [text, reason] of cases) {
			assert.ok(Number.isNaN(parseUtcTimestamp(text)), text);
			assert.match(lastTimestamp.problem, reason, text);
		}
	});
});

test('checkBool: true/false valid, other cases lenient, anything else invalid', () => {
	assert.equal(checkBool('true'), 1);
	assert.equal(checkBool('false'), 1);
	assert.equal(checkBool('TRUE'), 2);
	assert.equal(checkBool('False'), 2);
	for (const text of ['1', '0', 'yes', 'no', 't', 'truee', '']) {
		assert.equal(checkBool(text), 0, text);
	}
});

test('isPlainInteger and isPlainDecimal', () => {
	for (const text of ['0', '600', '-5', '007']) {
		assert.ok(isPlainInteger(text), text);
	}

	for (const text of ['', '-', '6.5', '1e3', '+5', ' 5', '1,000', '5s']) {
		assert.ok(!isPlainInteger(text), text);
	}

	for (const text of ['129.45', '60.00', '-3', '0.5', '.5', '5.']) {
		assert.ok(isPlainDecimal(text), text);
	}

	for (const text of ['', '.', '-', '$12', '1,234.50', '1e5', '1.2.3', '12 ', 'NaN', 'Infinity']) {
		assert.ok(!isPlainDecimal(text), text);
	}
});
