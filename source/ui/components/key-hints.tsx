import {Box, Text} from 'ink';
import {keymap, type Action} from '../keymap.js';
import {useTheme} from '../theme-context.js';

/** One line of key hints, drawn from the keymap table so they never drift from what works. */
export function KeyHints({actions}: {actions: Action[]}) {
	const theme = useTheme();
	return (
		<Box flexWrap="wrap" columnGap={2}>
			{actions.map(action => (
				<Text key={action} wrap="truncate">
					<Text bold color={theme.key}>{keymap[action].label}</Text>
					<Text color={theme.muted}> {keymap[action].does}</Text>
				</Text>
			))}
		</Box>
	);
}
