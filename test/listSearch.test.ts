/**
 * The Phone Number list (listSearch "searchOwnedNumbers"), called the way n8n's editor backend
 * calls it, with the provider faked by nock: the exact requests (filter, page size, page token
 * round trip), the entries the list shows, and 429s retried within the list's short wait (through
 * the node's replaceable clock, so the waits are checked exactly without sleeping).
 */
import nock from 'nock';
import { answer, basicAuth, resetHttp, sent, unexpected } from './helpers/http';
import { runListSearch, TEST_CREDENTIALS } from './helpers/n8n';
import { typedFilter } from '../nodes/shared/listSearch';
import { installFakeClock, useRealClock, type FakeClock } from './helpers/rateLimitClock';
import {
	PLIVO_ACCOUNT,
	PLIVO_ORIGIN,
	SW_ID_1,
	SW_ID_2,
	SW_NUMBERS,
	SW_ORIGIN,
	plivoOwnedNumber,
	plivoPage,
	signalWireOwned,
	signalWirePage,
} from './fixtures/lifecycle';

const SW = TEST_CREDENTIALS.signalWireApi;
const PLIVO = TEST_CREDENTIALS.plivoNumbersApi;
const method = 'searchOwnedNumbers';
const signalWire = { authentication: 'signalWireApi', resource: 'phoneNumber', operation: 'release' };
const plivo = { authentication: 'plivoNumbersApi', resource: 'phoneNumber', operation: 'release' };

beforeEach(resetHttp);
afterAll(() => nock.restore());

describe('What the user types', () => {
	test.each([
		['', undefined],
		['   ', undefined],
		['+', undefined],
		['415', { number: '415' }],
		['+1 (415) 555-01', { number: '+141555501' }],
		['Support line', { text: 'Support line' }],
		[' sales 2 ', { text: 'sales 2' }],
	])('%j', (typed, filter) => {
		expect(typedFilter(typed)).toEqual(filter);
	});
});

describe('SignalWire', () => {
	test('first page: GET /phone_numbers?page_size=20, entries "number (name)" with the ID as value, links.next as the token', async () => {
		const next = `${SW_ORIGIN}${SW_NUMBERS}?page_number=1&page_size=20&page_token=PAabc123`;
		nock(SW_ORIGIN)
			.get(SW_NUMBERS)
			.query(true)
			.reply(answer(200, signalWirePage([signalWireOwned('+14155550100', SW_ID_1, { name: 'Support line' }), signalWireOwned('+14155550101', SW_ID_2)], next)));

		const { result, error } = await runListSearch({ method, parameters: signalWire });

		expect(error).toBeUndefined();
		expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${SW_ORIGIN}:443${SW_NUMBERS}?page_size=20`]);
		expect(sent[0].headers.authorization).toBe(basicAuth(SW.projectId, SW.apiToken));
		expect(result).toEqual({
			results: [
				{ name: '+14155550100 (Support line)', value: SW_ID_1 },
				{ name: '+14155550101', value: SW_ID_2 },
			],
			paginationToken: 'page_number=1&page_size=20&page_token=PAabc123',
		});
	});

	test('typing part of a number filters at SignalWire with filter_number; the token brings back its link, on the same host', async () => {
		const next = `https://elsewhere.example.com${SW_NUMBERS}?filter_number=%2B1415&page_number=1&page_size=20&page_token=PAxyz&evil=1`;
		nock(SW_ORIGIN)
			.get(SW_NUMBERS)
			.query({ filter_number: '+1415', page_size: '20' })
			.reply(answer(200, signalWirePage([signalWireOwned('+14155550100', SW_ID_1)], next)))
			.get(SW_NUMBERS)
			.query({ filter_number: '+1415', page_number: '1', page_size: '20', page_token: 'PAxyz' })
			.reply(answer(200, signalWirePage([signalWireOwned('+14155550101', SW_ID_2, { name: 'Sales' })])));

		const first = await runListSearch({ method, parameters: signalWire, filter: '+1 (415)' });
		const second = await runListSearch({ method, parameters: signalWire, filter: '+1 (415)', paginationToken: first.result?.paginationToken });

		expect(first.result?.paginationToken).toBe('filter_number=%2B1415&page_number=1&page_size=20&page_token=PAxyz&evil=1');
		expect(second.error).toBeUndefined();
		expect(sent.map((r) => r.url)).toEqual([
			`${SW_ORIGIN}:443${SW_NUMBERS}?page_size=20&filter_number=%2B1415`,
			`${SW_ORIGIN}:443${SW_NUMBERS}?filter_number=%2B1415&page_number=1&page_size=20&page_token=PAxyz`,
		]);
		expect(second.result).toEqual({ results: [{ name: '+14155550101 (Sales)', value: SW_ID_2 }] });
		expect(unexpected).toEqual([]);
	});

	test('typing text filters by name (filter_name)', async () => {
		nock(SW_ORIGIN).get(SW_NUMBERS).query({ filter_name: 'Support', page_size: '20' }).reply(answer(200, signalWirePage([])));

		const { result } = await runListSearch({ method, parameters: signalWire, filter: ' Support ' });

		expect(sent).toHaveLength(1);
		expect(result).toEqual({ results: [] });
	});

	test('the API Base URL of the credential is where the list is read', async () => {
		nock('http://127.0.0.1:8787').get(SW_NUMBERS).query({ page_size: '20' }).reply(answer(200, signalWirePage([])));

		const { error } = await runListSearch({ method, parameters: signalWire, credentialData: { baseUrl: 'http://127.0.0.1:8787/' } });

		expect(error).toBeUndefined();
		expect(sent.map((r) => r.url)).toEqual([`http://127.0.0.1:8787${SW_NUMBERS}?page_size=20`]);
	});

	test('a refusal reaches the list in SignalWire\'s words, with the status and how to get unstuck', async () => {
		nock(SW_ORIGIN).get(SW_NUMBERS).query(true).reply(answer(401, { error: 'Unauthorized' }));

		const { result, error } = await runListSearch({ method, parameters: signalWire });

		expect(result).toBeUndefined();
		expect(error?.message).toBe('SignalWire refused the request (HTTP 401): Unauthorized');
		expect(error?.httpCode).toBe('401');
		expect(error?.description).toBe(
			'SignalWire did not accept the credentials. Check the Space URL, Project ID and API Token in the SignalWire API credential; the token needs the "Numbers" scope.',
		);
	});

	test('a foreign page token is refused by SignalWire in its words', async () => {
		nock(SW_ORIGIN).get(SW_NUMBERS).query(true).reply(answer(400, { error: 'Bad Request' }));

		const { error } = await runListSearch({ method, parameters: signalWire, paginationToken: 'page_number=3&page_size=20&page_token=old' });

		expect(sent.map((r) => r.url)).toEqual([`${SW_ORIGIN}:443${SW_NUMBERS}?page_number=3&page_size=20&page_token=old`]);
		expect(error?.message).toBe('SignalWire refused the request (HTTP 400): Bad Request');
		expect(error?.description).toBe("SignalWire could not accept the request as sent. Check 'Phone Number'.");
	});

	test('an unusable address stops before any request and says which credential to fix', async () => {
		const { error } = await runListSearch({ method, parameters: signalWire, credentialData: { baseUrl: 'ftp://example.com' } });

		expect(sent).toEqual([]);
		expect(unexpected).toEqual([]);
		expect(error?.message).toBe('The "SignalWire API" credential does not give a usable SignalWire address');
	});
});

describe('Plivo', () => {
	test('first page: GET Number/?limit=20&offset=0, entries "number (alias)" with the E.164 number as value, the next offset as the token', async () => {
		const numbers = [{ ...plivoOwnedNumber('14155550100'), alias: 'Support line' }, plivoOwnedNumber('442079460000')];
		nock(PLIVO_ORIGIN).get(`${PLIVO_ACCOUNT}/Number/`).query(true).reply(answer(200, plivoPage('Number', numbers, { limit: 20, offset: 0, total: 45 })));

		const { result, error } = await runListSearch({ method, parameters: plivo });

		expect(error).toBeUndefined();
		expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${PLIVO_ORIGIN}:443${PLIVO_ACCOUNT}/Number/?limit=20&offset=0`]);
		expect(sent[0].headers.authorization).toBe(basicAuth(PLIVO.authId, PLIVO.authToken));
		expect(result).toEqual({
			results: [
				{ name: '+14155550100 (Support line)', value: '+14155550100' },
				{ name: '+442079460000', value: '+442079460000' },
			],
			paginationToken: '2',
		});
	});

	test('typing a number filters with number_startswith (digits, country code first); the token round trip moves the offset on', async () => {
		const page = (digits: string[], offset: number) => plivoPage('Number', digits.map(plivoOwnedNumber), { limit: 20, offset, total: 21 });
		const first = Array.from({ length: 20 }, (_, i) => `14155550${String(100 + i)}`);
		nock(PLIVO_ORIGIN)
			.get(`${PLIVO_ACCOUNT}/Number/`)
			.query({ limit: '20', offset: '0', number_startswith: '1415' })
			.reply(answer(200, page(first, 0)))
			.get(`${PLIVO_ACCOUNT}/Number/`)
			.query({ limit: '20', offset: '20', number_startswith: '1415' })
			.reply(answer(200, page(['14155550120'], 20)));

		const one = await runListSearch({ method, parameters: plivo, filter: '+1 415' });
		const two = await runListSearch({ method, parameters: plivo, filter: '+1 415', paginationToken: one.result?.paginationToken });

		expect(one.result?.results).toHaveLength(20);
		expect(one.result?.paginationToken).toBe('20');
		expect(two.result).toEqual({ results: [{ name: '+14155550120', value: '+14155550120' }] });
		expect(sent.map((r) => r.url)).toEqual([
			`${PLIVO_ORIGIN}:443${PLIVO_ACCOUNT}/Number/?limit=20&offset=0&number_startswith=1415`,
			`${PLIVO_ORIGIN}:443${PLIVO_ACCOUNT}/Number/?limit=20&offset=20&number_startswith=1415`,
		]);
	});

	test('typing text filters by alias', async () => {
		nock(PLIVO_ORIGIN).get(`${PLIVO_ACCOUNT}/Number/`).query({ limit: '20', offset: '0', alias: 'London office' }).reply(answer(200, plivoPage('Number', [], { limit: 20, offset: 0, total: 0 })));

		const { result } = await runListSearch({ method, parameters: plivo, filter: 'London office' });

		expect(sent).toHaveLength(1);
		expect(result).toEqual({ results: [] });
	});

	test('a refusal reaches the list in Plivo\'s words', async () => {
		nock(PLIVO_ORIGIN).get(`${PLIVO_ACCOUNT}/Number/`).query(true).reply(answer(500, { api_id: 'x', error: 'Internal server error' }));

		const { error } = await runListSearch({ method, parameters: plivo });

		expect(error?.message).toBe('Plivo could not complete the request (HTTP 500): Internal server error');
		expect(error?.httpCode).toBe('500');
		expect(error?.description).toBe(
			'Plivo could not handle the request on its side. Try again later; if this was a purchase, check the numbers you own before buying again.',
		);
	});
});

describe('A 429 from the provider: retried after the wait it asks for, at most 30 seconds in all', () => {
	/** A whole second, so HTTP-date Retry-Afters (1 s resolution) give exact waits. */
	const START = Date.UTC(2026, 10, 23, 12, 0, 0);
	let clock: FakeClock;
	const SW_LIST = `GET ${SW_ORIGIN}:443${SW_NUMBERS}?page_size=20`;
	const PLIVO_LIST = `GET ${PLIVO_ORIGIN}:443${PLIVO_ACCOUNT}/Number/?limit=20&offset=0`;
	const TOO_MANY_SW = { error: 'Too Many Requests' };
	const TOO_MANY_PLIVO = { api_id: 'rl-1', error: 'too many requests' };

	beforeEach(() => {
		clock = installFakeClock(START);
	});
	afterEach(() => {
		useRealClock();
		expect(unexpected).toEqual([]);
	});


	test('SignalWire: 429 with Retry-After 2, then the page: the same request again after 2 s, the list comes back', async () => {
		nock(SW_ORIGIN)
			.get(SW_NUMBERS)
			.query({ page_size: '20' })
			.reply(answer(429, TOO_MANY_SW, { 'Retry-After': '2' }))
			.get(SW_NUMBERS)
			.query({ page_size: '20' })
			.reply(answer(200, signalWirePage([signalWireOwned('+14155550100', SW_ID_1, { name: 'Support line' })])));

		const { result, error } = await runListSearch({ method, parameters: signalWire });

		expect(error).toBeUndefined();
		expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([SW_LIST, SW_LIST]);
		expect(sent[1].headers.authorization).toBe(basicAuth(SW.projectId, SW.apiToken));
		expect(clock.waits).toEqual([2000]);
		expect(result).toEqual({ results: [{ name: '+14155550100 (Support line)', value: SW_ID_1 }] });
	});

	test('Plivo: 429 with Retry-After as an HTTP date 3 s ahead, then the page: waits 3 s, the list and its token come back', async () => {
		nock(PLIVO_ORIGIN)
			.get(`${PLIVO_ACCOUNT}/Number/`)
			.query({ limit: '20', offset: '0' })
			.reply(answer(429, TOO_MANY_PLIVO, { 'Retry-After': new Date(START + 3000).toUTCString() }))
			.get(`${PLIVO_ACCOUNT}/Number/`)
			.query({ limit: '20', offset: '0' })
			.reply(answer(200, plivoPage('Number', [plivoOwnedNumber('14155550100')], { limit: 20, offset: 0, total: 25 })));

		const { result, error } = await runListSearch({ method, parameters: plivo });

		expect(error).toBeUndefined();
		expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([PLIVO_LIST, PLIVO_LIST]);
		expect(sent[1].headers.authorization).toBe(basicAuth(PLIVO.authId, PLIVO.authToken));
		expect(clock.waits).toEqual([3000]);
		expect(result).toEqual({ results: [{ name: '+14155550100', value: '+14155550100' }], paginationToken: '1' });
	});

	test('Plivo keeps answering 429 with Retry-After 10: three waits fit in 30 s, the fourth answer stops the list with when to try again', async () => {
		nock(PLIVO_ORIGIN).get(`${PLIVO_ACCOUNT}/Number/`).query({ limit: '20', offset: '0' }).times(4).reply(answer(429, TOO_MANY_PLIVO, { 'Retry-After': '10' }));

		const { result, error } = await runListSearch({ method, parameters: plivo });

		expect(result).toBeUndefined();
		expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual(Array(4).fill(PLIVO_LIST));
		expect(clock.waits).toEqual([10_000, 10_000, 10_000]);
		expect(error?.message).toBe('Plivo is limiting requests (HTTP 429): try again in 10 seconds');
		expect(error?.httpCode).toBe('429');
		expect(error?.description).toBe(
			'The list waited 30 of at most 30 seconds for Plivo to accept requests again. ' +
				"Nothing was changed at Plivo. Open the list again in 10 seconds, or enter the number 'By Number' meanwhile.",
		);
		expect(`${error?.message} ${error?.description}`).not.toMatch(/error|problem|failure/i);
	});

	test('a Retry-After longer than 30 s stops the list at once, after one request, with the provider\'s wait', async () => {
		nock(SW_ORIGIN).get(SW_NUMBERS).query(true).reply(answer(429, TOO_MANY_SW, { 'Retry-After': '120' }));

		const { error } = await runListSearch({ method, parameters: signalWire });

		expect(sent).toHaveLength(1);
		expect(clock.waits).toEqual([]);
		expect(error?.message).toBe('SignalWire is limiting requests (HTTP 429): try again in 120 seconds');
	});

	test('429s without Retry-After: backoff with jitter (0.75, 1.5, 3, 6, 12 s); the next, 24 s, would pass 30 s, so six requests in all', async () => {
		nock(SW_ORIGIN).get(SW_NUMBERS).query({ page_size: '20' }).times(6).reply(answer(429, TOO_MANY_SW));

		const { error } = await runListSearch({ method, parameters: signalWire });

		expect(sent).toHaveLength(6);
		expect(clock.waits).toEqual([750, 1500, 3000, 6000, 12_000]);
		expect(error?.message).toBe('SignalWire is limiting requests (HTTP 429): try again in 24 seconds');
		expect(error?.description).toMatch(/^The list waited 23 of at most 30 seconds for SignalWire/);
	});

	test('an answer other than 429 after a retry is reported as before, in the provider\'s words', async () => {
		nock(SW_ORIGIN)
			.get(SW_NUMBERS)
			.query(true)
			.reply(answer(429, TOO_MANY_SW, { 'Retry-After': '1' }))
			.get(SW_NUMBERS)
			.query(true)
			.reply(answer(401, { error: 'Unauthorized' }));

		const { error } = await runListSearch({ method, parameters: signalWire });

		expect(sent).toHaveLength(2);
		expect(clock.waits).toEqual([1000]);
		expect(error?.message).toBe('SignalWire refused the request (HTTP 401): Unauthorized');
	});
});
