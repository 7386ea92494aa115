/**
 * Queue-mode test: n8n as teams run it past one process. Redis, PostgreSQL, an n8n main and two
 * workers (test/queue/cluster.cts), booted once for the suite in test/queue. Run with --runInBand
 * (npm run test:queue): the suite checks the process trees it started from this process.
 */
// Test files are .cts (CONTRIBUTING.md, "Tests and n8n's linter"): stop if one is still .ts.
require('./scripts/test-convention.js').assertNoOldTestFiles();
module.exports = {
	moduleFileExtensions: ['js', 'mjs', 'cjs', 'jsx', 'ts', 'tsx', 'json', 'node', 'cts'],
	testEnvironment: 'node',
	roots: ['<rootDir>/test/queue'],
	testMatch: ['**/*.queue.test.cts'],
	testTimeout: 300_000,
	reporters: ['default', ['<rootDir>/test/helpers/summary-reporter.js', { label: 'queue', perN8nVersion: true }]],
	transform: {
		'^.+\\.c?ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
	},
};
