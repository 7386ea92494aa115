/**
 * Live tests: ONE running n8n (`n8n start`, booted by test/live/global-setup.ts) shared by every
 * suite in test/live: the editor in a browser, an AI Agent using the node as a tool, active
 * Webhook and Schedule workflows. Run with --runInBand (npm run test:live): the suites share
 * that n8n and check its process tree from this process.
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/live'],
	testMatch: ['**/*.live.test.ts'],
	globalSetup: '<rootDir>/test/live/global-setup.ts',
	globalTeardown: '<rootDir>/test/live/global-teardown.ts',
	testTimeout: 120_000,
	reporters: ['default', ['<rootDir>/test/helpers/summary-reporter.js', { label: 'live' }]],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
	},
};
