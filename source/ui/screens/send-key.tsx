import {Text, useStdout} from 'ink';
import {useKeyHandler} from '../input/use-key-handler.js';
import {useEffect, useState} from 'react';
import {Frame} from '../components/frame.js';
import {matches} from '../keymap.js';
import {useServices, type CopyResult, type KeySummary} from '../services.js';
import {symbols} from '../theme.js';
import {useTheme} from '../theme-context.js';

const copyNotes: Record<CopyResult, string> = {
	osc52: 'Sent to the clipboard (if your terminal allows it).',
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
	// The key goes to the terminal as one plain line above the screen, not into the frame:
	// Ink would hard-wrap it with indents, and a copy of that is a broken key. The terminal
	// wraps this line softly, so selecting it copies one line.
	const {write} = useStdout();
	useEffect(() => {
		write(`\n${keySummary.publicKeyLine}\n\n`);
	}, [keySummary.publicKeyLine, write]);
	useKeyHandler((input, key) => {
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
				? <Text>The practice server gets this key automatically. For ASAPP you would email your public key:</Text>
				: <Text>Email your public key to ASAPP and ask for the user <Text bold>{user}</Text>:</Text>}
			<Text>  <Text color={theme.accent} bold>↑</Text> the line starting <Text color={theme.accent}>{keySummary.publicKeyLine.slice(0, 16)}…</Text> just above this screen, whole.</Text>
			<Text wrap="truncate">File: {keySummary.publicKeyPath}</Text>
			<Text>Fingerprint: <Text color={theme.accent}>{keySummary.fingerprint}</Text></Text>
			<Text color={copied === 'unavailable' ? theme.warning : theme.ok}>{copied ? `${copied === 'unavailable' ? symbols.failed : symbols.ok} ${copyNotes[copied]}` : ' '}</Text>
			<Text>Safe to email. The private key file (no .pub) stays here: never send it.</Text>
			<Text bold>{sandbox ? 'Press Enter to go on.' : 'Press Enter once sent; your place is saved for next time.'}</Text>
		</Frame>
	);
}
