import {Box, Text} from 'ink';
import {monthCoverage, wantedMonths} from '../../core/ops/month-coverage.js';
import {formatCount} from '../format.js';
import type {ValidationReport} from '../services.js';
import {useTheme} from '../theme-context.js';

const levels = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
const chartRows = 3;
/** At most this many months are drawn (the latest); more would not fit 80 columns. */
const maxMonths = 36;

/** One column per month, `chartRows` high; an empty month is a hole marked on the base line. */
function monthBars(counts: number[]): string[] {
	const highest = Math.max(1, ...counts);
	return Array.from({length: chartRows}, (_, row) => {
		const floor = chartRows - 1 - row;
		return counts.map(count => {
			if (count === 0) {
				return row === chartRows - 1 ? '·' : ' ';
			}

			const eighths = Math.max(1, Math.round((count / highest) * chartRows * 8));
			const here = Math.min(8, Math.max(0, eighths - (floor * 8)));
			return here === 0 ? ' ' : levels[here - 1]!;
		}).join('');
	});
}

/**
 * What a checked file holds: months covered as a small bar chart (ASAPP asks for 12) and,
 * for transcripts, the mix of sender roles.
 */
export function ProfileSummary({report}: {report: ValidationReport}) {
	const theme = useTheme();
	const {profile} = report;
	if (!profile || profile.records === 0) {
		return null;
	}

	const series = monthCoverage(profile).slice(-maxMonths);
	const covered = series.filter(entry => entry.count > 0).length;
	const roles = Object.entries(profile.senderRoles ?? {}).sort((a, b) => b[1] - a[1]);
	const roleTotal = roles.reduce((sum, [, count]) => sum + count, 0);
	return (
		<Box flexDirection="column" marginBottom={1}>
			{series.length > 0 ? (
				<>
					<Text>
						<Text bold>Months with records: </Text>{covered}
						{covered < wantedMonths ? <Text color={theme.warning}> (ASAPP asks for {wantedMonths})</Text> : <Text color={theme.ok}> (ASAPP asks for {wantedMonths})</Text>}
						<Text color={theme.muted}> by {profile.timestampField}</Text>
					</Text>
					{monthBars(series.map(entry => entry.count)).map((line, index) => <Text key={index} color={theme.accent}>  {line}</Text>)}
					<Text color={theme.muted}>  {series[0]!.month}{series.length > 14 ? `${' '.repeat(series.length - 14)}${series.at(-1)!.month}` : (series.length > 1 ? ` to ${series.at(-1)!.month}` : '')}</Text>
				</>
			) : null}
			{roleTotal > 0 ? (
				<Text wrap="wrap">
					<Text bold>Sender roles: </Text>
					{roles.map(([role, count]) => `${role} ${Math.round((count / roleTotal) * 100)}% (${formatCount(count)})`).join(', ')}
				</Text>
			) : null}
		</Box>
	);
}
