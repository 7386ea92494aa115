import nock from 'nock';
import type { INodeParameters } from 'n8n-workflow';
import { answer, basicAuth, resetHttp, sent, unexpected } from './helpers/http.cts';
import { byId, byNumber, fromList, runPhoneNumberNode, TEST_CREDENTIALS } from './helpers/n8n.cts';
import { PLIVO_ACCOUNT, PLIVO_ORIGIN, SW_ID_1, SW_ID_2, SW_NUMBERS, SW_ORIGIN, plivoOwnedNumber, signalWireOwned, signalWirePage } from './fixtures/lifecycle.cts';

const SW = TEST_CREDENTIALS.signalWireApi;
const PLIVO = TEST_CREDENTIALS.plivoNumbersApi;

const signalWire = (fields: INodeParameters): INodeParameters => ({
	authentication: 'signalWireApi',
	resource: 'phoneNumber',
	operation: 'get',
	...fields,
});
const plivo = (fields: INodeParameters): INodeParameters => ({
	authentication: 'plivoNumbersApi',
	resource: 'phoneNumber',
	operation: 'get',
	...fields,
});

beforeEach(resetHttp);
afterAll(() => nock.restore());

describe('Get at SignalWire', () => {
	test('From List: the picked entry is the ID, so one GET /phone_numbers/{id} and no lookup', async () => {
		const record = signalWireOwned('+14155550100', SW_ID_1, { name: 'support' });
		nock(SW_ORIGIN).get(`${SW_NUMBERS}/${SW_ID_1}`).reply(answer(200, record));

		const { items, error } = await runPhoneNumberNode({ parameters: signalWire({ ownedNumber: fromList(SW_ID_1) }) });

		expect(error).toBeUndefined();
		expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${SW_ORIGIN}:443${SW_NUMBERS}/${SW_ID_1}`]);
		expect(items).toEqual([{ json: record, pairedItem: { item: 0 } }]);
	});

	test('From List with an expression that gives a number: found by number, as By Number would', async () => {
		const record = signalWireOwned('+14155550100', SW_ID_1);
		nock(SW_ORIGIN).get(SW_NUMBERS).query({ filter_number: '+14155550100' }).reply(answer(200, signalWirePage([record])));

		const { items, error } = await runPhoneNumberNode({ items: [{ n: '+1 415 555 0100' }], parameters: signalWire({ ownedNumber: fromList('={{ $json.n }}') }) });

		expect(error).toBeUndefined();
		expect(sent).toHaveLength(1);
		expect(items.map((i) => i.json)).toEqual([record]);
	});

	test('by number: one GET with filter_number, the exact match is the item', async () => {
		const longer = signalWireOwned('+141555501001', SW_ID_2);
		const exact = signalWireOwned('+14155550100', SW_ID_1, { name: 'support' });
		nock(SW_ORIGIN).get(SW_NUMBERS).query(true).reply(answer(200, signalWirePage([longer, exact])));

		const { items, error } = await runPhoneNumberNode({ parameters: signalWire({ ownedNumber: byNumber('+1 (415) 555-0100') }) });

		expect(error).toBeUndefined();
		expect(sent).toHaveLength(1);
		expect(sent[0]).toMatchObject({ method: 'GET', url: `${SW_ORIGIN}:443${SW_NUMBERS}?filter_number=%2B14155550100` });
		expect(sent[0].body).toBeUndefined();
		expect(sent[0].headers.authorization).toBe(basicAuth(SW.projectId, SW.apiToken));
		expect(items).toEqual([{ json: exact, pairedItem: { item: 0 } }]);
	});

	test('by number, not in the account: a clear error after the one lookup', async () => {
		nock(SW_ORIGIN).get(SW_NUMBERS).query(true).reply(answer(200, signalWirePage([signalWireOwned('+141555501001', SW_ID_2)])));

		const { items, error } = await runPhoneNumberNode({ parameters: signalWire({ ownedNumber: byNumber('14155550100') }) });

		expect(items).toEqual([]);
		expect(error?.message).toBe('+14155550100 is not in your SignalWire account');
		expect(error?.description).toBe('SignalWire has no number equal to +14155550100 among yours. Check the number, or list your numbers with Get Many.');
		expect(sent).toHaveLength(1);
	});

	test('by ID with Simplify: GET /phone_numbers/{id}, the small shape', async () => {
		nock(SW_ORIGIN).get(`${SW_NUMBERS}/${SW_ID_1}`).reply(answer(200, signalWireOwned('+14155550100', SW_ID_1, { name: 'support' })));

		const { items, error } = await runPhoneNumberNode({
			parameters: signalWire({ ownedNumber: byId(` ${SW_ID_1.toUpperCase()} `), simplify: true }),
		});

		expect(error).toBeUndefined();
		expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${SW_ORIGIN}:443${SW_NUMBERS}/${SW_ID_1}`]);
		expect(items).toEqual([
			{
				json: {
					provider: 'signalwire',
					id: SW_ID_1,
					number: '+14155550100',
					name: 'support',
					type: 'local',
					capabilities: { voice: true, sms: true, mms: true, fax: true },
					region: null,
					status: 'owned',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('by ID, unknown: SignalWire\'s 404 in its words', async () => {
		nock(SW_ORIGIN).get(`${SW_NUMBERS}/${SW_ID_1}`).reply(answer(404, { error: 'Not Found' }));

		const { error } = await runPhoneNumberNode({ parameters: signalWire({ ownedNumber: byId(SW_ID_1) }) });

		expect(error?.message).toBe('SignalWire refused the request (HTTP 404): Not Found');
		expect(error?.httpCode).toBe('404');
		expect(error?.description).toBe("SignalWire does not know this number or resource. Check 'Phone Number'.");
	});
});

describe('Get at Plivo', () => {
	test('By ID: Plivo\'s ID of a number is its digits (the id of Get Many with Simplify)', async () => {
		nock(PLIVO_ORIGIN).get(`${PLIVO_ACCOUNT}/Number/442079460109/`).reply(answer(200, plivoOwnedNumber('442079460109')));

		const { error } = await runPhoneNumberNode({ parameters: plivo({ ownedNumber: byId('442079460109') }) });

		expect(error).toBeUndefined();
		expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${PLIVO_ORIGIN}:443${PLIVO_ACCOUNT}/Number/442079460109/`]);
	});

	test('From List: the picked entry is the E.164 number, read as GET Number/{digits}/', async () => {
		const record = plivoOwnedNumber('14155550100');
		nock(PLIVO_ORIGIN).get(`${PLIVO_ACCOUNT}/Number/14155550100/`).reply(answer(200, record));

		const { items, error } = await runPhoneNumberNode({ parameters: plivo({ ownedNumber: fromList('+14155550100') }) });

		expect(error).toBeUndefined();
		expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([`GET ${PLIVO_ORIGIN}:443${PLIVO_ACCOUNT}/Number/14155550100/`]);
		expect(items.map((i) => i.json)).toEqual([record]);
	});

	test('GET Number/{digits}/ returns Plivo\'s record', async () => {
		const record = plivoOwnedNumber('14155550100');
		nock(PLIVO_ORIGIN).get(`${PLIVO_ACCOUNT}/Number/14155550100/`).reply(answer(200, record));

		const { items, error } = await runPhoneNumberNode({ parameters: plivo({ ownedNumber: byNumber('+1 415 555 0100') }) });

		expect(error).toBeUndefined();
		expect(sent).toHaveLength(1);
		expect(sent[0]).toMatchObject({ method: 'GET', url: `${PLIVO_ORIGIN}:443${PLIVO_ACCOUNT}/Number/14155550100/` });
		expect(sent[0].headers.authorization).toBe(basicAuth(PLIVO.authId, PLIVO.authToken));
		expect(items).toEqual([{ json: record, pairedItem: { item: 0 } }]);
	});

	test('Simplify gives the same small shape as SignalWire', async () => {
		nock(PLIVO_ORIGIN).get(`${PLIVO_ACCOUNT}/Number/442079460000/`).reply(answer(200, { ...plivoOwnedNumber('442079460000'), alias: 'London', number_type: 'tollfree' }));

		const { items, error } = await runPhoneNumberNode({ parameters: plivo({ ownedNumber: byNumber('+44 20 7946 0000'), simplify: true }) });

		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([
			{
				provider: 'plivo',
				id: '442079460000',
				number: '+442079460000',
				name: 'London',
				type: 'toll-free',
				capabilities: { voice: true, sms: true, mms: false, fax: false },
				region: 'California, UNITED STATES',
				status: 'owned',
			},
		]);
	});

	test('not in the account: Plivo\'s 404 in its words', async () => {
		nock(PLIVO_ORIGIN).get(`${PLIVO_ACCOUNT}/Number/14155550100/`).reply(answer(404, { api_id: 'x', error: 'not found' }));

		const { items, error } = await runPhoneNumberNode({ parameters: plivo({ ownedNumber: byNumber('14155550100') }) });

		expect(items).toEqual([]);
		expect(error?.message).toBe('Plivo refused the request (HTTP 404): not found');
		expect(error?.httpCode).toBe('404');
	});

	test('Continue On Fail: a missing number becomes an error item, the others still come out', async () => {
		nock(PLIVO_ORIGIN)
			.get(`${PLIVO_ACCOUNT}/Number/14155550100/`)
			.reply(answer(200, plivoOwnedNumber('14155550100')))
			.get(`${PLIVO_ACCOUNT}/Number/14155550199/`)
			.reply(answer(404, { api_id: 'x', error: 'not found' }));

		const { items, error } = await runPhoneNumberNode({
			items: [{ n: '14155550100' }, { n: '14155550199' }],
			parameters: plivo({ ownedNumber: byNumber('={{ $json.n }}') }),
			continueOnFail: true,
		});

		expect(error).toBeUndefined();
		expect(items).toHaveLength(2);
		expect(items[0]).toEqual({ json: plivoOwnedNumber('14155550100'), pairedItem: { item: 0 } });
		expect(items[1].json.error).toBe('Plivo refused the request (HTTP 404): not found');
	});
});

describe('Bad Get input stops before any request', () => {
	test.each([
		['SignalWire: empty ID', signalWire({ ownedNumber: byId('={{ "" }}') }), 'The "Phone Number (By ID)" field is not valid: it is empty'],
		['SignalWire: a number as ID', signalWire({ ownedNumber: byId('+14155550100') }), 'The "Phone Number (By ID)" value "+14155550100" is not valid: it looks like a phone number, not an ID'],
		['SignalWire: not an ID', signalWire({ ownedNumber: byId('../numbers') }), 'The "Phone Number (By ID)" value "../numbers" is not valid: it is not an ID'],
		['SignalWire: bad number', signalWire({ ownedNumber: byNumber('abc') }), 'The "Phone Number" value "abc" is not valid: it may only contain digits, a leading "+", spaces, dashes, dots and brackets'],
		['Plivo: short number', plivo({ ownedNumber: byNumber('+1 415') }), 'The "Phone Number" value "+1 415" is not valid: it has 4 digits, fewer than 8'],
		['Plivo: empty number', plivo({ ownedNumber: byNumber('={{ $json.missing }}') }), 'The "Phone Number" field is not valid: it is empty'],
		['SignalWire: From List, an expression that gives nothing', signalWire({ ownedNumber: fromList('={{ $json.missing }}') }), 'The "Phone Number" field is not valid: it is empty'],
		['Plivo: a SignalWire ID (Plivo\'s ID is the number)', plivo({ ownedNumber: byId(SW_ID_1) }), `The "Phone Number" value "${SW_ID_1}" is not valid: it may only contain digits, a leading "+", spaces, dashes, dots and brackets`],
	])('%s', async (_name, parameters, message) => {
		const { items, error } = await runPhoneNumberNode({ parameters });
		expect(error?.message).toBe(message);
		expect(error?.description).toMatch(/^(Use the number's SignalWire ID|Pick a number from the list|Use the international format)/);
		expect(items).toEqual([]);
		expect(sent).toEqual([]);
		expect(unexpected).toEqual([]);
	});
});
