import {schemaNames, schemas} from '../source/core/validate/schemas.js';
import {bindingsOf, type KeyScope} from '../source/ui/keymap.js';

/**
 * The README's sections that are drawn from the code, so they cannot drift: each sits
 * between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`, and `npm run docs`
 * rewrites it. A test fails when the README holds anything else there.
 */

function code(text: string): string {
	return `\`${text.replaceAll('|', '\\|')}\``;
}

/** `↑/k` -> `↑`/`k`; a lone `/` stays one key. */
function keyCell(label: string): string {
	return label === '/' ? code(label) : label.split('/').map(part => code(part)).join('/');
}

const keyTables: Array<{title: string; scopes: KeyScope[]}> = [
	{title: 'Everywhere', scopes: ['global']},
	{title: 'The setup screens', scopes: ['wizard']},
	{title: 'The browser', scopes: ['browser']},
	{title: 'A question in the browser (replace a file? delete?)', scopes: ['question']},
	{title: 'The check report', scopes: ['report']},
	{title: 'The transfer queue', scopes: ['queue']},
];

function keysSection(): string {
	return keyTables.map(({title, scopes}) => [
		`**${title}**`,
		'',
		'| Key | Does |',
		'| --- | --- |',
		...scopes.flatMap(scope => bindingsOf(scope)).map(binding => `| ${keyCell(binding.label)} | ${binding.does} |`),
	].join('\n')).join('\n\n');
}

function fieldsSection(): string {
	return schemaNames.map(name => {
		const schema = schemas[name];
		const required = schema.fields.filter(field => field.required).length;
		return [
			`**${schema.title}** (${code(name)}: ${schema.fields.length} fields, ${required} required)`,
			'',
			'| Field | Type | Required | Allowed values |',
			'| --- | --- | --- | --- |',
			...schema.fields.map(field => `| ${code(field.name)} | ${field.type} | ${field.required ? 'yes' : 'no'} | ${field.enum ? field.enum.map(value => code(value)).join(', ') : ''} |`),
		].join('\n');
	}).join('\n\n');
}

export const generatedSections: Record<string, () => string> = {
	keys: keysSection,
	fields: fieldsSection,
};

function markers(name: string): {start: string; end: string} {
	return {start: `<!-- generated:${name} (npm run docs) -->`, end: `<!-- /generated:${name} -->`};
}

/** The README with every generated section rewritten from the code; throws when a marker is missing. */
export function withGeneratedSections(readme: string): string {
	let result = readme;
	for (const [name, render] of Object.entries(generatedSections)) {
		const {start, end} = markers(name);
		const from = result.indexOf(start);
		const to = result.indexOf(end);
		if (from === -1 || to === -1 || to < from || result.indexOf(start, from + 1) !== -1) {
			throw new Error(`README.md needs exactly one "${start}" ... "${end}" pair`);
		}

		result = `${result.slice(0, from + start.length)}\n${render()}\n${result.slice(to)}`;
	}

	return result;
}
