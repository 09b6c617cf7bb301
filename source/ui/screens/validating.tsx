import {Box, Text} from 'ink';
import type {TransferPlan} from '../browser/transfer-plan.js';
import {Frame} from '../components/frame.js';
import {ProgressBar} from '../components/progress-bar.js';
import {Spinner} from '../components/spinner.js';
import {useValidation} from '../hooks/use-validation.js';
import {formatSize, formatCount, truncateStart} from '../format.js';
import type {ValidationReport} from '../services.js';

/** The live count while files are checked before upload. */
export function ValidatingScreen({plan, onFinished, onCancelled}: {plan: TransferPlan; onFinished(reports: ValidationReport[]): void; onCancelled(): void}) {
	const run = useValidation(plan, onFinished, onCancelled);
	const path = run.paths[run.current] ?? '';
	const progress = run.progress;
	return (
		<Frame title="Checking your files before they leave" hints={['cancel']}>
			<Text>Every CSV and JSONL file is checked against ASAPP&apos;s field tables first.</Text>
			<Box marginTop={1} flexDirection="column">
				<Spinner label={`File ${Math.min(run.current + 1, run.paths.length)} of ${run.paths.length}: ${truncateStart(path, 50)}`}/>
				<Text>
					<ProgressBar fraction={progress && progress.totalBytes > 0 ? progress.bytes / progress.totalBytes : 0} width={30}/>
					{' '}{formatCount(progress?.rows ?? 0)} rows checked{progress ? `, ${formatSize(progress.bytes)} of ${formatSize(progress.totalBytes)}` : ''}
				</Text>
			</Box>
		</Frame>
	);
}
