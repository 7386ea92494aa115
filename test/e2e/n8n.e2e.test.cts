/**
 * End-to-end: the packed package, npm-installed into a real n8n (pinned in scripts/n8n.sh), the
 * example workflows run by n8n's CLI against the provider stand-in. Cases live in ./cases; see
 * harness.cts.
 */
import { cases } from './cases/index.cts';
import { runCases, type E2eRun } from './harness.cts';
import { n8nMajor, n8nVersion } from '../helpers/n8n-version.cts';

let e2e: E2eRun | undefined;

beforeAll(async () => {
	e2e = await runCases(cases);
}, 30 * 60_000);

afterAll(async () => {
	await e2e?.cleanup();
});

const { PACKAGE_NODE_TYPE } = require('../../scripts/n8n-fixtures.js') as { PACKAGE_NODE_TYPE: string };

describe('the run itself', () => {
	it('ran on the chosen n8n (N8N_VERSION, else the default of scripts/n8n.sh)', () => {
		expect(e2e?.n8nVersion).toBe(n8nVersion());
	});

	it('installed the npm pack tarball in the n8n user folder, and n8n loads its node and every provider credential', () => {
		expect(e2e?.installed.directory).toMatch(/\/n8n\/\.n8n\/nodes\/node_modules\/n8n-nodes-phone-numbers$/);
		expect(e2e?.installed.nodes).toContain(PACKAGE_NODE_TYPE);
		expect(e2e?.installed.credentials).toEqual(expect.arrayContaining(['signalWireApi', 'plivoNumbersApi', 'twilioNumbersApi']));
	});

	it("n8n's task broker listened during execute-batch, on loopback only (checked while it ran; n8n 1.x starts none by default)", () => {
		// n8n 2.x runs Code nodes in task runners, whose broker always listens; n8n 1.x only with N8N_RUNNERS_ENABLED=true.
		if (n8nMajor() >= 2) expect(e2e?.n8nSockets.length).toBeGreaterThan(0);
		else expect(e2e?.n8nSockets).toEqual([]);
		expect(e2e?.n8nSockets.filter((socket) => socket.host !== '127.0.0.1')).toEqual([]);
	});
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
