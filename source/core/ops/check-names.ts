import {printableName, unsafeNameReason, unsafeUploadNameReason} from '../transfer/remote-names.js';

/**
 * One rule for the names that cross between this machine and the server, in either
 * direction: a name a server lists must not become a path or a control sequence here, and
 * a local name with a control character (a newline, an escape) must not be sent.
 */
export type NameDirection = 'download' | 'upload';

export type RefusedName = {name: string; reason: string; direction: NameDirection};

/** Why `name` must not cross in that direction, or undefined when it may (the rule is remote-names.ts). */
export function nameProblem(name: string, direction: NameDirection): string | undefined {
	return direction === 'download' ? unsafeNameReason(name) : unsafeUploadNameReason(name);
}

/** Splits items into those whose name may cross and those refused, with the reason. */
export function checkNames<Item>(items: readonly Item[], direction: NameDirection, nameOf: (item: Item) => string): {accepted: Item[]; refused: RefusedName[]} {
	const accepted: Item[] = [];
	const refused: RefusedName[] = [];
	for (const item of items) {
		const name = nameOf(item);
		const reason = nameProblem(name, direction);
		if (reason === undefined) {
			accepted.push(item);
		} else {
			refused.push({name: printableName(name), reason, direction});
		}
	}

	return {accepted, refused};
}

/** "Left out 2 names from the server: a\x1b[31m (it contains control characters), ..." */
export function describeRefusedNames(refused: readonly RefusedName[]): string | undefined {
	if (refused.length === 0) {
		return undefined;
	}

	const from = refused[0]!.direction === 'download' ? 'from the server' : 'on this machine';
	const shown = refused.slice(0, 3).map(item => `"${item.name}" (${item.reason})`).join(', ');
	return `Left out ${refused.length} name${refused.length === 1 ? '' : 's'} ${from} that cannot be used safely: ${shown}${refused.length > 3 ? ', …' : ''}.`;
}
