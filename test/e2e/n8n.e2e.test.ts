/**
 * End-to-end: the built package in a real n8n (pinned in scripts/n8n.sh), the example workflows
 * run by n8n's CLI against the provider stand-in. Cases live in ./cases; see harness.ts.
 */
import { cases } from './cases';
import { runCases, type E2eRun } from './harness';

let e2e: E2eRun | undefined;

beforeAll(async () => {
	e2e = await runCases(cases);
}, 30 * 60_000);

afterAll(async () => {
	await e2e?.cleanup();
});

describe('Phone Number node in a real n8n', () => {
	for (const c of cases) {
		describe(c.name, () => {
			for (const [title, check] of Object.entries(c.tests)) {
				it(title, async () => {
					const run = e2e?.runs.get(c.name);
					if (!run) throw new Error('the n8n run did not complete (see the error of beforeAll)');
					await check(run);
				});
			}
		});
	}
});
