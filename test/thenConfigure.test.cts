/**
 * Purchase → Then Configure: one update right after the purchase, counted per item; a refused or
 * lost update never hides the number that was bought.
 */
import nock from 'nock';
import type { INodeParameters } from 'n8n-workflow';
import { answer, resetHttp, sent, unexpected } from './helpers/http.cts';
import { byId, runPhoneNumberNode, TEST_CREDENTIALS } from './helpers/n8n.cts';
import { plivoOwnedNumber, plivoPurchased, signalWireOwnedList, signalWirePhoneNumber } from './fixtures/providers.cts';
import { plivoAvailable, plivoPage, signalWireAvailable, signalWireSearchAnswer, SW_ID_1 } from './fixtures/lifecycle.cts';

const SW = 'https://example-space.signalwire.com';
const SW_PATH = '/api/relay/rest/phone_numbers';
const PLIVO = 'https://api.plivo.com';
const account = `/v1/Account/${TEST_CREDENTIALS.plivoNumbersApi.authId}`;
const CHANGED = { api_id: '5a9fcb68-582d-11e1-86da-6ff39efcb949', message: 'changed' };

const purchase = (authentication: string, fields: INodeParameters): INodeParameters => ({
	authentication,
	resource: 'phoneNumber',
	operation: 'purchase',
	...fields,
});
const requests = () => sent.map((r) => `${r.method} ${new URL(r.url).pathname}`);

const webhooks = {
	name: 'Customer 42',
	call_handler: 'laml_webhooks',
	call_request_url: 'https://example.com/voice',
	call_request_method: 'POST',
};

beforeEach(resetHttp);
afterEach(() => expect(unexpected).toEqual([]));
afterAll(() => nock.restore());

describe('SignalWire: PUT with the ID from the purchase answer, no lookup', () => {
	test('a specific number: 2 requests; the item is the updated number with purchase and configure', async () => {
		const bought = signalWirePhoneNumber('+14155550100', { id: SW_ID_1 });
		const updated = { ...bought, ...webhooks, updated_at: '2026-11-23T08:00:01Z' };
		nock(SW).post(SW_PATH, { number: '+14155550100' }).reply(answer(200, bought)).put(`${SW_PATH}/${SW_ID_1}`).reply(answer(200, updated));

		const { items, error } = await runPhoneNumberNode({ parameters: purchase('signalWireApi', { phoneNumber: '+1 415 555 0100', thenConfigure: webhooks }) });

		expect(error).toBeUndefined();
		expect(requests()).toEqual([`POST ${SW_PATH}`, `PUT ${SW_PATH}/${SW_ID_1}`]);
		expect(sent[1].body).toEqual(webhooks);
		expect(items).toEqual([
			{
				json: { ...updated, purchase: { status: 'purchased', number: '+14155550100' }, configure: { status: 'configured', settings: webhooks } },
				pairedItem: { item: 0 },
			},
		]);
	});

	test('First Available Match: 3 requests (search, purchase, update)', async () => {
		const bought = signalWirePhoneNumber('+14155550123', { id: SW_ID_1 });
		nock(SW)
			.get(`${SW_PATH}/search`)
			.query({ number_type: 'local', areacode: '415', max_results: '1' })
			.reply(answer(200, signalWireSearchAnswer(signalWireAvailable('+14155550123'))))
			.post(SW_PATH, { number: '+14155550123' })
			.reply(answer(200, bought))
			.put(`${SW_PATH}/${SW_ID_1}`, { name: 'Customer 42' })
			.reply(answer(200, { ...bought, name: 'Customer 42' }));

		const { items, error } = await runPhoneNumberNode({
			parameters: purchase('signalWireApi', { numberToBuy: 'firstMatch', numberType: 'local', searchFilters: { areaCode: '415' }, thenConfigure: { name: 'Customer 42' } }),
		});

		expect(error).toBeUndefined();
		expect(requests()).toEqual([`GET ${SW_PATH}/search`, `POST ${SW_PATH}`, `PUT ${SW_PATH}/${SW_ID_1}`]);
		expect(items[0].json).toMatchObject({ name: 'Customer 42', purchase: { status: 'purchased', number: '+14155550123' }, configure: { status: 'configured' } });
	});

	test('without Then Configure: still exactly 1 request and no configure field', async () => {
		nock(SW).post(SW_PATH).reply(answer(200, signalWirePhoneNumber('+14155550100')));
		const { items } = await runPhoneNumberNode({ parameters: purchase('signalWireApi', { phoneNumber: '+14155550100', thenConfigure: {} }) });
		expect(requests()).toEqual([`POST ${SW_PATH}`]);
		expect(items[0].json).not.toHaveProperty('configure');
	});

	test('text settings left empty are not sent: only Name goes in the update', async () => {
		const bought = signalWirePhoneNumber('+14155550100', { id: SW_ID_1 });
		nock(SW).post(SW_PATH, { number: '+14155550100' }).reply(answer(200, bought)).put(`${SW_PATH}/${SW_ID_1}`).reply(answer(200, { ...bought, name: 'Customer 42' }));

		const { items, error } = await runPhoneNumberNode({
			parameters: purchase('signalWireApi', { phoneNumber: '+14155550100', thenConfigure: { name: 'Customer 42', call_relay_context: '', message_laml_application_id: '={{ " " }}' } }),
		});

		expect(error).toBeUndefined();
		expect(requests()).toEqual([`POST ${SW_PATH}`, `PUT ${SW_PATH}/${SW_ID_1}`]);
		expect(sent.map((r) => r.body)).toEqual([{ number: '+14155550100' }, { name: 'Customer 42' }]);
		expect(items[0].json.configure).toEqual({ status: 'configured', settings: { name: 'Customer 42' } });
	});

	test('only empty text settings: as without Then Configure, 1 request and no configure field', async () => {
		nock(SW).post(SW_PATH).reply(answer(200, signalWirePhoneNumber('+14155550100')));

		const { items } = await runPhoneNumberNode({ parameters: purchase('signalWireApi', { phoneNumber: '+14155550100', thenConfigure: { name: '', call_relay_topic: '' } }) });

		expect(requests()).toEqual([`POST ${SW_PATH}`]);
		expect(sent[0].body).toEqual({ number: '+14155550100' });
		expect(items[0].json).not.toHaveProperty('configure');
	});
});

describe('Plivo: what the purchase takes goes with it; the rest is one POST Number/{digits}/', () => {
	test('an empty Application ID is not sent with the purchase; Alias goes in the update', async () => {
		nock(PLIVO)
			.post(`${account}/PhoneNumber/14155550100/`)
			.reply(answer(201, plivoPurchased('14155550100')))
			.post(`${account}/Number/14155550100/`)
			.reply(answer(202, CHANGED));

		const { items, error } = await runPhoneNumberNode({
			parameters: purchase('plivoNumbersApi', { phoneNumber: '+14155550100', additionalFields: { appId: '' }, thenConfigure: { app_id: '', alias: 'Customer 42' } }),
		});

		expect(error).toBeUndefined();
		expect(requests()).toEqual([`POST ${account}/PhoneNumber/14155550100/`, `POST ${account}/Number/14155550100/`]);
		expect(sent.map((r) => r.body)).toEqual([undefined, { alias: 'Customer 42' }]);
		expect(items[0].json.configure).toEqual({ status: 'configured', settings: { alias: 'Customer 42' } });
	});

	test('Application ID only: 1 request, app_id in the purchase body, configured', async () => {
		const bought = plivoPurchased('14155550100');
		nock(PLIVO).post(`${account}/PhoneNumber/14155550100/`).reply(answer(201, bought));

		const { items, error } = await runPhoneNumberNode({
			parameters: purchase('plivoNumbersApi', { phoneNumber: '+14155550100', thenConfigure: { app_id: '29283121858476032' } }),
		});

		expect(error).toBeUndefined();
		expect(requests()).toEqual([`POST ${account}/PhoneNumber/14155550100/`]);
		expect(sent[0].body).toEqual({ app_id: '29283121858476032' });
		expect(items[0].json).toEqual({
			...bought,
			purchase: { status: 'purchased', number: '+14155550100' },
			configure: { status: 'configured', settings: { app_id: '29283121858476032' } },
		});
	});

	test('Application ID, Compliance Application ID, Alias and Caller Name: 2 requests; the purchase answer stays the item', async () => {
		const bought = plivoPurchased('4930555501000');
		const thenConfigure = { app_id: '29283121858476032', compliance_application_id: 'c0a1-de-local', alias: 'Customer 42', cnam: 'ACME Support' };
		nock(PLIVO)
			.post(`${account}/PhoneNumber/4930555501000/`)
			.reply(answer(201, bought))
			.post(`${account}/Number/4930555501000/`)
			.reply(answer(202, CHANGED));

		const { items, error } = await runPhoneNumberNode({ parameters: purchase('plivoNumbersApi', { phoneNumber: '+49 30 5555 0100 0', thenConfigure }) });

		expect(error).toBeUndefined();
		expect(requests()).toEqual([`POST ${account}/PhoneNumber/4930555501000/`, `POST ${account}/Number/4930555501000/`]);
		expect(sent.map((r) => r.body)).toEqual([
			{ app_id: '29283121858476032', compliance_application_id: 'c0a1-de-local' },
			{ alias: 'Customer 42', cnam: 'ACME Support' },
		]);
		expect(items[0].json).toEqual({
			...bought,
			purchase: { status: 'purchased', number: '+4930555501000' },
			configure: { status: 'configured', settings: thenConfigure },
		});
	});

	test('First Available Match: 3 requests', async () => {
		nock(PLIVO)
			.get(`${account}/PhoneNumber/`)
			.query({ country_iso: 'US', type: 'local', pattern: '415', limit: '1' })
			.reply(answer(200, plivoPage('PhoneNumber', [plivoAvailable('14155550123')], { limit: 1, offset: 0, total: 7 })))
			.post(`${account}/PhoneNumber/14155550123/`, { app_id: '29283121858476032' })
			.reply(answer(201, plivoPurchased('14155550123')))
			.post(`${account}/Number/14155550123/`, { alias: 'Customer 42' })
			.reply(answer(202, CHANGED));

		const { items, error } = await runPhoneNumberNode({
			parameters: purchase('plivoNumbersApi', {
				numberToBuy: 'firstMatch',
				country: 'US',
				numberType: 'local',
				searchFilters: { areaCode: '415' },
				thenConfigure: { app_id: '29283121858476032', alias: 'Customer 42' },
			}),
		});

		expect(error).toBeUndefined();
		expect(requests()).toEqual([`GET ${account}/PhoneNumber/`, `POST ${account}/PhoneNumber/14155550123/`, `POST ${account}/Number/14155550123/`]);
		expect(items[0].json.configure).toEqual({ status: 'configured', settings: { app_id: '29283121858476032', alias: 'Customer 42' } });
	});

	test('a pending purchase is configured too', async () => {
		nock(PLIVO)
			.post(`${account}/PhoneNumber/4930555501000/`)
			.reply(answer(201, plivoPurchased('4930555501000', 'pending')))
			.post(`${account}/Number/4930555501000/`)
			.reply(answer(202, CHANGED));

		const { items } = await runPhoneNumberNode({ parameters: purchase('plivoNumbersApi', { phoneNumber: '+4930555501000', thenConfigure: { alias: 'Customer 42' } }) });

		expect(items[0].json).toMatchObject({ purchase: { status: 'pending' }, configure: { status: 'configured' } });
	});

	test('the same Application ID in Additional Fields and Then Configure is sent once', async () => {
		nock(PLIVO).post(`${account}/PhoneNumber/14155550100/`, { app_id: '29283121858476032' }).reply(answer(201, plivoPurchased('14155550100')));
		const { error } = await runPhoneNumberNode({
			parameters: purchase('plivoNumbersApi', { phoneNumber: '14155550100', additionalFields: { appId: '29283121858476032' }, thenConfigure: { app_id: '29283121858476032' } }),
		});
		expect(error).toBeUndefined();
		expect(sent).toHaveLength(1);
	});
});

describe('A refused update never hides the number that was bought', () => {
	test('SignalWire 422, Continue On Fail off: the run succeeds; the item is the purchase with configure.status notConfigured', async () => {
		const bought = signalWirePhoneNumber('+14155550100', { id: SW_ID_1 });
		const refusal = { errors: [{ code: 'invalid_parameter', title: 'Invalid', detail: 'call_laml_application_id must be a valid UUID', status: '422' }] };
		nock(SW).post(SW_PATH).reply(answer(200, bought)).put(`${SW_PATH}/${SW_ID_1}`).reply(answer(422, refusal));

		const { items, error } = await runPhoneNumberNode({
			parameters: purchase('signalWireApi', { phoneNumber: '+14155550100', thenConfigure: { call_laml_application_id: 'nope' } }),
		});

		expect(error).toBeUndefined();
		expect(requests()).toEqual([`POST ${SW_PATH}`, `PUT ${SW_PATH}/${SW_ID_1}`]);
		expect(items).toHaveLength(1);
		const { configure, purchase: summary, ...record } = items[0].json as Record<string, any>;
		expect(record).toEqual(bought);
		expect(summary).toEqual({ status: 'purchased', number: '+14155550100' });
		expect(configure).toMatchObject({ status: 'notConfigured', settings: { call_laml_application_id: 'nope' }, httpCode: '422' });
		expect(configure.message).toContain('call_laml_application_id must be a valid UUID');
		expect(configure.hint).toContain('+14155550100 is bought');
		expect(configure.hint).toContain('"Update"');

		// The words are the shared error mapping's: the same as Update gives for the same answer.
		resetHttp();
		nock(SW).put(`${SW_PATH}/${SW_ID_1}`).reply(answer(422, refusal));
		const viaUpdate = await runPhoneNumberNode({
			parameters: { authentication: 'signalWireApi', resource: 'phoneNumber', operation: 'update', ownedNumber: byId(SW_ID_1), updateFields: { call_laml_application_id: 'nope' } },
		});
		expect(configure.message).toBe(viaUpdate.error?.message);
	});

	test('Plivo 500 on the update: no retry, no look-up, no second purchase: exactly 2 requests', async () => {
		nock(PLIVO)
			.post(`${account}/PhoneNumber/14155550100/`)
			.reply(answer(201, plivoPurchased('14155550100')))
			.post(`${account}/Number/14155550100/`)
			.reply(answer(500, { api_id: 'x', error: 'internal server error' }));

		const { items, error } = await runPhoneNumberNode({
			parameters: purchase('plivoNumbersApi', { phoneNumber: '+14155550100', thenConfigure: { alias: 'Customer 42' } }),
			retryOnFail: { maxTries: 3, waitBetweenTries: 0 },
		});

		expect(error).toBeUndefined();
		expect(requests()).toEqual([`POST ${account}/PhoneNumber/14155550100/`, `POST ${account}/Number/14155550100/`]);
		expect(items[0].json).toMatchObject({ purchase: { status: 'purchased', number: '+14155550100' }, configure: { status: 'notConfigured', httpCode: '500' } });
		expect(items[0].json.configure).toHaveProperty('message', expect.stringContaining('internal server error'));
	});

	test('the update times out: notConfigured, the number is still the item', async () => {
		nock(PLIVO)
			.post(`${account}/PhoneNumber/14155550100/`)
			.reply(answer(201, plivoPurchased('14155550100')))
			.post(`${account}/Number/14155550100/`)
			.delay(1500)
			.reply(answer(202, CHANGED));

		const { items, error } = await runPhoneNumberNode({
			parameters: purchase('plivoNumbersApi', { phoneNumber: '+14155550100', thenConfigure: { alias: 'x' }, requestOptions: { timeout: 200 } }),
		});

		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ purchase: { status: 'purchased' }, configure: { status: 'notConfigured' } });
	});

	test('several items, one update refused: every bought number comes out, each with its own outcome', async () => {
		nock(PLIVO)
			.post(`${account}/PhoneNumber/14155550100/`)
			.reply(answer(201, plivoPurchased('14155550100')))
			.post(`${account}/PhoneNumber/14155550101/`)
			.reply(answer(201, plivoPurchased('14155550101')))
			.post(`${account}/Number/14155550100/`)
			.reply(answer(202, CHANGED))
			.post(`${account}/Number/14155550101/`)
			.reply(answer(400, { api_id: 'x', error: 'alias is too long' }));

		const { items, error } = await runPhoneNumberNode({
			parameters: purchase('plivoNumbersApi', { phoneNumber: '={{ $json.number }}', thenConfigure: { alias: '={{ $json.alias }}' } }),
			items: [
				{ number: '+14155550100', alias: 'ok' },
				{ number: '+14155550101', alias: 'x'.repeat(300) },
			],
		});

		expect(error).toBeUndefined();
		expect(items.map((item) => [item.json.purchase, (item.json.configure as { status: string }).status, item.pairedItem])).toEqual([
			[{ status: 'purchased', number: '+14155550100' }, 'configured', { item: 0 }],
			[{ status: 'purchased', number: '+14155550101' }, 'notConfigured', { item: 1 }],
		]);
	});
});

describe('Nothing bought, nothing changed', () => {
	test('already owned (Return Existing): no update; configure.status skipped', async () => {
		const owned = signalWirePhoneNumber('+14155550100', { id: SW_ID_1, name: 'Another customer' });
		nock(SW)
			.post(SW_PATH)
			.reply(answer(422, { errors: [{ detail: 'Number is not available', title: 'Invalid', code: 'unavailable', status: '422' }] }))
			.get(SW_PATH)
			.query({ filter_number: '+14155550100' })
			.reply(answer(200, signalWireOwnedList(owned)));

		const { items, error } = await runPhoneNumberNode({ parameters: purchase('signalWireApi', { phoneNumber: '+14155550100', thenConfigure: { name: 'Customer 42' } }) });

		expect(error).toBeUndefined();
		expect(requests()).toEqual([`POST ${SW_PATH}`, `GET ${SW_PATH}`]);
		expect(items[0].json).toMatchObject({ name: 'Another customer', purchase: { status: 'alreadyOwned' }, configure: { status: 'skipped', settings: { name: 'Customer 42' } } });
		expect((items[0].json.configure as { message: string }).message).toBe('+14155550100 was already in your SignalWire account: nothing was bought and its settings were left as they are');
	});

	test('a lost purchase answer whose number turns out bought: it is configured', async () => {
		nock(PLIVO)
			.post(`${account}/PhoneNumber/14155550100/`)
			.reply(answer(502, 'Bad Gateway'))
			.get(`${account}/Number/14155550100/`)
			.reply(answer(200, plivoOwnedNumber('14155550100')))
			.post(`${account}/Number/14155550100/`, { alias: 'Customer 42' })
			.reply(answer(202, CHANGED));

		const { items, error } = await runPhoneNumberNode({ parameters: purchase('plivoNumbersApi', { phoneNumber: '+14155550100', thenConfigure: { alias: 'Customer 42' } }) });

		expect(error).toBeUndefined();
		expect(requests()).toEqual([`POST ${account}/PhoneNumber/14155550100/`, `GET ${account}/Number/14155550100/`, `POST ${account}/Number/14155550100/`]);
		expect(items[0].json).toMatchObject({ purchase: { status: 'purchased' }, configure: { status: 'configured' } });
	});
});

describe('Bad Then Configure input stops before anything is bought', () => {
	test.each([
		[
			'Plivo: Caller Name over 15 characters',
			purchase('plivoNumbersApi', { phoneNumber: '+14155550100', thenConfigure: { cnam: 'ACME Customer Support' } }),
			'The "Then Configure → Caller Name" value "ACME Customer Support" is not valid: it has 21 characters; at most 15 are allowed',
		],
		[
			'Plivo: two different Application IDs',
			purchase('plivoNumbersApi', { phoneNumber: '+14155550100', additionalFields: { appId: '1' }, thenConfigure: { app_id: '2' } }),
			'"Additional Fields" and "Then Configure" give two different values for Application ID',
		],
		[
			'Plivo: Additional Fields → Compliance Application ID empty',
			purchase('plivoNumbersApi', { phoneNumber: '+14155550100', additionalFields: { compliance_application_id: '' } }),
			'The "Additional Fields → Compliance Application ID" field is not valid: it is empty',
		],
		[
			'SignalWire: a Call Request URL without scheme',
			purchase('signalWireApi', { phoneNumber: '+14155550100', thenConfigure: { call_request_url: 'example.com/voice' } }),
			'The "Then Configure → Call Request URL" value "example.com/voice" is not valid: it is not a web address starting with https:// or http://',
		],
		[
			'SignalWire, First Available Match: the search is not sent either',
			purchase('signalWireApi', { numberToBuy: 'firstMatch', numberType: 'local', thenConfigure: { message_request_method: '={{ "PATCH" }}' } }),
			'The "Then Configure → Message Request Method" value "PATCH" is not valid: it is not one of POST, GET',
		],
	])('%s', async (_name, parameters, message) => {
		const { items, error } = await runPhoneNumberNode({ parameters });
		expect(error?.message).toBe(message);
		expect(items).toEqual([]);
		expect(sent).toEqual([]);
	});
});
