import tsParser from '@typescript-eslint/parser';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';

// n8n's community-package rules, run the way n8n's verification runs them: on the shipped
// code (nodes, credentials) and on package.json (parsed as a JS object, as n8n's CLI does).
export default [
	{
		ignores: ['dist/**', 'node_modules/**', 'test/**', 'scripts/**', 'examples/**', 'bench/**', '*.js', '*.mjs'],
	},
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json'],
		languageOptions: {
			parser: tsParser,
			parserOptions: { extraFileExtensions: ['.json'] },
		},
	},
	n8nCommunityNodesPlugin.configs.recommended,
];
