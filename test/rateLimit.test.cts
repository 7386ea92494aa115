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
import { byNumber, runPhoneNumberNode } from './helpers/n8n.cts';
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
