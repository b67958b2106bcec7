// ESLint: TypeScript and Svelte, with Prettier's formatting rules left to Prettier.
import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

export default ts.config(
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{ languageOptions: { globals: { ...globals.browser, ...globals.node } } },
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: { parserOptions: { projectService: true, extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig } }
	},
	{
		rules: {
			// `_` marks what a destructuring leaves out on purpose.
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
			// The app is served at the root (no `paths.base`), and its links carry the filters (withFilters): resolve() adds nothing.
			'svelte/no-navigation-without-resolve': 'off',
			// A Map built inside $derived is a value computed anew, not state to mutate.
			'svelte/prefer-svelte-reactivity': 'off'
		}
	},
	{ ignores: ['build/', '.svelte-kit/', 'node_modules/', 'test-results/', 'playwright-report/', 'data/', 'src/lib/ingest/fixtures/', 'tests/fixtures/'] }
);
