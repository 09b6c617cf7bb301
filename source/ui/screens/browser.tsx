import {Box, Text} from 'ink';
import {useKeyHandler} from '../input/use-key-handler.js';
import {useCallback, useRef, useState} from 'react';
import type {PaneSide} from '../browser/pane.js';
import {allowedItems, withConversion, type TransferPlan} from '../browser/transfer-plan.js';
import {FilePane, folderNotes} from '../components/file-pane.js';
import {HelpOverlay} from '../components/help-overlay.js';
import {KeyHints} from '../components/key-hints.js';
import {TextField} from '../components/text-field.js';
import {useBrowser} from '../hooks/use-browser.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import {matches, type Action} from '../keymap.js';
import type {RemoteSession, ValidationReport} from '../services.js';
import {useTheme} from '../theme-context.js';
import {TransferQueueScreen} from './transfer-queue.js';
import {ValidatingScreen} from './validating.js';
import {ValidationReportScreen} from './validation-report.js';

type Mode = {name: 'normal'} | {name: 'filter'} | {name: 'command'} | {name: 'mkdir'} | {name: 'help'}
	| {name: 'confirm-overwrite'; plan: TransferPlan; existing: string[]};

/** Where the browser is: the panes, or one step of a validate-then-transfer run. */
type View =
	| {name: 'browse'}
	| {name: 'validating'; plan: TransferPlan}
	| {name: 'report'; plan: TransferPlan; reports: ValidationReport[]}
	| {name: 'queue'; plan: TransferPlan};

const outputRows = 4;

/** The two-pane browser: local and remote, keyboard first, with a `:` command line. */
export function BrowserScreen({session, onQuit}: {session: RemoteSession | undefined; onQuit(): void}) {
	const theme = useTheme();
	const {columns, rows} = useTerminalSize();
	const [active, setActiveState] = useState<PaneSide>(session ? 'remote' : 'local');
	// Tab then another key can arrive before a re-render: keys act on the latest pane.
	const activeRef = useRef(active);
	activeRef.current = active;
	const setActive = (side: PaneSide) => {
		activeRef.current = side;
		setActiveState(side);
	};

	const [mode, setMode] = useState<Mode>({name: 'normal'});
	const [view, setView] = useState<View>({name: 'browse'});
	const [text, setText] = useState('');

	const onPlan = useCallback((plan: TransferPlan, existing: string[]) => {
		if (existing.length > 0) {
			setMode({name: 'confirm-overwrite', plan, existing});
			return;
		}

		setView(plan.direction === 'upload' ? {name: 'validating', plan} : {name: 'queue', plan});
	}, []);
	const browser = useBrowser({
		session,
		onPlan,
		onQuit,
		onHelp() {
			setMode({name: 'help'});
		},
	});
	const {panes, output, say} = browser;
	const pane = panes[active];
	const paneHeight = Math.max(3, rows - 9 - outputRows);
	const browsing = view.name === 'browse';

	useKeyHandler((input, key) => {
		const active = activeRef.current;
		const pane = panes[active];
		const move = (by: number) => {
			browser.paneAction(active, {type: 'move', by, height: paneHeight});
		};

		if (matches('quit', input, key)) {
			onQuit();
		} else if (matches('help', input, key)) {
			setMode({name: 'help'});
		} else if (matches('up', input, key)) {
			move(-1);
		} else if (matches('down', input, key)) {
			move(1);
		} else if (matches('pageUp', input, key)) {
			move(-paneHeight);
		} else if (matches('pageDown', input, key)) {
			move(paneHeight);
		} else if (matches('top', input, key)) {
			browser.paneAction(active, {type: 'move-to', index: 0, height: paneHeight});
		} else if (matches('bottom', input, key)) {
			browser.paneAction(active, {type: 'move-to', index: Number.MAX_SAFE_INTEGER, height: paneHeight});
		} else if (matches('open', input, key)) {
			browser.open(active);
		} else if (matches('parent', input, key)) {
			browser.parent(active);
		} else if (matches('switchPane', input, key)) {
			if (session) {
				setActive(active === 'local' ? 'remote' : 'local');
			}
		} else if (matches('mark', input, key)) {
			browser.paneAction(active, {type: 'toggle-mark', height: paneHeight});
		} else if (matches('filter', input, key)) {
			setText(pane.filter);
			setMode({name: 'filter'});
		} else if (matches('command', input, key)) {
			setText('');
			setMode({name: 'command'});
		} else if (matches('upload', input, key)) {
			browser.uploadSelected(!session);
		} else if (matches('validate', input, key)) {
			browser.uploadSelected(true);
		} else if (matches('download', input, key)) {
			browser.downloadSelected();
		} else if (matches('mkdir', input, key)) {
			if (active === 'local' || session) {
				setText('');
				setMode({name: 'mkdir'});
			}
		} else if (matches('refresh', input, key)) {
			browser.refresh();
		}
	}, {active: browsing && mode.name === 'normal'});

	useKeyHandler((input, key) => {
		if (mode.name === 'help') {
			setMode({name: 'normal'});
			return;
		}

		if (mode.name === 'confirm-overwrite') {
			if (input === 'y') {
				setView({name: 'queue', plan: {...mode.plan, items: mode.plan.items.map(item => ({...item, overwrite: true}))}});
			} else if (input === 'n') {
				const items = mode.plan.items.filter(item => !mode.existing.includes(item.target));
				if (items.length > 0) {
					setView({name: 'queue', plan: {...mode.plan, items}});
				} else {
					say(['Nothing downloaded: every file is already here.'], 'muted');
				}
			} else if (!key.escape) {
				return;
			}

			setMode({name: 'normal'});
			return;
		}

		if (key.escape) {
			if (mode.name === 'filter') {
				browser.paneAction(active, {type: 'filter', filter: '', height: paneHeight});
			}

			setMode({name: 'normal'});
		}
	}, {active: browsing && mode.name !== 'normal'});

	const backToBrowser = useCallback(() => {
		setView({name: 'browse'});
		browser.refresh();
	}, [browser]);

	if (view.name === 'validating') {
		return (
			<ValidatingScreen
				plan={view.plan}
				onFinished={reports => {
					if (view.plan.checkOnly || reports.some(report => report.fatal !== undefined || report.errors.length > 0)) {
						setView({name: 'report', plan: view.plan, reports});
					} else {
						const warned = reports.filter(report => report.warnings.length > 0).length;
						if (warned > 0) {
							say([`${warned} file${warned === 1 ? '' : 's'} had warnings only; uploading.`], 'muted');
						}

						setView({name: 'queue', plan: view.plan});
					}
				}}
				onCancelled={() => {
					say(['Check cancelled; nothing was sent.'], 'muted');
					setView({name: 'browse'});
				}}
			/>
		);
	}

	if (view.name === 'report') {
		return (
			<ValidationReportScreen
				reports={view.reports}
				checkOnly={view.plan.checkOnly ?? false}
				onClose={() => {
					say([view.plan.checkOnly ? 'Check finished; nothing was sent.' : 'Upload cancelled; nothing was sent.'], 'muted');
					setView({name: 'browse'});
				}}
				onConverted={conversion => {
					const next = withConversion(view.plan, view.reports, conversion);
					say([`Converted ${conversion.csvPath.split(/[\\/]/).pop() ?? conversion.csvPath} to ${conversion.path}: ${conversion.records} records, ${conversion.repairs} repairs.${view.plan.checkOnly ? '' : ' The JSONL will be uploaded instead of the CSV.'}`], 'muted');
					setView({name: 'report', plan: next.plan, reports: next.reports});
				}}
				onProceed={overrides => {
					const items = allowedItems(view.plan, view.reports, overrides);
					const refused = view.plan.items.length - items.length;
					if (items.length === 0) {
						say([`Nothing uploaded: ${refused} file${refused === 1 ? ' has' : 's have'} errors. Fix them, or press o on the report to send one anyway.`], 'error');
						setView({name: 'browse'});
						return;
					}

					if (refused > 0) {
						say([`${refused} file${refused === 1 ? '' : 's'} with errors left out.`], 'muted');
					}

					setView({name: 'queue', plan: {...view.plan, items}});
				}}
			/>
		);
	}

	if (view.name === 'queue' && session) {
		return <TransferQueueScreen plan={view.plan} session={session} onDone={backToBrowser}/>;
	}

	const paneWidth = Math.floor(columns / 2);
	const status = session ? `${session.user}@${session.host}${session.port === 22 ? '' : `:${session.port}`}` : 'not connected: checking files only';
	const hintActions: Action[] = session
		? ['switchPane', 'open', 'parent', 'mark', 'upload', 'download', 'command', 'help', 'quit']
		: ['open', 'parent', 'mark', 'validate', 'command', 'help', 'quit'];
	const atRemoteRoot = session && (panes.remote.path === '/' || panes.remote.path === '');

	return (
		<Box flexDirection="column" width={columns}>
			<Box justifyContent="space-between">
				<Text bold color={theme.accent} wrap="truncate">{status}</Text>
				<Text color={theme.muted} wrap="truncate">{atRemoteRoot ? `in/ = ${folderNotes['in']}, out/ = ${folderNotes['out']}` : ''}</Text>
			</Box>
			{mode.name === 'help' ? (
				<HelpOverlay scopes={['browser', 'global']} columns={columns}/>
			) : (
				<Box>
					<FilePane title="Local" pane={panes.local} active={active === 'local'} width={session ? paneWidth : columns} height={paneHeight} remote={false}/>
					{session ? <FilePane title="Remote" pane={panes.remote} active={active === 'remote'} width={columns - paneWidth} height={paneHeight} remote/> : null}
				</Box>
			)}
			{mode.name === 'help' ? null : <Box flexDirection="column" height={outputRows}>
				{output.slice(0, outputRows).map((line, index) => (
					<Text key={index} wrap="truncate" color={line.tone === 'error' ? theme.error : (line.tone === 'ok' ? theme.ok : (line.tone === 'muted' ? theme.muted : undefined))}>
						{index === outputRows - 1 && output.length > outputRows ? `… and ${output.length - outputRows + 1} more` : line.text}
					</Text>
				))}
			</Box>}
			{mode.name === 'command' ? (
				<Box><Text bold color={theme.accent}>:</Text><TextField value={text} onChange={setText} onSubmit={value => {
					setMode({name: 'normal'});
					void browser.runCommand(value);
				}}/></Box>
			) : null}
			{mode.name === 'filter' ? (
				<Box><Text bold color={theme.accent}>/</Text><TextField value={text} onChange={value => {
					setText(value);
					browser.paneAction(active, {type: 'filter', filter: value, height: paneHeight});
				}} onSubmit={() => {
					setMode({name: 'normal'});
				}}/></Box>
			) : null}
			{mode.name === 'mkdir' ? (
				<Box><Text bold>New folder in {pane.path}: </Text><TextField value={text} onChange={setText} onSubmit={value => {
					setMode({name: 'normal'});
					if (value.trim() !== '') {
						void browser.mkdir(active, value.trim());
					}
				}}/></Box>
			) : null}
			{mode.name === 'confirm-overwrite' ? (
				<Text color={theme.warning} wrap="truncate">
					{mode.existing.length} file{mode.existing.length === 1 ? '' : 's'} already here ({mode.existing.map(file => file.split(/[\\/]/).pop()).join(', ')}). y replace, n skip {mode.existing.length === 1 ? 'it' : 'them'}, Esc cancel
				</Text>
			) : null}
			{mode.name === 'normal' ? <KeyHints actions={hintActions}/> : null}
			{mode.name === 'filter' || mode.name === 'command' || mode.name === 'mkdir' ? <Text color={theme.muted}>Enter done · Esc cancel</Text> : null}
		</Box>
	);
}
