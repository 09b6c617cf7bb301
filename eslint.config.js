import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const uiPackages = ['react', 'ink', 'ink-select-input'];
// Only core/ssh (the client) and core/sandbox (an ssh2 server) may import ssh2.
const sshOwners = ['source/core/ssh/**', 'source/core/sandbox/**'];

export default tseslint.config(
	{ignores: ['dist/', 'node_modules/', 'coverage/']},
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		files: ['**/*.{ts,tsx}'],
		rules: {
			'@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_'}],
			'@typescript-eslint/consistent-type-imports': 'error',
		},
	},
	{
		files: ['source/**'],
		ignores: [...sshOwners, 'source/core/**'],
		rules: {'no-restricted-imports': ['error', {paths: ['ssh2']}]},
	},
	{
		// The core runs headless: no React, no Ink.
		files: ['source/core/**'],
		ignores: sshOwners,
		rules: {'no-restricted-imports': ['error', {paths: ['ssh2', ...uiPackages], patterns: ['**/ui/**']}]},
	},
	{
		files: sshOwners,
		rules: {'no-restricted-imports': ['error', {paths: uiPackages, patterns: ['**/ui/**']}]},
	},
	{
		// Screens and components render; side effects go through hooks to core.
		files: ['source/ui/screens/**', 'source/ui/components/**'],
		rules: {
			'no-restricted-imports': ['error', {
				paths: ['ssh2', 'node-forge', 'fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'csv-parse', 'csv-parse/sync'],
				// Types from the core are fine; its code runs only through hooks.
				patterns: [{group: ['**/core/ssh/**', '**/core/keys/**', '**/core/transfer/**', '**/core/validate/**', '**/core/sandbox/**'], allowTypeImports: true}],
			}],
		},
	},
	{
		files: ['bin/**/*.js', 'scripts/**/*.js'],
		languageOptions: {globals: {process: 'readonly', console: 'readonly'}},
	},
);
