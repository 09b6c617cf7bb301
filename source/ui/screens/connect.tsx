import {Box, Text} from 'ink';
import {useKeyHandler} from '../input/use-key-handler.js';
import {useState} from 'react';
import {asappServer} from '../../core/config/asapp-server.js';
import {ErrorPanel} from '../components/error-panel.js';
import {Frame} from '../components/frame.js';
import {Spinner} from '../components/spinner.js';
import {TextField} from '../components/text-field.js';
import {useConnection, type ConnectionOptions} from '../hooks/use-connection.js';
import {matches, type Action} from '../keymap.js';
import type {DoctorStage, DoctorStageName} from '../services.js';
import {symbols} from '../theme.js';
import {adviceOf} from '../next-step.js';
import {useTheme} from '../theme-context.js';

const stageLabels: Record<DoctorStageName, string> = {
	dns: 'Find the server (DNS)',
	port: 'Reach the SSH port',
	banner: 'SSH server answers',
	'host-key': 'Server identity (host key)',
	login: 'Log in with your key',
	folders: 'Folders in/ and out/',
};

function StageLine({stage, shownHint}: {stage: DoctorStage; shownHint?: string}) {
	const theme = useTheme();
	const label = stageLabels[stage.name];
	const advice = adviceOf(stage).join(' ');
	if (stage.status === 'running') {
		return <Spinner label={label}/>;
	}

	const look = {
		pending: {symbol: symbols.pending, color: theme.muted},
		ok: {symbol: symbols.ok, color: theme.ok},
		failed: {symbol: symbols.failed, color: theme.error},
		skipped: {symbol: symbols.skipped, color: theme.muted},
	}[stage.status];
	return (
		<Box flexDirection="column">
			<Text>
				<Text color={look.color}>{look.symbol}</Text> {label}
				{stage.detail ? <Text color={theme.muted}>  {stage.detail}</Text> : null}
			</Text>
			{stage.status === 'failed' && advice !== '' && advice !== shownHint ? <Box paddingLeft={4}><Text wrap="wrap" color={theme.warning}>Fix: {advice}</Text></Box> : null}
		</Box>
	);
}

/** Step 4: the connection checked stage by stage; host keys are confirmed, never assumed. */
export function ConnectScreen(props: ConnectionOptions & {
	onBack(): void;
	onQuit(): void;
}) {
	const theme = useTheme();
	const {state, connect, answerHostKey, askPassphrase} = useConnection(props);
	const [passphrase, setPassphrase] = useState('');
	const isAsapp = props.server.host === asappServer.host && props.server.port === asappServer.port;
	const where = props.mode === 'sandbox'
		? `the practice server${props.sandbox ? ` (${props.sandbox.host}:${props.sandbox.port})` : ''}`
		: (isAsapp ? 'ASAPP\'s server' : `${props.server.host}${props.server.port === 22 ? '' : `:${props.server.port}`}`);

	useKeyHandler((input, key) => {
		if (state.name === 'host-key') {
			if (matches('accept', input, key)) {
				answerHostKey(true);
			} else if (matches('reject', input, key) || matches('back', input, key)) {
				answerHostKey(false);
			}

			return;
		}

		if (state.name === 'failed' || state.name === 'host-key-changed') {
			if (matches('retry', input, key)) {
				if (props.keySummary.encrypted && (state.error.code === 'key-passphrase-wrong' || props.passphrase === undefined)) {
					askPassphrase();
				} else {
					void connect(props.passphrase);
				}
			} else if (matches('back', input, key)) {
				props.onBack();
			} else if (matches('quit', input, key)) {
				props.onQuit();
			}

			return;
		}

		if (state.name !== 'passphrase' && matches('back', input, key)) {
			props.onBack();
		}
	});

	if (state.name === 'host-key-changed') {
		return (
			<Frame title="WARNING: the server's identity changed" step="Step 4 of 4" hints={['retry', 'back', 'quit']}>
				<Box flexDirection="column" borderStyle="double" borderColor={theme.error} paddingX={1}>
					<Text bold color={theme.error}>{symbols.failed} The host key of {where} is not the one this machine saw before.</Text>
					<Text>This can mean someone is intercepting the connection, or that the server was rebuilt.</Text>
					<Text>The connection was refused and nothing was sent.</Text>
					{state.error.expectedFingerprint ? <Text>Known:    {state.error.expectedFingerprint}</Text> : null}
					{state.error.actualFingerprint ? <Text>Now sent: {state.error.actualFingerprint}</Text> : null}
					<Text><Text bold>Next: </Text>{state.error.hint ?? 'Ask ASAPP to confirm the server\'s new fingerprint before you trust it.'}</Text>
				</Box>
			</Frame>
		);
	}

	let hints: Action[] = ['back'];
	if (state.name === 'host-key') {
		hints = ['accept', 'reject'];
	} else if (state.name === 'failed') {
		hints = ['retry', 'back', 'quit'];
	} else if (state.name === 'passphrase') {
		hints = ['confirm'];
	}

	return (
		<Frame title={`Connect to ${where}`} step="Step 4 of 4" hints={hints}>
			<Text>Logging in as <Text bold>{props.user}</Text> with {props.keySummary.privateKeyPath}</Text>
			{props.mode === 'sandbox' && props.sandbox?.note ? <Text color={theme.warning}>{props.sandbox.note}</Text> : null}
			{state.name === 'passphrase' ? (
				<Box marginTop={1}>
					<Text>Key passphrase: </Text>
					<TextField mask value={passphrase} required="Type the passphrase of your key." onChange={setPassphrase} onSubmit={value => {
						setPassphrase('');
						void connect(value);
					}}/>
				</Box>
			) : (
				<Box flexDirection="column" marginTop={1}>
					{state.stages.map(stage => <StageLine key={stage.name} stage={stage} shownHint={state.name === 'failed' ? adviceOf(state.error).join(' ') : undefined}/>)}
				</Box>
			)}
			{state.name === 'host-key' ? (
				<Box flexDirection="column" marginTop={1} borderStyle="round" borderColor={theme.warning} paddingX={1}>
					<Text bold>First connection to {state.key.host}:{state.key.port}. Is this the right server?</Text>
					<Text>Its {state.key.keyType} key fingerprint is</Text>
					<Text bold color={theme.accent}>  {state.key.fingerprint}</Text>
					{props.mode === 'sandbox' && props.sandbox
						? <Text color={props.sandbox.hostKeyFingerprint === state.key.fingerprint ? theme.ok : theme.error}>
							{props.sandbox.hostKeyFingerprint === state.key.fingerprint ? `${symbols.ok} This is the practice server's own key.` : `${symbols.failed} This is NOT the practice server's key.`}
						</Text>
						: <Text>Compare it with the fingerprint {isAsapp ? 'ASAPP' : 'the server\'s administrator'} gave you. Accepting saves it, so a change is caught later.</Text>}
					<Text bold>Trust this server? y/n</Text>
				</Box>
			) : null}
			{state.name === 'failed' ? (
				<Box marginTop={1}>
					<ErrorPanel title="Could not connect" error={{message: state.error.message, hint: adviceOf(state.error).join(' ') || undefined, logFile: state.logFile}}/>
				</Box>
			) : null}
		</Frame>
	);
}
