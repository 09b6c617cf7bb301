import type {ValidationReport} from '../services.js';

export type Direction = 'upload' | 'download';

export type TransferItem = {
	id: number;
	direction: Direction;
	/** Local path for an upload, remote path for a download. */
	source: string;
	target: string;
	/** What the person sees, e.g. `transcripts/day1.csv`. */
	name: string;
	size: number;
	/** Replace an existing local file: only set after the person said so. */
	overwrite?: boolean;
};

/** What an action asked for: the files, and the remote folders `put -r` must make first. */
export type TransferPlan = {
	direction: Direction;
	items: TransferItem[];
	folders: string[];
	/** `v` in the browser: check the files and show the report; nothing is sent. */
	checkOnly?: boolean;
	/** Files the check kept back (errors not overridden), for the closing line. */
	leftOut?: number;
};

export type ReportVerdict = 'clean' | 'warnings' | 'errors';

export function verdictOf(report: ValidationReport): ReportVerdict {
	if (report.fatal !== undefined || report.errors.length > 0) {
		return 'errors';
	}

	return report.warnings.length > 0 ? 'warnings' : 'clean';
}

/** The files that go ahead: every file without errors, plus those the person overrode. */
export function allowedItems(plan: TransferPlan, reports: ValidationReport[], overrides: ReadonlySet<string>): TransferItem[] {
	return plan.items.filter(item => {
		const report = reports.find(candidate => candidate.path === item.source);
		return !report || verdictOf(report) !== 'errors' || overrides.has(item.source);
	});
}
