/**
 * Rate limits: a 429 is retried by the node itself, for every operation, after the wait the
 * provider asks for (Retry-After, in seconds or as an HTTP date) or a backoff with jitter when it
 * gives none; past Options → Max Wait on Rate Limit the item stops with a message naming that
 * option. Waits go through the node's replaceable clock, so they are checked exactly without the
 * suite sleeping (one test uses the real clock to show the default really waits).
 */
import nock from 'nock';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { answer, resetHttp, sent, unexpected } from './helpers/http.cts';
import { byNumber, runListSearch, runPhoneNumberNode } from './helpers/n8n.cts';
import {
	PLIVO_ACCOUNT,
	PLIVO_ORIGIN,
	SW_ID_1,
	SW_NUMBERS,
	SW_ORIGIN,
	plivoAvailable,
	plivoDigits,
	plivoOwnedNumber,
	plivoPage,
	signalWireAvailable,
	signalWireOwned,
	signalWirePage,
	signalWireSearchAnswer,
} from './fixtures/lifecycle.cts';
import { plivoPurchased, signalWirePhoneNumber } from './fixtures/providers.cts';
import { installFakeClock, useRealClock, type FakeClock } from './helpers/rateLimitClock.cts';
import { TWILIO_NUMBERS, TWILIO_ORIGIN, twilioError, twilioIncoming, twilioList } from './fixtures/twilio.cts';

/** A whole second, so HTTP-date Retry-Afters (1 s resolution) give exact waits. */
const START = Date.UTC(2026, 10, 23, 12, 0, 0);
let clock: FakeClock;

beforeEach(() => {
	resetHttp();
	clock = installFakeClock(START);
});
afterEach(() => {
	useRealClock();
	expect(unexpected).toEqual([]);
});
afterAll(() => nock.restore());

const TOO_MANY_SW = { error: 'Too Many Requests' };
const TOO_MANY_PLIVO = { api_id: 'rl-1', error: 'too many requests' };
const httpDate = (ms: number) => new Date(ms).toUTCString();

const sw = (operation: string, fields: INodeParameters = {}): INodeParameters => ({ authentication: 'signalWireApi', resource: 'phoneNumber', operation, ...fields });
const plivo = (operation: string, fields: INodeParameters = {}): INodeParameters => ({ authentication: 'plivoNumbersApi', resource: 'phoneNumber', operation, ...fields });

interface Step {
	method: 'GET' | 'POST' | 'PUT' | 'DELETE';
	path: string;
	query?: Record<string, string>;
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
}

function expectSteps(origin: string, steps: Step[]): string[] {
	const scope = nock(origin);
	for (const step of steps) {
		const interceptor = scope.intercept(step.path, step.method);
		(step.query ? interceptor.query(step.query) : interceptor).reply(answer(step.status, step.body, step.headers));
	}
	return steps.map((step) => `${step.method} ${origin}:443${step.path}${step.query ? `?${new URLSearchParams(step.query)}` : ''}`);
}

const SW_OWNED = signalWireOwned('+14155550100', SW_ID_1);
const swLookup = (status: number, body: unknown, headers?: Record<string, string>): Step => ({
	method: 'GET',
	path: SW_NUMBERS,
	query: { filter_number: '+14155550100' },
	status,
	body,
	headers,
});

/** Per operation: the steps (one 429 among them) and what the item must be afterwards. */
const cases: Array<[string, { origin: string; parameters: INodeParameters; steps: Step[]; wait: number; check(json: IDataObject): void }]> = [
	[
		'SignalWire Purchase: one purchase again, no lookup',
		{
			origin: SW_ORIGIN,
			parameters: sw('purchase', { phoneNumber: '+14155550100' }),
			steps: [
				{ method: 'POST', path: SW_NUMBERS, status: 429, body: TOO_MANY_SW, headers: { 'Retry-After': '1' } },
				{ method: 'POST', path: SW_NUMBERS, status: 200, body: signalWirePhoneNumber('+14155550100') },
			],
			wait: 1000,
			check: (json) => expect(json.purchase).toEqual({ status: 'purchased', number: '+14155550100' }),
		},
	],
	[
		'SignalWire Search Available',
		{
			origin: SW_ORIGIN,
			parameters: sw('search', { limit: 5 }),
			steps: [
				{ method: 'GET', path: `${SW_NUMBERS}/search`, query: { number_type: 'local', max_results: '5' }, status: 429, body: TOO_MANY_SW, headers: { 'Retry-After': httpDate(START + 3000) } },
				{ method: 'GET', path: `${SW_NUMBERS}/search`, query: { number_type: 'local', max_results: '5' }, status: 200, body: signalWireSearchAnswer(signalWireAvailable('+14155550100')) },
			],
			wait: 3000,
			check: (json) => expect(json.number).toBe('+14155550100'),
		},
	],
	[
		'SignalWire Get Many',
		{
			origin: SW_ORIGIN,
			parameters: sw('getAll', { limit: 5 }),
			steps: [
				{ method: 'GET', path: SW_NUMBERS, query: { page_size: '5' }, status: 429, body: TOO_MANY_SW, headers: { 'Retry-After': '2' } },
				{ method: 'GET', path: SW_NUMBERS, query: { page_size: '5' }, status: 200, body: signalWirePage([SW_OWNED]) },
			],
			wait: 2000,
			check: (json) => expect(json.id).toBe(SW_ID_1),
		},
	],
	[
		'SignalWire Get',
		{
			origin: SW_ORIGIN,
			parameters: sw('get', { ownedNumber: byNumber('+14155550100') }),
			steps: [swLookup(429, TOO_MANY_SW, { 'Retry-After': '1' }), swLookup(200, signalWirePage([SW_OWNED]))],
			wait: 1000,
			check: (json) => expect(json.id).toBe(SW_ID_1),
		},
	],
	[
		'SignalWire Update, the 429 on the update after the lookup',
		{
			origin: SW_ORIGIN,
			parameters: sw('update', { ownedNumber: byNumber('+14155550100'), updateFields: { name: 'Support' } }),
			steps: [
				swLookup(200, signalWirePage([SW_OWNED])),
				{ method: 'PUT', path: `${SW_NUMBERS}/${SW_ID_1}`, status: 429, body: TOO_MANY_SW, headers: { 'Retry-After': '1' } },
				{ method: 'PUT', path: `${SW_NUMBERS}/${SW_ID_1}`, status: 200, body: { ...SW_OWNED, name: 'Support' } },
			],
			wait: 1000,
			check: (json) => expect(json.name).toBe('Support'),
		},
	],
	[
		'SignalWire Release, the 429 on the lookup',
		{
			origin: SW_ORIGIN,
			parameters: sw('release', { ownedNumber: byNumber('+14155550100') }),
			steps: [
				swLookup(429, TOO_MANY_SW, { 'Retry-After': '1' }),
				swLookup(200, signalWirePage([SW_OWNED])),
				{ method: 'DELETE', path: `${SW_NUMBERS}/${SW_ID_1}`, status: 204 },
			],
			wait: 1000,
			check: (json) => expect(json).toEqual({ provider: 'signalwire', id: SW_ID_1, number: '+14155550100', released: true, deleted: true }),
		},
	],
	[
		'Plivo Purchase: one purchase again, no lookup',
		{
			origin: PLIVO_ORIGIN,
			parameters: plivo('purchase', { phoneNumber: '+14155550100' }),
			steps: [
				{ method: 'POST', path: `${PLIVO_ACCOUNT}/PhoneNumber/14155550100/`, status: 429, body: TOO_MANY_PLIVO, headers: { 'Retry-After': httpDate(START + 2000) } },
				{ method: 'POST', path: `${PLIVO_ACCOUNT}/PhoneNumber/14155550100/`, status: 201, body: plivoPurchased('14155550100') },
			],
			wait: 2000,
			check: (json) => expect(json.purchase).toEqual({ status: 'purchased', number: '+14155550100' }),
		},
	],
	[
		'Plivo Search Available',
		{
			origin: PLIVO_ORIGIN,
			parameters: plivo('search', { country: 'US', limit: 5 }),
			steps: [
				{ method: 'GET', path: `${PLIVO_ACCOUNT}/PhoneNumber/`, query: { country_iso: 'US', type: 'local', limit: '5', offset: '0' }, status: 429, body: TOO_MANY_PLIVO, headers: { 'Retry-After': '1' } },
				{
					method: 'GET',
					path: `${PLIVO_ACCOUNT}/PhoneNumber/`,
					query: { country_iso: 'US', type: 'local', limit: '5', offset: '0' },
					status: 200,
					body: plivoPage('PhoneNumber', [plivoAvailable('14155550100')], { limit: 5, offset: 0, total: 1 }),
				},
			],
			wait: 1000,
			check: (json) => expect(json.number).toBe('+14155550100'),
		},
	],
	[
		'Plivo Get Many',
		{
			origin: PLIVO_ORIGIN,
			parameters: plivo('getAll', { limit: 5 }),
			steps: [
				{ method: 'GET', path: `${PLIVO_ACCOUNT}/Number/`, query: { limit: '5', offset: '0' }, status: 429, body: TOO_MANY_PLIVO, headers: { 'Retry-After': '1' } },
				{ method: 'GET', path: `${PLIVO_ACCOUNT}/Number/`, query: { limit: '5', offset: '0' }, status: 200, body: plivoPage('Number', [plivoOwnedNumber('14155550100')], { limit: 5, offset: 0, total: 1 }) },
			],
			wait: 1000,
			check: (json) => expect(json.number).toBe('+14155550100'),
		},
	],
	[
		'Plivo Get',
		{
			origin: PLIVO_ORIGIN,
			parameters: plivo('get', { ownedNumber: byNumber('+14155550100') }),
			steps: [
				{ method: 'GET', path: `${PLIVO_ACCOUNT}/Number/14155550100/`, status: 429, body: TOO_MANY_PLIVO, headers: { 'Retry-After': '1' } },
				{ method: 'GET', path: `${PLIVO_ACCOUNT}/Number/14155550100/`, status: 200, body: plivoOwnedNumber('14155550100') },
			],
			wait: 1000,
			check: (json) => expect(json.number).toBe('14155550100'),
		},
	],
	[
		'Plivo Update',
		{
			origin: PLIVO_ORIGIN,
			parameters: plivo('update', { ownedNumber: byNumber('+14155550100'), updateFields: { alias: 'Support' } }),
			steps: [
				{ method: 'POST', path: `${PLIVO_ACCOUNT}/Number/14155550100/`, status: 429, body: TOO_MANY_PLIVO, headers: { 'Retry-After': '1' } },
				{ method: 'POST', path: `${PLIVO_ACCOUNT}/Number/14155550100/`, status: 202, body: { api_id: 'u-1', message: 'changed' } },
			],
			wait: 1000,
			check: (json) => expect(json.message).toBe('changed'),
		},
	],
	[
		'Plivo Release',
		{
			origin: PLIVO_ORIGIN,
			parameters: plivo('release', { ownedNumber: byNumber('+14155550100') }),
			steps: [
				{ method: 'DELETE', path: `${PLIVO_ACCOUNT}/Number/14155550100/`, status: 429, body: TOO_MANY_PLIVO, headers: { 'Retry-After': '1' } },
				{ method: 'DELETE', path: `${PLIVO_ACCOUNT}/Number/14155550100/`, status: 204 },
			],
			wait: 1000,
			check: (json) => expect(json).toEqual({ provider: 'plivo', id: '14155550100', number: '+14155550100', released: true, deleted: true }),
		},
	],
	[
		'Twilio Purchase: the same form-encoded purchase again, no lookup',
		{
			origin: TWILIO_ORIGIN,
			parameters: { authentication: 'twilioNumbersApi', resource: 'phoneNumber', operation: 'purchase', phoneNumber: '+14155550100' },
			steps: [
				{ method: 'POST', path: TWILIO_NUMBERS, status: 429, body: twilioError(429, 20429, 'Too Many Requests'), headers: { 'Retry-After': '2' } },
				{ method: 'POST', path: TWILIO_NUMBERS, status: 201, body: twilioIncoming('+14155550100') },
			],
			wait: 2000,
			check: (json) => expect(json.purchase).toEqual({ status: 'purchased', number: '+14155550100' }),
		},
	],
	[
		'Twilio Get Many',
		{
			origin: TWILIO_ORIGIN,
			parameters: { authentication: 'twilioNumbersApi', resource: 'phoneNumber', operation: 'getAll', limit: 5 },
			steps: [
				{ method: 'GET', path: TWILIO_NUMBERS, query: { PageSize: '5' }, status: 429, body: twilioError(429, 20429, 'Too Many Requests'), headers: { 'Retry-After': '1' } },
				{ method: 'GET', path: TWILIO_NUMBERS, query: { PageSize: '5' }, status: 200, body: twilioList([twilioIncoming('+14155550100')]) },
			],
			wait: 1000,
			check: (json) => expect(json).toMatchObject({ provider: 'twilio', number: '+14155550100', status: 'owned' }),
		},
	],
];

describe('a 429 is retried after the wait the provider asks for', () => {
	test.each(cases)('%s', async (_name, { origin, parameters, steps, wait, check }) => {
		const expected = expectSteps(origin, steps);

		const { items, error } = await runPhoneNumberNode({ parameters });

		expect(error).toBeUndefined();
		expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual(expected);
		// The retried request is the same request, body included.
		const retried = steps.findIndex((step) => step.status === 429);
		expect(sent[retried + 1].body).toEqual(sent[retried].body);
		expect(clock.waits).toEqual([wait]);
		expect(items).toHaveLength(1);
		check(items[0].json);
	});
});

const PURCHASE_PATH = `${PLIVO_ACCOUNT}/PhoneNumber/14155550100/`;

test('without Retry-After: backoff with jitter, 1 s then 2 s (each half fixed, half random)', async () => {
	nock(PLIVO_ORIGIN)
		.post(PURCHASE_PATH)
		.times(2)
		.reply(answer(429, TOO_MANY_PLIVO))
		.post(PURCHASE_PATH)
		.reply(answer(201, plivoPurchased('14155550100')));

	const { items, error } = await runPhoneNumberNode({ parameters: plivo('purchase', { phoneNumber: '+14155550100' }) });

	expect(error).toBeUndefined();
	expect(sent.map((r) => r.method)).toEqual(['POST', 'POST', 'POST']);
	// random() = 0.5 here: 500 + 0.5 * 500, then 1000 + 0.5 * 1000.
	expect(clock.waits).toEqual([750, 1500]);
	expect(items[0].json.purchase).toEqual({ status: 'purchased', number: '+14155550100' });
});

test('past Max Wait on Rate Limit the item stops, naming the option; nothing is bought or looked up', async () => {
	nock(PLIVO_ORIGIN).post(PURCHASE_PATH).times(3).reply(answer(429, TOO_MANY_PLIVO, { 'Retry-After': '1' }));

	const { items, error } = await runPhoneNumberNode({
		parameters: plivo('purchase', { phoneNumber: '+14155550100', requestOptions: { maxRateLimitWait: 2 } }),
	});

	// Two waits of 1 s fit in 2 s; a third would not, so the item stops at once instead of waiting.
	expect(clock.waits).toEqual([1000, 1000]);
	expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual(Array(3).fill(`POST ${PLIVO_ORIGIN}:443${PURCHASE_PATH}`));
	expect(items).toEqual([]);
	expect(error?.message).toBe('Plivo is still limiting requests (HTTP 429) after this item waited 2 of at most 2 seconds');
	expect(error?.description).toBe(
		'Nothing was carried out for this item: a 429 means Plivo refused the request before doing anything, so nothing was bought or changed. ' +
			'Raise Options → Max Wait on Rate Limit (now 2 seconds), or spread the items out with Options → Batching.',
	);
	expect(`${error?.message} ${error?.description}`).not.toMatch(/error|problem|failure/i);
});

test('Max Wait on Rate Limit 0: the first 429 stops the item, with Continue On Fail as its own item', async () => {
	nock(SW_ORIGIN).post(SW_NUMBERS).reply(answer(429, TOO_MANY_SW, { 'Retry-After': '1' })).post(SW_NUMBERS).reply(answer(200, signalWirePhoneNumber('+14155550111')));

	const { items, error } = await runPhoneNumberNode({
		parameters: sw('purchase', { phoneNumber: '={{ $json.number }}', requestOptions: { maxRateLimitWait: 0 } }),
		items: [{ number: '+14155550100' }, { number: '+14155550111' }],
		continueOnFail: true,
	});

	expect(error).toBeUndefined();
	expect(clock.waits).toEqual([]);
	expect(items.map((item) => item.json.error ?? (item.json.purchase as IDataObject).status)).toEqual([
		'SignalWire is still limiting requests (HTTP 429) after this item waited 0 of at most 0 seconds',
		'purchased',
	]);
});

test('the default clock really waits what Retry-After asks', async () => {
	useRealClock();
	nock(SW_ORIGIN)
		.post(SW_NUMBERS)
		.reply(answer(429, TOO_MANY_SW, { 'Retry-After': '1' }))
		.post(SW_NUMBERS)
		.reply(answer(200, signalWirePhoneNumber('+14155550100')));

	const started = Date.now();
	const { error } = await runPhoneNumberNode({ parameters: sw('purchase', { phoneNumber: '+14155550100' }) });

	expect(error).toBeUndefined();
	expect(sent).toHaveLength(2);
	expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
});

test("Options → Batching (n8n's own) keeps working next to Max Wait on Rate Limit", async () => {
	useRealClock();
	nock(SW_ORIGIN)
		.post(SW_NUMBERS)
		.reply(answer(429, TOO_MANY_SW, { 'Retry-After': '0' }))
		.post(SW_NUMBERS)
		.reply(answer(200, signalWirePhoneNumber('+14155550100')))
		.post(SW_NUMBERS)
		.reply(answer(200, signalWirePhoneNumber('+14155550111')));

	const started = Date.now();
	const { items, error } = await runPhoneNumberNode({
		parameters: sw('purchase', {
			phoneNumber: '={{ $json.number }}',
			requestOptions: { batching: { batch: { batchSize: 1, batchInterval: 300 } }, maxRateLimitWait: 10 },
		}),
		items: [{ number: '+14155550100' }, { number: '+14155550111' }],
	});

	expect(error).toBeUndefined();
	expect(Date.now() - started).toBeGreaterThanOrEqual(300);
	expect(sent.map((r) => r.body)).toEqual([{ number: '+14155550100' }, { number: '+14155550100' }, { number: '+14155550111' }]);
	expect(items.map((item) => (item.json.purchase as IDataObject).number)).toEqual(['+14155550100', '+14155550111']);
});

describe('Plivo Get Many: pages after the first at the same time, in order', () => {
	const NUMBERS = `${PLIVO_ACCOUNT}/Number/`;
	const page = (offset: number, total: number, limit = 20) => plivoPage('Number', plivoDigits(offset, Math.min(limit, total - offset)).map(plivoOwnedNumber), { limit, offset, total });

	test('Return All over 100 numbers: the first page, then the four others at once; output in list order', async () => {
		let inFlight = 0;
		let most = 0;
		const scope = nock(PLIVO_ORIGIN).get(NUMBERS).query({ limit: '20', offset: '0' }).reply(answer(200, page(0, 100)));
		for (const offset of [20, 40, 60, 80]) {
			const record = answer(200, page(offset, 100));
			scope
				.get(NUMBERS)
				.query({ limit: '20', offset: String(offset) })
				.reply(function (uri, body, callback) {
					inFlight++;
					most = Math.max(most, inFlight);
					const result = record.call(this, uri, body);
					// Later pages answer first: the output order must not depend on it.
					setTimeout(() => {
						inFlight--;
						callback(null, result);
					}, 100 - offset);
				});
		}

		const { items, error } = await runPhoneNumberNode({ parameters: plivo('getAll', { returnAll: true, simplify: false }) });

		expect(error).toBeUndefined();
		expect(most).toBe(4);
		expect(sent.map((r) => new URL(r.url).search)).toEqual(['?limit=20&offset=0', ...[20, 40, 60, 80].map((o) => `?limit=20&offset=${o}`)]);
		expect(items.map((item) => item.json.number)).toEqual(plivoDigits(0, 100));
		expect(items.every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	test('Limit 45: only the pages the Limit needs, the last for exactly the rest', async () => {
		nock(PLIVO_ORIGIN)
			.get(NUMBERS)
			.query({ limit: '20', offset: '0' })
			.reply(answer(200, page(0, 100)))
			.get(NUMBERS)
			.query({ limit: '20', offset: '20' })
			.reply(answer(200, page(20, 100)))
			.get(NUMBERS)
			.query({ limit: '5', offset: '40' })
			.reply(answer(200, page(40, 100, 5)));

		const { items } = await runPhoneNumberNode({ parameters: plivo('getAll', { limit: 45 }) });

		expect(sent).toHaveLength(3);
		expect(items.map((item) => item.json.number)).toEqual(plivoDigits(0, 45).map((digits) => `+${digits}`));
	});

	test('a 429 in the middle of the concurrent pages: that page again after Retry-After, order kept', async () => {
		const scope = nock(PLIVO_ORIGIN).get(NUMBERS).query({ limit: '20', offset: '0' }).reply(answer(200, page(0, 100)));
		for (const offset of [20, 40, 60, 80]) {
			if (offset === 40) scope.get(NUMBERS).query({ limit: '20', offset: '40' }).reply(answer(429, TOO_MANY_PLIVO, { 'Retry-After': '1' }));
			scope.get(NUMBERS).query({ limit: '20', offset: String(offset) }).reply(answer(200, page(offset, 100)));
		}

		const { items, error } = await runPhoneNumberNode({ parameters: plivo('getAll', { returnAll: true }) });

		expect(error).toBeUndefined();
		expect(clock.waits).toEqual([1000]);
		expect(sent.filter((r) => r.url.endsWith('offset=40'))).toHaveLength(2);
		expect(sent).toHaveLength(6);
		expect(items.map((item) => item.json.number)).toEqual(plivoDigits(0, 100).map((digits) => `+${digits}`));
	});

	test('an answer without meta.total_count: pages one by one until meta.next is null', async () => {
		const withoutTotal = (offset: number) => {
			const body = page(offset, 50) as { meta: IDataObject };
			delete body.meta.total_count;
			return body;
		};
		nock(PLIVO_ORIGIN)
			.get(NUMBERS)
			.query({ limit: '20', offset: '0' })
			.reply(answer(200, withoutTotal(0)))
			.get(NUMBERS)
			.query({ limit: '20', offset: '20' })
			.reply(answer(200, withoutTotal(20)))
			.get(NUMBERS)
			.query({ limit: '20', offset: '40' })
			.reply(answer(200, withoutTotal(40)));

		const { items } = await runPhoneNumberNode({ parameters: plivo('getAll', { returnAll: true }) });

		expect(sent).toHaveLength(3);
		expect(items).toHaveLength(50);
	});
});

describe('against the stand-in limited to 10 requests per second (real clock)', () => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { createSandbox } = require('./sandbox/server') as { createSandbox(options: object): { listen(port: number): Promise<string>; close(): Promise<void>; requests: Array<{ status: number; operation: string; body: { number?: string } }> } };
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { assertLoopbackOnly } = require('./helpers/loopback') as { assertLoopbackOnly(pid: number, label: string): void };

	test('30 purchases at once: all bought, none twice; after the first 429s the account is paced, not hammered', async () => {
		useRealClock();
		const sandbox = createSandbox({ rateLimit: { rate: 10, burst: 5 } });
		const base = await sandbox.listen(0);
		try {
			assertLoopbackOnly(process.pid, 'stand-in');
			nock.enableNetConnect('127.0.0.1');
			const numbers = Array.from({ length: 30 }, (_, i) => `+1212555${String(100 + i).padStart(4, '0')}`);

			const started = Date.now();
			const { items, error } = await runPhoneNumberNode({
				parameters: sw('purchase', { phoneNumber: '={{ $json.number }}' }),
				items: numbers.map((number) => ({ number })),
				credentialData: { baseUrl: base },
			});
			const elapsed = Date.now() - started;

			expect(error).toBeUndefined();
			expect(items.map((item) => (item.json.purchase as IDataObject).number)).toEqual(numbers);
			const bought = sandbox.requests.filter((r) => r.operation === 'purchase' && r.status === 200).map((r) => r.body.number);
			expect(bought.sort()).toEqual([...numbers].sort());
			// 5 at once, then 10 per second: 2.5 s at best. The 25 refused at first are retried once
			// each, paced; a blind retry of everyone every second would need more than twice that.
			expect(elapsed).toBeGreaterThanOrEqual(2400);
			expect(sandbox.requests.length).toBeLessThanOrEqual(30 + 25 + 10);
			console.log(`30 purchases at 10/s, burst 5: ${elapsed} ms, ${sandbox.requests.length} requests`);
		} finally {
			await sandbox.close();
			// The requests went to the stand-in on purpose; nock lists them as unmatched.
			unexpected.length = 0;
		}
	}, 30_000);
});

/**
 * Issue 19: one 429 must not stall the next big list. The fake clock's time is virtual, and waits
 * that overlap in real life overlap there too (test/helpers/rateLimitClock.cts), so these check wall
 * time: how long an item waits, and how long a list takes, without the suite sleeping.
 */
describe('after a 429: wall-time budgets, a pace that recovers, and who is holding the item back', () => {
	const NUMBERS = `${PLIVO_ACCOUNT}/Number/`;
	const page = (offset: number, total: number, limit = 20) => plivoPage('Number', plivoDigits(offset, Math.min(limit, total - offset)).map(plivoOwnedNumber), { limit, offset, total });
	const getPage = (scope: nock.Scope, offset: number, status: number, body: unknown, headers?: Record<string, string>) =>
		scope.get(NUMBERS).query({ limit: '20', offset: String(offset) }).reply(answer(status, body, headers));

	test("Max Wait counts the item's wall time: four pages waiting out 2 s at the same time have waited 2 s, not 8 s", async () => {
		const scope = nock(PLIVO_ORIGIN);
		getPage(scope, 0, 200, page(0, 100));
		for (const offset of [20, 40, 60, 80]) getPage(scope, offset, 429, TOO_MANY_PLIVO, { 'Retry-After': '2' });
		for (const offset of [20, 40, 60, 80]) getPage(scope, offset, 200, page(offset, 100));

		const { items, error } = await runPhoneNumberNode({ parameters: plivo('getAll', { returnAll: true, simplify: false, requestOptions: { maxRateLimitWait: 3 } }) });

		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.number)).toEqual(plivoDigits(0, 100));
		expect(sent).toHaveLength(9);
		// The four 2 s waits ran side by side; then the pace learned from the first 429 (10 per second,
		// the least it starts at, doubling as pages go through) let the retries go one after the
		// other: 2.19 s of wall time in all, within the 3 s. Summed per page it would be over 8 s.
		expect(clock.waits.filter((ms) => ms === 2000)).toHaveLength(4);
		const elapsed = clock.now - START;
		expect(elapsed).toBeGreaterThanOrEqual(2000);
		expect(elapsed).toBeLessThanOrEqual(2300);
	});

	test('a pace learned from one 429 recovers: the next Return All over 10,000 numbers is held back for well under a second', async () => {
		// The 429: Get Many with Limit 40, its second page refused once (Retry-After 1).
		const scope = nock(PLIVO_ORIGIN);
		getPage(scope, 0, 200, page(0, 10_000));
		getPage(scope, 20, 429, TOO_MANY_PLIVO, { 'Retry-After': '1' });
		getPage(scope, 20, 200, page(20, 10_000));
		const first = await runPhoneNumberNode({ parameters: plivo('getAll', { limit: 40, simplify: false }) });
		expect(first.error).toBeUndefined();
		expect(first.items).toHaveLength(40);
		expect(clock.now - START).toBe(1000);

		// At once, the big list; Plivo no longer refuses anything and answers at once.
		for (let offset = 0; offset < 10_000; offset += 20) getPage(scope, offset, 200, page(offset, 10_000));
		const started = clock.now;
		const big = await runPhoneNumberNode({ parameters: plivo('getAll', { returnAll: true, simplify: false }) });
		const heldBack = clock.now - started;

		expect(big.error).toBeUndefined();
		expect(big.items).toHaveLength(10_000);
		expect(sent).toHaveLength(3 + 500);
		// The pace started at 10 requests per second and doubled every 100 ms while pages went
		// through; 500 pages at 10 per second would have taken 50 s.
		process.stderr.write(`[recovery] 500 pages right after a 429 (pace 10/s): held back ${heldBack} ms of virtual time\n`);
		expect(heldBack).toBeLessThanOrEqual(1000);

		// And the pace is gone: the same list once more is not held back at all.
		for (let offset = 0; offset < 10_000; offset += 20) getPage(scope, offset, 200, page(offset, 10_000));
		const again = clock.now;
		const third = await runPhoneNumberNode({ parameters: plivo('getAll', { returnAll: true, simplify: false }) });
		expect(third.items).toHaveLength(10_000);
		expect(clock.now).toBe(again);
	}, 60_000);

	const purchasePath = (digits: string) => `${PLIVO_ACCOUNT}/PhoneNumber/${digits}/`;
	const buyAll = (count: number, start: number, maxRateLimitWait: number) => ({
		parameters: plivo('purchase', { phoneNumber: '={{ $json.number }}', requestOptions: { maxRateLimitWait } }),
		items: plivoDigits(start, count).map((digits) => ({ number: `+${digits}` })),
		continueOnFail: true,
	});

	/** Ten purchases go through, then the eleventh is refused with Retry-After 30 and stops (Max Wait 0): a pace of 10 per second, held for 30 s. */
	async function learnPaceHeld30s() {
		const scope = nock(PLIVO_ORIGIN);
		for (const digits of plivoDigits(0, 10)) scope.post(purchasePath(digits)).reply(answer(201, plivoPurchased(digits)));
		expect((await runPhoneNumberNode(buyAll(10, 0, 0))).items.map((item) => item.json.error)).toEqual(Array(10).fill(undefined));
		scope.post(purchasePath(plivoDigits(10, 1)[0])).reply(answer(429, TOO_MANY_PLIVO, { 'Retry-After': '30' }));
		const refused = await runPhoneNumberNode(buyAll(1, 10, 0));
		// A fresh 429 for this very request: the provider's words.
		expect(refused.items.map((item) => item.json.error)).toEqual(['Plivo is still limiting requests (HTTP 429) after this item waited 0 of at most 0 seconds']);
		return scope;
	}

	test('when the pace, not a fresh 429, holds an item past Max Wait, the message says so and does not blame the provider', async () => {
		const scope = await learnPaceHeld30s();
		// 20 s later, 14 purchases at once, each allowed 1.05 s of waiting: at 10 per second, the first
		// 11 get their turn (0, 0.1 … 1.0 s), the last three do not.
		clock.now += 20_000;
		const numbers = plivoDigits(20, 14);
		for (const digits of numbers.slice(0, 11)) scope.post(purchasePath(digits)).reply(answer(201, plivoPurchased(digits)));

		const { error } = await runPhoneNumberNode({ ...buyAll(14, 20, 1.05), continueOnFail: false });

		// Eleven purchases sent and bought; the other three never sent.
		expect(sent.slice(11).map((r) => r.url)).toEqual(numbers.slice(0, 11).map((digits) => `${PLIVO_ORIGIN}:443${purchasePath(digits)}`));
		expect(error?.message).toBe("This item's turn did not come within 1.05 seconds: the node is pacing its requests to Plivo");
		expect(error?.description).toBe(
			'Nothing was carried out for this item. Plivo last answered "too many requests" (HTTP 429) 21 seconds ago; ' +
				"since then the node sends the account's requests at a pace learned from Plivo (now 10 per second, shared by every item and execution in this n8n process), faster while they go through. " +
				'At the current pace its turn would have come in less than a second. Raise Options → Max Wait on Rate Limit (now 1.05 seconds), or spread the items out with Options → Batching.',
		);
		expect(error?.httpCode).not.toBe('429');
		expect(clock.now - START).toBe(21_050);
	});

	test('the Phone Number list stuck behind the pace says the node is pacing, and when to try again', async () => {
		const scope = await learnPaceHeld30s();
		// 350 purchases stand in the account's line (35 s at 10 per second); the list joins behind them.
		const numbers = plivoDigits(20, 350);
		for (const digits of numbers) scope.post(purchasePath(digits)).reply(answer(201, plivoPurchased(digits)));
		const purchases = runPhoneNumberNode(buyAll(350, 20, 300));
		try {
			while (sent.length < 12) await new Promise((resolve) => setImmediate(resolve));

			const list = await runListSearch({ method: 'searchOwnedNumbers', parameters: { authentication: 'plivoNumbersApi', resource: 'phoneNumber', operation: 'get' } });

			expect(list.error?.message).toMatch(/^The node is pacing its requests to Plivo: try again in \d+ seconds$/);
			expect(list.error?.description).toContain('Plivo last answered "too many requests" (HTTP 429) 30 seconds ago');
			expect(list.error?.description).toContain('The list waited 30 of at most 30 seconds');
			expect(list.error?.httpCode).not.toBe('429');
		} finally {
			const { items } = await purchases;
			expect(items.map((item) => (item.json.purchase as IDataObject | undefined)?.status)).toEqual(Array(350).fill('purchased'));
		}
	}, 60_000);
});
