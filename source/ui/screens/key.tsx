import {Box, Text} from 'ink';
import {useKeyHandler} from '../input/use-key-handler.js';
import {useState} from 'react';
import {ChoiceList} from '../components/choice-list.js';
import {ErrorPanel} from '../components/error-panel.js';
import {Frame} from '../components/frame.js';
import {Spinner} from '../components/spinner.js';
import {TextField} from '../components/text-field.js';
import {useKeySetup} from '../hooks/use-key-setup.js';
import {matches} from '../keymap.js';
import {useServices, type KeySummary} from '../services.js';
import {symbols} from '../theme.js';
import {useTheme} from '../theme-context.js';

function KeyFacts({keySummary}: {keySummary: KeySummary}) {
	const theme = useTheme();
	return (
		<Box flexDirection="column">
			<Text>File:        {keySummary.privateKeyPath}</Text>
			<Text>Type:        {keySummary.type === 'ssh-rsa' ? 'RSA' : keySummary.type}, {keySummary.bits} bits{keySummary.encrypted ? ', protected by a passphrase' : ''}</Text>
			<Text>Fingerprint: <Text color={theme.accent}>{keySummary.fingerprint}</Text></Text>
		</Box>
	);
}

/** Step 2: make a new RSA 4096 key, or use one that exists (refused with the reason when unfit). */
export function KeyScreen({marker, onDone, onBack}: {marker: string; onDone(key: KeySummary, passphrase: string | undefined): void; onBack(): void}) {
	const services = useServices();
	const theme = useTheme();
	const {step, go, back, create, inspect} = useKeySetup(marker);
	const defaultPath = services.keys.defaultKeyPath(marker);
	const [choice, setChoice] = useState(0);
	const [path, setPath] = useState(defaultPath);
	const [existingPath, setExistingPath] = useState('');
	const [passphrase, setPassphrase] = useState('');
	const busy = step.name === 'creating' || step.name === 'inspecting';

	useKeyHandler((input, key) => {
		if (matches('back', input, key)) {
			if (step.name === 'choose') {
				onBack();
			} else {
				setPassphrase('');
				back();
			}

			return;
		}

		if (step.name === 'shown' && matches('confirm', input, key) && step.key.unfitReason === undefined) {
			onDone(step.key, step.passphrase);
		}

		if (step.name === 'failed' && matches('retry', input, key)) {
			back();
		}
	}, {active: !busy});

	const body = (() => {
		switch (step.name) {
			case 'choose': {
				return (
					<>
						<Text>ASAPP identifies you by an SSH key: an RSA key of 4096 bits.</Text>
						<Box marginTop={1}>
							<ChoiceList
								choices={[
									{value: 'create', label: 'Create a new key', description: `Saved as ${defaultPath}`},
									{value: 'existing', label: 'Use a key I already have', description: 'Its type, size and fingerprint are checked first.'},
								]}
								selected={choice}
								onMove={setChoice}
								onSelect={value => {
									go({name: value === 'create' ? 'create-path' : 'existing-path'});
								}}
							/>
						</Box>
					</>
				);
			}

			case 'create-path': {
				return (
					<>
						<Text>Where should the new key go? An existing file is never overwritten.</Text>
						<Box marginTop={1}>
							<Text>Private key file: </Text>
							<TextField value={path} required="Type where the new key should go." onChange={setPath} onSubmit={() => {
								go({name: 'create-passphrase'});
							}}/>
						</Box>
						<Text color={theme.muted}>The public half goes beside it as {path}.pub</Text>
					</>
				);
			}

			case 'create-passphrase': {
				return (
					<>
						{step.mismatch ? <Text color={theme.error}>The two passphrases were different; type it again.</Text> : null}
						<Text>A passphrase protects the key file if someone copies it. Leave it empty for none.</Text>
						<Box marginTop={1}>
							<Text>Passphrase: </Text>
							<TextField mask value={passphrase} onChange={setPassphrase} onSubmit={value => {
								if (value === '') {
									void create(path, '');
								} else {
									setPassphrase('');
									go({name: 'create-confirm', passphrase: value});
								}
							}}/>
						</Box>
					</>
				);
			}

			case 'create-confirm': {
				return (
					<>
						<Text>Type the passphrase once more.</Text>
						<Box marginTop={1}>
							<Text>Again: </Text>
							<TextField mask value={passphrase} onChange={setPassphrase} onSubmit={value => {
								setPassphrase('');
								if (value === step.passphrase) {
									void create(path, value);
								} else {
									go({name: 'create-passphrase', mismatch: true});
								}
							}}/>
						</Box>
					</>
				);
			}

			case 'creating': {
				return <Spinner label="Making an RSA 4096 key (a second or two; Ctrl-C cancels)…"/>;
			}

			case 'existing-path': {
				return (
					<>
						<Text>The private key file (PEM, OpenSSH or PuTTY .ppk).</Text>
						<Box marginTop={1}>
							<Text>Key file: </Text>
							<TextField value={existingPath} placeholder="~/.ssh/id_rsa" required="Type the path of your private key first." onChange={setExistingPath} onSubmit={value => {
								void inspect(value.trim());
							}}/>
						</Box>
					</>
				);
			}

			case 'existing-passphrase': {
				return (
					<>
						<Text>{step.wrong ? <Text color={theme.error}>That passphrase does not open the key. </Text> : null}This key is protected by a passphrase.</Text>
						<Box marginTop={1}>
							<Text>Passphrase: </Text>
							<TextField mask value={passphrase} required="Type the passphrase of this key." onChange={setPassphrase} onSubmit={value => {
								setPassphrase('');
								void inspect(existingPath.trim(), value);
							}}/>
						</Box>
					</>
				);
			}

			case 'inspecting': {
				return <Spinner label="Reading the key…"/>;
			}

			case 'shown': {
				const unfit = step.key.unfitReason;
				return (
					<>
						<Text color={unfit ? theme.error : theme.ok} bold>
							{unfit ? `${symbols.failed} ASAPP's server will not accept this key` : `${symbols.ok} ${step.created ? 'Your new key is ready' : 'This key fits'}`}
						</Text>
						<KeyFacts keySummary={step.key}/>
						{unfit ? <Text><Text bold>Why: </Text>{unfit} Press Esc to choose another key, or create a new one.</Text> : null}
					</>
				);
			}

			case 'failed': {
				return <ErrorPanel title={step.retry === 'creating' ? 'The key was not made' : 'The key could not be used'} error={{message: step.error.message, hint: step.error.hint}}/>;
			}
		}
	})();

	const hints = step.name === 'shown' && step.key.unfitReason === undefined
		? ['confirm', 'back'] as const
		: step.name === 'failed' ? ['retry', 'back'] as const
			: step.name === 'choose' ? ['choiceUp', 'choiceDown', 'confirm', 'back'] as const
				: busy ? [] as const : ['confirm', 'back'] as const;
	return (
		<Frame title="Your SSH key" step="Step 2 of 4" hints={[...hints]}>
			{body}
		</Frame>
	);
}
