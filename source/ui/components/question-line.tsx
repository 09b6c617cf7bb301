import {Text} from 'ink';
import {currentQuestion, questionsLeft, type OverwriteQuestions} from '../browser/overwrite-questions.js';
import {useTheme} from '../theme-context.js';
import {KeyHints} from './key-hints.js';

/** "in/sales.csv is already on the server. Replace it?" with y / n / a / N. */
export function OverwriteQuestionLine({questions}: {questions: OverwriteQuestions}) {
	const theme = useTheme();
	const item = currentQuestion(questions);
	if (!item) {
		return null;
	}

	const left = questionsLeft(questions);
	const where = item.direction === 'upload' ? 'on the server' : 'in the local folder';
	const unchecked = questions.states[questions.at] === 'unchecked';
	return (
		<>
			<Text color={theme.warning} wrap="wrap">
				{unchecked
					? `The server would not say whether ${item.name} is there already (a write-only account?). Send it anyway, replacing any file of that name?`
					: `${item.name} is already ${where}${left > 1 ? ` (${left} files are)` : ''}. Replace it?`}
			</Text>
			<KeyHints actions={['answerYes', 'answerNo', 'answerAll', 'answerNone', 'dismiss']}/>
		</>
	);
}

/** A yes/no question about to do something that cannot be undone. */
export function ConfirmLine({question}: {question: string}) {
	const theme = useTheme();
	return (
		<>
			<Text color={theme.warning} wrap="wrap">{question}</Text>
			<KeyHints actions={['answerYes', 'answerNo']}/>
		</>
	);
}
