import {Box, Text, useInput} from 'ink';
import {useRef} from 'react';
import {matches} from '../keymap.js';
import {symbols} from '../theme.js';
import {useTheme} from '../theme-context.js';

export type Choice<Value extends string> = {value: Value; label: string; description?: string};

/** A vertical list of choices: arrows or j/k move, digits pick directly, Enter selects. */
export function ChoiceList<Value extends string>({choices, selected, onMove, onSelect, isActive = true}: {
	choices: Array<Choice<Value>>;
	selected: number;
	onMove(index: number): void;
	onSelect(value: Value): void;
	isActive?: boolean;
}) {
	const theme = useTheme();
	// Keys can arrive faster than React re-renders: move from the latest index, not the rendered one.
	const latest = useRef(selected);
	latest.current = selected;
	const move = (index: number) => {
		latest.current = index;
		onMove(index);
	};

	useInput((input, key) => {
		if (matches('choiceUp', input, key)) {
			move((latest.current - 1 + choices.length) % choices.length);
		} else if (matches('choiceDown', input, key)) {
			move((latest.current + 1) % choices.length);
		} else if (matches('confirm', input, key)) {
			const choice = choices[latest.current];
			if (choice) {
				onSelect(choice.value);
			}
		} else if (/^[1-9]$/.test(input)) {
			const choice = choices[Number(input) - 1];
			if (choice) {
				onSelect(choice.value);
			}
		}
	}, {isActive});
	return (
		<Box flexDirection="column">
			{choices.map((choice, index) => {
				const current = index === selected;
				return (
					<Box key={choice.value} flexDirection="column">
						<Text color={current ? theme.accent : undefined} bold={current}>
							{current ? symbols.cursor : ' '} {index + 1}. {choice.label}
						</Text>
						{choice.description ? <Box paddingLeft={5}><Text color={theme.muted}>{choice.description}</Text></Box> : null}
					</Box>
				);
			})}
		</Box>
	);
}
