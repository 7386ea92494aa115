/**
 * Queue-mode test: n8n as teams run it past one process. Redis, PostgreSQL, an n8n main and two
 * workers (test/queue/cluster.ts), booted once for the suite in test/queue. Run with --runInBand
 * (npm run test:queue): the suite checks the process trees it started from this process.
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/queue'],
	testMatch: ['**/*.queue.test.ts'],
	testTimeout: 300_000,
	reporters: ['default', ['<rootDir>/test/helpers/summary-reporter.js', { label: 'queue' }]],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
	},
};
