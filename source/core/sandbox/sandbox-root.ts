import {mkdir, realpath} from 'node:fs/promises';
import path from 'node:path';
import {FileExistsError, pathExists, writeNewFiles} from '../fs/write-new-files.js';

/** The file in `out/` that stands for something ASAPP sent back. */
export const sampleFileName = 'sample-report.csv';

/**
 * A small, valid file in ASAPP's "Historical Transcript" layout (all five fields, header
 * first, UTC ISO 8601 timestamps, one row per message in order), so a first download
 * gives the user something real to open.
 */
export const sampleFileText = [
	'conversation_externalId,sender_externalId,sender_role,text,timestamp',
	'3245556677,6433421,customer,"Hi, I would like to change my plan",2022-03-16T18:41:02.120031Z',
	'3245556677,8812,agent,"Happy to help, one moment please",2022-03-16T18:42:24.488424Z',
	'3245556677,8812,agent,Choose an option from the list below: (A) 1-way ticket (B) 2-way ticket (C) None of the above,2022-03-16T18:43:10.000000Z',
	'3245556677,6433421,customer,(A) 1-way ticket,2022-03-16T18:43:55.731000Z',
	'',
].join('\n');

/**
 * Makes sure the root holds `in/` and `out/` and that `out/` has the sample file (only
 * when missing: whatever the user left there stays). Returns the root's real path, the
 * base against which every client path is resolved.
 */
export async function prepareSandboxRoot(root: string): Promise<string> {
	await mkdir(path.join(root, 'in'), {recursive: true, mode: 0o700});
	await mkdir(path.join(root, 'out'), {recursive: true, mode: 0o700});
	const sample = path.join(root, 'out', sampleFileName);
	if (!await pathExists(sample)) {
		try {
			await writeNewFiles([{path: sample, data: sampleFileText, mode: 0o644}], 'The sample was already there.');
		} catch (error) {
			if (!(error instanceof FileExistsError)) {
				throw error;
			}
		}
	}

	return realpath(root);
}
