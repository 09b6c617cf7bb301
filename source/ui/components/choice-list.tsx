import {Box, Text} from 'ink';
import SelectInput from 'ink-select-input';
import {useKeyHandler} from '../input/use-key-handler.js';
import {matches} from '../keymap.js';
import {symbols} from '../theme.js';
import {useTheme} from '../theme-context.js';

export type Choice<Value extends string> = {value: Value; label: string; description?: string};

type ChoiceItem = {key: string; value: string; label: string; number: number; description?: string};

function ChoiceIndicator({isSelected = false}: {isSelected?: boolean}) {
	const theme = useTheme();
	return <Text color={isSelected ? theme.accent : undefined}>{isSelected ? symbols.cursor : ' '} </Text>;
}

function ChoiceRow({isSelected = false, label, number, description}: {isSelected?: boolean; label: string; number?: number; description?: string}) {
	const theme = useTheme();
	return (
		<Box flexDirection="column">
			<Text color={isSelected ? theme.accent : undefined} bold={isSelected}>{number}. {label}</Text>
			{description ? <Box paddingLeft={3}><Text color={theme.muted}>{description}</Text></Box> : null}
		</Box>
	);
}

/**
 * A vertical list of choices, drawn by ink-select-input; its keys come from the app's one
 * key router and keymap (choiceUp/choiceDown, pick by number, confirm), so a list never
 * reads the terminal itself. `selected` is the highlighted row; `onMove` reports moves.
 */
export function ChoiceList<Value extends string>({choices, selected, onMove, onSelect, isActive = true}: {
	choices: Array<Choice<Value>>;
	selected: number;
	onMove(index: number): void;
	onSelect(value: Value): void;
	isActive?: boolean;
}) {
	useKeyHandler((input, key) => {
		const count = choices.length;
		if (count === 0) {
			return;
		}

		if (matches('choiceUp', input, key)) {
			onMove((selected - 1 + count) % count);
		} else if (matches('choiceDown', input, key)) {
			onMove((selected + 1) % count);
		} else if (matches('confirm', input, key)) {
			onSelect(choices[Math.min(selected, count - 1)]!.value);
		} else if (matches('pick', input, key)) {
			const picked = choices[Number(input) - 1];
			if (picked) {
				onSelect(picked.value);
			}
		}
	}, {active: isActive});

	const items: ChoiceItem[] = choices.map((choice, index) => ({
		key: choice.value,
		value: choice.value,
		label: choice.label,
		number: index + 1,
		description: choice.description,
	}));
	return (
		// ink-select-input keeps its highlight to itself: a new `selected` draws a fresh list.
		<SelectInput<string>
			key={selected}
			items={items}
			initialIndex={selected}
			isFocused={false}
			indicatorComponent={ChoiceIndicator}
			itemComponent={ChoiceRow as (props: {isSelected?: boolean; label: string}) => React.JSX.Element}
		/>
	);
}
