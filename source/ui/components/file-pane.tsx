import {Box, Text} from 'ink';
import {visibleEntries, type PaneState} from '../browser/pane-state.js';
import {formatSize, truncateEnd, truncateStart} from '../format.js';
import type {FileEntry} from '../services.js';
import {symbols} from '../theme.js';
import {useTheme} from '../theme-context.js';

/** ASAPP's two folders, explained where they appear. */
export const folderNotes: Record<string, string> = {in: 'files for ASAPP', out: 'files from ASAPP'};

function noteFor(entry: FileEntry, atRoot: boolean): string | undefined {
	return atRoot && entry.kind === 'directory' ? folderNotes[entry.name] : undefined;
}

/**
 * One pane of the browser. Only the `height` rows in view are rendered, so a folder of
 * 10,000 entries costs the same to draw as one of 20.
 */
export function FilePane({title, pane, active, width, height, remote}: {
	title: string;
	pane: PaneState;
	active: boolean;
	width: number;
	height: number;
	remote: boolean;
}) {
	const theme = useTheme();
	const entries = visibleEntries(pane);
	const inner = Math.max(10, width - 4);
	const atRoot = remote && (pane.path === '/' || pane.path === '');
	const where = remote ? folderNotes[pane.path.replace(/^\/+/, '').split('/')[0] ?? ''] : undefined;
	const rows = entries.slice(pane.top, pane.top + height);
	const counts = `${entries.length}${pane.filter === '' ? '' : `/${pane.entries.length}`} ${pane.entries.length === 1 ? 'entry' : 'entries'}${pane.marked.size > 0 ? `, ${pane.marked.size} marked` : ''}`;
	return (
		<Box flexDirection="column" width={width} borderStyle={active ? 'bold' : 'single'} borderColor={active ? theme.accent : theme.muted} paddingX={1}>
			<Text bold={active} wrap="truncate">{title}: {truncateStart(pane.path || '…', inner - title.length - 2)}</Text>
			<Text color={theme.muted} wrap="truncate">
				{pane.loading ? 'loading…' : counts}{where ? ` · ${where}` : ''}{pane.filter === '' ? '' : ` · filter "${pane.filter}"`}
			</Text>
			{pane.error ? <Text color={theme.error} wrap="wrap">{symbols.failed} {pane.error}</Text> : null}
			{rows.map((entry, offset) => {
				const index = pane.top + offset;
				const current = index === pane.cursor;
				const marked = pane.marked.has(entry.name);
				const note = noteFor(entry, atRoot);
				const name = entry.kind === 'directory' ? `${entry.name}/` : entry.name;
				const size = entry.kind === 'directory' ? (note ?? '') : formatSize(entry.size);
				const nameWidth = Math.max(4, inner - size.length - 4);
				return (
					<Text key={entry.name} inverse={current && active} underline={current && !active && !theme.color} wrap="truncate">
						{/* The cursor is a symbol as well as inverse video, so it shows without colour too. */}
						<Text bold>{current && active ? symbols.cursor : ' '}</Text>
						<Text color={marked ? theme.marked : undefined}>{marked ? symbols.marked : ' '}</Text>
						<Text color={entry.kind === 'directory' ? theme.directory : undefined} bold={entry.kind === 'directory'}>
							{truncateEnd(name, nameWidth).padEnd(nameWidth)}
						</Text>
						{' '}<Text color={note ? theme.accent : theme.muted}>{size.padStart(inner - nameWidth - 3)}</Text>
					</Text>
				);
			})}
			{Array.from({length: Math.max(0, height - rows.length - (pane.error ? 1 : 0))}, (_, index) => <Text key={`blank-${index}`}> </Text>)}
		</Box>
	);
}
