import {Box, Text} from 'ink';
import SelectInput from 'ink-select-input';
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
 * A vertical list of choices on ink-select-input: arrows or j/k move, digits pick directly,
 * Enter selects (the keymap's choiceUp/choiceDown/confirm hints describe these keys).
 * `selected` is where the cursor starts; `onMove` reports where it goes.
 */
export function ChoiceList<Value extends string>({choices, selected, onMove, onSelect, isActive = true}: {
	choices: Array<Choice<Value>>;
	selected: number;
	onMove(index: number): void;
	onSelect(value: Value): void;
	isActive?: boolean;
}) {
	const items: ChoiceItem[] = choices.map((choice, index) => ({
		key: choice.value,
		value: choice.value,
		label: choice.label,
		number: index + 1,
		description: choice.description,
	}));
	return (
		<SelectInput<string>
			items={items}
			initialIndex={selected}
			isFocused={isActive}
			indicatorComponent={ChoiceIndicator}
			itemComponent={ChoiceRow as (props: {isSelected?: boolean; label: string}) => React.JSX.Element}
			onHighlight={item => {
				onMove(items.findIndex(candidate => candidate.value === item.value));
			}}
			onSelect={item => {
				onSelect(item.value as Value);
			}}
		/>
	);
}
