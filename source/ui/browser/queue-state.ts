import type {TransferFailure, TransferOutcome} from '../services.js';
import type {Direction, TransferItem} from './transfer-plan.js';

export type ItemStatus = 'waiting' | 'running' | 'done' | 'failed' | 'cancelled';

export type ItemState = {
	status: ItemStatus;
	transferred: number;
	total: number;
	/** 1 for the first try; higher once the engine retried. */
	attempt: number;
	retryReason: string | undefined;
	verified: boolean;
	error: TransferFailure | undefined;
};

export type QueueState = {
	items: TransferItem[];
	states: ItemState[];
	startedAt: number;
	finishedAt: number | undefined;
	cancelled: boolean;
	/** Recent (time, bytes) samples for a rate that follows the present, not the average. */
	samples: Array<{at: number; bytes: number}>;
};

export type QueueAction =
	| {type: 'start'; index: number}
	| {type: 'progress'; index: number; transferred: number; total: number; at: number}
	| {type: 'retry'; index: number; attempt: number; reason: string}
	| {type: 'done'; index: number; bytes: number; verified: boolean}
	| {type: 'failed'; index: number; error: TransferFailure}
	| {type: 'item-cancelled'; index: number}
	| {type: 'cancelled'}
	| {type: 'stopped'; error: TransferFailure}
	| {type: 'finished'; at: number};

export function initialQueue(items: TransferItem[], now: number): QueueState {
	return {
		items,
		states: items.map(item => ({status: 'waiting', transferred: 0, total: item.size, attempt: 1, retryReason: undefined, verified: false, error: undefined})),
		startedAt: now,
		finishedAt: undefined,
		cancelled: false,
		samples: [{at: now, bytes: 0}],
	};
}

function update(state: QueueState, index: number, change: Partial<ItemState>): QueueState {
	return {...state, states: state.states.map((item, at) => at === index ? {...item, ...change} : item)};
}

export function totalTransferred(state: QueueState): number {
	return state.states.reduce((sum, item) => sum + item.transferred, 0);
}

export function totalSize(state: QueueState): number {
	return state.states.reduce((sum, item) => sum + item.total, 0);
}

const rateWindowMs = 5000;

export function queueReducer(state: QueueState, action: QueueAction): QueueState {
	switch (action.type) {
		case 'start': {
			return update(state, action.index, {status: 'running'});
		}

		case 'progress': {
			const next = update(state, action.index, {transferred: action.transferred, total: action.total});
			const samples = [...state.samples.filter(sample => action.at - sample.at <= rateWindowMs), {at: action.at, bytes: totalTransferred(next)}];
			return {...next, samples};
		}

		case 'retry': {
			return update(state, action.index, {attempt: action.attempt, retryReason: action.reason, transferred: 0});
		}

		case 'done': {
			return update(state, action.index, {status: 'done', transferred: action.bytes, total: action.bytes, verified: action.verified});
		}

		case 'failed': {
			return update(state, action.index, {status: 'failed', error: action.error});
		}

		case 'item-cancelled': {
			return update(state, action.index, {status: 'cancelled'});
		}

		case 'cancelled': {
			return {
				...state,
				cancelled: true,
				states: state.states.map(item => item.status === 'waiting' || item.status === 'running' ? {...item, status: 'cancelled'} : item),
			};
		}

		case 'stopped': {
			return {
				...state,
				states: state.states.map(item => item.status === 'waiting' || item.status === 'running' ? {...item, status: 'failed', error: action.error} : item),
			};
		}

		case 'finished': {
			return {...state, finishedAt: action.at};
		}
	}
}

/** Bytes per second over the last few seconds. */
export function currentRate(state: QueueState): number {
	const first = state.samples[0];
	const last = state.samples.at(-1);
	if (!first || !last || last.at <= first.at) {
		return 0;
	}

	return (last.bytes - first.bytes) / ((last.at - first.at) / 1000);
}

export function etaSeconds(state: QueueState): number {
	const rate = currentRate(state);
	return rate > 0 ? (totalSize(state) - totalTransferred(state)) / rate : Number.POSITIVE_INFINITY;
}

/** What the browser says once the queue is closed: what arrived, and what did not. */
export function queueSummary(state: QueueState, direction: Direction, outcome: TransferOutcome = {}): Array<{text: string; tone: 'ok' | 'error' | 'muted'}> {
	const count = (status: ItemStatus) => state.states.filter(item => item.status === status).length;
	const done = count('done');
	const failed = count('failed');
	const cancelled = count('cancelled');
	const total = state.items.length;
	const files = (n: number) => `${n} file${n === 1 ? '' : 's'}`;
	const verb = direction === 'upload' ? 'Uploaded' : 'Downloaded';
	const lines: Array<{text: string; tone: 'ok' | 'error' | 'muted'}> = [{text: `${verb} ${done} of ${files(total)}.`, tone: failed + cancelled === 0 ? 'ok' : 'muted'}];
	if (failed > 0) {
		lines.push({text: `${files(failed)} failed.`, tone: 'error'});
	}

	if (cancelled > 0) {
		lines.push({text: `${files(cancelled)} cancelled.`, tone: 'muted'});
	}

	const remnants = state.states.filter(item => item.error?.remnant !== undefined).length;
	if (remnants > 0) {
		lines.push({text: `${files(remnants)} left partly written on the server: delete with x, or upload again (an upload replaces its own partial file).`, tone: 'error'});
	}

	lines.push(...receiptLines(outcome));
	return lines;
}

/** Where the upload receipt went, or why there is none. */
export function receiptLines(outcome: TransferOutcome): Array<{text: string; tone: 'muted' | 'error'}> {
	if (outcome.receiptPath) {
		return [{text: `Receipt: ${outcome.receiptPath}`, tone: 'muted'}];
	}

	return outcome.receiptProblem ? [{text: `The upload receipt could not be written: ${outcome.receiptProblem}`, tone: 'error'}] : [];
}
