/** Human-sized numbers for the screens: 1.2 MB, 3.4 MB/s, 1m05s. */

const units = ['B', 'KB', 'MB', 'GB', 'TB'];

export function formatBytes(bytes: number): string {
	let value = bytes;
	let unit = 0;
	while (value >= 1000 && unit < units.length - 1) {
		value /= 1000;
		unit++;
	}

	return unit === 0 ? `${value} B` : `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

export function formatRate(bytesPerSecond: number): string {
	return `${formatBytes(Math.round(bytesPerSecond))}/s`;
}

export function formatDuration(seconds: number): string {
	if (!Number.isFinite(seconds) || seconds < 0) {
		return '--';
	}

	const whole = Math.ceil(seconds);
	if (whole < 60) {
		return `${whole}s`;
	}

	const minutes = Math.floor(whole / 60);
	if (minutes < 60) {
		return `${minutes}m${String(whole % 60).padStart(2, '0')}s`;
	}

	return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

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
