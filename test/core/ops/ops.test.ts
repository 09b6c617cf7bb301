import assert from 'node:assert/strict';
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, test} from 'node:test';
import {cliNextStep} from '../../../source/commands/support/next-step.js';
import {AppError, type NextAction} from '../../../source/core/app-error.js';
import {checkNames, describeRefusedNames} from '../../../source/core/ops/check-names.js';
import {applyOverwriteAnswer, decideOverwrite, existingTargets} from '../../../source/core/ops/decide-overwrite.js';
import {describeError} from '../../../source/core/ops/describe-error.js';
import {formatDuration, formatSize} from '../../../source/core/ops/format-size.js';
import {monthCoverage} from '../../../source/core/ops/month-coverage.js';
import {planUpload} from '../../../source/core/ops/plan-transfer.js';
import {appNextStep} from '../../../source/ui/next-step.js';

describe('core/ops: what both faces do', () => {
	test('the overwrite rule: new and own partial copies are written, a folder never, the rest as the policy says', () => {
		assert.equal(decideOverwrite('new', 'refuse'), 'write');
		assert.equal(decideOverwrite('own-partial', 'refuse'), 'write');
		assert.equal(decideOverwrite('folder', 'replace-all'), 'refuse');
		for (const status of ['exists', 'unchecked'] as const) {
			assert.equal(decideOverwrite(status, 'ask'), 'ask');
			assert.equal(decideOverwrite(status, 'replace-all'), 'write');
			assert.equal(decideOverwrite(status, 'keep-all'), 'skip');
			assert.equal(decideOverwrite(status, 'refuse'), 'refuse');
		}

		assert.deepEqual(applyOverwriteAnswer('yes'), {decision: 'write', policy: 'ask'});
		assert.deepEqual(applyOverwriteAnswer('no'), {decision: 'skip', policy: 'ask'});
		assert.deepEqual(applyOverwriteAnswer('all'), {decision: 'write', policy: 'replace-all'});
		assert.deepEqual(applyOverwriteAnswer('none'), {decision: 'skip', policy: 'keep-all'});
	});

	test('existingTargets asks about every path, a batch at a time', async () => {
		const asked: string[] = [];
		const found = await existingTargets(['a', 'b', 'c', 'd', 'e'], async target => {
			asked.push(target);
			return target === 'b' || target === 'e';
		}, 2);
		assert.deepEqual([...found], ['b', 'e']);
		assert.deepEqual(asked, ['a', 'b', 'c', 'd', 'e']);
	});

	test('one name rule: C1 controls and ".." are refused from the server, and said harmlessly', () => {
		const {accepted, refused} = checkNames(['ok.csv', 'a..b', '../up', 'csi\u009B2J', 'nul\u0000', 'tab\tname'], 'download', name => name);
		assert.deepEqual(accepted, ['ok.csv']);
		assert.deepEqual(refused.map(item => item.name), ['a..b', '../up', String.raw`csi\x9b2J`, String.raw`nul\x00`, String.raw`tab\x09name`]);
		const note = describeRefusedNames(refused)!;
		assert.match(note, /^Left out 5 names from the server that cannot be used safely/);
		// The note itself carries no control character a terminal would act on.
		// eslint-disable-next-line no-control-regex
		assert.doesNotMatch(note, /[\u0000-\u001F\u007F-\u009F]/);
	});

	test('sizes in one unit (KiB, 1024) for both faces; durations', () => {
		assert.equal(formatSize(1000), '1000 B');
		assert.equal(formatSize(1536), '1.5 KiB');
		assert.equal(formatSize(325 * 1024), '325 KiB');
		assert.equal(formatSize(3 * 1024 * 1024), '3.0 MiB');
		assert.equal(formatDuration(65), '1m05s');
		assert.equal(formatDuration(Number.POSITIVE_INFINITY), '--');
	});

	test('month coverage keeps empty months as holes', () => {
		const series = monthCoverage({records: 3, conversations: null, timestampField: 'timestamp', firstTimestamp: null, lastTimestamp: null, senderRoles: null, months: [{month: '2024-11', count: 2}, {month: '2025-02', count: 1}]});
		assert.deepEqual(series, [{month: '2024-11', count: 2}, {month: '2024-12', count: 0}, {month: '2025-01', count: 0}, {month: '2025-02', count: 1}]);
	});

	test('describeError: typed errors keep their code and next action; anything else is unexpected', () => {
		const typed = describeError(new AppError('host-key-unknown', 'new key', {hint: 'compare', next: {kind: 'accept-host-key'}}));
		assert.deepEqual(typed, {code: 'host-key-unknown', message: 'new key', hint: 'compare', next: {kind: 'accept-host-key'}, expected: true});
		const errno = Object.assign(new Error('ENOENT: no such file'), {code: 'ENOENT'});
		assert.equal(describeError(errno).expected, false);
		assert.equal(describeError(new TypeError('boom')).code, undefined);
	});

	test('each next action is worded by both faces: flags in the CLI, never in the app', () => {
		const actions: NextAction[] = [
			{kind: 'accept-host-key'}, {kind: 'choose-other-path', path: '/k'}, {kind: 'allow-replace', path: '/f'}, {kind: 'choose-schema'}, {kind: 'show-log'},
			{kind: 'check-address', host: 'h', port: 2222}, {kind: 'choose-key'}, {kind: 'choose-known-hosts'}, {kind: 'choose-port', suggested: 0}, {kind: 'choose-other-folder'},
		];
		for (const action of actions) {
			assert.match(cliNextStep(action), /--[a-z]|-v\b/, `the CLI names its flag for ${action.kind}`);
			assert.doesNotMatch(appNextStep(action), /--[a-z]|\s-v\b/, `the app words ${action.kind} without flags`);
		}
	});

	test('planUpload walks with the core\'s tree rules and can rename what it sends', async t => {
		const dir = await mkdtemp(path.join(tmpdir(), 'asapp-ops-'));
		t.after(async () => rm(dir, {recursive: true, force: true}));
		await mkdir(path.join(dir, 'batch', 'deeper'), {recursive: true});
		await writeFile(path.join(dir, 'batch', 'a.csv'), 'a');
		await writeFile(path.join(dir, 'batch', 'deeper', 'b.csv'), 'bb');
		const plan = await planUpload({localPaths: [path.join(dir, 'batch')], remoteDirectory: '/in', recursive: true, rename: 'shipped'});
		assert.deepEqual(plan.directories, ['/in/shipped', '/in/shipped/deeper']);
		assert.deepEqual(plan.files.map(file => [file.remotePath, file.size]), [['/in/shipped/a.csv', 1], ['/in/shipped/deeper/b.csv', 2]]);
		await assert.rejects(planUpload({localPaths: [path.join(dir, 'batch')], remoteDirectory: '/in', recursive: false}), {code: 'is-a-directory'});
	});
});
