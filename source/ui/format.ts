/** Numbers and text cut to fit the screens; sizes and times come from the core (one unit for both faces). */

export {formatDuration, formatRate, formatSize} from '../core/ops/format-size.js';

export function formatCount(count: number): string {
	return count.toLocaleString('en-US');
}

/** Cuts a string to `width` cells, keeping its end (the useful part of a path). */
export function truncateStart(text: string, width: number): string {
	if (text.length <= width) {
		return text;
	}

	return width <= 1 ? text.slice(-width) : `…${text.slice(-(width - 1))}`;
}

export function truncateEnd(text: string, width: number): string {
	if (text.length <= width) {
		return text;
	}

	return width <= 1 ? text.slice(0, width) : `${text.slice(0, width - 1)}…`;
}
