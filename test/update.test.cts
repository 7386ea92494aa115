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
	operation: 'update',
	...fields,
});
const plivo = (fields: INodeParameters): INodeParameters => ({
	authentication: 'plivoNumbersApi',
	resource: 'phoneNumber',
	operation: 'update',
	...fields,
});

const webhooks = {
	name: 'Support',
	call_handler: 'laml_webhooks',
	call_request_url: 'https://example.com/voice',
	call_request_method: 'POST',
	message_handler: 'laml_webhooks',
	message_request_url: 'https://example.com/sms',
};

beforeEach(resetHttp);
afterAll(() => nock.restore());

describe('Update at SignalWire', () => {
	test('From List: the picked entry is the ID, so only the PUT is sent (By Number needs a lookup first)', async () => {
		nock(SW_ORIGIN).put(`${SW_NUMBERS}/${SW_ID_1}`).reply(answer(200, signalWireOwned('+14155550100', SW_ID_1, { name: 'Support' })));

		const { items, error } = await runPhoneNumberNode({ parameters: signalWire({ ownedNumber: fromList(SW_ID_1), updateFields: { name: 'Support' } }) });

		expect(error).toBeUndefined();
		expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([`PUT ${SW_ORIGIN}:443${SW_NUMBERS}/${SW_ID_1}`]);
		expect(sent[0].body).toEqual({ name: 'Support' });
		expect(items[0].json).toMatchObject({ id: SW_ID_1, name: 'Support' });
	});

	test('by ID: one PUT /phone_numbers/{id} with the chosen settings; the updated number is the item', async () => {
		const updated = signalWireOwned('+14155550100', SW_ID_1, webhooks);
		nock(SW_ORIGIN).put(`${SW_NUMBERS}/${SW_ID_1}`).reply(answer(200, updated));

		const { items, error } = await runPhoneNumberNode({
			parameters: signalWire({ ownedNumber: byId(SW_ID_1), updateFields: webhooks }),
		});

		expect(error).toBeUndefined();
		expect(sent).toHaveLength(1);
		expect(sent[0]).toMatchObject({ method: 'PUT', url: `${SW_ORIGIN}:443${SW_NUMBERS}/${SW_ID_1}`, body: webhooks });
		expect(sent[0].headers.authorization).toBe(basicAuth(SW.projectId, SW.apiToken));
		expect(sent[0].headers['content-type']).toBe('application/json');
		expect(items).toEqual([{ json: updated, pairedItem: { item: 0 } }]);
	});

	test('by number: one GET finds the ID, then the PUT', async () => {
		const owned = signalWireOwned('+14155550100', SW_ID_1);
		const updated = { ...owned, name: 'Support' };
		nock(SW_ORIGIN)
			.get(SW_NUMBERS)
			.query({ filter_number: '+14155550100' })
			.reply(answer(200, signalWirePage([owned])))
			.put(`${SW_NUMBERS}/${SW_ID_1}`)
			.reply(answer(200, updated));

		const { items, error } = await runPhoneNumberNode({ parameters: signalWire({ ownedNumber: byNumber('+1 415 555 0100'), updateFields: { name: 'Support' } }) });

		expect(error).toBeUndefined();
		expect(sent.map((r) => [r.method, r.url, r.body])).toEqual([
			['GET', `${SW_ORIGIN}:443${SW_NUMBERS}?filter_number=%2B14155550100`, undefined],
			['PUT', `${SW_ORIGIN}:443${SW_NUMBERS}/${SW_ID_1}`, { name: 'Support' }],
		]);
		expect(items).toEqual([{ json: updated, pairedItem: { item: 0 } }]);
	});

	test('by number, not in the account: nothing is changed', async () => {
		nock(SW_ORIGIN).get(SW_NUMBERS).query(true).reply(answer(200, signalWirePage([])));

		const { error } = await runPhoneNumberNode({ parameters: signalWire({ ownedNumber: byNumber('+14155550100'), updateFields: { name: 'Support' } }) });

		expect(error?.message).toBe('+14155550100 is not in your SignalWire account');
		expect(sent.map((r) => r.method)).toEqual(['GET']);
		expect(unexpected).toEqual([]);
	});

	test('a refused setting arrives in SignalWire\'s words', async () => {
		nock(SW_ORIGIN)
			.put(`${SW_NUMBERS}/${SW_ID_1}`)
			.reply(answer(422, { errors: [{ code: 'invalid_parameter', title: 'Invalid', detail: 'call_laml_application_id must be a valid UUID', status: '422' }] }));

		const { error } = await runPhoneNumberNode({
			parameters: signalWire({ ownedNumber: byId(SW_ID_1), updateFields: { call_laml_application_id: 'nope' } }),
		});

		expect(error?.message).toBe('SignalWire refused the request (HTTP 422): call_laml_application_id must be a valid UUID');
		expect(sent).toHaveLength(1);
	});
});

describe('Update at Plivo', () => {
	test('one POST Number/{digits}/ with alias, app_id, subaccount; Plivo\'s answer is the item', async () => {
		const changed = { api_id: '5a9fcb68-0000-4000-8000-000000000001', message: 'changed' };
		nock(PLIVO_ORIGIN).post(`${PLIVO_ACCOUNT}/Number/14155550100/`).reply(answer(202, changed));

		const { items, error } = await runPhoneNumberNode({
			parameters: plivo({ ownedNumber: byNumber('(+1) 415-555-0100'), updateFields: { alias: 'Support', app_id: '20372631212782780', subaccount: 'SATESTSUB00000000001' } }),
		});

		expect(error).toBeUndefined();
		expect(sent).toHaveLength(1);
		expect(sent[0]).toMatchObject({
			method: 'POST',
			url: `${PLIVO_ORIGIN}:443${PLIVO_ACCOUNT}/Number/14155550100/`,
			body: { alias: 'Support', app_id: '20372631212782780', subaccount: 'SATESTSUB00000000001' },
		});
		expect(sent[0].headers.authorization).toBe(basicAuth(PLIVO.authId, PLIVO.authToken));
		expect(items).toEqual([{ json: changed, pairedItem: { item: 0 } }]);
	});

	test('not in the account: Plivo\'s 404 in its words', async () => {
		nock(PLIVO_ORIGIN).post(`${PLIVO_ACCOUNT}/Number/14155550100/`).reply(answer(404, { api_id: 'x', error: 'not found' }));

		const { error } = await runPhoneNumberNode({ parameters: plivo({ ownedNumber: byNumber('14155550100'), updateFields: { alias: 'x' } }) });

		expect(error?.message).toBe('Plivo refused the request (HTTP 404): not found');
		expect(error?.httpCode).toBe('404');
	});
});

describe('Bad Update input stops before any request', () => {
	const nothing = 'The "Update Fields" field is empty: there is nothing to update';
	test.each([
		['SignalWire: no fields', signalWire({ ownedNumber: byId(SW_ID_1), updateFields: {} }), nothing],
		['SignalWire: no fields, by number (no lookup either)', signalWire({ ownedNumber: byNumber('+14155550100') }), nothing],
		['SignalWire: empty ID', signalWire({ ownedNumber: byId('={{ "" }}'), updateFields: { name: 'x' } }), 'The "Phone Number (By ID)" field is not valid: it is empty'],
		['Plivo: no fields', plivo({ ownedNumber: byNumber('+14155550100'), updateFields: {} }), nothing],
		['Plivo: bad number', plivo({ ownedNumber: byNumber('0415 555 0100'), updateFields: { alias: 'x' } }), 'The "Phone Number" value "0415 555 0100" is not valid: a country code never starts with 0 (drop the national trunk 0 and add the country code)'],
		['SignalWire: a URL that is not one', signalWire({ ownedNumber: byNumber('+14155550100'), updateFields: { call_request_url: 'example.com/voice' } }), 'The "Update Fields → Call Request URL" value "example.com/voice" is not valid: it is not a web address starting with https:// or http://'],
		['SignalWire: a method from an expression', signalWire({ ownedNumber: byNumber('+14155550100'), updateFields: { call_request_method: '={{ "PUT" }}' } }), 'The "Update Fields → Call Request Method" value "PUT" is not valid: it is not one of POST, GET'],
		['Plivo: Caller Name over 15 characters', plivo({ ownedNumber: byNumber('+14155550100'), updateFields: { cnam: 'ACME Customer Support' } }), 'The "Update Fields → Caller Name" value "ACME Customer Support" is not valid: it has 21 characters; at most 15 are allowed'],
		['Plivo: empty Caller Name', plivo({ ownedNumber: byNumber('+14155550100'), updateFields: { cnam: ' ' } }), 'The "Update Fields → Caller Name" field is not valid: it is empty'],
		['Plivo: Caller Name Callback URL without scheme', plivo({ ownedNumber: byNumber('+14155550100'), updateFields: { cnam: 'ACME', cnam_callback_url: 'example.com/cnam' } }), 'The "Update Fields → Caller Name Callback URL" value "example.com/cnam" is not valid: it is not a web address starting with https:// or http://'],
		['Plivo: Caller Name Callback Method PUT', plivo({ ownedNumber: byNumber('+14155550100'), updateFields: { cnam_callback_method: '={{ "PUT" }}' } }), 'The "Update Fields → Caller Name Callback Method" value "PUT" is not valid: it is not one of POST, GET'],
		['Plivo: empty Compliance Application ID', plivo({ ownedNumber: byNumber('+14155550100'), updateFields: { compliance_application_id: '' } }), 'The "Update Fields → Compliance Application ID" field is not valid: it is empty'],
		['Plivo: Compliance Application ID with a space', plivo({ ownedNumber: byNumber('+14155550100'), updateFields: { compliance_application_id: 'abc def' } }), 'The "Update Fields → Compliance Application ID" value "abc def" is not valid: it contains spaces'],
		['Plivo: CNAM Lookup from an expression', plivo({ ownedNumber: byNumber('+14155550100'), updateFields: { cnam_lookup: '={{ "on" }}' } }), 'The "Update Fields → CNAM Lookup" value "on" is not valid: it is not one of enabled, disabled'],
	])('%s', async (_name, parameters, message) => {
		const { items, error } = await runPhoneNumberNode({ parameters });
		expect(error?.message).toBe(message);
		expect(items).toEqual([]);
		expect(sent).toEqual([]);
		expect(unexpected).toEqual([]);
	});
});
