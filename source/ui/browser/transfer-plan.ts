import type {Conversion, ValidationReport} from '../services.js';

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

/**
 * The plan and reports once a CSV was converted: the JSONL takes the CSV's place (same
 * remote folder, its own name and size) and its own report replaces the CSV's.
 */
export function withConversion(plan: TransferPlan, reports: ValidationReport[], conversion: Conversion): {plan: TransferPlan; reports: ValidationReport[]} {
	const newName = (name: string): string => `${name.replace(/\.[^./\\]*$/, '')}.jsonl`;
	return {
		plan: {
			...plan,
			items: plan.items.map(item => item.source === conversion.csvPath ? {...item, source: conversion.path, target: newName(item.target), name: newName(item.name), size: conversion.size} : item),
		},
		reports: reports.map(report => report.path === conversion.csvPath ? conversion.report : report),
	};
}
