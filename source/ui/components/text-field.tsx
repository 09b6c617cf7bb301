import {Text} from 'ink';
import {useRef, useState} from 'react';
import {useKeyHandler} from '../input/use-key-handler.js';
import {symbols} from '../theme.js';
import {useTheme} from '../theme-context.js';

/**
 * A one-line input: typing appends, Backspace deletes, Enter submits. `mask` shows a
 * passphrase as dots. Pasted text arrives as one run and is taken whole.
 *
 * An empty field shows the cursor first and then `placeholder` dimmed and in brackets
 * ("(for example: …)"), so an example never reads as a typed value, colour or not. With
 * `required`, Enter on an empty field says that message instead of submitting.
 */
export function TextField({value, onChange, onSubmit, mask = false, isActive = true, placeholder, required}: {
	value: string;
	onChange(value: string): void;
	onSubmit(value: string): void;
	mask?: boolean;
	isActive?: boolean;
	placeholder?: string;
	required?: string;
}) {
	const theme = useTheme();
	const [nudged, setNudged] = useState(false);
	// A parent may hold the value back a render: build on the latest value, not the rendered one.
	const latest = useRef(value);
	latest.current = value;
	const change = (next: string) => {
		latest.current = next;
		setNudged(false);
		onChange(next);
	};

	useKeyHandler((input, key) => {
		if (key.return) {
			if (required !== undefined && latest.current.trim() === '') {
				setNudged(true);
				return;
			}

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
	const cursor = isActive ? <Text inverse> </Text> : null;
	if (shown !== '') {
		return <Text>{shown}{cursor}</Text>;
	}

	if (nudged && required !== undefined) {
		return <Text>{cursor} <Text color={theme.warning} bold>{symbols.failed} {required}</Text></Text>;
	}

	return <Text>{cursor}{placeholder ? <Text color={theme.muted} dimColor italic> (for example: {placeholder})</Text> : null}</Text>;
}
