/** End-to-end tests: the built node in a real n8n (scripts/n8n.sh) against test/sandbox. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	testTimeout: 60_000,
	reporters: ['default', ['<rootDir>/test/helpers/summary-reporter.js', { label: 'e2e' }]],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
	},
};
