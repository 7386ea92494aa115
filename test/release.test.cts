import nock from 'nock';
import type { INodeParameters } from 'n8n-workflow';
import { answer, basicAuth, resetHttp, sent, unexpected } from './helpers/http.cts';
import { byId, byNumber, fromList, runPhoneNumberNode, TEST_CREDENTIALS } from './helpers/n8n.cts';
import { PLIVO_ACCOUNT, PLIVO_ORIGIN, SW_ID_1, SW_NUMBERS, SW_ORIGIN, signalWireOwned, signalWirePage } from './fixtures/lifecycle.cts';

const SW = TEST_CREDENTIALS.signalWireApi;
const PLIVO = TEST_CREDENTIALS.plivoNumbersApi;

const signalWire = (fields: INodeParameters): INodeParameters => ({
	authentication: 'signalWireApi',
	resource: 'phoneNumber',
	operation: 'release',
	...fields,
});
const plivo = (fields: INodeParameters): INodeParameters => ({
	authentication: 'plivoNumbersApi',
	resource: 'phoneNumber',
	operation: 'release',
	...fields,
});

beforeEach(resetHttp);
afterAll(() => nock.restore());

describe('Release at SignalWire', () => {
	test('From List: the picked entry is the ID, so one DELETE and no lookup', async () => {
		nock(SW_ORIGIN).delete(`${SW_NUMBERS}/${SW_ID_1}`).reply(answer(204));

		const { items, error } = await runPhoneNumberNode({ parameters: signalWire({ ownedNumber: fromList(SW_ID_1) }) });

		expect(error).toBeUndefined();
		expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([`DELETE ${SW_ORIGIN}:443${SW_NUMBERS}/${SW_ID_1}`]);
		expect(items).toEqual([{ json: { deleted: true, provider: 'signalwire', id: SW_ID_1, number: null, released: true }, pairedItem: { item: 0 } }]);
	});

	test('by ID: one DELETE /phone_numbers/{id}; 204 becomes a confirmation item', async () => {
		nock(SW_ORIGIN).delete(`${SW_NUMBERS}/${SW_ID_1}`).reply(answer(204));

		const { items, error } = await runPhoneNumberNode({ parameters: signalWire({ ownedNumber: byId(SW_ID_1) }) });

		expect(error).toBeUndefined();
		expect(sent).toHaveLength(1);
		expect(sent[0]).toMatchObject({ method: 'DELETE', url: `${SW_ORIGIN}:443${SW_NUMBERS}/${SW_ID_1}` });
		expect(sent[0].body).toBeUndefined();
		expect(sent[0].headers.authorization).toBe(basicAuth(SW.projectId, SW.apiToken));
		expect(items).toEqual([{ json: { deleted: true, provider: 'signalwire', id: SW_ID_1, number: null, released: true }, pairedItem: { item: 0 } }]);
	});

	test('by number: one GET finds the ID, then the DELETE; the item names both', async () => {
		nock(SW_ORIGIN)
			.get(SW_NUMBERS)
			.query({ filter_number: '+14155550100' })
			.reply(answer(200, signalWirePage([signalWireOwned('+14155550100', SW_ID_1)])))
			.delete(`${SW_NUMBERS}/${SW_ID_1}`)
			.reply(answer(204));

		const { items, error } = await runPhoneNumberNode({ parameters: signalWire({ ownedNumber: byNumber('1 415 555 0100') }) });

		expect(error).toBeUndefined();
		expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([
			`GET ${SW_ORIGIN}:443${SW_NUMBERS}?filter_number=%2B14155550100`,
			`DELETE ${SW_ORIGIN}:443${SW_NUMBERS}/${SW_ID_1}`,
		]);
		expect(items).toEqual([
			{ json: { deleted: true, provider: 'signalwire', id: SW_ID_1, number: '+14155550100', released: true }, pairedItem: { item: 0 } },
		]);
	});

	test('by number, not in the account: nothing is deleted', async () => {
		nock(SW_ORIGIN).get(SW_NUMBERS).query(true).reply(answer(200, signalWirePage([signalWireOwned('+141555501009', SW_ID_1)])));

		const { items, error } = await runPhoneNumberNode({ parameters: signalWire({ ownedNumber: byNumber('+14155550100') }) });

		expect(items).toEqual([]);
		expect(error?.message).toBe('+14155550100 is not in your SignalWire account');
		expect(sent.map((r) => r.method)).toEqual(['GET']);
	});

	test('by ID, unknown: SignalWire\'s 404 in its words', async () => {
		nock(SW_ORIGIN).delete(`${SW_NUMBERS}/${SW_ID_1}`).reply(answer(404, { error: 'Not Found' }));

		const { error } = await runPhoneNumberNode({ parameters: signalWire({ ownedNumber: byId(SW_ID_1) }) });

		expect(error?.message).toBe('SignalWire refused the request (HTTP 404): Not Found');
		expect(error?.httpCode).toBe('404');
	});
});

describe('Release at Plivo', () => {
	test('From List: the picked E.164 number becomes DELETE Number/{digits}/', async () => {
		nock(PLIVO_ORIGIN).delete(`${PLIVO_ACCOUNT}/Number/442079460109/`).reply(answer(204));

		const { items, error } = await runPhoneNumberNode({ parameters: plivo({ ownedNumber: fromList('+442079460109') }) });

		expect(error).toBeUndefined();
		expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([`DELETE ${PLIVO_ORIGIN}:443${PLIVO_ACCOUNT}/Number/442079460109/`]);
		expect(items.map((i) => i.json)).toEqual([{ deleted: true, provider: 'plivo', id: '442079460109', number: '+442079460109', released: true }]);
	});

	test('one DELETE Number/{digits}/; 204 becomes a confirmation item, one per input item', async () => {
		nock(PLIVO_ORIGIN)
			.delete(`${PLIVO_ACCOUNT}/Number/14155550100/`)
			.reply(answer(204))
			.delete(`${PLIVO_ACCOUNT}/Number/442079460000/`)
			.reply(answer(204));

		const { items, error } = await runPhoneNumberNode({
			items: [{ n: '+1 415 555 0100' }, { n: '+44 20 7946 0000' }],
			parameters: plivo({ ownedNumber: byNumber('={{ $json.n }}') }),
		});

		expect(error).toBeUndefined();
		expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([
			`DELETE ${PLIVO_ORIGIN}:443${PLIVO_ACCOUNT}/Number/14155550100/`,
			`DELETE ${PLIVO_ORIGIN}:443${PLIVO_ACCOUNT}/Number/442079460000/`,
		]);
		expect(sent.every((r) => r.body === undefined && r.headers.authorization === basicAuth(PLIVO.authId, PLIVO.authToken))).toBe(true);
		expect(items).toEqual([
			{ json: { deleted: true, provider: 'plivo', id: '14155550100', number: '+14155550100', released: true }, pairedItem: { item: 0 } },
			{ json: { deleted: true, provider: 'plivo', id: '442079460000', number: '+442079460000', released: true }, pairedItem: { item: 1 } },
		]);
	});

	test('not in the account: Plivo\'s 404 in its words', async () => {
		nock(PLIVO_ORIGIN).delete(`${PLIVO_ACCOUNT}/Number/14155550100/`).reply(answer(404, { api_id: 'x', error: 'not found' }));

		const { items, error } = await runPhoneNumberNode({ parameters: plivo({ ownedNumber: byNumber('14155550100') }) });

		expect(items).toEqual([]);
		expect(error?.message).toBe('Plivo refused the request (HTTP 404): not found');
	});
});

describe('Bad Release input stops before any request', () => {
	test.each([
		['SignalWire: a number as ID', signalWire({ ownedNumber: byId('14155550100') }), 'The "Phone Number (By ID)" value "14155550100" is not valid: it looks like a phone number, not an ID'],
		['SignalWire: bad number', signalWire({ ownedNumber: byNumber('+1 415') }), 'The "Phone Number" value "+1 415" is not valid: it has 4 digits, fewer than 8'],
		['Plivo: empty number', plivo({ ownedNumber: byNumber('={{ "  " }}') }), 'The "Phone Number" field is not valid: it is empty'],
	])('%s', async (_name, parameters, message) => {
		const { items, error } = await runPhoneNumberNode({ parameters });
		expect(error?.message).toBe(message);
		expect(items).toEqual([]);
		expect(sent).toEqual([]);
		expect(unexpected).toEqual([]);
	});
});
