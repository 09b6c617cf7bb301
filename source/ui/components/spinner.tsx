import {Text} from 'ink';
import {useEffect, useState} from 'react';
import {useTheme} from '../theme-context.js';

const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** A small spinner; ten lines were simpler than a dependency. */
export function Spinner({label}: {label: string}) {
	const theme = useTheme();
	const [frame, setFrame] = useState(0);
	useEffect(() => {
		const timer = setInterval(() => {
			setFrame(previous => (previous + 1) % frames.length);
		}, 80);
		return () => {
			clearInterval(timer);
		};
	}, []);
	return (
		<Text>
			<Text color={theme.accent}>{frames[frame]}</Text> {label}
		</Text>
	);
}
