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
	/**
	 * The instant at whole seconds in UTC (offset applied), and where the fraction's digits
	 * are in the text: what `canonicalUtcTimestamp` rebuilds the value from.
	 */
	wholeSecondsMs: 0,
	fractionStart: 0,
	fractionEnd: 0,
	/** Invalid only for its zone, which is explicit (another offset, or a trailing " UTC"): the instant is certain. */
	zoneConvertible: false,
	/** The zone was written " UTC" (BigQuery's form). */
	utcWord: false,
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
	lastTimestamp.zoneConvertible = false;
	lastTimestamp.utcWord = false;
	lastTimestamp.fractionStart = 0;
	lastTimestamp.fractionEnd = 0;
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

			lastTimestamp.fractionStart = start;
			lastTimestamp.fractionEnd = position;
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

	const wholeSecondsMs = ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60_000 + second * 1000;
	lastTimestamp.year = year;
	lastTimestamp.month = month;
	lastTimestamp.wholeSecondsMs = wholeSecondsMs;
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
			const offsetMinutes = (Number(offset.slice(1, 3)) * 60 + (offset.length > 3 ? Number(offset.slice(-2)) : 0)) * (zone === 45 ? -1 : 1);
			if (offsetMinutes > -24 * 60 && offsetMinutes < 24 * 60 && offset.slice(-2) < '60') {
				lastTimestamp.zoneConvertible = true;
				lastTimestamp.wholeSecondsMs = wholeSecondsMs - offsetMinutes * 60_000;
			}

			return invalid(`has the offset ${offset}, not UTC; convert it to UTC and end it with Z`);
		}

		lastTimestamp.notCanonical = true;
	} else {
		if (position + 4 === length && text.endsWith(' UTC')) {
			lastTimestamp.zoneConvertible = true;
			lastTimestamp.utcWord = true;
		}

		return invalid('is not an ISO 8601 UTC timestamp');
	}

	return wholeSecondsMs + millis;
}

function pad(value: number, width: number): string {
	return String(value).padStart(width, '0');
}

/**
 * The last timestamp parsed by `parseUtcTimestamp`, written as the same instant in the
 * exact form 2020-01-03T20:02:13Z (fraction digits kept as written). Call right after a
 * parse that succeeded or failed only for an explicit zone (`zoneConvertible`). Undefined
 * when the instant falls outside the years 0000-9999.
 */
export function canonicalUtcTimestamp(text: string): string | undefined {
	const date = new Date(lastTimestamp.wholeSecondsMs);
	const year = date.getUTCFullYear();
	if (year < 0 || year > 9999) {
		return undefined;
	}

	const {fractionStart, fractionEnd} = lastTimestamp;
	const fraction = fractionEnd > fractionStart ? `.${text.slice(fractionStart, fractionEnd)}` : '';
	return `${pad(year, 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}T${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)}${fraction}Z`;
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
