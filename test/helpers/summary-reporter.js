// Prints one closing line "unit: N passed, N failed" that CI can read whatever the runner.
class SummaryReporter {
	constructor(globalConfig, options) {
		this.label = (options && options.label) || 'tests';
	}

	onRunComplete(_contexts, results) {
		const skipped = results.numPendingTests + results.numTodoTests;
		const tail = skipped ? `, ${skipped} skipped` : '';
		process.stdout.write(`${this.label}: ${results.numPassedTests} passed, ${results.numFailedTests} failed${tail}\n`);
	}
}

module.exports = SummaryReporter;
