import assert from 'node:assert/strict';
import {test} from 'node:test';
import type {Key} from 'ink';
import {bindingsOf, keymap, matches, type Action} from '../../source/ui/keymap.js';
import {browserActions} from '../../source/ui/actions/index.js';
import {themeFor} from '../../source/ui/theme.js';

const noKey: Key = {
	upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
	return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
	super: false, hyper: false, capsLock: false, numLock: false,
};

test('NO_COLOR turns every colour off; an empty NO_COLOR does not', () => {
	const plain = themeFor({NO_COLOR: '1'});
	for (const [role, value] of Object.entries(plain)) {
		if (role !== 'color') {
			assert.equal(value, undefined, `${role} has no colour`);
		}
	}

	assert.equal(plain.color, false);
	assert.equal(themeFor({NO_COLOR: ''}).accent, 'cyan');
	assert.equal(themeFor({}).color, true);
});

test('keys match their actions: letters, named keys, Ctrl, and terminals that send DEL for Backspace', () => {
	assert.ok(matches('down', 'j', noKey));
	assert.ok(matches('down', '', {...noKey, downArrow: true}));
	assert.ok(matches('parent', '', {...noKey, delete: true}));
	assert.ok(matches('parent', '', {...noKey, backspace: true}));
	assert.ok(matches('cancel', 'c', {...noKey, ctrl: true}));
	assert.ok(!matches('copy', 'c', {...noKey, ctrl: true}), 'Ctrl-C is not the letter c');
	assert.ok(!matches('quit', 'q', {...noKey, meta: true}));
	assert.ok(matches('bottom', 'G', {...noKey, shift: true}));
});

test('every action has a label, a description and at least one key; the help lists each once', () => {
	const seen = new Set<Action>();
	for (const scope of ['global', 'wizard', 'browser', 'question', 'report', 'queue'] as const) {
		for (const binding of bindingsOf(scope)) {
			assert.ok(binding.label !== '' && binding.does !== '' && binding.keys.length > 0, binding.action);
			assert.ok(!seen.has(binding.action));
			seen.add(binding.action);
		}
	}

	assert.equal(seen.size, Object.keys(keymap).length);
});

test('within the browser no key does two things', () => {
	const owners = new Map<string, Action>();
	for (const binding of [...bindingsOf('browser'), ...bindingsOf('global')]) {
		for (const spec of binding.keys) {
			const id = JSON.stringify(spec);
			assert.equal(owners.get(id), undefined, `${id} is bound to ${owners.get(id)} and ${binding.action}`);
			owners.set(id, binding.action);
		}
	}
});

test('every browser key runs exactly one action, and every action\'s key is a browser or global key', () => {
	for (const binding of [...bindingsOf('browser'), ...bindingsOf('global')]) {
		const owners = browserActions.filter(action => action.key === binding.action);
		assert.ok(owners.length <= 1, `${binding.action} has ${owners.length} actions`);
		if (binding.scope === 'browser') {
			assert.equal(owners.length, 1, `${binding.action} has no action in source/ui/actions`);
		}
	}

	for (const action of browserActions) {
		if (action.key !== undefined) {
			assert.ok(['browser', 'global'].includes(keymap[action.key].scope), `${action.key} is not a browser key`);
		}
	}
});

test('every : command word belongs to one action', () => {
	const words = browserActions.flatMap(action => action.command?.words ?? []);
	assert.equal(new Set(words).size, words.length);
});
