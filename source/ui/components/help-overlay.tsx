import {Box, Text} from 'ink';
import {commandSummaries} from '../actions/index.js';
import {bindingsOf, type KeyScope} from '../keymap.js';
import {useTheme} from '../theme-context.js';

/** Every binding of the given scopes, straight from the keymap table, and the `:` commands. */
export function HelpOverlay({scopes, columns}: {scopes: KeyScope[]; columns: number}) {
	const theme = useTheme();
	const bindings = scopes.flatMap(scope => bindingsOf(scope));
	const half = Math.ceil(bindings.length / 2);
	const columnWidth = Math.floor((columns - 4) / 2);
	const line = (binding: (typeof bindings)[number] | undefined) => binding
		? <Text wrap="truncate"><Text bold color={theme.key}>{binding.label.padEnd(8)}</Text> {binding.does}</Text>
		: <Text> </Text>;
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={theme.accent} paddingX={1}>
			<Text bold>Keys (any key closes this)</Text>
			<Box>
				<Box flexDirection="column" width={columnWidth}>{bindings.slice(0, half).map(binding => <Box key={binding.action}>{line(binding)}</Box>)}</Box>
				<Box flexDirection="column" width={columnWidth}>{bindings.slice(half).map(binding => <Box key={binding.action}>{line(binding)}</Box>)}</Box>
			</Box>
			<Text bold>Commands after &quot;:&quot;</Text>
			<Box>
				<Box flexDirection="column" width={columnWidth}>
					{commandSummaries.slice(0, Math.ceil(commandSummaries.length / 2)).map(([usage, does]) => <Text key={usage} wrap="truncate"><Text color={theme.key}>{usage.padEnd(15)}</Text> {does}</Text>)}
				</Box>
				<Box flexDirection="column" width={columnWidth}>
					{commandSummaries.slice(Math.ceil(commandSummaries.length / 2)).map(([usage, does]) => <Text key={usage} wrap="truncate"><Text color={theme.key}>{usage.padEnd(15)}</Text> {does}</Text>)}
				</Box>
			</Box>
		</Box>
	);
}
