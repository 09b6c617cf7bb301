import {Box, Text} from 'ink';
import {useState} from 'react';
import {answeredPlan, answerQuestion, currentQuestion, settledNotes} from '../browser/overwrite-questions.js';
import {FilePane, folderNotes} from '../components/file-pane.js';
import {HelpOverlay} from '../components/help-overlay.js';
import {KeyHints} from '../components/key-hints.js';
import {OutputLines} from '../components/output-lines.js';
import {ConfirmLine, OverwriteQuestionLine} from '../components/question-line.js';
import {TextField} from '../components/text-field.js';
import {useBrowser} from '../hooks/use-browser.js';
import {useKeyHandler} from '../input/use-key-handler.js';
import {useTerminalSize} from '../hooks/use-terminal-size.js';
import {matches, type Action} from '../keymap.js';
import type {RemoteSession} from '../services.js';
import {useTheme} from '../theme-context.js';
import {TransferFlow} from './transfer-flow.js';

const outputRows = 4;

/** The two-pane browser: local and remote, keyboard first, with a `:` command line. */
export function BrowserScreen({session, onQuit}: {session: RemoteSession | undefined; onQuit(): void}) {
	const theme = useTheme();
	const {columns, rows} = useTerminalSize();
	const paneHeight = Math.max(3, rows - 9 - outputRows);
	const browser = useBrowser({session, height: paneHeight, onQuit});
	const {panes, mode, setMode, view, output} = browser;
	const [text, setText] = useState('');
	const browsing = view.name === 'browse';

	useKeyHandler((input, key) => {
		switch (mode.name) {
			case 'normal': {
				if (matches('filter', input, key)) {
					setText(panes[browser.activeRef.current].filter);
				} else if (matches('command', input, key) || matches('mkdir', input, key)) {
					setText('');
				}

				browser.runKey(action => matches(action, input, key));
				return;
			}

			case 'overwrite': {
				const answer = matches('answerYes', input, key) ? 'yes' : matches('answerNo', input, key) ? 'no' : matches('answerAll', input, key) ? 'all' : matches('answerNone', input, key) ? 'none' : undefined;
				if (answer) {
					const questions = answerQuestion(mode.questions, answer);
					if (currentQuestion(questions)) {
						setMode({name: 'overwrite', questions});
					} else {
						browser.say(settledNotes(questions), 'muted');
						browser.proceed(answeredPlan(questions));
					}
				} else if (matches('dismiss', input, key)) {
					setMode({name: 'normal'});
					browser.say(['Cancelled; nothing was sent.'], 'muted');
				}

				return;
			}

			case 'confirm': {
				if (matches('answerYes', input, key)) {
					setMode({name: 'normal'});
					void mode.onYes();
				} else if (matches('answerNo', input, key) || matches('dismiss', input, key)) {
					setMode({name: 'normal'});
					browser.say(['Nothing was deleted.'], 'muted');
				}

				return;
			}

			case 'help': {
				setMode({name: 'normal'});
				return;
			}

			default: {
				if (key.escape) {
					if (mode.name === 'filter') {
						browser.paneAction(browser.activeRef.current, {type: 'filter', filter: '', height: paneHeight});
					}

					setMode({name: 'normal'});
				}
			}
		}
	}, {active: browsing});

	if (view.name !== 'browse') {
		return (
			<TransferFlow
				view={view}
				session={session}
				onView={browser.setView}
				onSay={lines => {
					browser.say(lines, 'muted');
				}}
				onEnd={lines => {
					browser.setView({name: 'browse'});
					browser.say(lines);
					browser.refresh();
				}}
			/>
		);
	}

	const active = browser.active;
	const paneWidth = Math.floor(columns / 2);
	const status = session ? `${session.user}@${session.host}${session.port === 22 ? '' : `:${session.port}`}` : 'not connected: checking files only';
	const hintActions: Action[] = session
		? ['switchPane', 'open', 'parent', 'mark', 'upload', 'download', 'remove', 'command', 'help', 'quit']
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
				<>
					<Box>
						<FilePane title="Local" pane={panes.local} active={active === 'local'} width={session ? paneWidth : columns} height={paneHeight} remote={false}/>
						{session ? <FilePane title="Remote" pane={panes.remote} active={active === 'remote'} width={columns - paneWidth} height={paneHeight} remote/> : null}
					</Box>
					<OutputLines lines={output} rows={outputRows}/>
				</>
			)}
			{mode.name === 'command' ? (
				<Box><Text bold color={theme.accent}>:</Text><TextField value={text} onChange={setText} onSubmit={value => {
					setMode({name: 'normal'});
					void browser.runCommand(value);
				}}/></Box>
			) : null}
			{mode.name === 'filter' ? (
				<Box><Text bold color={theme.accent}>/</Text><TextField value={text} onChange={value => {
					setText(value);
					browser.paneAction(browser.activeRef.current, {type: 'filter', filter: value, height: paneHeight});
				}} onSubmit={() => {
					setMode({name: 'normal'});
				}}/></Box>
			) : null}
			{mode.name === 'prompt' ? (
				<Box><Text bold>{mode.label}</Text><TextField value={text} onChange={setText} onSubmit={value => {
					setMode({name: 'normal'});
					void mode.onSubmit(value);
				}}/></Box>
			) : null}
			{mode.name === 'overwrite' ? <OverwriteQuestionLine questions={mode.questions}/> : null}
			{mode.name === 'confirm' ? <ConfirmLine question={mode.question}/> : null}
			{mode.name === 'normal' ? <KeyHints actions={hintActions}/> : null}
			{mode.name === 'filter' || mode.name === 'command' || mode.name === 'prompt' ? <Text color={theme.muted}>Enter done · Esc cancel</Text> : null}
		</Box>
	);
}
