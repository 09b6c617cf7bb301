import {Box, Text} from 'ink';
import {useKeyHandler} from '../input/use-key-handler.js';
import {useState} from 'react';
import type {AppMode} from '../app-state.js';
import {ChoiceList, type Choice} from '../components/choice-list.js';
import {ErrorPanel, type PanelError} from '../components/error-panel.js';
import {Frame} from '../components/frame.js';
import {matches} from '../keymap.js';

const choices: Array<Choice<AppMode>> = [
	{value: 'asapp', label: 'Set up my ASAPP connection', description: 'Make or pick your key, send it, connect to sftp.us-east-1.asapp.com.'},
	{value: 'sandbox', label: 'Practise on a local sandbox first', description: 'A practice server on this machine: the whole flow, no account.'},
	{value: 'validate', label: 'Validate files only', description: 'Check CSV/JSONL files against ASAPP\'s tables; nothing is sent.'},
];

/** First screen of a first run: what the tool does, and where to start. */
export function WelcomeScreen({onChoose, onQuit, startupError, startupErrorTitle = 'Your saved settings could not be used'}: {onChoose(mode: AppMode): void; onQuit(): void; startupError?: PanelError; startupErrorTitle?: string}) {
	const [selected, setSelected] = useState(0);
	useKeyHandler((input, key) => {
		if (matches('quit', input, key)) {
			onQuit();
		}
	});
	return (
		<Frame title="Welcome" hints={['choiceUp', 'choiceDown', 'confirm', 'quit']}>
			<Text>This tool gets your data files to ASAPP safely:</Text>
			<Text>  it makes the SSH key ASAPP asks for (RSA 4096), checks the connection,</Text>
			<Text>  checks your CSV/JSONL files against ASAPP&apos;s tables, and uploads them with</Text>
			<Text>  a size check at the end. Nothing leaves this machine until you say so.</Text>
			<Box marginTop={1} flexDirection="column">
				<Text bold>Where do you want to start?</Text>
				<ChoiceList choices={choices} selected={selected} onMove={setSelected} onSelect={onChoose}/>
			</Box>
			{startupError ? <Box marginTop={1}><ErrorPanel title={startupErrorTitle} error={startupError}/></Box> : null}
		</Frame>
	);
}
