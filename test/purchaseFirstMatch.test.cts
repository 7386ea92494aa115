import nock from 'nock';
import type { INodeParameters } from 'n8n-workflow';
import { answer, basicAuth, resetHttp, sent, unexpected } from './helpers/http.cts';
import { runPhoneNumberNode, TEST_CREDENTIALS } from './helpers/n8n.cts';
import { plivoPurchased, signalWireOwnedList, signalWirePhoneNumber, summary } from './fixtures/providers.cts';
import { plivoAvailable, plivoPage, signalWireAvailable, signalWireSearchAnswer } from './fixtures/lifecycle.cts';

const SW = 'https://example-space.signalwire.com';
const SW_PATH = '/api/relay/rest/phone_numbers';
const PLIVO = 'https://api.plivo.com';
const account = `/v1/Account/${TEST_CREDENTIALS.plivoNumbersApi.authId}`;

const firstMatch = (authentication: string, search: INodeParameters): INodeParameters => ({
	authentication,
	resource: 'phoneNumber',
	operation: 'purchase',
	numberToBuy: 'firstMatch',
	...search,
});
const requests = () => sent.map((r) => `${r.method} ${r.url}`);

beforeEach(resetHttp);
afterEach(() => expect(unexpected).toEqual([]));
afterAll(() => nock.restore());

describe('Purchase: buy the first available number matching a search', () => {
	test('SignalWire: one search for one result, then one purchase of that number', async () => {
		const bought = signalWirePhoneNumber('+14155550123');
		nock(SW)
			.get(`${SW_PATH}/search`)
			.query({ number_type: 'local', areacode: '415', max_results: '1' })
			.reply(answer(200, signalWireSearchAnswer(signalWireAvailable('+14155550123'))))
			.post(SW_PATH, { number: '+14155550123' })
			.reply(answer(200, bought));

		const { items, error } = await runPhoneNumberNode({
			parameters: firstMatch('signalWireApi', { numberType: 'local', searchFilters: { areaCode: '415' } }),
		});

		expect(error).toBeUndefined();
		expect(requests()).toEqual([
			`GET ${SW}:443${SW_PATH}/search?number_type=local&areacode=415&max_results=1`,
			`POST ${SW}:443${SW_PATH}`,
		]);
		expect(sent[1].body).toEqual({ number: '+14155550123' });
		expect(sent.every((r) => r.headers.authorization === basicAuth('sw-test-project', 'sw-test-token'))).toBe(true);
		expect(items).toEqual([{ json: { ...bought, ...summary('+14155550123') }, pairedItem: { item: 0 } }]);
	});

	test('Plivo: country, type and area code become the search; the Application ID goes with the purchase', async () => {
		const bought = plivoPurchased('14155550123');
		nock(PLIVO)
			.get(`${account}/PhoneNumber/`)
			.query({ country_iso: 'US', type: 'local', pattern: '415', limit: '1' })
			.reply(answer(200, plivoPage('PhoneNumber', [plivoAvailable('14155550123')], { limit: 1, offset: 0, total: 7 })))
			.post(`${account}/PhoneNumber/14155550123/`)
			.reply(answer(201, bought));

		const { items, error } = await runPhoneNumberNode({
			parameters: firstMatch('plivoNumbersApi', {
				country: 'US',
				numberType: 'local',
				searchFilters: { areaCode: '415' },
				additionalFields: { appId: '20372631212782780' },
			}),
		});

		expect(error).toBeUndefined();
		expect(requests()).toEqual([
			`GET ${PLIVO}:443${account}/PhoneNumber/?country_iso=US&type=local&pattern=415&limit=1`,
			`POST ${PLIVO}:443${account}/PhoneNumber/14155550123/`,
		]);
		expect(sent[0].body).toBeUndefined();
		expect(sent[1].body).toEqual({ app_id: '20372631212782780' });
		expect(items).toEqual([{ json: { ...bought, ...summary('+14155550123') }, pairedItem: { item: 0 } }]);
	});

	test('no match: a clear error after the one search, nothing bought', async () => {
		nock(SW).get(`${SW_PATH}/search`).query(true).reply(answer(200, signalWireSearchAnswer()));

		const { error } = await runPhoneNumberNode({
			parameters: firstMatch('signalWireApi', { numberType: 'tollFree', searchFilters: { contains: '777' } }),
		});

		expect(sent).toHaveLength(1);
		expect(error?.message).toBe('SignalWire has no available number matching the search');
		expect(error?.description).toBe(
			'Nothing was bought. Widen the search: another area code or region, fewer filters, or a shorter pattern.',
		);
	});

	test('bad search input stops before any request', async () => {
		const { error } = await runPhoneNumberNode({
			parameters: firstMatch('signalWireApi', { numberType: 'local', searchFilters: { areaCode: '41a' } }),
		});
		expect(error?.message).toBe('The "Area Code" value "41a" is not valid: it may only contain digits');
		expect(sent).toEqual([]);
	});

	test('Plivo without a country stops before any request', async () => {
		const { error } = await runPhoneNumberNode({ parameters: firstMatch('plivoNumbersApi', { country: '={{ "" }}' }) });
		expect(error?.message).toBe('The "Country" field is not valid: it is empty');
		expect(sent).toEqual([]);
	});

	test('each item searches and buys once; Retry On Fail after a lost answer buys nothing more', async () => {
		const bought = signalWirePhoneNumber('+14155550123');
		nock(SW)
			.get(`${SW_PATH}/search`)
			.query(true)
			.reply(answer(200, signalWireSearchAnswer(signalWireAvailable('+14155550123'))))
			.post(SW_PATH, { number: '+14155550123' })
			.reply(answer(504, { error: 'Gateway Timeout' }))
			.get(SW_PATH)
			.query({ filter_number: '+14155550123' })
			.reply(answer(503, { error: 'Service Unavailable' }))
			.get(SW_PATH)
			.query({ filter_number: '+14155550123' })
			.reply(answer(200, signalWireOwnedList(bought)));

		const { items, error } = await runPhoneNumberNode({
			parameters: firstMatch('signalWireApi', { numberType: 'local', searchFilters: { areaCode: '415' } }),
			retryOnFail: { maxTries: 3, waitBetweenTries: 0 },
		});

		expect(error).toBeUndefined();
		expect(sent.filter((r) => r.method === 'POST')).toHaveLength(1);
		expect(sent.filter((r) => r.url.includes('/search'))).toHaveLength(1);
		expect(items).toEqual([{ json: { ...bought, ...summary('+14155550123') }, pairedItem: { item: 0 } }]);
	});
});
