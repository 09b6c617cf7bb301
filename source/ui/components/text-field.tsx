import {Text} from 'ink';
import {useRef} from 'react';
import {useKeyHandler} from '../input/use-key-handler.js';
import {useTheme} from '../theme-context.js';

/**
 * A one-line input: typing appends, Backspace deletes, Enter submits. `mask` shows a
 * passphrase as dots. Pasted text arrives as one run and is taken whole.
 */
export function TextField({value, onChange, onSubmit, mask = false, isActive = true, placeholder}: {
	value: string;
	onChange(value: string): void;
	onSubmit(value: string): void;
	mask?: boolean;
	isActive?: boolean;
	placeholder?: string;
}) {
	const theme = useTheme();
	// A parent may hold the value back a render: build on the latest value, not the rendered one.
	const latest = useRef(value);
	latest.current = value;
	const change = (next: string) => {
		latest.current = next;
		onChange(next);
	};

	useKeyHandler((input, key) => {
		if (key.return) {
			onSubmit(latest.current);
			return;
		}

		if (key.backspace || key.delete) {
			change(latest.current.slice(0, -1));
			return;
		}

		if (key.ctrl || key.meta || key.escape || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow
			|| key.pageUp || key.pageDown || key.home || key.end) {
			return;
		}

		if (input !== '') {
			change(latest.current + input);
		}
	}, {active: isActive, text: true});
	const shown = mask ? '•'.repeat(value.length) : value;
	return (
		<Text>
			{shown === '' && placeholder ? <Text color={theme.muted}>{placeholder}</Text> : shown}
			{isActive ? <Text inverse> </Text> : null}
		</Text>
	);
}
