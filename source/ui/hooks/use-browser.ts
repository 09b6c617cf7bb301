import {useCallback, useRef, useState} from 'react';
import {describeRefusedNames} from '../../core/ops/check-names.js';
import type {BrowserContext, OutputLine, OutputTone} from '../actions/action.js';
import {actionForCommand, browserActions} from '../actions/index.js';
import {tokenize, type CommandError} from '../browser/command-line.js';
import {answeredPlan, currentQuestion, settledNotes, startQuestions, type OverwriteQuestions} from '../browser/overwrite-questions.js';
import type {TransferItem, TransferPlan} from '../browser/transfer-plan.js';
import {describeFailure} from '../next-step.js';
import type {PaneSide} from '../panes/pane.js';
import {useServices, type PlannedTransfer, type RemoteSession, type ValidationReport} from '../services.js';
import {usePanes, type PaneView} from './use-panes.js';

export type BrowserMode =
	| {name: 'normal'}
	| {name: 'filter'}
	| {name: 'command'}
	| {name: 'help'}
	| {name: 'prompt'; label: string; onSubmit(value: string): Promise<void>}
	| {name: 'confirm'; question: string; onYes(): Promise<void>}
	| {name: 'overwrite'; questions: OverwriteQuestions};

/** Where the browser is: the panes, or one step of a check-then-transfer run. */
export type BrowserView =
	| {name: 'browse'}
	| {name: 'validating'; plan: TransferPlan}
	| {name: 'report'; plan: TransferPlan; reports: ValidationReport[]}
	| {name: 'queue'; plan: TransferPlan};

let nextItemId = 1;

/** A planned file as the queue shows it, named relative to the folder it goes to. */
function itemsOf(planned: PlannedTransfer, direction: TransferPlan['direction'], toFolder: string): TransferItem[] {
	const prefix = toFolder.endsWith('/') || toFolder.endsWith('\\') ? toFolder : `${toFolder}/`;
	return planned.files.map(file => {
		const [source, target] = direction === 'upload' ? [file.localPath, file.remotePath] : [file.remotePath, file.localPath];
		const normalized = target.replaceAll('\\', '/');
		const name = normalized.startsWith(prefix.replaceAll('\\', '/')) ? normalized.slice(prefix.length) : normalized.split('/').pop() ?? target;
		return {id: nextItemId++, direction, source, target, name, size: file.size};
	});
}

/**
 * The browser's state and the context its actions run in: both panes, the status lines,
 * the mode (a prompt, a question...) and the view (checking, report, queue).
 */
export function useBrowser(options: {session: RemoteSession | undefined; height: number; onQuit(): void}) {
	const services = useServices();
	const [output, setOutput] = useState<OutputLine[]>([]);
	const say = useCallback((lines: Array<string | OutputLine>, tone: OutputTone = 'normal') => {
		setOutput(lines.map(line => typeof line === 'string' ? {text: line, tone} : line));
	}, []);
	const panes = usePanes(options.session, text => {
		say([text], 'muted');
	});
	const [active, setActiveState] = useState<PaneSide>(options.session ? 'remote' : 'local');
	// Tab then another key can arrive before a re-render: keys act on the latest pane.
	const activeRef = useRef(active);
	const [mode, setMode] = useState<BrowserMode>({name: 'normal'});
	const [view, setView] = useState<BrowserView>({name: 'browse'});

	const fail = useCallback(async (error: unknown, doing: string) => {
		const failure = describeFailure(error);
		const logFile = failure.wantsLog ? await services.logError(doing, error) : undefined;
		say([failure.expected ? failure.message : `${doing} failed: ${failure.message}`, ...failure.advice, ...(logFile ? [`Details: ${logFile}`] : [])], 'error');
	}, [say, services]);

	/** Goes on with a plan whose replace questions are settled. */
	const proceed = useCallback((plan: TransferPlan) => {
		setMode({name: 'normal'});
		if (plan.items.length === 0) {
			say(['Nothing sent: every file is there already and was kept.'], 'muted');
			return;
		}

		setView(plan.direction === 'upload' ? {name: 'validating', plan} : {name: 'queue', plan});
	}, [say]);

	const optionsRef = useRef(options);
	optionsRef.current = options;

	const context = useCallback((): BrowserContext => {
		const side = activeRef.current;
		const activeView = panes.view(side) ?? panes.view('local')!;
		const otherView = panes.view(side === 'local' ? 'remote' : 'local');
		return {
			active: activeView,
			other: otherView,
			pane: panes.view,
			height: optionsRef.current.height,
			change(target, action) {
				panes.paneAction(target.bridge.side, action);
			},
			load: async (target, folder, select) => panes.load(target.bridge.side, folder, select),
			say,
			fail,
			switchPane() {
				if (otherView) {
					activeRef.current = otherView.bridge.side;
					setActiveState(otherView.bridge.side);
				}
			},
			async send(from: PaneView, planned, sendOptions = {}) {
				const to = panes.view(from.bridge.side === 'local' ? 'remote' : 'local');
				const note = describeRefusedNames(planned.refused);
				say(note ? [note] : [], 'muted');
				if (planned.files.length === 0) {
					say([note ?? 'Nothing to send: the selection holds no files.'], 'muted');
					return;
				}

				const plan: TransferPlan = {
					direction: from.bridge.sends,
					items: itemsOf(planned, from.bridge.sends, to?.state.path ?? ''),
					folders: planned.folders,
					checkOnly: sendOptions.checkOnly,
				};
				if (sendOptions.checkOnly || !to) {
					const checkable = plan.items.filter(item => services.isValidatable(item.source));
					if (checkable.length === 0) {
						say([`Nothing to check: only CSV and JSONL files are checked against ASAPP's tables, and ${plan.items.length === 1 ? `${plan.items[0]!.name} is not one` : 'none of these is one'}.`], 'muted');
						return;
					}

					setView({name: 'validating', plan: {...plan, items: checkable, checkOnly: true}});
					return;
				}

				const states = await to.bridge.checkTargets(planned.files, planned.folders);
				const questions = startQuestions(plan, states);
				const notes = settledNotes(questions);
				if (notes.length > 0) {
					say(notes, 'muted');
				}

				if (currentQuestion(questions)) {
					setMode({name: 'overwrite', questions});
				} else {
					proceed(answeredPlan(questions));
				}
			},
			confirm(question, onYes) {
				setMode({name: 'confirm', question, onYes});
			},
			prompt(label, onSubmit) {
				setMode({name: 'prompt', label, onSubmit});
			},
			openFilter() {
				setMode({name: 'filter'});
			},
			openCommandLine() {
				setMode({name: 'command'});
			},
			showHelp() {
				setMode({name: 'help'});
			},
			quit() {
				optionsRef.current.onQuit();
			},
		};
	}, [fail, panes, proceed, say, services]);

	/** Runs the action bound to a key, if any; true when one ran. */
	const runKey = useCallback((matchesKey: (action: NonNullable<(typeof browserActions)[number]['key']>) => boolean): boolean => {
		const action = browserActions.find(candidate => candidate.key !== undefined && matchesKey(candidate.key));
		if (!action) {
			return false;
		}

		void Promise.resolve(action.run(context(), {word: '', args: []})).catch(async (error: unknown) => fail(error, action.key ?? 'action'));
		return true;
	}, [context, fail]);

	const runCommand = useCallback(async (line: string) => {
		let words;
		try {
			words = tokenize(line.trim());
		} catch (error) {
			say([(error as CommandError).message], 'error');
			return;
		}

		const [word, ...args] = words;
		if (word === undefined) {
			return;
		}

		const action = actionForCommand(word);
		if (!action) {
			say([`Unknown command "${word}". Type help for the list.`], 'error');
			return;
		}

		try {
			await action.run(context(), {word: word.toLowerCase(), args});
		} catch (error) {
			await fail(error, word);
		}
	}, [context, fail, say]);

	const refresh = useCallback(() => {
		for (const side of ['local', 'remote'] as const) {
			const pane = panes.view(side);
			if (pane) {
				void panes.load(side, pane.state.path);
			}
		}
	}, [panes]);

	return {
		panes: panes.states, connected: panes.bridges.remote !== undefined, active, output, say, mode, setMode, view, setView,
		proceed, runKey, runCommand, refresh, paneAction: panes.paneAction, activeRef,
	};
}
