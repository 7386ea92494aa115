/** Unit and node tests run in-process through n8n-core's execution engine. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	setupFiles: ['<rootDir>/test/helpers/setup.ts'],
	setupFilesAfterEnv: ['<rootDir>/test/helpers/afterEnv.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/test/e2e/', '/test/live/', '/test/queue/'],
	reporters: ['default', ['<rootDir>/test/helpers/summary-reporter.js', { label: 'unit' }]],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
	},
};
