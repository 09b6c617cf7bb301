import {Box, Text} from 'ink';
import {useKeyHandler} from '../input/use-key-handler.js';
import {currentRate, etaSeconds, queueSummary, receiptLines, totalSize, totalTransferred, type ItemState} from '../browser/queue-state.js';
import type {TransferItem, TransferPlan} from '../browser/transfer-plan.js';
import {Frame} from '../components/frame.js';
import {ProgressBar} from '../components/progress-bar.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import {useTransferQueue} from '../hooks/use-transfer-queue.js';
import {matches} from '../keymap.js';
import type {OutputLine} from '../actions/action.js';
import {formatCount, formatDuration, formatRate, formatSize, truncateStart} from '../format.js';
import type {RemoteSession} from '../services.js';
import {adviceOf} from '../next-step.js';
import {symbols} from '../theme.js';
import {useTheme} from '../theme-context.js';

const barWidth = 12;

function ItemLine({item, state, width}: {item: TransferItem; state: ItemState; width: number}) {
	const theme = useTheme();
	const nameWidth = Math.max(10, Math.min(36, width - 60));
	const name = truncateStart(item.name, nameWidth).padEnd(nameWidth);
	const fraction = state.status === 'done' ? 1 : (state.total === 0 ? 0 : state.transferred / state.total);
	const bar = <ProgressBar fraction={fraction} width={barWidth}/>;
	switch (state.status) {
		case 'done': {
			return (
				<Text wrap="truncate">
					<Text color={theme.ok}>{symbols.ok}</Text> {name} {bar} {formatSize(state.transferred).padStart(8)}
					<Text color={state.verified ? theme.ok : theme.warning}> {state.verified ? 'arrived, size verified' : 'arrived, size not checked'}</Text>
					{state.attempt > 1 ? <Text color={theme.warning}> after {state.attempt - 1} retr{state.attempt === 2 ? 'y' : 'ies'}</Text> : null}
				</Text>
			);
		}

		case 'failed': {
			return (
				<Box flexDirection="column">
					<Text wrap="wrap"><Text color={theme.error}>{symbols.failed}</Text> {name} <Text color={theme.error}>{state.error?.message}</Text></Text>
					{state.error?.remnant ? (
						<Box paddingLeft={4}><Text wrap="wrap" color={theme.warning}>
							Partial file left on the server at {state.error.remnant.remotePath}: {state.error.remnant.exact ? '' : 'at least '}{formatSize(state.error.remnant.bytesOnServer)} of {formatSize(state.total)}.
						</Text></Box>
					) : null}
					{state.error?.partialRemoved ? <Box paddingLeft={4}><Text color={theme.muted}>The partly written copy was removed from the server.</Text></Box> : null}
					{state.error ? adviceOf(state.error).map(line => <Box key={line} paddingLeft={4}><Text wrap="wrap" color={theme.muted}>{line}</Text></Box>) : null}
				</Box>
			);
		}

		case 'cancelled': {
			return (
				<Text color={theme.muted} wrap="truncate">
					{symbols.skipped} {name} {bar} cancelled{state.transferred === 0 ? ', not sent' : (item.direction === 'download' ? ' (no partial file left here)' : '')}
				</Text>
			);
		}

		case 'waiting': {
			return <Text color={theme.muted} wrap="truncate">{symbols.pending} {name} {bar} {formatSize(state.total).padStart(8)} waiting</Text>;
		}

		case 'running': {
			return (
				<Text wrap="wrap">
					<Text color={theme.accent}>{symbols.running}</Text> {name} {bar} {formatSize(state.transferred).padStart(8)} of {formatSize(state.total)}
					{state.attempt > 1 ? <Text color={theme.warning}> retry {state.attempt - 1}: {state.retryReason}</Text> : null}
				</Text>
			);
		}
	}
}

/** The transfer queue: a bar per file and one overall, rate and ETA, then what arrived. */
export function TransferQueueScreen({plan, session, onDone}: {plan: TransferPlan; session: RemoteSession; onDone(summary: OutputLine[]): void}) {
	const theme = useTheme();
	const {columns, rows} = useTerminalSize();
	const {state, running, outcome} = useTransferQueue(plan, session);
	useKeyHandler((input, key) => {
		if (!running && matches('done', input, key)) {
			onDone(queueSummary(state, plan.direction, outcome));
		}
	});

	const done = totalTransferred(state);
	const size = totalSize(state);
	const verb = plan.direction === 'upload' ? 'Uploading' : 'Downloading';
	const arrived = state.states.filter(item => item.status === 'done');
	const verified = arrived.filter(item => item.verified);
	const failed = state.states.filter(item => item.status === 'failed').length;
	const cancelled = state.states.filter(item => item.status === 'cancelled').length;
	// Keep the running file in view when the list is longer than the screen.
	const room = Math.max(3, rows - 12);
	const runningIndex = Math.max(0, state.states.findIndex(item => item.status === 'running'));
	const first = Math.max(0, Math.min(runningIndex - 1, state.items.length - room));
	const shown = state.items.slice(first, first + room);

	return (
		<Frame title={running ? `${verb} ${state.items.length} file${state.items.length === 1 ? '' : 's'}` : 'Transfer finished'} hints={running ? ['cancel'] : ['done']}>
			<Text>
				Overall <ProgressBar fraction={size === 0 ? 1 : done / size} width={24}/> {formatSize(done)} of {formatSize(size)}
				{state.items.length > 1 ? `, ${formatCount(arrived.length)} of ${formatCount(state.items.length)} files` : ''}
				{running ? `  ${formatRate(currentRate(state))}  ETA ${formatDuration(etaSeconds(state))}` : ''}
			</Text>
			<Box flexDirection="column" marginTop={1}>
				{first > 0 ? <Text color={theme.muted}>  … {first} above</Text> : null}
				{shown.map((item, offset) => <ItemLine key={item.id} item={item} state={state.states[first + offset]!} width={columns}/>)}
				{first + room < state.items.length ? <Text color={theme.muted}>  … {state.items.length - first - room} more</Text> : null}
			</Box>
			{running ? null : (
				<Box flexDirection="column" marginTop={1}>
					<Text bold color={failed + cancelled === 0 ? theme.ok : theme.warning}>
						{arrived.length} of {state.items.length} file{state.items.length === 1 ? '' : 's'} {plan.direction === 'upload' ? 'arrived on the server' : 'downloaded'}, {verified.length} size-verified
						{state.finishedAt === undefined ? '' : ` in ${formatDuration((state.finishedAt - state.startedAt) / 1000)}`}.
					</Text>
					{failed > 0 ? <Text color={theme.error}>{failed} failed: see above for why and what to do.</Text> : null}
					{cancelled > 0 ? <Text color={theme.warning}>{cancelled} cancelled{state.cancelled ? ' (Ctrl-C)' : ''}.</Text> : null}
					{receiptLines(outcome).map(line => <Text key={line.text} wrap="wrap" color={line.tone === 'error' ? theme.error : theme.muted}>{line.text}</Text>)}
				</Box>
			)}
		</Frame>
	);
}
