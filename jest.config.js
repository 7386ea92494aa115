/** Unit and node tests run in-process through n8n-core's execution engine. */
// Test files are .cts (CONTRIBUTING.md, "Tests and n8n's linter"): stop if one is still .ts.
require('./scripts/test-convention.js').assertNoOldTestFiles();
module.exports = {
	moduleFileExtensions: ['js', 'mjs', 'cjs', 'jsx', 'ts', 'tsx', 'json', 'node', 'cts'],
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.cts'],
	setupFiles: ['<rootDir>/test/helpers/setup.cts'],
	setupFilesAfterEnv: ['<rootDir>/test/helpers/afterEnv.cts'],
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/', '/test/live/', '/test/queue/'],
	reporters: ['default', ['<rootDir>/test/helpers/summary-reporter.js', { label: 'unit' }]],
	transform: {
		'^.+\\.c?ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
	},
};
