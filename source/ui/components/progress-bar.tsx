import {Text} from 'ink';
import {useTheme} from '../theme-context.js';

/** A bar of `width` cells; without colour the filled part is still visible as '#'. */
export function ProgressBar({fraction, width}: {fraction: number; width: number}) {
	const theme = useTheme();
	const clamped = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
	const filled = Math.round(clamped * width);
	return (
		<Text>
			<Text color={theme.accent}>{(theme.color ? '█' : '#').repeat(filled)}</Text>
			<Text color={theme.muted}>{(theme.color ? '░' : '.').repeat(width - filled)}</Text>
		</Text>
	);
}
