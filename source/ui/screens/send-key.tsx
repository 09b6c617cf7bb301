import {Box, Text, useInput} from 'ink';
import {useEffect, useState} from 'react';
import {Frame} from '../components/frame.js';
import {matches} from '../keymap.js';
import {useServices, type CopyResult, type KeySummary} from '../services.js';
import {symbols} from '../theme.js';
import {useTheme} from '../theme-context.js';

const copyNotes: Record<CopyResult, string> = {
	osc52: 'Copied to the clipboard (if your terminal allows it; otherwise select the line above).',
	tool: 'Copied to the clipboard.',
	unavailable: 'No clipboard here: select the line above, or attach the .pub file.',
};

/** Step 3: what to send to ASAPP, and why that is safe. */
export function SendKeyScreen({keySummary, user, sandbox, onSent, onBack}: {
	keySummary: KeySummary;
	user: string;
	sandbox: boolean;
	onSent(): void;
	onBack(): void;
}) {
	const services = useServices();
	const theme = useTheme();
	const [copied, setCopied] = useState<CopyResult>();
	const copy = () => {
		services.copyToClipboard(keySummary.publicKeyLine).then(setCopied, () => {
			setCopied('unavailable');
		});
	};

	useEffect(copy, [keySummary.publicKeyLine]);
	useInput((input, key) => {
		if (matches('back', input, key)) {
			onBack();
		} else if (matches('confirm', input, key)) {
			onSent();
		} else if (matches('copy', input, key)) {
			copy();
		}
	});
	return (
		<Frame title="Send your public key" step="Step 3 of 4" hints={['confirm', 'copy', 'back']}>
			{sandbox
				? <Text>On the practice server, this app hands the key over for you when you connect. With ASAPP, this is the line you would email:</Text>
				: <Text>Email this public key to your ASAPP contact and ask them to set up the user <Text bold>{user}</Text>:</Text>}
			<Box marginY={1} borderStyle="single" borderColor={theme.muted}>
				<Text wrap="wrap">{keySummary.publicKeyLine}</Text>
			</Box>
			<Text>File: {keySummary.publicKeyPath}</Text>
			<Text>Fingerprint: <Text color={theme.accent}>{keySummary.fingerprint}</Text></Text>
			<Text color={copied === 'unavailable' ? theme.warning : theme.ok}>{copied ? `${symbols.ok} ${copyNotes[copied]}` : ' '}</Text>
			<Text>The public key is safe to email: it only lets ASAPP recognise you. The private file</Text>
			<Text>{keySummary.privateKeyPath} stays on this machine; never send it to anyone.</Text>
			<Text bold>{sandbox ? 'Press Enter to go on.' : 'Press Enter once you have sent it. Your place is saved: next time the app starts here, or connects.'}</Text>
		</Frame>
	);
}
