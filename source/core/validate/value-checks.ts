/**
 * Checks of single values against ASAPP's field types. They work on strings with
 * charCodeAt and allocate nothing on success: they run tens of millions of times per file.
 */

/** Details of the last timestamp checked; reused to avoid an allocation per value. */
export const lastTimestamp = {
	/** Problem for an invalid timestamp (the error message), or why a valid one is not canonical. */
	problem: '',
	/** True when the value was accepted but is not in the exact form the guide shows. */
	notCanonical: false,
	year: 0,
	month: 0,
};

function digit(code: number): number {
	return code >= 48 && code <= 57 ? code - 48 : -1;
}

function digits(text: string, from: number, count: number): number {
	let value = 0;
	for (let index = from; index < from + count; index++) {
		const d = digit(text.charCodeAt(index));
		if (d < 0) {
			return -1;
		}

		value = value * 10 + d;
	}

	return value;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
	const y = month <= 2 ? year - 1 : year;
	const era = Math.floor(y / 400);
	const yoe = y - era * 400;
	const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
	const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
	return era * 146_097 + doe - 719_468;
}

function daysInMonth(year: number, month: number): number {
	if (month === 2) {
		return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
	}

	return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function invalid(problem: string): number {
	lastTimestamp.problem = problem;
	return Number.NaN;
}

/**
 * Parses an ISO 8601 UTC timestamp such as 2020-01-03T20:02:13Z or 2022-03-16T18:42:24.488424Z
 * and returns milliseconds since the epoch, or NaN with `lastTimestamp.problem` set.
 * Accepted with `notCanonical` (a warning): a lower-case t or z, a space for T, no seconds,
 * and a zero offset written +00:00, +0000 or -00:00. Errors: no zone, another offset,
 * a date alone, an impossible date or time, anything else.
 */
export function parseUtcTimestamp(text: string): number {
	lastTimestamp.notCanonical = false;
	lastTimestamp.problem = '';
	const {length} = text;
	if (length < 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) {
		return invalid('is not an ISO 8601 UTC timestamp');
	}

	const year = digits(text, 0, 4);
	const month = digits(text, 5, 2);
	const day = digits(text, 8, 2);
	if (year < 0 || month < 0 || day < 0) {
		return invalid('is not an ISO 8601 UTC timestamp');
	}

	if (length === 10) {
		return invalid('is a date without a time');
	}

	const separator = text.charCodeAt(10);
	if (separator !== 84 /* T */) {
		if (separator === 116 /* t */ || separator === 32 /* space */) {
			lastTimestamp.notCanonical = true;
		} else {
			return invalid('is not an ISO 8601 UTC timestamp');
		}
	}

	if (length < 16 || text.charCodeAt(13) !== 58) {
		return invalid('is not an ISO 8601 UTC timestamp');
	}

	const hour = digits(text, 11, 2);
	const minute = digits(text, 14, 2);
	if (hour < 0 || minute < 0) {
		return invalid('is not an ISO 8601 UTC timestamp');
	}

	let position = 16;
	let second = 0;
	let millis = 0;
	if (text.charCodeAt(position) === 58 /* : */) {
		second = digits(text, 17, 2);
		if (second < 0 || length < 19) {
			return invalid('is not an ISO 8601 UTC timestamp');
		}

		position = 19;
		const mark = text.charCodeAt(position);
		if (mark === 46 /* . */ || mark === 44 /* , */) {
			if (mark === 44) {
				lastTimestamp.notCanonical = true;
			}

			position++;
			const start = position;
			let scale = 100;
			while (position < length) {
				const d = digit(text.charCodeAt(position));
				if (d < 0) {
					break;
				}

				millis += d * scale;
				scale /= 10;
				position++;
			}

			if (position === start) {
				return invalid('has a decimal point without fraction digits');
			}
		}
	} else {
		lastTimestamp.notCanonical = true;
	}

	if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
		return invalid('is not a real date and time');
	}

	if (position === length) {
		return invalid('has no time zone; ASAPP expects UTC marked with Z');
	}

	const zone = text.charCodeAt(position);
	if (zone === 90 /* Z */ || zone === 122 /* z */) {
		if (position + 1 !== length) {
			return invalid('has characters after the Z');
		}

		if (zone === 122) {
			lastTimestamp.notCanonical = true;
		}
	} else if (zone === 43 /* + */ || zone === 45 /* - */) {
		const offset = text.slice(position);
		if (!/^[+-]\d\d(:?\d\d)?$/.test(offset)) {
			return invalid('has an unreadable time zone offset');
		}

		if (!/^[+-]00(:?00)?$/.test(offset)) {
			return invalid(`has the offset ${offset}, not UTC; convert it to UTC and end it with Z`);
		}

		lastTimestamp.notCanonical = true;
	} else {
		return invalid('is not an ISO 8601 UTC timestamp');
	}

	lastTimestamp.year = year;
	lastTimestamp.month = month;
	return ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millis;
}

/** 1 for true/false, 2 for another letter case of them (a warning), 0 for anything else. */
export function checkBool(text: string): 0 | 1 | 2 {
	if (text === 'true' || text === 'false') {
		return 1;
	}

	const lower = text.length === 4 || text.length === 5 ? text.toLowerCase() : '';
	return lower === 'true' || lower === 'false' ? 2 : 0;
}

/** An optional minus and digits only. */
export function isPlainInteger(text: string): boolean {
	const {length} = text;
	let index = text.charCodeAt(0) === 45 ? 1 : 0;
	if (index === length) {
		return false;
	}

	for (; index < length; index++) {
		const code = text.charCodeAt(index);
		if (code < 48 || code > 57) {
			return false;
		}
	}

	return true;
}

/** An optional minus, digits, and at most one dot with digits on at least one side. */
export function isPlainDecimal(text: string): boolean {
	const {length} = text;
	let index = text.charCodeAt(0) === 45 ? 1 : 0;
	let digitsSeen = 0;
	let dotSeen = false;
	for (; index < length; index++) {
		const code = text.charCodeAt(index);
		if (code >= 48 && code <= 57) {
			digitsSeen++;
		} else if (code === 46 && !dotSeen) {
			dotSeen = true;
		} else {
			return false;
		}
	}

	return digitsSeen > 0;
}

/** "2024-01" for a year and month. */
export function monthLabel(year: number, month: number): string {
	return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}
