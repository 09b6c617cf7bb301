import {readFile, writeFile} from 'node:fs/promises';
import {fileURLToPath} from 'node:url';
import {withGeneratedSections} from './readme-sections.js';

// Rewrites the README's generated sections (the key tables, ASAPP's field tables) from the code.
const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));
const before = await readFile(readmePath, 'utf8');
const after = withGeneratedSections(before);
if (after === before) {
	process.stdout.write('README.md is up to date.\n');
} else {
	await writeFile(readmePath, after);
	process.stdout.write('README.md: generated sections rewritten.\n');
}
