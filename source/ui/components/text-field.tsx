import {Text, useInput} from 'ink';
import {useRef} from 'react';
import {useTheme} from '../theme-context.js';

/**
 * A one-line input: typing appends, Backspace deletes, Enter submits. `mask` shows a
 * passphrase as dots. Pasted text arrives as one chunk and is taken whole (minus line ends).
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
	// Keys can arrive faster than React re-renders: build on the latest value, not the rendered one.
	const latest = useRef(value);
	latest.current = value;
	const change = (next: string) => {
		latest.current = next;
		onChange(next);
	};

	useInput((input, key) => {
		if (key.return) {
			onSubmit(latest.current);
			return;
		}

		if (key.backspace || key.delete) {
			change(latest.current.slice(0, -1));
			return;
		}

		if (key.ctrl || key.meta || key.escape || key.tab || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) {
			return;
		}

		// A fast typist or a paste can deliver text and Enter in one chunk: take the text, then submit.
		const lineEnd = input.search(/[\r\n]/);
		const typed = lineEnd === -1 ? input : input.slice(0, lineEnd);
		if (typed !== '') {
			change(latest.current + typed);
		}

		if (lineEnd !== -1) {
			onSubmit(latest.current);
		}
	}, {isActive});
	const shown = mask ? '•'.repeat(value.length) : value;
	return (
		<Text>
			{shown === '' && placeholder ? <Text color={theme.muted}>{placeholder}</Text> : shown}
			{isActive ? <Text inverse> </Text> : null}
		</Text>
	);
}
