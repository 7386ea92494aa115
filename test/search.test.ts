import nock from 'nock';
import type { INodeParameters } from 'n8n-workflow';
import { answer, basicAuth, resetHttp, sent, unexpected } from './helpers/http';
import { runPhoneNumberNode, TEST_CREDENTIALS } from './helpers/n8n';
import {
	PLIVO_ACCOUNT,
	PLIVO_ORIGIN,
	SW_NUMBERS,
	SW_ORIGIN,
	plivoAvailable,
	plivoDigits,
	plivoPage,
	signalWireAvailable,
	signalWireAvailableLegacy,
	signalWireSearchAnswer,
} from './fixtures/lifecycle';
import { plivo as plivoProvider } from '../nodes/providers/plivo';
import { signalWire as signalWireProvider } from '../nodes/providers/signalwire';
import { InvalidSearch } from '../nodes/shared/search';

const SW = TEST_CREDENTIALS.signalWireApi;
const PLIVO = TEST_CREDENTIALS.plivoNumbersApi;
const SW_SEARCH = `${SW_NUMBERS}/search`;
const PLIVO_SEARCH = `${PLIVO_ACCOUNT}/PhoneNumber/`;

const signalWire = (fields: INodeParameters = {}): INodeParameters => ({
	authentication: 'signalWireApi',
	resource: 'phoneNumber',
	operation: 'search',
	...fields,
});
const plivo = (fields: INodeParameters = {}): INodeParameters => ({
	authentication: 'plivoNumbersApi',
	resource: 'phoneNumber',
	operation: 'search',
	country: 'US',
	...fields,
});

const simpleSignalWire = (number: string, overrides: Record<string, unknown> = {}) => ({
	provider: 'signalwire',
	id: null,
	number,
	name: null,
	type: 'local',
	capabilities: { voice: true, sms: true, mms: true, fax: false },
	region: 'CA',
	status: 'available',
	...overrides,
});
const simplePlivo = (digits: string) => ({
	provider: 'plivo',
	id: digits,
	number: `+${digits}`,
	name: null,
	type: 'local',
	capabilities: { voice: true, sms: true, mms: false, fax: false },
	region: 'California, UNITED STATES',
	status: 'available',
});

beforeEach(resetHttp);
afterAll(() => nock.restore());

describe('Search Available at SignalWire', () => {
	test('Limit 5 with an area code: one GET with max_results=5, simplified items', async () => {
		nock(SW_ORIGIN)
			.get(SW_SEARCH)
			.query(true)
			.reply(answer(200, signalWireSearchAnswer(signalWireAvailable('+14155550100'), signalWireAvailable('+14155550101'))));

		const { items, error } = await runPhoneNumberNode({
			parameters: signalWire({ searchFilters: { areaCode: '415' }, returnAll: false, limit: 5 }),
		});

		expect(error).toBeUndefined();
		expect(sent).toHaveLength(1);
		expect(sent[0]).toMatchObject({ method: 'GET', url: `${SW_ORIGIN}:443${SW_SEARCH}?number_type=local&areacode=415&max_results=5` });
		expect(sent[0].body).toBeUndefined();
		expect(sent[0].headers.authorization).toBe(basicAuth(SW.projectId, SW.apiToken));
		expect(items).toEqual([
			{ json: simpleSignalWire('+14155550100'), pairedItem: { item: 0 } },
			{ json: simpleSignalWire('+14155550101'), pairedItem: { item: 0 } },
		]);
	});

	test('Return All asks for the most SignalWire gives (100) in one request', async () => {
		nock(SW_ORIGIN).get(SW_SEARCH).query(true).reply(answer(200, signalWireSearchAnswer(signalWireAvailable('+18885550100'))));

		const { items, error } = await runPhoneNumberNode({
			parameters: signalWire({ numberType: 'tollFree', searchFilters: { startsWith: '888-555' }, returnAll: true }),
		});

		expect(error).toBeUndefined();
		expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([
			`GET ${SW_ORIGIN}:443${SW_SEARCH}?number_type=toll-free&starts_with=888555&max_results=100`,
		]);
		expect(items.map((i) => i.json)).toEqual([simpleSignalWire('+18885550100', { type: 'toll-free' })]);
	});

	test('sends region, city and ends_with; default Limit is 50', async () => {
		nock(SW_ORIGIN).get(SW_SEARCH).query(true).reply(answer(200, signalWireSearchAnswer()));

		const { items, error } = await runPhoneNumberNode({
			parameters: signalWire({ searchFilters: { region: 'tx', city: 'Austin', endsWith: '0100' } }),
		});

		expect(error).toBeUndefined();
		expect(sent.map((r) => r.url)).toEqual([
			`${SW_ORIGIN}:443${SW_SEARCH}?number_type=local&ends_with=0100&region=TX&city=Austin&max_results=50`,
		]);
		expect(items).toEqual([]);
	});

	test('Simplify off returns SignalWire\'s own items', async () => {
		const raw = signalWireAvailable('+14155550100');
		nock(SW_ORIGIN).get(SW_SEARCH).query(true).reply(answer(200, signalWireSearchAnswer(raw)));

		const { items, error } = await runPhoneNumberNode({ parameters: signalWire({ simplify: false, limit: 1 }) });

		expect(error).toBeUndefined();
		expect(items).toEqual([{ json: raw, pairedItem: { item: 0 } }]);
	});

	test('the older item shape (e164, capabilities as a list) simplifies the same way', async () => {
		nock(SW_ORIGIN).get(SW_SEARCH).query(true).reply(answer(200, signalWireSearchAnswer(signalWireAvailableLegacy('+14155550100'))));

		const { items, error } = await runPhoneNumberNode({ parameters: signalWire({ limit: 1 }) });

		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([
			simpleSignalWire('+14155550100', { capabilities: { voice: true, sms: true, mms: false, fax: false } }),
		]);
	});

	test('each input item runs its own search, paired to its input', async () => {
		nock(SW_ORIGIN)
			.get(SW_SEARCH)
			.query({ number_type: 'local', areacode: '415', max_results: '1' })
			.reply(answer(200, signalWireSearchAnswer(signalWireAvailable('+14155550100'))))
			.get(SW_SEARCH)
			.query({ number_type: 'local', areacode: '212', max_results: '1' })
			.reply(answer(200, signalWireSearchAnswer(signalWireAvailable('+12125550100', { region: 'NY' }))));

		const { items, error } = await runPhoneNumberNode({
			items: [{ area: '415' }, { area: '212' }],
			parameters: signalWire({ searchFilters: { areaCode: '={{ $json.area }}' }, limit: 1 }),
		});

		expect(error).toBeUndefined();
		expect(sent).toHaveLength(2);
		expect(items).toEqual([
			{ json: simpleSignalWire('+14155550100'), pairedItem: { item: 0 } },
			{ json: simpleSignalWire('+12125550100', { region: 'NY' }), pairedItem: { item: 1 } },
		]);
	});

	test('a refusal arrives in SignalWire\'s words', async () => {
		nock(SW_ORIGIN)
			.get(SW_SEARCH)
			.query(true)
			.reply(answer(422, { errors: [{ code: 'invalid_parameter', title: 'Invalid Parameter', detail: 'city must be used together with region', status: '422' }] }));

		const { items, error } = await runPhoneNumberNode({ parameters: signalWire({ searchFilters: { city: 'Austin' } }) });

		expect(items).toEqual([]);
		expect(error?.message).toBe('SignalWire refused the request (HTTP 422): city must be used together with region');
		expect(error?.httpCode).toBe('422');
		expect(sent).toHaveLength(1);
	});
});

describe('Search Available at Plivo', () => {
	test('Limit 5: one GET with country_iso, type, pattern, limit=5', async () => {
		nock(PLIVO_ORIGIN)
			.get(PLIVO_SEARCH)
			.query(true)
			.reply(answer(200, plivoPage('PhoneNumber', [plivoAvailable('14155550100')], { limit: 5, offset: 0, total: 1 })));

		const { items, error } = await runPhoneNumberNode({
			parameters: plivo({ country: ' us ', searchFilters: { areaCode: '415' }, limit: 5 }),
		});

		expect(error).toBeUndefined();
		expect(sent).toHaveLength(1);
		expect(sent[0]).toMatchObject({
			method: 'GET',
			url: `${PLIVO_ORIGIN}:443${PLIVO_SEARCH}?country_iso=US&type=local&pattern=415&limit=5&offset=0`,
		});
		expect(sent[0].headers.authorization).toBe(basicAuth(PLIVO.authId, PLIVO.authToken));
		expect(items).toEqual([{ json: simplePlivo('14155550100'), pairedItem: { item: 0 } }]);
	});

	test('Return All pages by 20 until meta.next is null', async () => {
		const first = plivoDigits(0, 20);
		const second = plivoDigits(20, 5);
		nock(PLIVO_ORIGIN)
			.get(PLIVO_SEARCH)
			.query({ country_iso: 'GB', type: 'mobile', services: 'voice,sms', limit: '20', offset: '0' })
			.reply(answer(200, plivoPage('PhoneNumber', first.map((d) => plivoAvailable(d)), { limit: 20, offset: 0, total: 25 })))
			.get(PLIVO_SEARCH)
			.query({ country_iso: 'GB', type: 'mobile', services: 'voice,sms', limit: '20', offset: '20' })
			.reply(answer(200, plivoPage('PhoneNumber', second.map((d) => plivoAvailable(d)), { limit: 20, offset: 20, total: 25 })));

		const { items, error } = await runPhoneNumberNode({
			parameters: plivo({ country: 'gb', numberType: 'mobile', searchFilters: { services: ['voice', 'sms'] }, returnAll: true }),
		});

		expect(error).toBeUndefined();
		expect(unexpected).toEqual([]);
		expect(sent.map((r) => r.url)).toEqual([
			`${PLIVO_ORIGIN}:443${PLIVO_SEARCH}?country_iso=GB&type=mobile&services=voice%2Csms&limit=20&offset=0`,
			`${PLIVO_ORIGIN}:443${PLIVO_SEARCH}?country_iso=GB&type=mobile&services=voice%2Csms&limit=20&offset=20`,
		]);
		expect(items.map((i) => i.json.number)).toEqual([...first, ...second].map((d) => `+${d}`));
		expect(items.every((i) => i.pairedItem && (i.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	test('Limit 25 takes 20 then exactly 5, and stops although Plivo has more', async () => {
		nock(PLIVO_ORIGIN)
			.get(PLIVO_SEARCH)
			.query((q) => q.offset === '0')
			.reply(answer(200, plivoPage('PhoneNumber', plivoDigits(0, 20).map((d) => plivoAvailable(d)), { limit: 20, offset: 0, total: 60 })))
			.get(PLIVO_SEARCH)
			.query((q) => q.offset === '20')
			.reply(answer(200, plivoPage('PhoneNumber', plivoDigits(20, 5).map((d) => plivoAvailable(d)), { limit: 5, offset: 20, total: 60 })));

		const { items, error } = await runPhoneNumberNode({ parameters: plivo({ limit: 25 }) });

		expect(error).toBeUndefined();
		expect(unexpected).toEqual([]);
		expect(sent.map((r) => r.url)).toEqual([
			`${PLIVO_ORIGIN}:443${PLIVO_SEARCH}?country_iso=US&type=local&limit=20&offset=0`,
			`${PLIVO_ORIGIN}:443${PLIVO_SEARCH}?country_iso=US&type=local&limit=5&offset=20`,
		]);
		expect(items).toHaveLength(25);
	});

	test('Simplify off returns Plivo\'s own objects; toll-free maps to "tollfree"', async () => {
		const raw = plivoAvailable('18005550100', { type: 'tollfree' });
		nock(PLIVO_ORIGIN).get(PLIVO_SEARCH).query(true).reply(answer(200, plivoPage('PhoneNumber', [raw], { limit: 1, offset: 0, total: 1 })));

		const { items, error } = await runPhoneNumberNode({ parameters: plivo({ numberType: 'tollFree', simplify: false, limit: 1 }) });

		expect(error).toBeUndefined();
		expect(sent.map((r) => r.url)).toEqual([`${PLIVO_ORIGIN}:443${PLIVO_SEARCH}?country_iso=US&type=tollfree&limit=1&offset=0`]);
		expect(items).toEqual([{ json: raw, pairedItem: { item: 0 } }]);
	});

	test('a refusal arrives in Plivo\'s words', async () => {
		nock(PLIVO_ORIGIN).get(PLIVO_SEARCH).query(true).reply(answer(400, { api_id: 'x', error: 'country_iso must be a valid country' }));

		const { error } = await runPhoneNumberNode({ parameters: plivo({ country: 'ZZ' }) });

		expect(error?.message).toBe('Plivo refused the request (HTTP 400): country_iso must be a valid country');
		expect(sent).toHaveLength(1);
	});
});

describe('Bad search input stops before any request', () => {
	const cases: Array<[string, INodeParameters, string]> = [
		['SignalWire: two patterns', signalWire({ searchFilters: { startsWith: '415', contains: '555' } }), 'The "Starts With and Contains" field is not valid: SignalWire searches by only one of them at a time'],
		['SignalWire: 4-digit area code', signalWire({ searchFilters: { areaCode: '4150' } }), 'The "Area Code" value "4150" is not valid: SignalWire area codes have 3 digits'],
		['SignalWire: letters in Contains', signalWire({ searchFilters: { contains: 'abc' } }), 'The "Contains" value "abc" is not valid: it may only contain digits'],
		['SignalWire: 2-digit Ends With', signalWire({ searchFilters: { endsWith: '01' } }), 'The "Ends With" value "01" is not valid: it has 2 digits; SignalWire needs 3 to 7'],
		['SignalWire: region name', signalWire({ searchFilters: { region: 'Texas' } }), 'The "Region" value "Texas" is not valid: SignalWire wants the 2-letter state or province code'],
		['SignalWire: mobile', signalWire({ numberType: 'mobile' }), 'The "Number Type" value "mobile" is not valid: SignalWire sells local and toll-free numbers only'],
		['SignalWire: Limit over 100', signalWire({ limit: '={{ 101 }}' }), 'The "Limit" value "101" is not valid: it must be a whole number from 1 to 100'],
		['SignalWire: Limit 0', signalWire({ limit: 0 }), 'The "Limit" value "0" is not valid: it must be a whole number from 1 to 100'],
		['Plivo: empty country', plivo({ country: '={{ "" }}' }), 'The "Country" field is not valid: it is empty'],
		['Plivo: country name', plivo({ country: 'Germany' }), 'The "Country" value "Germany" is not valid: it must be a 2-letter ISO country code'],
		['Plivo: area code and starts with disagree', plivo({ searchFilters: { areaCode: '415', startsWith: '212555' } }), 'The "Area Code and Starts With" field is not valid: a number cannot start with both 415 and 212555'],
	];

	test.each(cases)('%s', async (_name, parameters, message) => {
		const { items, error } = await runPhoneNumberNode({ parameters });
		expect(error?.message).toBe(message);
		expect(items).toEqual([]);
		expect(sent).toEqual([]);
		expect(unexpected).toEqual([]);
	});

	test('Plivo: Area Code and a Starts With that begins with it become one pattern', async () => {
		nock(PLIVO_ORIGIN).get(PLIVO_SEARCH).query(true).reply(answer(200, plivoPage('PhoneNumber', [], { limit: 20, offset: 0, total: 0 })));
		const { error } = await runPhoneNumberNode({ parameters: plivo({ searchFilters: { areaCode: '415', startsWith: '415555' }, limit: 20 }) });
		expect(error).toBeUndefined();
		expect(sent.map((r) => r.url)).toEqual([`${PLIVO_ORIGIN}:443${PLIVO_SEARCH}?country_iso=US&type=local&pattern=415555&limit=20&offset=0`]);
	});
});

describe('Search query builders (pure, reusable by Purchase)', () => {
	test('SignalWire', () => {
		expect(signalWireProvider.search.query({ numberType: 'tollFree', contains: '5550' })).toEqual({ number_type: 'toll-free', contains: '5550' });
		expect(signalWireProvider.search.query({ numberType: 'local', areaCode: '415', region: 'ca', city: 'San Francisco' })).toEqual({
			number_type: 'local',
			areacode: '415',
			region: 'CA',
			city: 'San Francisco',
		});
		expect(() => signalWireProvider.search.query({ numberType: 'local', services: ['sms'] })).toThrow(InvalidSearch);
	});

	test('Plivo', () => {
		expect(plivoProvider.search.query({ country: 'DE', numberType: 'any', startsWith: '30' })).toEqual({ country_iso: 'DE', type: 'any', pattern: '30' });
		// Not offered in Plivo's Filters (n8n drops it), refused if it arrives anyway.
		expect(() => plivoProvider.search.query({ country: 'US', numberType: 'local', contains: '555' })).toThrow('Plivo cannot search by it');
		expect(() => plivoProvider.search.query({ country: 'US', numberType: 'local', endsWith: '0100' })).toThrow(InvalidSearch);
	});
});
