/**
 * Sizes and times as both faces print them. One unit system everywhere: binary (1024),
 * as transfer tools and `ls -h` print them: 1536 -> "1.5 KiB".
 */
const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatSize(bytes: number): string {
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}

	return unit === 0 ? `${bytes} B` : `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

export function formatRate(bytesPerSecond: number): string {
	return `${formatSize(Math.round(bytesPerSecond))}/s`;
}

/** 65 -> "1m05s"; an unknown time (infinite, negative) is "--". */
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
