import nock from 'nock';
import type { INodeParameters } from 'n8n-workflow';
import { answer, basicAuth, resetHttp, sent, unexpected } from './helpers/http.cts';
import { runPhoneNumberNode, TEST_CREDENTIALS } from './helpers/n8n.cts';
import {
	PLIVO_ACCOUNT,
	PLIVO_ORIGIN,
	SW_ID_1,
	SW_ID_2,
	SW_ID_3,
	SW_NUMBERS,
	SW_ORIGIN,
	plivoDigits,
	plivoOwnedNumber,
	plivoPage,
	signalWireOwned,
	signalWirePage,
} from './fixtures/lifecycle.cts';

const SW = TEST_CREDENTIALS.signalWireApi;
const PLIVO = TEST_CREDENTIALS.plivoNumbersApi;
const PLIVO_NUMBERS = `${PLIVO_ACCOUNT}/Number/`;

const signalWire = (fields: INodeParameters = {}): INodeParameters => ({
	authentication: 'signalWireApi',
	resource: 'phoneNumber',
	operation: 'getAll',
	...fields,
});
const plivo = (fields: INodeParameters = {}): INodeParameters => ({
	authentication: 'plivoNumbersApi',
	resource: 'phoneNumber',
	operation: 'getAll',
	...fields,
});

const ALL_CAPABILITIES = { voice: true, sms: true, mms: true, fax: false };
const simpleSignalWire = (number: string, id: string, name: string | null = null) => ({
	provider: 'signalwire',
	id,
	number,
	name,
	type: 'local',
	capabilities: { ...ALL_CAPABILITIES, fax: true },
	region: null,
	status: 'owned',
});
const simplePlivo = (digits: string) => ({
	provider: 'plivo',
	id: digits,
	number: `+${digits}`,
	name: null,
	type: 'local',
	capabilities: { voice: true, sms: true, mms: false, fax: false },
	region: 'California, UNITED STATES',
	status: 'owned',
});

beforeEach(resetHttp);
afterAll(() => nock.restore());

describe('Get Many at SignalWire', () => {
	test('filters added but left empty are not sent: the whole account is listed', async () => {
		nock(SW_ORIGIN).get(SW_NUMBERS).query({ page_size: '5' }).reply(answer(200, signalWirePage([signalWireOwned('+14155550100', SW_ID_1)])));

		const { items, error } = await runPhoneNumberNode({ parameters: signalWire({ limit: 5, filters: { name: '', number: '={{ "  " }}' } }) });

		expect(error).toBeUndefined();
		expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${SW_ORIGIN}:443${SW_NUMBERS}?page_size=5`]);
		expect(items).toHaveLength(1);
	});

	test('Limit 5 with filters: one GET with page_size=5, simplified items', async () => {
		const first = signalWireOwned('+14155550100', SW_ID_1, { name: 'sales line' });
		const second = signalWireOwned('+14155550101', SW_ID_2, { name: 'sales desk', number_type: 'toll-free', capabilities: ['voice'] });
		nock(SW_ORIGIN).get(SW_NUMBERS).query(true).reply(answer(200, signalWirePage([first, second], `${SW_ORIGIN}${SW_NUMBERS}?page_number=1`)));

		const { items, error } = await runPhoneNumberNode({
			parameters: signalWire({ returnAll: false, limit: 5, filters: { name: 'sales', number: ' +1415 ' } }),
		});

		expect(error).toBeUndefined();
		expect(sent).toHaveLength(1);
		expect(sent[0]).toMatchObject({ method: 'GET', url: `${SW_ORIGIN}:443${SW_NUMBERS}?filter_name=sales&filter_number=%2B1415&page_size=5` });
		expect(sent[0].headers.authorization).toBe(basicAuth(SW.projectId, SW.apiToken));
		expect(items).toEqual([
			{ json: simpleSignalWire('+14155550100', SW_ID_1, 'sales line'), pairedItem: { item: 0 } },
			{
				json: { ...simpleSignalWire('+14155550101', SW_ID_2, 'sales desk'), type: 'toll-free', capabilities: { voice: true, sms: false, mms: false, fax: false } },
				pairedItem: { item: 0 },
			},
		]);
	});

	test('Return All follows links.next until there is none', async () => {
		const next1 = `${SW_ORIGIN}${SW_NUMBERS}?filter_name=sales&page_number=1&page_size=1000&page_token=PA0001`;
		const next2 = `${SW_ORIGIN}${SW_NUMBERS}?filter_name=sales&page_number=2&page_size=1000&page_token=PA0002`;
		nock(SW_ORIGIN)
			.get(SW_NUMBERS)
			.query({ filter_name: 'sales', page_size: '1000' })
			.reply(answer(200, signalWirePage([signalWireOwned('+14155550100', SW_ID_1)], next1)))
			.get(SW_NUMBERS)
			.query({ filter_name: 'sales', page_number: '1', page_size: '1000', page_token: 'PA0001' })
			.reply(answer(200, signalWirePage([signalWireOwned('+14155550101', SW_ID_2)], next2)))
			.get(SW_NUMBERS)
			.query({ filter_name: 'sales', page_number: '2', page_size: '1000', page_token: 'PA0002' })
			.reply(answer(200, signalWirePage([signalWireOwned('+14155550102', SW_ID_3)])));

		const { items, error } = await runPhoneNumberNode({ parameters: signalWire({ returnAll: true, filters: { name: 'sales' } }) });

		expect(error).toBeUndefined();
		expect(unexpected).toEqual([]);
		expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([
			`GET ${SW_ORIGIN}:443${SW_NUMBERS}?filter_name=sales&page_size=1000`,
			`GET ${SW_ORIGIN}:443${SW_NUMBERS}?filter_name=sales&page_number=1&page_size=1000&page_token=PA0001`,
			`GET ${SW_ORIGIN}:443${SW_NUMBERS}?filter_name=sales&page_number=2&page_size=1000&page_token=PA0002`,
		]);
		expect(sent.every((r) => r.headers.authorization === basicAuth(SW.projectId, SW.apiToken))).toBe(true);
		expect(items).toEqual([
			{ json: simpleSignalWire('+14155550100', SW_ID_1), pairedItem: { item: 0 } },
			{ json: simpleSignalWire('+14155550101', SW_ID_2), pairedItem: { item: 0 } },
			{ json: simpleSignalWire('+14155550102', SW_ID_3), pairedItem: { item: 0 } },
		]);
	});

	test('the next pages go to the configured API Base URL, not to the host in the link', async () => {
		nock('http://127.0.0.1:9999')
			.get(SW_NUMBERS)
			.query({ page_size: '1000' })
			.reply(answer(200, signalWirePage([signalWireOwned('+14155550100', SW_ID_1)], `${SW_ORIGIN}${SW_NUMBERS}?page_number=1&page_size=1000&page_token=PA9`)))
			.get(SW_NUMBERS)
			.query({ page_number: '1', page_size: '1000', page_token: 'PA9' })
			.reply(answer(200, signalWirePage([])));

		const { items, error } = await runPhoneNumberNode({
			parameters: signalWire({ returnAll: true }),
			credentialData: { baseUrl: 'http://127.0.0.1:9999' },
		});

		expect(error).toBeUndefined();
		expect(sent.map((r) => r.url)).toEqual([
			`http://127.0.0.1:9999${SW_NUMBERS}?page_size=1000`,
			`http://127.0.0.1:9999${SW_NUMBERS}?page_number=1&page_size=1000&page_token=PA9`,
		]);
		expect(items).toHaveLength(1);
	});

	test('Simplify off returns SignalWire\'s own records', async () => {
		const record = signalWireOwned('+14155550100', SW_ID_1);
		nock(SW_ORIGIN).get(SW_NUMBERS).query(true).reply(answer(200, signalWirePage([record])));

		const { items, error } = await runPhoneNumberNode({ parameters: signalWire({ simplify: false }) });

		expect(error).toBeUndefined();
		expect(sent.map((r) => r.url)).toEqual([`${SW_ORIGIN}:443${SW_NUMBERS}?page_size=50`]);
		expect(items).toEqual([{ json: record, pairedItem: { item: 0 } }]);
	});

	test('refused credentials: SignalWire\'s words and what to check', async () => {
		nock(SW_ORIGIN).get(SW_NUMBERS).query(true).reply(answer(401, { error: 'Unauthorized' }));

		const { items, error } = await runPhoneNumberNode({ parameters: signalWire() });

		expect(items).toEqual([]);
		expect(error?.message).toBe('SignalWire refused the request (HTTP 401): Unauthorized');
		expect(error?.description).toContain('Check the Space URL, Project ID and API Token');
	});

	test('a refusal on a later page stops the run with that page\'s error', async () => {
		nock(SW_ORIGIN)
			.get(SW_NUMBERS)
			.query({ page_size: '1000' })
			.reply(answer(200, signalWirePage([signalWireOwned('+14155550100', SW_ID_1)], `${SW_ORIGIN}${SW_NUMBERS}?page_number=1&page_token=bad`)))
			.get(SW_NUMBERS)
			.query({ page_number: '1', page_token: 'bad' })
			.reply(answer(400, { error: 'page_token does not belong to this query' }));

		const { error } = await runPhoneNumberNode({ parameters: signalWire({ returnAll: true }) });

		expect(error?.message).toBe('SignalWire refused the request (HTTP 400): page_token does not belong to this query');
		expect(sent).toHaveLength(2);
	});
});

describe('Get Many at Plivo', () => {
	test('filters added but left empty are not sent (Plivo would match alias "" only, or refuse number_startswith=)', async () => {
		nock(PLIVO_ORIGIN)
			.get(PLIVO_NUMBERS)
			.query({ limit: '5', offset: '0' })
			.reply(answer(200, plivoPage('Number', [plivoOwnedNumber('14155550100')], { limit: 5, offset: 0, total: 1 })));

		const { items, error } = await runPhoneNumberNode({ parameters: plivo({ limit: 5, filters: { alias: '', numberStartsWith: ' ', subaccount: '' } }) });

		expect(error).toBeUndefined();
		expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${PLIVO_ORIGIN}:443${PLIVO_NUMBERS}?limit=5&offset=0`]);
		expect(items).toEqual([{ json: simplePlivo('14155550100'), pairedItem: { item: 0 } }]);
	});

	test('Limit 5 with filters: one GET with limit=5', async () => {
		nock(PLIVO_ORIGIN)
			.get(PLIVO_NUMBERS)
			.query(true)
			.reply(answer(200, plivoPage('Number', [plivoOwnedNumber('14155550100')], { limit: 5, offset: 0, total: 1 })));

		const { items, error } = await runPhoneNumberNode({
			parameters: plivo({ limit: 5, filters: { alias: 'sales', numberStartsWith: '+1 (415)', type: 'local', services: ['voice', 'sms'] } }),
		});

		expect(error).toBeUndefined();
		expect(sent).toHaveLength(1);
		expect(sent[0]).toMatchObject({
			method: 'GET',
			url: `${PLIVO_ORIGIN}:443${PLIVO_NUMBERS}?alias=sales&services=voice%2Csms&number_startswith=1415&type=local&limit=5&offset=0`,
		});
		expect(sent[0].headers.authorization).toBe(basicAuth(PLIVO.authId, PLIVO.authToken));
		expect(items).toEqual([{ json: simplePlivo('14155550100'), pairedItem: { item: 0 } }]);
	});

	test('Return All pages by 20 until meta.next is null', async () => {
		nock(PLIVO_ORIGIN)
			.get(PLIVO_NUMBERS)
			.query({ limit: '20', offset: '0' })
			.reply(answer(200, plivoPage('Number', plivoDigits(0, 20).map(plivoOwnedNumber), { limit: 20, offset: 0, total: 23 })))
			.get(PLIVO_NUMBERS)
			.query({ limit: '20', offset: '20' })
			.reply(answer(200, plivoPage('Number', plivoDigits(20, 3).map(plivoOwnedNumber), { limit: 20, offset: 20, total: 23 })));

		const { items, error } = await runPhoneNumberNode({ parameters: plivo({ returnAll: true }) });

		expect(error).toBeUndefined();
		expect(unexpected).toEqual([]);
		expect(sent.map((r) => r.url)).toEqual([
			`${PLIVO_ORIGIN}:443${PLIVO_NUMBERS}?limit=20&offset=0`,
			`${PLIVO_ORIGIN}:443${PLIVO_NUMBERS}?limit=20&offset=20`,
		]);
		expect(items.map((i) => i.json)).toEqual(plivoDigits(0, 23).map(simplePlivo));
	});

	test('Return All with exactly 20 numbers: one request, as meta.next is null', async () => {
		nock(PLIVO_ORIGIN)
			.get(PLIVO_NUMBERS)
			.query(true)
			.reply(answer(200, plivoPage('Number', plivoDigits(0, 20).map(plivoOwnedNumber), { limit: 20, offset: 0, total: 20 })));

		const { items, error } = await runPhoneNumberNode({ parameters: plivo({ returnAll: true }) });

		expect(error).toBeUndefined();
		expect(sent).toHaveLength(1);
		expect(unexpected).toEqual([]);
		expect(items).toHaveLength(20);
	});

	test('Limit 40 takes two full pages and no third', async () => {
		nock(PLIVO_ORIGIN)
			.get(PLIVO_NUMBERS)
			.query({ limit: '20', offset: '0' })
			.reply(answer(200, plivoPage('Number', plivoDigits(0, 20).map(plivoOwnedNumber), { limit: 20, offset: 0, total: 100 })))
			.get(PLIVO_NUMBERS)
			.query({ limit: '20', offset: '20' })
			.reply(answer(200, plivoPage('Number', plivoDigits(20, 20).map(plivoOwnedNumber), { limit: 20, offset: 20, total: 100 })));

		const { items, error } = await runPhoneNumberNode({ parameters: plivo({ limit: 40 }) });

		expect(error).toBeUndefined();
		expect(sent).toHaveLength(2);
		expect(unexpected).toEqual([]);
		expect(items).toHaveLength(40);
	});

	test('Simplify off returns Plivo\'s own records', async () => {
		const record = plivoOwnedNumber('14155550100');
		nock(PLIVO_ORIGIN).get(PLIVO_NUMBERS).query(true).reply(answer(200, plivoPage('Number', [record], { limit: 20, offset: 0, total: 1 })));

		const { items, error } = await runPhoneNumberNode({ parameters: plivo({ simplify: false, limit: 20 }) });

		expect(error).toBeUndefined();
		expect(items).toEqual([{ json: record, pairedItem: { item: 0 } }]);
	});

	test('refused credentials: Plivo\'s words and what to check', async () => {
		nock(PLIVO_ORIGIN).get(PLIVO_NUMBERS).query(true).reply(answer(401, { error: 'Authentication failed' }));

		const { error } = await runPhoneNumberNode({ parameters: plivo() });

		expect(error?.message).toBe('Plivo refused the request (HTTP 401): Authentication failed');
		expect(error?.description).toContain('Check the Auth ID and Auth Token');
	});
});

describe('Bad Get Many input stops before any request', () => {
	test.each([
		['SignalWire', signalWire({ limit: '={{ 1001 }}' }), 'The "Limit" value "1001" is not valid: it must be a whole number from 1 to 1000'],
		['Plivo', plivo({ limit: '={{ 2.5 }}' }), 'The "Limit" value "2.5" is not valid: it must be a whole number from 1 to 1000'],
	])('%s: Limit out of range', async (_name, parameters, message) => {
		const { items, error } = await runPhoneNumberNode({ parameters });
		expect(error?.message).toBe(message);
		expect(items).toEqual([]);
		expect(sent).toEqual([]);
		expect(unexpected).toEqual([]);
	});
});
