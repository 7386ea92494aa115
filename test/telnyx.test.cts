/**
 * The Phone Number node at Telnyx, through n8n's engine with Telnyx's API faked by nock: the
 * exact requests (method, path, decoded query, JSON body, Bearer key) and items of every
 * operation; a purchase is a number order waited for (on the fake clock: every wait is recorded,
 * none is slept); refusals in Telnyx's words.
 */
import nock from 'nock';
import type { INodeParameters } from 'n8n-workflow';
import { answer, resetHttp, sent, unexpected, type RecordedRequest } from './helpers/http.cts';
import { byId, byNumber, fromList, runPhoneNumberNode } from './helpers/n8n.cts';
import { installFakeClock, useRealClock, type FakeClock } from './helpers/rateLimitClock.cts';
import { ORDER_ID, TELNYX_ID, TELNYX_ORIGIN, telnyxAvailable, telnyxErrors, telnyxNumber, telnyxOrder, telnyxPage } from './fixtures/telnyx.cts';

const telnyx = (fields: INodeParameters): INodeParameters => ({ authentication: 'telnyxNumbersApi', resource: 'phoneNumber', ...fields });
const purchase = (fields: INodeParameters = {}): INodeParameters => telnyx({ operation: 'purchase', phoneNumber: '+1 415 555 0100', ...fields });

/** A recorded request as method, path, decoded query and body. */
function request(recorded: RecordedRequest) {
	const url = new URL(recorded.url.replace(':443', ''));
	return { method: recorded.method, path: url.pathname, query: Object.fromEntries(url.searchParams), body: recorded.body };
}
const requests = () => sent.map(request);

let clock: FakeClock;
beforeEach(() => {
	resetHttp();
	clock = installFakeClock(Date.parse('2026-11-23T08:00:00.000Z'));
});
afterAll(() => {
	useRealClock();
	nock.restore();
});

describe('Purchase at Telnyx: a number order, waited for', () => {
	test('an order that succeeds at once: one request, Bearer key, the order as the item', async () => {
		nock(TELNYX_ORIGIN).post('/v2/number_orders').reply(answer(200, { data: telnyxOrder('+14155550100', 'success') }));

		const { items, error } = await runPhoneNumberNode({ parameters: purchase() });

		expect(error).toBeUndefined();
		expect(requests()).toEqual([{ method: 'POST', path: '/v2/number_orders', query: {}, body: { phone_numbers: [{ phone_number: '+14155550100' }] } }]);
		expect(sent[0].headers.authorization).toBe('Bearer telnyx-test-key');
		expect(sent[0].headers['content-type']).toBe('application/json');
		expect(items).toEqual([{ json: { ...telnyxOrder('+14155550100', 'success'), purchase: { status: 'purchased', number: '+14155550100', orderId: ORDER_ID } }, pairedItem: { item: 0 } }]);
		expect(clock.waits).toEqual([]);
	});

	test('a pending order is read again after 1 s, 2 s, 3 s… until it succeeds', async () => {
		nock(TELNYX_ORIGIN)
			.post('/v2/number_orders')
			.reply(answer(200, { data: telnyxOrder('+14155550100', 'pending') }))
			.get(`/v2/number_orders/${ORDER_ID}`)
			.times(2)
			.reply(answer(200, { data: telnyxOrder('+14155550100', 'pending') }))
			.get(`/v2/number_orders/${ORDER_ID}`)
			.reply(answer(200, { data: telnyxOrder('+14155550100', 'success') }));

		const { items, error } = await runPhoneNumberNode({ parameters: purchase() });

		expect(error).toBeUndefined();
		expect(requests().map(({ method, path }) => `${method} ${path}`)).toEqual([
			'POST /v2/number_orders',
			`GET /v2/number_orders/${ORDER_ID}`,
			`GET /v2/number_orders/${ORDER_ID}`,
			`GET /v2/number_orders/${ORDER_ID}`,
		]);
		expect(clock.waits).toEqual([1000, 2000, 3000]);
		expect(items[0].json.purchase).toEqual({ status: 'purchased', number: '+14155550100', orderId: ORDER_ID });
		expect(items[0].json.status).toBe('success');
	});

	test('an order still open when Max Wait for Order is over: pending, with the order ID to check later', async () => {
		nock(TELNYX_ORIGIN)
			.post('/v2/number_orders')
			.reply(answer(200, { data: telnyxOrder('+14155550100', 'pending') }))
			.get(`/v2/number_orders/${ORDER_ID}`)
			.times(4)
			.reply(answer(200, { data: telnyxOrder('+14155550100', 'pending') }));

		const { items, error } = await runPhoneNumberNode({ parameters: purchase({ requestOptions: { maxOrderWait: 10 } }) });

		expect(error).toBeUndefined();
		// 1 + 2 + 3 s, then the last 4 s of the 10: the final read falls on the end of the wait.
		expect(clock.waits).toEqual([1000, 2000, 3000, 4000]);
		expect(sent).toHaveLength(5);
		expect(items[0].json.purchase).toEqual({
			status: 'pending',
			number: '+14155550100',
			orderId: ORDER_ID,
			reason: `Telnyx had not finished order ${ORDER_ID} when the wait ended (Options → Max Wait for Order)`,
		});
	});

	test('Max Wait for Order 0: no read at all, pending at once', async () => {
		nock(TELNYX_ORIGIN).post('/v2/number_orders').reply(answer(200, { data: telnyxOrder('+14155550100', 'pending') }));
		const { items } = await runPhoneNumberNode({ parameters: purchase({ requestOptions: { maxOrderWait: 0 } }) });
		expect(sent).toHaveLength(1);
		expect(items[0].json.purchase).toMatchObject({ status: 'pending', orderId: ORDER_ID });
	});

	test('a failed order stops the item in Telnyx\'s words, the order attached; Continue On Fail keeps the others', async () => {
		nock(TELNYX_ORIGIN)
			.post('/v2/number_orders')
			.reply(answer(200, { data: telnyxOrder('+14155550100', 'pending') }))
			.get(`/v2/number_orders/${ORDER_ID}`)
			.reply(answer(200, { data: telnyxOrder('+14155550100', 'failure') }));

		const { items, error } = await runPhoneNumberNode({ parameters: purchase(), continueOnFail: true });

		expect(error).toBeUndefined();
		expect(items[0].json.error).toBe(`Telnyx did not complete the order of +14155550100: order ${ORDER_ID} has status "failure" (+14155550100: failure (requirements: approved))`);
		expect(items[0].json.purchase).toBeUndefined();
	});

	test('an order waiting for regulatory documents is not waited for: pending, saying what Telnyx needs', async () => {
		const waiting = telnyxOrder('+493055550100', 'pending', { requirements_met: false }, { requirements_met: false, requirements_status: 'requirement-info-pending' });
		nock(TELNYX_ORIGIN).post('/v2/number_orders').reply(answer(200, { data: waiting }));

		const { items } = await runPhoneNumberNode({ parameters: purchase({ phoneNumber: '+49 30 5555 0100' }) });

		expect(sent).toHaveLength(1);
		expect(clock.waits).toEqual([]);
		expect(items[0].json.purchase).toEqual({
			status: 'pending',
			number: '+493055550100',
			orderId: ORDER_ID,
			reason: `Telnyx needs regulatory information for this number before it completes order ${ORDER_ID} (+493055550100: pending (requirements: requirement-info-pending)). Give it in the Mission Control Portal (Numbers → Number Orders), or buy again with a Requirement Group ID in Additional Fields.`,
		});
	});

	test('Additional Fields go inside the number\'s entry; Then Configure settings the order takes go with it, tags in one PATCH after', async () => {
		const order = telnyxOrder('+14155550100', 'success', { connection_id: '1293384261075731499', customer_reference: 'customer-42' });
		nock(TELNYX_ORIGIN)
			.post('/v2/number_orders')
			.reply(answer(200, { data: order }))
			.get('/v2/phone_numbers')
			.query({ 'filter[phone_number]': '14155550100' })
			.reply(answer(200, telnyxPage([telnyxNumber('+14155550100')])))
			.patch(`/v2/phone_numbers/${TELNYX_ID}`)
			.reply(answer(200, { data: telnyxNumber('+14155550100', { tags: ['support'] }) }));

		const { items, error } = await runPhoneNumberNode({
			parameters: purchase({
				additionalFields: { requirementGroupId: 'c0a1de00-0000-4000-8000-0000000000de', bundleId: '' },
				thenConfigure: { connection_id: '1293384261075731499', customer_reference: 'customer-42', tags: ['support'] },
			}),
		});

		expect(error).toBeUndefined();
		expect(requests()).toEqual([
			{
				method: 'POST',
				path: '/v2/number_orders',
				query: {},
				body: {
					phone_numbers: [{ phone_number: '+14155550100', requirement_group_id: 'c0a1de00-0000-4000-8000-0000000000de' }],
					connection_id: '1293384261075731499',
					customer_reference: 'customer-42',
				},
			},
			{ method: 'GET', path: '/v2/phone_numbers', query: { 'filter[phone_number]': '14155550100' }, body: undefined },
			{ method: 'PATCH', path: `/v2/phone_numbers/${TELNYX_ID}`, query: {}, body: { tags: ['support'] } },
		]);
		expect(items[0].json).toEqual({
			...order,
			purchase: { status: 'purchased', number: '+14155550100', orderId: ORDER_ID },
			configure: { status: 'configured', settings: { connection_id: '1293384261075731499', customer_reference: 'customer-42', tags: ['support'] } },
		});
	});

	test('Then Configure values Telnyx would refuse stop the item before anything is ordered', async () => {
		const { error } = await runPhoneNumberNode({ parameters: purchase({ thenConfigure: { messaging_profile_id: 'not-a-uuid' } }) });
		expect(error?.message).toBe('The "Then Configure → Messaging Profile ID" value "not-a-uuid" is not valid: it is not a UUID');
		expect(sent).toEqual([]);
		expect(unexpected).toEqual([]);
	});

	test('an order whose answer was lost is found again by its customer reference and waited for: nothing is ordered twice', async () => {
		const order = telnyxOrder('+14155550100', 'pending', { customer_reference: 'customer-42' });
		nock(TELNYX_ORIGIN)
			.post('/v2/number_orders')
			.reply(answer(502, telnyxErrors('10007', 'Unexpected error', 'Bad gateway')))
			.get('/v2/number_orders')
			.query(true)
			.reply(answer(200, telnyxPage([{ ...order, phone_numbers: [{ id: order.phone_numbers[0].id, phone_number: '+14155550100' }] }])))
			.get(`/v2/number_orders/${ORDER_ID}`)
			.reply(answer(200, { data: telnyxOrder('+14155550100', 'success', { customer_reference: 'customer-42' }) }));

		const { items, error } = await runPhoneNumberNode({ parameters: purchase({ thenConfigure: { customer_reference: 'customer-42' } }) });

		expect(error).toBeUndefined();
		const [, find] = requests();
		expect(find.path).toBe('/v2/number_orders');
		expect(find.query['filter[customer_reference]']).toBe('customer-42');
		// Orders since a minute before the purchase was sent (clocks differ a little).
		expect(find.query['filter[created_at][gt]']).toBe('2026-11-23T07:59:00.000Z');
		expect(requests().filter((r) => r.method === 'POST')).toHaveLength(1);
		expect(items[0].json.purchase).toEqual({ status: 'purchased', number: '+14155550100', orderId: ORDER_ID });
	});

	test('a lost answer and no order found: the number is looked up; found purchase-pending it is "pending", never ordered again', async () => {
		nock(TELNYX_ORIGIN)
			.post('/v2/number_orders')
			.reply(answer(500, telnyxErrors('10007', 'Unexpected error', 'An unexpected error occurred.')))
			.get('/v2/number_orders')
			.query(true)
			.reply(answer(200, telnyxPage([])))
			.get('/v2/phone_numbers')
			.query({ 'filter[phone_number]': '14155550100' })
			.reply(answer(200, telnyxPage([telnyxNumber('+14155550100', { status: 'purchase-pending' })])));

		const { items, error } = await runPhoneNumberNode({ parameters: purchase() });

		expect(error).toBeUndefined();
		expect(requests().map(({ method, path }) => `${method} ${path}`)).toEqual(['POST /v2/number_orders', 'GET /v2/number_orders', 'GET /v2/phone_numbers']);
		expect(requests()[1].query).toEqual({ 'filter[created_at][gt]': expect.any(String) });
		expect(items[0].json.purchase).toEqual({ status: 'pending', number: '+14155550100' });
	});

	test('a number already in the account: Telnyx refuses the order, the lookup finds it, alreadyOwned', async () => {
		nock(TELNYX_ORIGIN)
			.post('/v2/number_orders')
			.reply(answer(422, telnyxErrors('10015', 'Bad Request', '+14155550100 is not available for purchase', '/phone_numbers/0/phone_number')))
			.get('/v2/phone_numbers')
			.query({ 'filter[phone_number]': '14155550100' })
			.reply(answer(200, telnyxPage([telnyxNumber('+14155550100')])));

		const { items, error } = await runPhoneNumberNode({ parameters: purchase() });

		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ ...telnyxNumber('+14155550100'), purchase: { status: 'alreadyOwned', number: '+14155550100' } });
	});

	test("a refusal for a number not owned is Telnyx's words: title, detail, code, and its documentation link", async () => {
		nock(TELNYX_ORIGIN)
			.post('/v2/number_orders')
			.reply(answer(422, telnyxErrors('10015', 'Bad Request', '+14155550100 is not available for purchase', '/phone_numbers/0/phone_number')))
			.get('/v2/phone_numbers')
			.query(true)
			.reply(answer(200, telnyxPage([])));

		const { error } = await runPhoneNumberNode({ parameters: purchase() });

		expect(error?.message).toBe('Telnyx refused the request (HTTP 422): Bad Request: +14155550100 is not available for purchase (code 10015)');
		expect(error?.description).toBe(
			"Telnyx refused the values sent. Check 'Phone Number'. Telnyx explains this error: https://developers.telnyx.com/docs/overview/errors/10015.",
		);
		expect(error?.httpCode).toBe('422');
	});

	test('First Available Match: one search for one result, then the order for that number', async () => {
		nock(TELNYX_ORIGIN)
			.get('/v2/available_phone_numbers')
			.query(true)
			.reply(answer(200, { data: [telnyxAvailable('+14155550107')], metadata: { total_results: 1, best_effort_results: 0 } }))
			.post('/v2/number_orders')
			.reply(answer(200, { data: telnyxOrder('+14155550107', 'success') }));

		const { items, error } = await runPhoneNumberNode({
			parameters: telnyx({ operation: 'purchase', numberToBuy: 'firstMatch', country: 'US', numberType: 'local', searchFilters: { areaCode: '415' } }),
		});

		expect(error).toBeUndefined();
		expect(requests()).toEqual([
			{
				method: 'GET',
				path: '/v2/available_phone_numbers',
				query: { 'filter[country_code]': 'US', 'filter[phone_number_type]': 'local', 'filter[national_destination_code]': '415', 'filter[limit]': '1' },
				body: undefined,
			},
			{ method: 'POST', path: '/v2/number_orders', query: {}, body: { phone_numbers: [{ phone_number: '+14155550107' }] } },
		]);
		expect(items[0].json.purchase).toEqual({ status: 'purchased', number: '+14155550107', orderId: ORDER_ID });
	});

	test('Simplify: provider, number, name and the purchase (the order names no number ID)', async () => {
		nock(TELNYX_ORIGIN).post('/v2/number_orders').reply(answer(200, { data: telnyxOrder('+14155550100', 'success') }));
		const { items } = await runPhoneNumberNode({ parameters: purchase({ simplify: true }) });
		expect(items[0].json).toEqual({ provider: 'telnyx', id: null, number: '+14155550100', name: null, purchase: { status: 'purchased', number: '+14155550100', orderId: ORDER_ID } });
	});
});

describe('Search Available at Telnyx', () => {
	test('filter[...] parameters, features comma-separated as the official SDK sends them; Simplify', async () => {
		nock(TELNYX_ORIGIN)
			.get('/v2/available_phone_numbers')
			.query(true)
			.reply(answer(200, { data: [telnyxAvailable('+14155550100'), telnyxAvailable('+14155550101')], metadata: { total_results: 2, best_effort_results: 0 } }));

		const { items, error } = await runPhoneNumberNode({
			parameters: telnyx({
				operation: 'search',
				country: 'us',
				numberType: 'tollFree',
				searchFilters: { contains: '555', region: 'CA', city: 'San Francisco', services: ['sms', 'voice'] },
				limit: 5,
			}),
		});

		expect(error).toBeUndefined();
		expect(requests()).toEqual([
			{
				method: 'GET',
				path: '/v2/available_phone_numbers',
				query: {
					'filter[country_code]': 'US',
					'filter[phone_number_type]': 'toll_free',
					'filter[phone_number][contains]': '555',
					'filter[administrative_area]': 'CA',
					'filter[locality]': 'San Francisco',
					'filter[features]': 'sms,voice',
					'filter[limit]': '5',
				},
				body: undefined,
			},
		]);
		expect(items.map((item) => item.json)).toEqual([
			{ provider: 'telnyx', id: null, number: '+14155550100', name: null, type: 'toll-free', capabilities: { voice: true, sms: true, mms: false, fax: false }, region: 'CA', status: 'available' },
			{ provider: 'telnyx', id: null, number: '+14155550101', name: null, type: 'toll-free', capabilities: { voice: true, sms: true, mms: false, fax: false }, region: 'CA', status: 'available' },
		]);
	});

	test('Area Code and Starts With: Telnyx counts the pattern after the area code', async () => {
		nock(TELNYX_ORIGIN).get('/v2/available_phone_numbers').query(true).reply(answer(200, { data: [], metadata: { total_results: 0, best_effort_results: 0 } }));
		await runPhoneNumberNode({ parameters: telnyx({ operation: 'search', country: 'US', searchFilters: { areaCode: '415', startsWith: '415555' }, returnAll: true }) });
		expect(requests()[0].query).toEqual({
			'filter[country_code]': 'US',
			'filter[phone_number_type]': 'local',
			'filter[national_destination_code]': '415',
			'filter[phone_number][starts_with]': '555',
			'filter[limit]': '100',
		});
	});

	test('a country is needed, before any request', async () => {
		const { error } = await runPhoneNumberNode({ parameters: telnyx({ operation: 'search', country: 'USA' }) });
		expect(error?.message).toBe('The "Country" value "USA" is not valid: it must be a 2-letter ISO country code');
		expect(sent).toEqual([]);
	});
});

describe('Get Many at Telnyx', () => {
	test('Limit 300: pages of 250 by page[number], the second fetched once the first says how many there are, cut at 300', async () => {
		const numbers = Array.from({ length: 500 }, (_, i) => telnyxNumber(`+1600555${String(1000 + i).padStart(4, '0')}`, { id: `12933842616${String(i).padStart(8, '0')}` }));
		nock(TELNYX_ORIGIN)
			.get('/v2/phone_numbers')
			.query({ 'page[number]': '1', 'page[size]': '250', filter: { tag: 'support' } })
			.reply(answer(200, telnyxPage(numbers.slice(0, 250), { page_size: 250, total_pages: 2, total_results: 500 })))
			.get('/v2/phone_numbers')
			.query({ 'page[number]': '2', 'page[size]': '250', filter: { tag: 'support' } })
			.reply(answer(200, telnyxPage(numbers.slice(250), { page_number: 2, page_size: 250, total_pages: 2, total_results: 500 })));

		const { items, error } = await runPhoneNumberNode({ parameters: telnyx({ operation: 'getAll', limit: 300, simplify: false, filters: { tag: 'support' } }) });

		expect(error).toBeUndefined();
		expect(requests().map((r) => r.query)).toEqual([
			{ 'page[number]': '1', 'page[size]': '250', 'filter[tag]': 'support' },
			{ 'page[number]': '2', 'page[size]': '250', 'filter[tag]': 'support' },
		]);
		expect(items.map((item) => item.json.phone_number)).toEqual(numbers.slice(0, 300).map((n) => n.phone_number));
	});

	test('Simplify: the customer reference is the name, toll_free is toll-free', async () => {
		nock(TELNYX_ORIGIN)
			.get('/v2/phone_numbers')
			.query({ 'page[number]': '1', 'page[size]': '5' })
			.reply(answer(200, telnyxPage([telnyxNumber('+18885550119', { customer_reference: 'Support', phone_number_type: 'toll_free' })])));
		const { items } = await runPhoneNumberNode({ parameters: telnyx({ operation: 'getAll', limit: 5 }) });
		expect(items.map((item) => item.json)).toEqual([
			{ provider: 'telnyx', id: TELNYX_ID, number: '+18885550119', name: 'Support', type: 'toll-free', capabilities: { voice: false, sms: false, mms: false, fax: false }, region: null, status: 'owned' },
		]);
	});
});

describe('Get, Update and Release at Telnyx', () => {
	test('Get By ID: GET /phone_numbers/{id}; the item is the record inside "data"', async () => {
		nock(TELNYX_ORIGIN).get(`/v2/phone_numbers/${TELNYX_ID}`).reply(answer(200, { data: telnyxNumber('+14155550100') }));
		const { items, error } = await runPhoneNumberNode({ parameters: telnyx({ operation: 'get', ownedNumber: byId(TELNYX_ID) }) });
		expect(error).toBeUndefined();
		expect(items).toEqual([{ json: telnyxNumber('+14155550100'), pairedItem: { item: 0 } }]);
	});

	test('Get By Number: the lookup by filter[phone_number] (digits) is the answer; the exact match is the item', async () => {
		nock(TELNYX_ORIGIN)
			.get('/v2/phone_numbers')
			.query({ 'filter[phone_number]': '14155550100' })
			.reply(answer(200, telnyxPage([telnyxNumber('+141555501001', { id: '1293384261155550999' }), telnyxNumber('+14155550100')])));
		const { items } = await runPhoneNumberNode({ parameters: telnyx({ operation: 'get', ownedNumber: byNumber('+1 415 555 0100') }) });
		expect(sent).toHaveLength(1);
		expect(items.map((item) => item.json.id)).toEqual([TELNYX_ID]);
	});

	test('By ID refuses a phone number typed as an ID, before any request', async () => {
		const { error } = await runPhoneNumberNode({ parameters: telnyx({ operation: 'get', ownedNumber: byId('+14155550100') }) });
		expect(error?.message).toBe('The "Phone Number (By ID)" value "+14155550100" is not valid: it looks like a phone number, not an ID');
		expect(sent).toEqual([]);
	});

	test('Update: PATCH /phone_numbers/{id} with the number settings, the messaging profile at /messaging; one item', async () => {
		const profile = '4001767e-ce0f-4cae-9d5f-0d5e636e7809';
		nock(TELNYX_ORIGIN)
			.patch(`/v2/phone_numbers/${TELNYX_ID}`)
			.reply(answer(200, { data: telnyxNumber('+14155550100', { connection_id: '1293384261075731499', tags: ['a', 'b'] }) }))
			.patch(`/v2/phone_numbers/${TELNYX_ID}/messaging`)
			.reply(answer(200, { data: { id: TELNYX_ID, record_type: 'messaging_settings', phone_number: '+14155550100', messaging_profile_id: profile } }));

		const { items, error } = await runPhoneNumberNode({
			parameters: telnyx({ operation: 'update', ownedNumber: fromList(TELNYX_ID), updateFields: { connection_id: '1293384261075731499', tags: ['a', 'b'], messaging_profile_id: profile } }),
		});

		expect(error).toBeUndefined();
		expect(requests()).toEqual([
			{ method: 'PATCH', path: `/v2/phone_numbers/${TELNYX_ID}`, query: {}, body: { connection_id: '1293384261075731499', tags: ['a', 'b'] } },
			{ method: 'PATCH', path: `/v2/phone_numbers/${TELNYX_ID}/messaging`, query: {}, body: { messaging_profile_id: profile } },
		]);
		expect(items).toEqual([{ json: telnyxNumber('+14155550100', { connection_id: '1293384261075731499', tags: ['a', 'b'], messaging_profile_id: profile }), pairedItem: { item: 0 } }]);
	});

	test('Update of the messaging profile only: one request, to /messaging', async () => {
		const profile = '4001767e-ce0f-4cae-9d5f-0d5e636e7809';
		const settings = { id: TELNYX_ID, record_type: 'messaging_settings', phone_number: '+14155550100', messaging_profile_id: profile };
		nock(TELNYX_ORIGIN).patch(`/v2/phone_numbers/${TELNYX_ID}/messaging`).reply(answer(200, { data: settings }));
		const { items } = await runPhoneNumberNode({ parameters: telnyx({ operation: 'update', ownedNumber: byId(TELNYX_ID), updateFields: { messaging_profile_id: profile } }) });
		expect(sent).toHaveLength(1);
		expect(items[0].json).toEqual(settings);
	});

	test('Release By Number: the lookup, then DELETE /phone_numbers/{id}; the confirmation item', async () => {
		nock(TELNYX_ORIGIN)
			.get('/v2/phone_numbers')
			.query({ 'filter[phone_number]': '14155550100' })
			.reply(answer(200, telnyxPage([telnyxNumber('+14155550100')])))
			.delete(`/v2/phone_numbers/${TELNYX_ID}`)
			.reply(answer(200, { data: telnyxNumber('+14155550100', { status: 'deleted' }) }));
		const { items, error } = await runPhoneNumberNode({ parameters: telnyx({ operation: 'release', ownedNumber: byNumber('+14155550100') }) });
		expect(error).toBeUndefined();
		expect(items).toEqual([{ json: { deleted: true, provider: 'telnyx', id: TELNYX_ID, number: '+14155550100', released: true }, pairedItem: { item: 0 } }]);
	});

	test('Release of a number with a deletion lock: explained as such, nothing released', async () => {
		nock(TELNYX_ORIGIN)
			.delete(`/v2/phone_numbers/${TELNYX_ID}`)
			.reply(answer(422, telnyxErrors('10015', 'Deletion lock enabled', 'The phone number +18885550119 has deletion lock enabled and cannot be deleted.', '/id')));
		const { error } = await runPhoneNumberNode({ parameters: telnyx({ operation: 'release', ownedNumber: byId(TELNYX_ID) }) });
		expect(error?.message).toBe('Telnyx refused the request (HTTP 422): Deletion lock enabled: The phone number +18885550119 has deletion lock enabled and cannot be deleted. (code 10015)');
		expect(error?.description).toContain('The number has Telnyx\'s deletion lock on ("deletion_lock_enabled")');
		expect(error?.description).toContain('Nothing was released.');
	});

	test('an unreachable Telnyx: the error names the address problem and never carries the API key', async () => {
		nock.enableNetConnect('127.0.0.1:1');
		// runPhoneNumberNode fails the test if the key is anywhere in the error, its cause or n8n's log.
		const { error } = await runPhoneNumberNode({ parameters: telnyx({ operation: 'get', ownedNumber: byId(TELNYX_ID) }), credentialData: { baseUrl: 'http://127.0.0.1:1' } });
		expect(error?.message).toBe('The service refused the connection - perhaps it is offline');
		expect(unexpected).toEqual([`GET http://127.0.0.1:1/v2/phone_numbers/${TELNYX_ID}`]);
		unexpected.length = 0;
	});

	test('a wrong API key: 401 in Telnyx\'s words, and what to check', async () => {
		nock(TELNYX_ORIGIN)
			.get(`/v2/phone_numbers/${TELNYX_ID}`)
			.reply(answer(401, telnyxErrors('10009', 'Authentication failed', 'The API key you provided is invalid.')));
		const { error } = await runPhoneNumberNode({ parameters: telnyx({ operation: 'get', ownedNumber: byId(TELNYX_ID) }) });
		expect(error?.message).toBe('Telnyx refused the request (HTTP 401): Authentication failed: The API key you provided is invalid. (code 10009)');
		expect(error?.description).toContain('Check the API Key in the Telnyx API credential');
	});
});
