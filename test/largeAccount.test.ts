/**
 * Accounts with 10,000 numbers (issue 11), through n8n's engine against the provider stand-in
 * seeded with 10,000 owned numbers at each provider, Plivo limited as Plivo documents (about 300
 * requests per 5 seconds: here 60 per second, 300 at once):
 * - Get Many → Return All lists every number once, in the provider's order, at both providers;
 *   Plivo's pages after the first go out concurrently and the 429s they run into are waited out;
 * - the From List search pages and filters at the provider: 20 numbers per request, never the
 *   whole account.
 * Timings are the benchmark's business (npm run bench:scale); this checks what was sent and returned.
 */
import { runListSearch, runPhoneNumberNode, TEST_CREDENTIALS } from './helpers/n8n';
import { resetRateLimits } from '../nodes/shared/rateLimit';

const { createSandbox } = require('./sandbox/server.js') as {
	createSandbox(options: Record<string, unknown>): {
		listen(port?: number, host?: string): Promise<string>;
		close(): Promise<void>;
		reset(): void;
		snapshot(): { signalwire: { owned: Array<{ number: string }> }; plivo: { owned: Array<{ number: string }> } };
		requests: Array<{ provider: string | null; method: string; path: string; query: Record<string, string>; status: number }>;
	};
};
const { assertLoopbackOnly } = require('./helpers/loopback.js') as { assertLoopbackOnly(pid: number, label?: string): unknown };

const SW = TEST_CREDENTIALS.signalWireApi;
const PLIVO = TEST_CREDENTIALS.plivoNumbersApi;
const LARGE = 10_000;

let sandbox: ReturnType<typeof createSandbox>;
let baseUrl: string;

beforeAll(async () => {
	sandbox = createSandbox({
		signalwire: { projectId: SW.projectId, apiToken: SW.apiToken },
		plivo: { authId: PLIVO.authId, authToken: PLIVO.authToken },
		seedOwned: LARGE,
		rateLimit: { plivo: { rate: 60, burst: 300 } },
	});
	baseUrl = await sandbox.listen(0, '127.0.0.1');
	assertLoopbackOnly(process.pid, 'provider stand-in');
});

afterAll(async () => {
	await sandbox?.close();
});

beforeEach(() => {
	sandbox.reset();
	resetRateLimits();
});

const getAll = (authentication: string) => ({ authentication, resource: 'phoneNumber', operation: 'getAll', returnAll: true });

test('SignalWire: Return All lists all 10,002 numbers once, newest first, following links.next 1,000 at a time', async () => {
	const { items, error } = await runPhoneNumberNode({ parameters: getAll('signalWireApi'), credentialData: { baseUrl } });

	expect(error).toBeUndefined();
	const numbers = items.map((item) => item.json.number);
	expect(numbers).toEqual(sandbox.snapshot().signalwire.owned.map((n) => n.number));
	expect(numbers).toHaveLength(LARGE + 2);
	expect(new Set(numbers).size).toBe(LARGE + 2);
	const requests = sandbox.requests;
	expect(requests).toHaveLength(11);
	expect(requests.map((r) => [r.method, r.status])).toEqual(requests.map(() => ['GET', 200]));
	expect(requests[0].query).toEqual({ page_size: '1000' });
}, 60_000);

test('Plivo, limited to 300 requests at once then 60 per second: Return All lists all 10,002 in order, each page fetched once, 429s waited out', async () => {
	const { items, error } = await runPhoneNumberNode({ parameters: getAll('plivoNumbersApi'), credentialData: { baseUrl } });

	expect(error).toBeUndefined();
	const numbers = items.map((item) => item.json.number);
	expect(numbers).toEqual(sandbox.snapshot().plivo.owned.map((n) => `+${n.number}`));
	expect(new Set(numbers).size).toBe(LARGE + 2);
	const answered = sandbox.requests.filter((r) => r.status === 200);
	const limited = sandbox.requests.filter((r) => r.status === 429);
	// 10,002 numbers at 20 per page: 501 pages, each fetched successfully exactly once.
	expect(answered).toHaveLength(501);
	expect(new Set(answered.map((r) => r.query.offset)).size).toBe(501);
	expect(answered.every((r) => r.query.limit === '20')).toBe(true);
	expect(sandbox.requests.length - answered.length).toBe(limited.length);
	// More pages than the burst allows: the bucket did run dry, and the node waited instead of failing.
	expect(limited.length).toBeGreaterThan(0);
	process.stderr.write(`[large account] Plivo: 501 pages, ${limited.length} answers 429 waited out\n`);
}, 120_000);

test.each([
	['signalWireApi', '+1 (650)', 'filter_number', '+1650'],
	['plivoNumbersApi', '1650', 'number_startswith', '+1650'],
])('%s From List on 10,000 numbers: one request for 20, filtered at the provider', async (authentication, typed, filterParameter, prefix) => {
	const { result, error } = await runListSearch({ method: 'searchOwnedNumbers', parameters: { authentication }, filter: typed, credentialData: { baseUrl } });

	expect(error).toBeUndefined();
	expect(result!.results).toHaveLength(20);
	expect(result!.results.every((entry) => entry.name.startsWith(prefix))).toBe(true);
	expect(result!.paginationToken).toBeTruthy();
	expect(sandbox.requests).toHaveLength(1);
	expect(Object.keys(sandbox.requests[0].query)).toContain(filterParameter);
});
