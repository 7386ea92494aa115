// Prints one closing line "unit: N passed, N failed" that CI can read whatever the runner. Under a
// chosen n8n (N8N_VERSION, set by scripts/test-matrix.js for every leg) the label names it:
// "e2e on n8n 1.123.81: N passed, N failed". With TEST_SUMMARY_FILE set, the counts are also
// appended to that file as one JSON line, for the matrix summary.
const fs = require('node:fs');

class SummaryReporter {
	constructor(globalConfig, options) {
		const label = (options && options.label) || 'tests';
		this.label = options && options.perN8nVersion && process.env.N8N_VERSION ? `${label} on n8n ${process.env.N8N_VERSION}` : label;
	}

	onRunComplete(_contexts, results) {
		const skipped = results.numPendingTests + results.numTodoTests;
		const tail = skipped ? `, ${skipped} skipped` : '';
		// A suite that could not even start (its beforeAll threw in a way that fails the file) counts too.
		const failed = results.numFailedTests + (results.numRuntimeErrorTestSuites || 0);
		process.stdout.write(`${this.label}: ${results.numPassedTests} passed, ${failed} failed${tail}\n`);
		if (process.env.TEST_SUMMARY_FILE) {
			const line = { label: this.label, passed: results.numPassedTests, failed, skipped, suites: results.numTotalTestSuites };
			fs.appendFileSync(process.env.TEST_SUMMARY_FILE, `${JSON.stringify(line)}\n`);
		}
	}
}

module.exports = SummaryReporter;
