import assert from 'node:assert/strict';
import {readFile} from 'node:fs/promises';
import {test} from 'node:test';
import {generatedSections, withGeneratedSections} from '../../scripts/readme-sections.js';
import {schemas} from '../../source/core/validate/schemas.js';
import {keymap} from '../../source/ui/keymap.js';

const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');

test('the README\'s key and field tables are the ones the code makes (run npm run docs after changing either)', () => {
	assert.equal(readme, withGeneratedSections(readme));
});

test('the generated sections name every key binding and every field', () => {
	const keys = generatedSections['keys']!();
	for (const binding of Object.values(keymap)) {
		assert.ok(keys.includes(`| ${binding.does} |`), binding.does);
	}

	const fields = generatedSections['fields']!();
	for (const schema of Object.values(schemas)) {
		for (const field of schema.fields) {
			assert.match(fields, new RegExp(`\\| \`${field.name}\` \\| ${field.type} \\| ${field.required ? 'yes' : 'no'} \\|`));
		}
	}
});

test('a section changed by hand is caught', () => {
	const edited = readme.replace(/\| `customer_id` \| String \| yes \|/, '| `customer_id` | String | no |');
	assert.notEqual(edited, readme);
	assert.notEqual(withGeneratedSections(edited), edited);
});
