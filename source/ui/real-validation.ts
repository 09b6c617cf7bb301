import type {FileReport} from '../core/validate/file-report.js';
import {schemas, isSchemaName} from '../core/validate/schemas.js';
import {isValidatable, validateFile} from '../core/validate/validate-file.js';
import type {AppServices} from './services.js';

/**
 * The core's validator behind the report screen: ASAPP's tables, the check, the profile.
 * `reports` keeps the core's own report of each file checked, for the upload receipt.
 */
export function createValidation(): Pick<AppServices, 'isValidatable' | 'schemas' | 'validate'> & {reports: Map<string, FileReport>} {
	const reports = new Map<string, FileReport>();
	return {
		reports,
		isValidatable,
		schemas: Object.values(schemas).map(schema => ({name: schema.name, title: schema.title})),
		async validate(file, {signal, schema, onProgress}) {
			const report = await validateFile(file, {
				signal,
				schema: schema !== undefined && isSchemaName(schema) ? schema : undefined,
				onProgress: progress => onProgress?.({rows: progress.records, bytes: progress.bytesRead, totalBytes: progress.totalBytes}),
			});
			reports.set(file, report);
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
			};
		},
	};
}
