/**
 * When a transfer may replace a file that is already there, in one place for both faces
 * and both directions. Nothing is replaced unless someone said so: the CLI says so with a
 * flag for the whole run, the app asks per file (yes / no / all / none).
 */
export type OverwritePolicy =
	/** Ask the person for each existing file (the app). */
	| 'ask'
	/** Replace every existing file (`--overwrite`, or "all" answered once). */
	| 'replace-all'
	/** Keep every existing file, skipping its transfer ("none" answered once). */
	| 'keep-all'
	/** Stop before anything is sent, naming the existing files (the CLI without `--overwrite`). */
	| 'refuse';

export type OverwriteDecision = 'write' | 'skip' | 'ask' | 'refuse';

export type OverwriteAnswer = 'yes' | 'no' | 'all' | 'none';

/**
 * What is at a target name before anything moves: nothing (`new`), someone's file
 * (`exists`), the partial copy our own unfinished upload left (`own-partial`), a folder,
 * or the server would not say (`unchecked`, e.g. a write-only account).
 */
export type TargetStatus = 'new' | 'exists' | 'own-partial' | 'folder' | 'unchecked';

/**
 * New targets and our own partial copies are written; a folder never is; an existing file,
 * or one nobody could check, only as the policy says.
 */
export function decideOverwrite(status: TargetStatus, policy: OverwritePolicy): OverwriteDecision {
	if (status === 'new' || status === 'own-partial') {
		return 'write';
	}

	if (status === 'folder') {
		return 'refuse';
	}

	switch (policy) {
		case 'replace-all': {
			return 'write';
		}

		case 'keep-all': {
			return 'skip';
		}

		case 'ask': {
			return 'ask';
		}

		case 'refuse': {
			return 'refuse';
		}
	}
}

/** What one answer means for this file, and the policy for the files after it. */
export function applyOverwriteAnswer(answer: OverwriteAnswer): {decision: 'write' | 'skip'; policy: OverwritePolicy} {
	switch (answer) {
		case 'yes': {
			return {decision: 'write', policy: 'ask'};
		}

		case 'no': {
			return {decision: 'skip', policy: 'ask'};
		}

		case 'all': {
			return {decision: 'write', policy: 'replace-all'};
		}

		case 'none': {
			return {decision: 'skip', policy: 'keep-all'};
		}
	}
}

/** Which of `paths` exist, a batch of lookups at a time (a remote stat is a round trip). */
export async function existingTargets(paths: readonly string[], exists: (path: string) => Promise<boolean>, batch = 32): Promise<Set<string>> {
	const found = new Set<string>();
	for (let start = 0; start < paths.length; start += batch) {
		const slice = paths.slice(start, start + batch);
		const answers = await Promise.all(slice.map(async candidate => exists(candidate)));
		for (const [index, present] of answers.entries()) {
			if (present) {
				found.add(slice[index]!);
			}
		}
	}

	return found;
}
