import {applyOverwriteAnswer, decideOverwrite, type OverwriteAnswer, type OverwritePolicy, type TargetStatus} from '../../core/ops/decide-overwrite.js';
import type {TransferItem, TransferPlan} from './transfer-plan.js';

/**
 * The replace questions of one transfer, a file at a time: the core decides (write, skip,
 * refuse, ask), the person answers yes / no / all / none, and the plan keeps what may go.
 */
export type OverwriteQuestions = {
	plan: TransferPlan;
	/** What is at each item's target, in plan order. */
	states: readonly TargetStatus[];
	/** The next item to decide (an index into the plan's items). */
	at: number;
	policy: OverwritePolicy;
	/** Items replacing what is there (asked, or our own partial copy), and items not sent. */
	replace: ReadonlySet<number>;
	keep: ReadonlySet<number>;
	/** Items refused outright: a folder has the name. */
	refused: ReadonlySet<number>;
};

/** Moves on past every item the core decides without asking. */
function settle(state: OverwriteQuestions): OverwriteQuestions {
	let {at} = state;
	const replace = new Set(state.replace);
	const keep = new Set(state.keep);
	const refused = new Set(state.refused);
	for (; at < state.plan.items.length; at++) {
		const status = state.states[at] ?? 'new';
		const decision = decideOverwrite(status, state.policy);
		if (decision === 'ask') {
			break;
		}

		if (decision === 'refuse') {
			refused.add(at);
		} else if (decision === 'skip') {
			keep.add(at);
		} else if (status !== 'new') {
			replace.add(at);
		}
	}

	return {...state, at, replace, keep, refused};
}

export function startQuestions(plan: TransferPlan, states: readonly TargetStatus[]): OverwriteQuestions {
	return settle({plan, states, at: 0, policy: 'ask', replace: new Set(), keep: new Set(), refused: new Set()});
}

export function answerQuestion(state: OverwriteQuestions, answer: OverwriteAnswer): OverwriteQuestions {
	if (state.at >= state.plan.items.length) {
		return state;
	}

	const {decision, policy} = applyOverwriteAnswer(answer);
	const replace = new Set(state.replace);
	const keep = new Set(state.keep);
	(decision === 'write' ? replace : keep).add(state.at);
	return settle({...state, at: state.at + 1, policy, replace, keep});
}

export function currentQuestion(state: OverwriteQuestions): TransferItem | undefined {
	return state.plan.items[state.at];
}

/** Targets still to be asked about, this one included. */
export function questionsLeft(state: OverwriteQuestions): number {
	return state.states.slice(state.at).filter(status => decideOverwrite(status, 'ask') === 'ask').length;
}

/** The plan once every question is settled: kept and refused items left out, replacing ones marked. */
export function answeredPlan(state: OverwriteQuestions): TransferPlan {
	return {
		...state.plan,
		items: state.plan.items.flatMap((item, index) => {
			if (state.keep.has(index) || state.refused.has(index)) {
				return [];
			}

			return [state.replace.has(index) ? {...item, overwrite: true} : item];
		}),
	};
}

/** What the settled questions mean, for the status line: folders refused, our partial copies replaced. */
export function settledNotes(state: OverwriteQuestions): string[] {
	const names = (indexes: ReadonlySet<number>, status: TargetStatus) => [...indexes].filter(index => state.states[index] === status).map(index => state.plan.items[index]!.name);
	const folders = names(state.refused, 'folder');
	const partials = names(state.replace, 'own-partial');
	return [
		...(folders.length > 0 ? [`Not sent: a folder on the server has the name of ${folders.join(', ')}.`] : []),
		...(partials.length > 0 ? [`Replacing the partial file${partials.length === 1 ? '' : 's'} an unfinished upload of ours left: ${partials.join(', ')}.`] : []),
	];
}
