import {Box, Text} from 'ink';
import type {ReactNode} from 'react';
import type {Action} from '../keymap.js';
import {useTheme} from '../theme-context.js';
import {KeyHints} from './key-hints.js';

/** The common layout of a screen: a title line, the body, and the key hints at the bottom. */
export function Frame({title, step, hints, children}: {title: string; step?: string; hints: Action[]; children: ReactNode}) {
	const theme = useTheme();
	return (
		<Box flexDirection="column" paddingX={1}>
			<Box justifyContent="space-between">
				<Text bold color={theme.accent}>asapp-sftp · {title}</Text>
				{step ? <Text color={theme.muted}>{step}</Text> : null}
			</Box>
			<Box flexDirection="column" marginY={1}>
				{children}
			</Box>
			<KeyHints actions={hints}/>
		</Box>
	);
}
