/**
 * The stand-in at scale (test/sandbox/server.js options rateLimit, seedOwned, latencyMs): a token
 * bucket per account answering 429 with Retry-After, 10,000 owned numbers per provider listed the
 * way each provider pages, and a fixed latency per answer. Over real HTTP on 127.0.0.1.
 */
// Plain CommonJS on purpose (runnable without a build), so they are required rather than imported.
/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */
const { createSandbox, DEFAULTS } = require('./server') as { createSandbox(options?: Record<string, unknown>): any; DEFAULTS: any };
const { assertLoopbackOnly } = require('../helpers/loopback') as { assertLoopbackOnly(pid: number, label: string): void };

const SW_ROOT = '/api/relay/rest';
const PLIVO_ROOT = `/v1/Account/${DEFAULTS.plivo.authId}`;
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const AUTH = { signalwire: basic(DEFAULTS.signalwire.projectId, DEFAULTS.signalwire.apiToken), plivo: basic(DEFAULTS.plivo.authId, DEFAULTS.plivo.authToken) };

const started: any[] = [];
async function start(options: Record<string, unknown>): Promise<string> {
	const sandbox = createSandbox(options);
	started.push(sandbox);
	const base = await sandbox.listen(0);
	assertLoopbackOnly(process.pid, 'stand-in');
	return base;
}
afterEach(async () => {
	await Promise.all(started.splice(0).map((sandbox) => sandbox.close()));
});

async function get(url: string, provider: 'signalwire' | 'plivo') {
	const response = await fetch(url, { headers: { authorization: AUTH[provider] } });
	return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

describe('rate limit: a token bucket per account', () => {
	test('burst requests pass, the next gets 429 with Retry-After and the provider error body; the other provider is not limited', async () => {
		// One token every 2 s: the five requests below take far less, even on a busy machine.
		const base = await start({ rateLimit: { plivo: { rate: 0.5, burst: 3 } } });
		const plivo = () => get(`${base}${PLIVO_ROOT}/Number/14155550129/`, 'plivo');

		const statuses = [];
		for (let i = 0; i < 4; i++) statuses.push((await plivo()).status);
		const limited = await plivo();
		const signalWire = await Promise.all(Array.from({ length: 6 }, () => get(`${base}${SW_ROOT}/phone_numbers?page_size=1`, 'signalwire')));

		expect(statuses).toEqual([200, 200, 200, 429]);
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('2');
		expect(limited.body).toEqual({ api_id: expect.any(String), error: 'too many requests' });
		expect(signalWire.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
		// The control endpoints are never limited, and 429s are logged like any answer.
		const log = (await (await fetch(`${base}/__sandbox/requests`)).json()) as Array<{ status: number; operation: string }>;
		expect(log.filter((r) => r.status === 429).map((r) => r.operation)).toEqual(['get', 'get']);
	});

	test('tokens come back at the rate: after 1/rate seconds one more request passes', async () => {
		const base = await start({ rateLimit: { rate: 2, burst: 1 } });
		const once = () => get(`${base}${SW_ROOT}/phone_numbers?page_size=1`, 'signalwire');
		expect((await once()).status).toBe(200);
		expect((await once()).status).toBe(429);
		await new Promise((resolve) => setTimeout(resolve, 550));
		expect((await once()).status).toBe(200);
	});

	test('Retry-After counts whole seconds until the next token', async () => {
		const base = await start({ rateLimit: { signalwire: { rate: 0.25, burst: 1 } } });
		const once = () => get(`${base}${SW_ROOT}/phone_numbers?page_size=1`, 'signalwire');
		await once();
		const limited = await once();
		expect(limited.body).toEqual({ error: 'Too Many Requests' });
		expect(Number(limited.headers.get('retry-after'))).toBe(4);
	});

	test('bad settings are refused when the stand-in is created', () => {
		expect(() => createSandbox({ rateLimit: { rate: 0 } })).toThrow('rateLimit.signalwire needs rate > 0');
		expect(() => createSandbox({ rateLimit: { acme: { rate: 1 } } })).toThrow('rateLimit: unknown provider acme');
	});
});

describe('seedOwned: 10,000 owned numbers per provider', () => {
	test('start-up stays instant; the numbers are added on first use', async () => {
		const t0 = performance.now();
		const sandbox = createSandbox({ seedOwned: 10000 });
		started.push(sandbox);
		await sandbox.listen(0);
		const startUp = performance.now() - t0;
		assertLoopbackOnly(process.pid, 'stand-in');
		sandbox.reset();
		expect(startUp).toBeLessThan(500);
		expect(sandbox.state.plivo.owned.size).toBe(10002);
		expect(sandbox.state.signalwire.owned.size).toBe(10002);
	});

	test('Plivo lists them 20 at a time with meta.total_count; fiction-range numbers, in the order added', async () => {
		const base = await start({ seedOwned: { plivo: 10000 } });
		const first = await get(`${base}${PLIVO_ROOT}/Number/?limit=20&offset=0`, 'plivo');
		const last = await get(`${base}${PLIVO_ROOT}/Number/?limit=20&offset=9990`, 'plivo');

		expect(first.body.meta.total_count).toBe(10002);
		expect(first.body.objects.map((n: any) => n.number).slice(0, 3)).toEqual(['14155550129', '442079460109', '16005550100']);
		expect(last.body.meta.next).toBeNull();
		expect(last.body.objects.map((n: any) => n.number)).toEqual([
			...Array.from({ length: 12 }, (_, i) => `1700555${String(188 + i).padStart(4, '0')}`),
		]);
		const signalWire = await get(`${base}${SW_ROOT}/phone_numbers?page_size=1000`, 'signalwire');
		expect(signalWire.body.data).toHaveLength(2);
	});

	test('SignalWire lists them by links.next, newest first, every number once', async () => {
		const base = await start({ seedOwned: { signalwire: 10000 } });
		const numbers: string[] = [];
		let next: string | undefined = `${base}${SW_ROOT}/phone_numbers?page_size=1000`;
		let pages = 0;
		while (next) {
			const page: any = await get(next, 'signalwire');
			numbers.push(...page.body.data.map((n: any) => n.number));
			next = page.body.links.next;
			pages++;
		}
		expect(pages).toBe(11);
		expect(new Set(numbers).size).toBe(10002);
		expect(numbers.every((n) => /^\+1(?:[67]\d\d5550[01]\d\d|4155550129|8885550119)$/.test(n))).toBe(true);
		// The two numbers the account starts with are newer than the seeded ones (2024-01-01 onwards).
		expect(numbers.slice(0, 3)).toEqual(['+18885550119', '+14155550129', '+17005550199']);
	}, 30_000);

	test('more than the fiction range holds is refused', () => {
		expect(() => createSandbox({ seedOwned: 19801 })).toThrow('seedOwned.signalwire must be a whole number from 0 to 19800');
	});
});

test('latencyMs delays every provider answer, not the control endpoints', async () => {
	// Judged by order and by a lower bound, never by how fast the machine answers: the provider's
	// answer is held back 3 s, and the control endpoint, asked after it, answers first.
	const base = await start({ latencyMs: 3000 });
	const order: string[] = [];
	const t0 = performance.now();
	const provider = get(`${base}${PLIVO_ROOT}/Number/?limit=1`, 'plivo').then((answer) => {
		order.push('provider');
		return { status: answer.status, ms: performance.now() - t0 };
	});
	const control = await fetch(`${base}/__sandbox/health`);
	order.push('control');
	expect(control.status).toBe(200);
	const held = await provider;
	expect(held.status).toBe(200);
	expect(held.ms).toBeGreaterThanOrEqual(2999);
	expect(order).toEqual(['control', 'provider']);
});
