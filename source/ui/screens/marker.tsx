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
	// A marker that starts with "sftp": the part after it, offered before going on.
	const [meant, setMeant] = useState<string>();
	const finish = (marker: string) => {
		try {
			onDone(services.keys.validateMarker(marker));
		} catch (error) {
			const {message, hint} = error as Error & {hint?: string};
			setMeant(undefined);
			setProblem({message, hint});
		}
	};

	useKeyHandler((input, key) => {
		if (meant !== undefined) {
			if (matches('accept', input, key)) {
				finish(meant);
			} else if (matches('reject', input, key)) {
				finish(value);
			} else if (matches('back', input, key)) {
				setMeant(undefined);
			}

			return;
		}

		if (matches('back', input, key)) {
			onBack();
		}
	});
	const trimmed = value.trim();
	const submit = () => {
		const withoutPrefix = services.keys.markerWithoutUserPrefix(value);
		if (withoutPrefix === undefined) {
			finish(value);
		} else {
			setMeant(withoutPrefix);
		}
	};

	return (
		<Frame title="Company marker" step="Step 1 of 4" hints={meant === undefined ? ['confirm', 'back'] : ['accept', 'reject', 'back']}>
			<Text>ASAPP gives each company a short marker; your SFTP user name is <Text bold>sftp</Text> followed by it.</Text>
			{sandbox ? <Text color={theme.muted}>On the practice server any marker works; &quot;practice&quot; is filled in.</Text> : null}
			<Box marginTop={1}>
				<Text>Marker: </Text>
				<TextField value={value} isActive={meant === undefined} placeholder="testcompany" required="Type the marker ASAPP gave you first." onChange={next => {
					setValue(next);
					setProblem(undefined);
				}} onSubmit={submit}/>
			</Box>
			<Text>User name: <Text bold color={theme.accent}>{trimmed === '' ? '…' : `sftp${trimmed}`}</Text></Text>
			{meant === undefined ? null : (
				<Box flexDirection="column" marginTop={1}>
					<Text color={theme.warning} bold>Did you mean the marker &quot;{meant}&quot;?</Text>
					<Text>The user name already starts with sftp: &quot;{trimmed}&quot; makes the user sftp{trimmed}, &quot;{meant}&quot; makes sftp{meant}.</Text>
					<Text>y use &quot;{meant}&quot; · n keep &quot;{trimmed}&quot;</Text>
				</Box>
			)}
			{problem ? (
				<Box flexDirection="column" marginTop={1}>
					<Text color={theme.error}>{problem.message}</Text>
					{problem.hint ? <Text color={theme.muted}>{problem.hint}</Text> : null}
				</Box>
			) : null}
		</Frame>
	);
}
