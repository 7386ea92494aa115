/**
 * The Phone Number list against the provider stand-in (test/sandbox/server.js), which is strict
 * where the providers are: SignalWire's page_token only works with the query it was issued for,
 * Plivo refuses a limit above 20. Numbers are bought over HTTP first, so the list has two pages.
 * A second stand-in, rate limited, answers 429s that the list waits out.
 */
import { runListSearch, TEST_CREDENTIALS } from './helpers/n8n';
import { resetRateLimits } from '../nodes/shared/rateLimit';
import { installFakeClock, useRealClock } from './helpers/rateLimitClock';

const { createSandbox } = require('./sandbox/server.js') as {
	createSandbox(options: Record<string, unknown>): {
		listen(port?: number, host?: string): Promise<string>;
		close(): Promise<void>;
		addFault(fault: Record<string, unknown>): unknown;
		requests: Array<{ provider: string | null; method: string; path: string; status: number; fault: number | null }>;
	};
};
const { assertLoopbackOnly } = require('./helpers/loopback.js') as { assertLoopbackOnly(pid: number, label?: string): unknown };

const SW = TEST_CREDENTIALS.signalWireApi;
const PLIVO = TEST_CREDENTIALS.plivoNumbersApi;
const auth = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

type Sandbox = ReturnType<typeof createSandbox>;
let sandbox: Sandbox;
let baseUrl: string;

beforeAll(async () => {
	const server = createSandbox({ signalwire: { projectId: SW.projectId, apiToken: SW.apiToken }, plivo: { authId: PLIVO.authId, authToken: PLIVO.authToken } });
	sandbox = server;
	baseUrl = await server.listen(0, '127.0.0.1');
	assertLoopbackOnly(process.pid, 'provider stand-in');
	// 24 more numbers each: 415 555-0100..0111 and 212 555-0100..0111, beside the ones owned at the start.
	for (const area of ['415', '212']) {
		for (let i = 0; i < 12; i++) {
			const digits = `1${area}5550${100 + i}`;
			const bought = await Promise.all([
				fetch(`${baseUrl}/api/relay/rest/phone_numbers`, {
					method: 'POST',
					headers: { authorization: auth(SW.projectId, SW.apiToken), 'content-type': 'application/json' },
					body: JSON.stringify({ number: `+${digits}` }),
				}),
				fetch(`${baseUrl}/v1/Account/${PLIVO.authId}/PhoneNumber/${digits}/`, { method: 'POST', headers: { authorization: auth(PLIVO.authId, PLIVO.authToken) } }),
			]);
			for (const response of bought) if (response.status >= 300) throw new Error(`buying ${digits}: HTTP ${response.status}`);
		}
	}
}, 60_000);

afterAll(async () => {
	await sandbox?.close();
});

afterEach(() => {
	useRealClock();
	resetRateLimits();
});

async function allPages(parameters: Record<string, string>, filter?: string) {
	const pages = [];
	let token: string | undefined;
	do {
		const { result, error } = await runListSearch({ method: 'searchOwnedNumbers', parameters, filter, paginationToken: token, credentialData: { baseUrl } });
		if (error) throw error;
		pages.push(result!.results.map((entry) => entry.name));
		token = result!.paginationToken;
	} while (token && pages.length < 5);
	return pages;
}

test('SignalWire: 26 numbers come in pages of 20 and 6, following links.next', async () => {
	const pages = await allPages({ authentication: 'signalWireApi' });
	expect(pages.map((page) => page.length)).toEqual([20, 6]);
	expect(pages.flat()).toContain('+14155550129 (Sandbox main line)');
});

test('SignalWire: typing "+1 (415)" lists the 415 numbers only (filter_number at SignalWire)', async () => {
	const pages = await allPages({ authentication: 'signalWireApi' }, '+1 (415)');
	expect(pages.flat()).toHaveLength(13);
	expect(pages.flat().every((name) => name.startsWith('+1415'))).toBe(true);
});

test('Plivo: 26 numbers in pages of 20 and 6; typing "1212" lists the 212 numbers', async () => {
	const pages = await allPages({ authentication: 'plivoNumbersApi' });
	expect(pages.map((page) => page.length)).toEqual([20, 6]);
	expect(pages.flat()).toContain('+442079460109 (London office)');
	const ny = await allPages({ authentication: 'plivoNumbersApi' }, '1212');
	expect(ny).toEqual([Array.from({ length: 12 }, (_, i) => `+12125550${100 + i}`)]);
});

test.each([
	['SignalWire', 'signalWireApi', '^/api/relay/rest/phone_numbers'],
	['Plivo', 'plivoNumbersApi', '^/v1/Account/'],
])('%s (the stand-in) keeps answering 429 with Retry-After 10: four requests, then when to try again', async (name, authentication, path) => {
	// Waits go through a fake clock here: 30 real seconds would add nothing.
	const { waits } = installFakeClock(Date.now());
	sandbox.addFault({ path, status: 429, headers: { 'Retry-After': '10' }, times: 10 });
	const before = sandbox.requests.length;

	const { result, error } = await runListSearch({ method: 'searchOwnedNumbers', parameters: { authentication }, credentialData: { baseUrl } });
	const requests = sandbox.requests.slice(before);

	expect(result).toBeUndefined();
	expect(error?.message).toBe(`${name} is limiting requests (HTTP 429): try again in 10 seconds`);
	expect(waits).toEqual([10_000, 10_000, 10_000]);
	expect(requests.map((r) => `${r.status} ${r.method} ${r.path}`)).toEqual(Array(4).fill(`429 GET ${requests[0].path}`));
	expect(requests.every((r) => r.fault !== null)).toBe(true);
});

describe('at a stand-in limited to 1 request per second per provider', () => {
	let limited: Sandbox;
	let limitedUrl: string;

	beforeAll(async () => {
		limited = createSandbox({ signalwire: { projectId: SW.projectId, apiToken: SW.apiToken }, plivo: { authId: PLIVO.authId, authToken: PLIVO.authToken }, rateLimit: { rate: 1, burst: 1 } });
		limitedUrl = await limited.listen(0, '127.0.0.1');
		assertLoopbackOnly(process.pid, 'rate-limited provider stand-in');
	});
	afterAll(async () => {
		await limited?.close();
	});
	beforeEach(() => {
		limited.requests.length = 0;
	});

	test.each([
		['SignalWire', 'signalwire', 'signalWireApi', '+14155550129 (Sandbox main line)'],
		['Plivo', 'plivo', 'plivoNumbersApi', '+442079460109 (London office)'],
	])('%s: the list opened twice in a row; the second gets 429 with Retry-After 1, waits it out (real clock) and comes back', async (_name, provider, authentication, entry) => {
		const first = await runListSearch({ method: 'searchOwnedNumbers', parameters: { authentication }, credentialData: { baseUrl: limitedUrl } });
		const started = Date.now();
		const second = await runListSearch({ method: 'searchOwnedNumbers', parameters: { authentication }, credentialData: { baseUrl: limitedUrl } });
		const elapsed = Date.now() - started;

		expect(first.error).toBeUndefined();
		expect(second.error).toBeUndefined();
		expect(second.result).toEqual(first.result);
		expect(second.result?.results.map((r) => r.name)).toContain(entry);
		const requests = limited.requests.filter((r) => r.provider === provider);
		expect(requests.map((r) => r.status)).toEqual([200, 429, 200]);
		expect(new Set(requests.map((r) => `${r.method} ${r.path}`)).size).toBe(1);
		expect(limited.requests).toHaveLength(3);
		expect(elapsed).toBeGreaterThanOrEqual(1000);
	});
});
