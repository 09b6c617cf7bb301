import {Box, Text} from 'ink';
import {symbols} from '../theme.js';
import {useTheme} from '../theme-context.js';

export type PanelError = {
	/** What failed, in plain words. */
	message: string;
	/** What to do next. */
	hint?: string;
	/** Where the technical detail went, when there is any. */
	logFile?: string;
};

/** What failed, what to do next, and where the detail is; never a stack trace. */
export function ErrorPanel({error, title = 'Something went wrong'}: {error: PanelError; title?: string}) {
	const theme = useTheme();
	return (
		<Box flexDirection="column" borderStyle="round" borderColor={theme.error} paddingX={1}>
			<Text bold color={theme.error}>{symbols.failed} {title}</Text>
			<Text>{error.message}</Text>
			{error.hint ? <Text><Text bold>Next: </Text>{error.hint}</Text> : null}
			{error.logFile ? <Text color={theme.muted}>Details: {error.logFile}</Text> : null}
		</Box>
	);
}
