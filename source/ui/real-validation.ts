import {stat} from 'node:fs/promises';
import {AppError} from '../core/app-error.js';
import {convertFile} from '../core/convert/convert-file.js';
import type {FileReport} from '../core/validate/file-report.js';
import {schemas, isSchemaName} from '../core/validate/schemas.js';
import {isValidatable, validateFile} from '../core/validate/validate-file.js';
import type {AppServices, ValidationProgress, ValidationReport} from './services.js';

/** The core's report as the screens show it. */
function reportOf(file: string, report: FileReport): ValidationReport {
	return {
		path: file,
		schema: report.schema === null ? undefined : schemas[report.schema].title,
		rows: report.records,
		errorCount: report.errorCount,
		warningCount: report.warningCount,
		ruleCounts: report.ruleCounts,
		errors: report.errors,
		warnings: report.warnings,
		profile: report.profile,
		needsSchema: report.schema === null && (report.ruleCounts['schema-unknown'] ?? 0) > 0,
		...(report.exporter === null ? {} : {exporter: {name: report.exporter.name, advice: report.exporter.advice}}),
		convertible: report.format === 'csv' && report.schema !== null,
	};
}

function progressOf(onProgress: ((progress: ValidationProgress) => void) | undefined) {
	return (progress: {records: number; bytesRead: number; totalBytes: number}) => onProgress?.({rows: progress.records, bytes: progress.bytesRead, totalBytes: progress.totalBytes});
}

/**
 * The core's validator and converter behind the report screen: ASAPP's tables, the check,
 * the profile, CSV to JSONL. `reports` keeps the core's own report of each file checked,
 * for the upload receipt.
 */
export function createValidation(): Pick<AppServices, 'isValidatable' | 'schemas' | 'validate' | 'conversion'> & {reports: Map<string, FileReport>} {
	const reports = new Map<string, FileReport>();
	const check = async (file: string, options: {signal?: AbortSignal; schema?: string; onProgress?: (progress: ValidationProgress) => void}) => {
		const {schema} = options;
		const report = await validateFile(file, {signal: options.signal, schema: schema !== undefined && isSchemaName(schema) ? schema : undefined, onProgress: progressOf(options.onProgress)});
		reports.set(file, report);
		return reportOf(file, report);
	};

	return {
		reports,
		isValidatable,
		schemas: Object.values(schemas).map(schema => ({name: schema.name, title: schema.title})),
		validate: check,
		conversion: {
			async preview(csvPath, {signal}) {
				const preview = await convertFile(csvPath, {fix: true, preview: true, signal});
				return {repairs: preview.repairs.count, invalidRecords: preview.invalidRecords, fileErrors: preview.refusal === 'file-errors'};
			},
			async convert(csvPath, {signal, onProgress}) {
				const result = await convertFile(csvPath, {fix: true, signal, onProgress: progressOf(onProgress)});
				if (result.output === null) {
					const problem = result.refusal === 'file-errors' ? 'the file as a whole has errors' : `${result.invalidRecords} record${result.invalidRecords === 1 ? '' : 's'} still have errors after the repairs`;
					throw new AppError('conversion-refused', `Not converted: ${problem}; nothing was written.`, {hint: 'Fix those records in the export, then check the file again.'});
				}

				const jsonl = result.output;
				return {
					csvPath,
					path: jsonl,
					size: (await stat(jsonl)).size,
					records: result.written,
					repairs: result.repairs.count,
					report: await check(jsonl, {signal}),
				};
			},
		},
	};
}
