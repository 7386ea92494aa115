/** End-to-end tests: the built node in a real n8n (scripts/n8n.sh) against test/sandbox. */
// Test files are .cts (CONTRIBUTING.md, "Tests and n8n's linter"): stop if one is still .ts.
require('./scripts/test-convention.js').assertNoOldTestFiles();
module.exports = {
	moduleFileExtensions: ['js', 'mjs', 'cjs', 'jsx', 'ts', 'tsx', 'json', 'node', 'cts'],
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.cts'],
	testTimeout: 60_000,
	reporters: ['default', ['<rootDir>/test/helpers/summary-reporter.js', { label: 'e2e', perN8nVersion: true }]],
	transform: {
		'^.+\\.c?ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
	},
};
