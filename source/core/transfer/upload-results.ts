import type {FileResult, TransferFile} from './progress.js';

const digestBytes = 32;
const absent = Number.NaN;

/**
 * Every file's result of one upload run, by plan index, for the summary and the receipt.
 * A file that arrived is kept in typed arrays (size, times, tries, SHA-256 as 32 bytes:
 * about 60 bytes a file, where a FileResult with its dates and hex digest took about
 * 300); the few that did not are kept whole. `get` gives a FileResult back either way.
 */
export class UploadResults {
	private readonly arrived: Uint8Array;
	/** verifiedSize, startedAt and endedAt (ms) of file i at 3i, 3i + 1, 3i + 2; NaN when absent. */
	private readonly figures: Float64Array;
	private readonly attempts: Uint16Array;
	private readonly digests: Buffer;
	private readonly others = new Map<number, FileResult>();

	constructor(private readonly files: TransferFile[]) {
		this.arrived = new Uint8Array(files.length);
		this.figures = new Float64Array(files.length * 3);
		this.attempts = new Uint16Array(files.length);
		this.digests = Buffer.alloc(files.length * digestBytes);
	}

	set(result: FileResult): void {
		const {index} = result.file;
		const compact = result.status === 'done' && result.remnant === undefined && result.partialRemoved === undefined && result.error === undefined
			&& result.sha256?.length === digestBytes * 2 && result.attempts <= 0xFF_FF;
		if (!compact) {
			this.arrived[index] = 0;
			this.others.set(index, result);
			return;
		}

		this.others.delete(index);
		// 1: arrived and verified; 2: arrived, the server would not report its size.
		this.arrived[index] = result.unverified ? 2 : 1;
		this.figures.set([result.verifiedSize ?? absent, result.startedAt?.getTime() ?? absent, result.endedAt?.getTime() ?? absent], index * 3);
		this.attempts[index] = result.attempts;
		this.digests.write(result.sha256!, index * digestBytes, digestBytes, 'hex');
	}

	get(index: number): FileResult | undefined {
		const arrived = this.arrived[index];
		if (!arrived) {
			return this.others.get(index);
		}

		const at = index * 3;
		const [verifiedSize, startedAt, endedAt] = [this.figures[at]!, this.figures[at + 1]!, this.figures[at + 2]!];
		return {
			file: this.files[index]!,
			status: 'done',
			attempts: this.attempts[index]!,
			sha256: this.digests.toString('hex', index * digestBytes, (index + 1) * digestBytes),
			...(Number.isNaN(verifiedSize) ? {} : {verifiedSize}),
			...(Number.isNaN(startedAt) ? {} : {startedAt: new Date(startedAt)}),
			...(Number.isNaN(endedAt) ? {} : {endedAt: new Date(endedAt)}),
			...(arrived === 2 ? {unverified: true} : {}),
		};
	}

	/** Each planned file's result in plan order; a file that never reached the queue is `skipped`. */
	* all(): Generator<FileResult> {
		for (const file of this.files) {
			yield this.get(file.index) ?? {file, status: 'skipped', attempts: 0};
		}
	}
}
