import assert from 'node:assert/strict';
import {test} from 'node:test';
import {AppError} from '../../../source/core/app-error.js';
import {decideUploadTargets, type UploadTarget, type UploadTargetStatus} from '../../../source/core/transfer/upload-targets.js';

const target = (index: number, status: UploadTargetStatus): UploadTarget => ({
	file: {index, localPath: `/data/f${index}`, remotePath: `in/f${index}`, size: 10},
	status,
	...(status === 'unchecked' ? {error: new AppError('permission-denied', 'no')} : {}),
});

test('the overwrite rule: new and own partial files go; a folder never; existing or unchecked ones only with a yes', () => {
	const targets = [target(0, 'new'), target(1, 'exists'), target(2, 'own-partial'), target(3, 'folder'), target(4, 'unchecked')];
	const refuse = decideUploadTargets(targets, () => false);
	assert.deepEqual(refuse.send.map(file => file.index), [0, 2]);
	assert.deepEqual(refuse.refused.map(item => item.file.index), [1, 3, 4]);
	assert.deepEqual(refuse.replacing.map(item => item.file.index), [2]);

	const all = decideUploadTargets(targets, () => true);
	assert.deepEqual(all.send.map(file => file.index), [0, 1, 2, 4]);
	assert.deepEqual(all.refused.map(item => item.file.index), [3], 'a folder is never replaced');

	// The app's question, file by file: yes to the existing one, no to the unchecked one.
	const asked: number[] = [];
	const some = decideUploadTargets(targets, item => {
		asked.push(item.file.index);
		return item.status === 'exists';
	});
	assert.deepEqual(asked, [1, 4], 'only existing and unchecked targets are asked about');
	assert.deepEqual(some.send.map(file => file.index), [0, 1, 2]);
});
