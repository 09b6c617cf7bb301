import {applyOverwriteAnswer, decideOverwrite, type OverwriteAnswer, type OverwritePolicy} from '../../core/ops/decide-overwrite.js';
import type {TransferItem, TransferPlan} from './transfer-plan.js';

/**
 * The replace questions of one transfer, a file at a time: the core decides (ask, write,
 * skip), the person answers yes / no / all / none, and the plan keeps what may go.
 */
export type OverwriteQuestions = {
	plan: TransferPlan;
	/** Targets already there, in plan order. */
	existing: readonly string[];
	/** The item now asked about (an index into `existing`). */
	at: number;
	policy: OverwritePolicy;
	/** Targets the person agreed to replace, and those to leave alone. */
	replace: ReadonlySet<string>;
	keep: ReadonlySet<string>;
};

/** Moves on past the files the policy decides without asking. */
function settle(state: OverwriteQuestions): OverwriteQuestions {
	let {at} = state;
	const replace = new Set(state.replace);
	const keep = new Set(state.keep);
	while (at < state.existing.length) {
		const decision = decideOverwrite({exists: true}, state.policy);
		if (decision === 'ask') {
			break;
		}

		(decision === 'write' ? replace : keep).add(state.existing[at]!);
		at++;
	}

	return {...state, at, replace, keep};
}

export function startQuestions(plan: TransferPlan, existing: ReadonlySet<string>): OverwriteQuestions {
	return settle({plan, existing: plan.items.map(item => item.target).filter(target => existing.has(target)), at: 0, policy: 'ask', replace: new Set(), keep: new Set()});
}

export function answerQuestion(state: OverwriteQuestions, answer: OverwriteAnswer): OverwriteQuestions {
	const target = state.existing[state.at];
	if (target === undefined) {
		return state;
	}

	const {decision, policy} = applyOverwriteAnswer(answer);
	const replace = new Set(state.replace);
	const keep = new Set(state.keep);
	(decision === 'write' ? replace : keep).add(target);
	return settle({...state, at: state.at + 1, policy, replace, keep});
}

export function currentQuestion(state: OverwriteQuestions): TransferItem | undefined {
	const target = state.existing[state.at];
	return target === undefined ? undefined : state.plan.items.find(item => item.target === target);
}

/** The plan once every question is answered: kept files left out, replaced ones marked. */
export function answeredPlan(state: OverwriteQuestions): TransferPlan {
	return {
		...state.plan,
		items: state.plan.items
			.filter(item => !state.keep.has(item.target))
			.map(item => state.replace.has(item.target) ? {...item, overwrite: true} : item),
	};
}
