import {validationOf, type ReceiptValidation, type ValidationVerdict} from '../transfer/upload-receipt.js';
import type {FileReport} from './file-report.js';
import {schemaNames, type SchemaName} from './schemas.js';

const verdicts: ValidationVerdict[] = ['not-checked', 'valid', 'valid-with-warnings', 'invalid', 'not-a-table'];
const noSchema = 255;

/**
 * The upload gate's word on each file of a run, by position, in typed arrays: what the
 * receipt records (verdict, table, records, errors, warnings) in 26 bytes a file, where a
 * whole FileReport (profile, findings) took about 600. 100,000 files: 2.6 MB.
 */
export class GateVerdicts {
	private readonly verdict: Uint8Array;
	private readonly schema: Uint8Array;
	/** records, errors and warnings of file i at 3i, 3i + 1, 3i + 2. */
	private readonly counts: Float64Array;

	constructor(readonly size: number) {
		this.verdict = new Uint8Array(size);
		this.schema = new Uint8Array(size).fill(noSchema);
		this.counts = new Float64Array(size * 3);
	}

	record(position: number, report: FileReport): void {
		const validation = validationOf(report);
		this.verdict[position] = verdicts.indexOf(validation.verdict);
		this.schema[position] = validation.schema === null ? noSchema : schemaNames.indexOf(validation.schema as SchemaName);
		this.counts.set([validation.records ?? 0, validation.errors, validation.warnings], position * 3);
	}

	/** What the receipt says of the file at `position`: `not-checked` unless the gate saw it. */
	get(position: number): ReceiptValidation {
		const verdict = verdicts[this.verdict[position] ?? 0]!;
		if (verdict === 'not-checked') {
			return validationOf(undefined);
		}

		const schema = this.schema[position]!;
		const at = position * 3;
		return {verdict, schema: schema === noSchema ? null : schemaNames[schema]!, records: this.counts[at]!, errors: this.counts[at + 1]!, warnings: this.counts[at + 2]!};
	}
}
