import {Box, Text} from 'ink';
import type {TerminalSize} from '../hooks/use-terminal-size.js';
import {useTheme} from '../theme-context.js';

/** The smallest terminal every screen is drawn for. */
export const minimumSize: TerminalSize = {columns: 80, rows: 24};

export function isTooSmall(size: TerminalSize): boolean {
	return size.columns < minimumSize.columns || size.rows < minimumSize.rows;
}

/** Shown instead of a screen that would not fit: what is needed, and that nothing is lost. */
export function TooSmall({size}: {size: TerminalSize}) {
	const theme = useTheme();
	return (
		<Box flexDirection="column" paddingX={1}>
			<Text bold color={theme.warning}>The terminal is {size.columns}x{size.rows};</Text>
			<Text bold color={theme.warning}>asapp-sftp needs at least {minimumSize.columns}x{minimumSize.rows}.</Text>
			<Text>Make the window larger</Text>
			<Text>(or the font smaller):</Text>
			<Text>the screen comes back</Text>
			<Text>as it was. Ctrl-C quits.</Text>
		</Box>
	);
}
