import {Box, Text} from 'ink';
import {useKeyHandler} from '../input/use-key-handler.js';
import {useMemo, useState} from 'react';
import {verdictOf} from '../browser/transfer-plan.js';
import {Frame} from '../components/frame.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import {matches, type Action} from '../keymap.js';
import {formatCount, truncateEnd, truncateStart} from '../format.js';
import {ChoiceList} from '../components/choice-list.js';
import {ProfileSummary} from '../components/profile-summary.js';
import {appNextStep} from '../next-step.js';
import {useServices, type Finding, type ValidationReport} from '../services.js';
import {symbols} from '../theme.js';
import {useTheme} from '../theme-context.js';

function plural(count: number, word: string): string {
	return `${formatCount(count)} ${word}${count === 1 ? '' : 's'}`;
}

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

/**
 * What the check found, file by file: errors by rule with line, field, value and the fix.
 * A file with errors stays here unless the person overrides it, for that file only.
 */
export function ValidationReportScreen({reports, checkOnly, onProceed, onClose, onReports}: {
	reports: ValidationReport[];
	checkOnly: boolean;
	onProceed(overrides: ReadonlySet<string>): void;
	onClose(): void;
	/** A file was checked again (against a table the person chose). */
	onReports(reports: ValidationReport[]): void;
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
	const detailRoom = Math.max(3, terminalRows - fileListRows - 12);
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

	return (
		<Frame title="Check results" hints={hints}>
			<Text>
				Checked {plural(reports.length, 'file')}: {withErrors.length} with errors
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
						? `${candidate.schema ?? 'unknown table'}, ${plural(candidate.rows, 'row')}, ${plural(candidate.errorCount ?? candidate.errors.length, 'error')}, ${plural(candidate.warningCount ?? candidate.warnings.length, 'warning')}`
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
