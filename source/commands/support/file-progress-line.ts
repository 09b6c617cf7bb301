import process from 'node:process';
import type {ValidateProgress} from '../../core/validate/validate-file.js';

/** A live count on stderr while a file is read; only on a terminal, never in --json pipes. */
export function fileProgressLine(verb: string, path: string): {update(progress: ValidateProgress): void; stop(): void} {
	const {stderr} = process;
	if (!stderr.isTTY) {
		return {update() {}, stop() {}};
	}

	let last = 0;
	return {
		update({bytesRead, totalBytes, records}) {
			const now = Date.now();
			if (now - last < 100) {
				return;
			}

			last = now;
			const percent = totalBytes === 0 ? 100 : Math.floor(bytesRead / totalBytes * 100);
			stderr.write(`\r\u001B[2K${verb} ${path}: ${percent}%, ${records.toLocaleString('en-US')} records`);
		},
		stop() {
			stderr.write('\r\u001B[2K');
		},
	};
}
