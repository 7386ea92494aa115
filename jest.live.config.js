/**
 * Live tests: ONE running n8n (`n8n start`, booted by test/live/global-setup.cts) shared by every
 * suite in test/live: the editor in a browser, an AI Agent using the node as a tool, active
 * Webhook and Schedule workflows. Run with --runInBand (npm run test:live): the suites share
 * that n8n and check its process tree from this process.
 */
// Test files are .cts (CONTRIBUTING.md, "Tests and n8n's linter"): stop if one is still .ts.
require('./scripts/test-convention.js').assertNoOldTestFiles();
module.exports = {
	moduleFileExtensions: ['js', 'mjs', 'cjs', 'jsx', 'ts', 'tsx', 'json', 'node', 'cts'],
	testEnvironment: 'node',
	roots: ['<rootDir>/test/live'],
	testMatch: ['**/*.live.test.cts'],
	globalSetup: '<rootDir>/test/live/global-setup.cts',
	globalTeardown: '<rootDir>/test/live/global-teardown.cts',
	testTimeout: 120_000,
	reporters: ['default', ['<rootDir>/test/helpers/summary-reporter.js', { label: 'live', perN8nVersion: true }]],
	transform: {
		'^.+\\.c?ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
	},
};
