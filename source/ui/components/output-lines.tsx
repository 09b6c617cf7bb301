import {Box, Text} from 'ink';
import type {OutputLine} from '../actions/action.js';
import {useTheme} from '../theme-context.js';

/**
 * The status lines under the panes. Long lines wrap (a hint cut at 80 columns loses what
 * to do); past `rows` lines, the last row says how many more there are.
 */
export function OutputLines({lines, rows}: {lines: OutputLine[]; rows: number}) {
	const theme = useTheme();
	const color = (line: OutputLine) => line.tone === 'error' ? theme.error : (line.tone === 'ok' ? theme.ok : (line.tone === 'muted' ? theme.muted : undefined));
	const shown = lines.length > rows ? lines.slice(0, rows - 1) : lines;
	return (
		<Box flexDirection="column" minHeight={rows}>
			{shown.map((line, index) => <Text key={index} wrap="wrap" color={color(line)}>{line.text}</Text>)}
			{lines.length > rows ? <Text color={theme.muted}>… and {lines.length - rows + 1} more</Text> : null}
		</Box>
	);
}
