import {Box, Text} from 'ink';
import {useKeyHandler} from '../input/use-key-handler.js';
import {useMemo, useState} from 'react';
import {verdictOf} from '../browser/transfer-plan.js';
import {Frame} from '../components/frame.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import {canConvert, useConversionOffer, type ConversionOffer} from '../hooks/use-conversion-offer.js';
import {keymap, matches, type Action} from '../keymap.js';
import {countNoun} from '../../core/text/english.js';
import {formatCount, truncateEnd, truncateStart} from '../format.js';
import {ChoiceList} from '../components/choice-list.js';
import {ProfileSummary} from '../components/profile-summary.js';
import {appNextStep} from '../next-step.js';
import {useServices, type Conversion, type Finding, type ValidationReport} from '../services.js';
import {symbols} from '../theme.js';
import {useTheme} from '../theme-context.js';

type Row = {kind: 'rule'; code: string; count: number; severity: 'error' | 'warning'} | {kind: 'finding'; finding: Finding; severity: 'error' | 'warning'};

/** Errors first, grouped by rule, then warnings: one flat list the cursor walks. */
function rowsOf(report: ValidationReport): Row[] {
	const rows: Row[] = [];
	for (const [severity, findings] of [['error', report.errors], ['warning', report.warnings]] as const) {
		const byRule = new Map<string, Finding[]>();
		for (const finding of findings) {
			byRule.set(finding.code, [...(byRule.get(finding.code) ?? []), finding]);
		}

		for (const [code, group] of byRule) {
			rows.push({kind: 'rule', code, count: report.ruleCounts?.[code] ?? group.length, severity});
			for (const finding of group) {
				rows.push({kind: 'finding', finding, severity});
			}
		}
	}

	return rows;
}

/** The offer's line: what converting to JSONL would repair, and whether it would then be valid. */
function offerText(offer: ConversionOffer, checkOnly: boolean): string | undefined {
	switch (offer.status) {
		case 'none': {
			return undefined;
		}

		case 'counting': {
			return 'JSONL, ASAPP\'s preferred format: counting the repairs a conversion would make...';
		}

		case 'converting': {
			return `Converting to JSONL... ${offer.progress === undefined ? '' : `${formatCount(offer.progress.rows)} rows`}`;
		}

		case 'failed': {
			return `${offer.message}${offer.hint === undefined ? '' : ` ${offer.hint}`}`;
		}

		case 'ready': {
			const {repairs, invalidRecords, fileErrors} = offer.preview;
			if (fileErrors) {
				return 'Converting to JSONL would not help: the file as a whole has errors.';
			}

			if (invalidRecords > 0) {
				return `Converting to JSONL would repair ${countNoun(repairs, 'value')}, but ${countNoun(invalidRecords, 'record')} would still have errors.`;
			}

			return `Convert to JSONL, ASAPP's preferred format${checkOnly ? '' : ', and upload that instead'}: ${repairs === 0 ? 'no repairs needed' : `${countNoun(repairs, 'certain repair')}`}, then valid.`;
		}
	}
}

/**
 * What the check found, file by file: errors by rule with line, field, value and the fix.
 * A file with errors stays here unless the person overrides it, for that file only. A CSV
 * can be converted to JSONL here (the certain repairs made), which then takes its place.
 */
export function ValidationReportScreen({reports, checkOnly, onProceed, onClose, onReports, onConverted}: {
	reports: ValidationReport[];
	checkOnly: boolean;
	onProceed(overrides: ReadonlySet<string>): void;
	onClose(): void;
	/** A file was checked again (against a table the person chose). */
	onReports(reports: ValidationReport[]): void;
	onConverted(conversion: Conversion): void;
}) {
	const theme = useTheme();
	const services = useServices();
	const [choosingTable, setChoosingTable] = useState<'no' | 'choosing' | 'checking'>('no');
	const {rows: terminalRows} = useTerminalSize();
	const [fileIndex, setFileIndex] = useState(() => Math.max(0, reports.findIndex(report => verdictOf(report) === 'errors')));
	const [cursor, setCursor] = useState(0);
	const [overrides, setOverrides] = useState<ReadonlySet<string>>(new Set());
	const [tableChoice, setTableChoice] = useState(0);
	const report = reports[fileIndex];
	const rows = useMemo(() => report ? rowsOf(report) : [], [report]);
	const capped = report !== undefined && (report.errorCount ?? report.errors.length) + (report.warningCount ?? report.warnings.length) > report.errors.length + report.warnings.length;
	const findingRows = rows.map((row, index) => row.kind === 'finding' ? index : -1).filter(index => index >= 0);
	const cursorRow = findingRows[cursor] ?? -1;
	const {offer, convert} = useConversionOffer(report, onConverted);
	const offerLine = offerText(offer, checkOnly);

	const checkAgainst = (schema: string) => {
		if (!report) {
			return;
		}

		setChoosingTable('checking');
		void services.validate(report.path, {schema}).then(
			checked => {
				onReports(reports.map(candidate => candidate.path === report.path ? checked : candidate));
			},
			(error: unknown) => {
				onReports(reports.map(candidate => candidate.path === report.path ? {...candidate, fatal: (error as Error).message} : candidate));
			},
		).finally(() => {
			setChoosingTable('no');
			setCursor(0);
		});
	};

	useKeyHandler((input, key) => {
		if (choosingTable !== 'no') {
			if (choosingTable === 'choosing' && matches('close', input, key)) {
				setChoosingTable('no');
			}

			return;
		}

		if (matches('chooseTable', input, key) && report?.needsSchema) {
			setChoosingTable('choosing');
		} else if (matches('nextFinding', input, key)) {
			setCursor(previous => Math.min(previous + 1, Math.max(0, findingRows.length - 1)));
		} else if (matches('previousFinding', input, key)) {
			setCursor(previous => Math.max(0, previous - 1));
		} else if (matches('nextFile', input, key)) {
			setFileIndex(previous => (previous + 1) % reports.length);
			setCursor(0);
		} else if (!checkOnly && matches('override', input, key) && report && verdictOf(report) === 'errors') {
			const next = new Set(overrides);
			if (next.has(report.path)) {
				next.delete(report.path);
			} else {
				next.add(report.path);
			}

			setOverrides(next);
		} else if (matches('convert', input, key) && canConvert(offer)) {
			convert();
		} else if (matches('proceed', input, key)) {
			if (checkOnly) {
				onClose();
			} else {
				onProceed(overrides);
			}
		} else if (matches('close', input, key)) {
			onClose();
		}
	});

	const withErrors = reports.filter(candidate => verdictOf(candidate) === 'errors');
	const blocked = withErrors.filter(candidate => !overrides.has(candidate.path)).length;
	const fileListRows = Math.min(reports.length, 5);
	const firstFile = Math.max(0, Math.min(fileIndex - 2, reports.length - fileListRows));
	const detailRoom = Math.max(3, terminalRows - fileListRows - 12 - (offerLine === undefined ? 0 : 2) - (report?.exporter === undefined ? 0 : 2));
	const firstRow = Math.max(0, Math.min(cursorRow - Math.floor(detailRoom / 2), rows.length - detailRoom));
	const tableHint: Action[] = report?.needsSchema ? ['chooseTable'] : [];
	const hints: Action[] = checkOnly ? [...tableHint, 'nextFinding', 'previousFinding', 'nextFile', 'close'] : [...tableHint, 'nextFinding', 'previousFinding', 'nextFile', 'override', 'proceed', 'close'];
	if (choosingTable !== 'no' && report) {
		return (
			<Frame title={`Which of ASAPP's tables is ${report.path.split(/[\\/]/).pop() ?? report.path} for?`} hints={['choiceUp', 'choiceDown', 'confirm', 'close']}>
				<Text wrap="wrap">The file has no header row naming its fields, so its columns are read in the order of the table you choose.</Text>
				{choosingTable === 'checking' ? <Text color={theme.muted}>Checking…</Text> : (
					<ChoiceList choices={services.schemas.map(schema => ({value: schema.name, label: schema.title}))} selected={tableChoice} onMove={setTableChoice} onSelect={checkAgainst}/>
				)}
			</Frame>
		);
	}

	if (canConvert(offer)) {
		hints.splice(tableHint.length + 3, 0, 'convert');
	}

	return (
		<Frame title="Check results" hints={hints}>
			<Text>
				Checked {countNoun(reports.length, 'file')}: {withErrors.length} with errors
				{checkOnly ? '' : blocked > 0 ? `; ${blocked} will not be uploaded unless you override` : withErrors.length > 0 ? '; overridden files will be uploaded anyway' : '; all can be uploaded'}.
			</Text>
			<Box flexDirection="column" marginY={1}>
				{reports.slice(firstFile, firstFile + fileListRows).map((candidate, offset) => {
					const index = firstFile + offset;
					const verdict = verdictOf(candidate);
					const overridden = overrides.has(candidate.path);
					const symbol = verdict === 'errors' ? symbols.failed : symbols.ok;
					const colour = verdict === 'errors' ? theme.error : (verdict === 'warnings' ? theme.warning : theme.ok);
					const summary = candidate.fatal === undefined
						? `${candidate.schema ?? 'unknown table'}, ${countNoun(candidate.rows, 'row')}, ${countNoun(candidate.errorCount ?? candidate.errors.length, 'error')}, ${countNoun(candidate.warningCount ?? candidate.warnings.length, 'warning')}`
						: 'could not be checked';
					return (
						<Text key={candidate.path} inverse={index === fileIndex} wrap="truncate">
							{index === fileIndex ? symbols.cursor : ' '} <Text color={colour}>{symbol}</Text>
							{verdict === 'errors' && !checkOnly ? (overridden ? <Text color={theme.warning} bold> OVERRIDDEN, will upload</Text> : <Text color={theme.error}> not uploaded</Text>) : null}
							{' '}{truncateStart(candidate.path.split(/[\\/]/).pop() ?? candidate.path, 28)}  {summary}
						</Text>
					);
				})}
			</Box>
			{report ? <ProfileSummary report={report}/> : null}
			{report?.needsSchema ? <Text color={theme.accent} wrap="wrap">{appNextStep({kind: 'choose-schema'})}</Text> : null}
			{report?.fatal === undefined ? null : <Text color={theme.error} wrap="wrap">{symbols.failed} {report.fatal}</Text>}
			{report?.exporter === undefined ? null : <Text color={theme.accent} wrap="wrap">Looks like {report.exporter.name}: {report.exporter.advice}.</Text>}
			{offerLine === undefined ? null : <Text color={canConvert(offer) ? theme.ok : (offer.status === 'failed' ? theme.error : theme.muted)} wrap="wrap">{canConvert(offer) ? `${keymap.convert.label}  ` : ''}{offerLine}</Text>}
			{capped ? <Text color={theme.muted}>Only the first {report.errors.length + report.warnings.length} problems are listed; fix these and check again.</Text> : null}
			{rows.length === 0 && report?.fatal === undefined ? <Text color={theme.ok}>{symbols.ok} No problems found in this file.</Text> : null}
			{rows.slice(firstRow, firstRow + detailRoom).map((row, offset) => {
				const index = firstRow + offset;
				if (row.kind === 'rule') {
					return (
						<Text key={`rule-${row.severity}-${row.code}`} bold color={row.severity === 'error' ? theme.error : theme.warning}>
							{row.severity === 'error' ? 'Error' : 'Warning'}: {row.code} ({row.count})
						</Text>
					);
				}

				const {finding} = row;
				const selected = index === cursorRow;
				return (
					<Box key={`${row.severity}-${index}`} flexDirection="column">
						<Text inverse={selected} wrap={selected ? 'wrap' : 'truncate'}>
							{selected ? symbols.cursor : ' '} {finding.line === null ? 'whole file' : `line ${finding.line}`}{finding.field === null ? '' : `, ${finding.field}`}
							{finding.value === undefined ? '' : ` = "${truncateEnd(finding.value, 24)}"`}: {finding.message}
						</Text>
						{selected && finding.hint ? <Box paddingLeft={4}><Text color={theme.accent} wrap="wrap">Fix: {finding.hint}</Text></Box> : null}
					</Box>
				);
			})}
		</Frame>
	);
}
