/** Small statistics for side-by-side benchmarks: single runs here swing by 30%, medians do not. */
export function median(values: number[]): number {
	if (values.length === 0) {
		return Number.NaN;
	}

	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function formatSeconds(ms: number): string {
	return `${(ms / 1000).toFixed(3)} s`;
}

export type PairedResult = {
	name: string;
	ours: number[];
	peer: number[];
	/** Per-round ours/peer ratios. */
	ratios: number[];
	medianRatio: number;
	goal: number;
};

/** Prints one comparison as a small table and says whether the goal (ours/peer <= goal) holds. */
export function reportPaired(result: PairedResult, peerName: string): string {
	const verdict = result.medianRatio <= result.goal ? 'meets' : 'MISSES';
	return [
		`${result.name}`,
		`  ours:  median ${formatSeconds(median(result.ours))}  runs ${result.ours.map(ms => (ms / 1000).toFixed(2)).join(' ')}`,
		`  ${peerName}: median ${formatSeconds(median(result.peer))}  runs ${result.peer.map(ms => (ms / 1000).toFixed(2)).join(' ')}`,
		`  ratio ours/${peerName}: median ${result.medianRatio.toFixed(2)}x (per round ${result.ratios.map(r => r.toFixed(2)).join(' ')}); goal <= ${result.goal}x: ${verdict}`,
	].join('\n');
}

/** Runs `ours` and `peer` alternately (A B A B ...) so both see the same machine load. */
export async function pairedRounds(
	name: string,
	rounds: number,
	goal: number,
	ours: (round: number) => Promise<number>,
	peer: (round: number) => Promise<number>,
): Promise<PairedResult> {
	const oursTimes: number[] = [];
	const peerTimes: number[] = [];
	const ratios: number[] = [];
	for (let round = 0; round < rounds; round++) {
		// Alternate which goes first so neither always gets the warmer cache.
		let oursMs: number;
		let peerMs: number;
		if (round % 2 === 0) {
			oursMs = await ours(round);
			peerMs = await peer(round);
		} else {
			peerMs = await peer(round);
			oursMs = await ours(round);
		}

		oursTimes.push(oursMs);
		peerTimes.push(peerMs);
		ratios.push(oursMs / peerMs);
	}

	return {name, ours: oursTimes, peer: peerTimes, ratios, medianRatio: median(ratios), goal};
}
