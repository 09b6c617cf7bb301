import {Box, Text} from 'ink';
import {useKeyHandler} from '../input/use-key-handler.js';
import {useState} from 'react';
import {Frame} from '../components/frame.js';
import {TextField} from '../components/text-field.js';
import {matches} from '../keymap.js';
import {useServices} from '../services.js';
import {useTheme} from '../theme-context.js';

/** Step 2: the company marker ASAPP gave, and the user name it makes. */
export function MarkerScreen({initial, sandbox, onDone, onBack}: {initial: string; sandbox: boolean; onDone(marker: string): void; onBack(): void}) {
	const services = useServices();
	const theme = useTheme();
	const [value, setValue] = useState(initial);
	const [problem, setProblem] = useState<{message: string; hint?: string}>();
	useKeyHandler((input, key) => {
		if (matches('back', input, key)) {
			onBack();
		}
	});
	const trimmed = value.trim();
	const submit = () => {
		try {
			onDone(services.keys.validateMarker(value));
		} catch (error) {
			const {message, hint} = error as Error & {hint?: string};
			setProblem({message, hint});
		}
	};

	return (
		<Frame title="Company marker" step="Step 1 of 4" hints={['confirm', 'back']}>
			<Text>ASAPP gives each company a short marker; your SFTP user name is <Text bold>sftp</Text> followed by it.</Text>
			{sandbox ? <Text color={theme.muted}>On the practice server any marker works; &quot;practice&quot; is filled in.</Text> : null}
			<Box marginTop={1}>
				<Text>Marker: </Text>
				<TextField value={value} placeholder="e.g. testcompany" onChange={next => {
					setValue(next);
					setProblem(undefined);
				}} onSubmit={submit}/>
			</Box>
			<Text>User name: <Text bold color={theme.accent}>{trimmed === '' ? '…' : `sftp${trimmed}`}</Text></Text>
			{problem ? (
				<Box flexDirection="column" marginTop={1}>
					<Text color={theme.error}>{problem.message}</Text>
					{problem.hint ? <Text color={theme.muted}>{problem.hint}</Text> : null}
				</Box>
			) : null}
		</Frame>
	);
}
