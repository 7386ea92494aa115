/**
 * The messaging campaign operations (Add to, Get Status of, Remove From Messaging Campaign) through
 * n8n's engine, with each provider's answers from nock: the exact requests, the waits between looks
 * at an order (on the fake clock), the items, and what stops an item before any request.
 */
import nock from 'nock';
import type { INodeParameters } from 'n8n-workflow';
import { answer, expectSpecProblems, resetHttp, sent, unexpected } from './helpers/http.cts';
import { byId, byNumber, fromList, runPhoneNumberNode, TEST_CREDENTIALS } from './helpers/n8n.cts';
import { installFakeClock, useRealClock, type FakeClock } from './helpers/rateLimitClock.cts';
import { signalWirePhoneNumber } from './fixtures/providers.cts';
import {
	PLIVO_CAMPAIGN,
	PLIVO_LINKED,
	PLIVO_NOT_LINKED,
	PLIVO_UNLINKED,
	plivoCampaignNumber,
	SW_ASSIGNMENT,
	SW_CAMPAIGN,
	SW_NUMBER_ID,
	SW_ORDER,
	SW_REGISTRY,
	swAssignment,
	swList,
	swOrder,
} from './fixtures/campaigns.cts';

const SW = 'https://example-space.signalwire.com';
const PLIVO = 'https://api.plivo.com';
const ACCOUNT = `/v1/Account/${TEST_CREDENTIALS.plivoNumbersApi.authId}`;
const NUMBERS = `${SW_REGISTRY}/campaigns/${SW_CAMPAIGN}/numbers`;
const ORDERS = `${SW_REGISTRY}/campaigns/${SW_CAMPAIGN}/orders`;
const LINK = `${ACCOUNT}/10dlc/Campaign/${PLIVO_CAMPAIGN}/Number/`;
const LINKED = `${LINK}14155550100/`;

const campaign = (value: string, mode: 'list' | 'id' = 'list') => ({ __rl: true, mode, value });
const signalWire = (fields: INodeParameters): INodeParameters => ({
	authentication: 'signalWireApi',
	resource: 'phoneNumber',
	ownedNumber: byNumber('+1 415 555 0100'),
	messagingCampaign: campaign(SW_CAMPAIGN),
	...fields,
});
const plivo = (fields: INodeParameters): INodeParameters => ({
	authentication: 'plivoNumbersApi',
	resource: 'phoneNumber',
	ownedNumber: byNumber('+1 415 555 0100'),
	messagingCampaign: campaign(PLIVO_CAMPAIGN),
	...fields,
});
const requests = () => sent.map((r) => `${r.method} ${new URL(r.url).pathname}${new URL(r.url).search}`);

let clock: FakeClock;
beforeEach(() => {
	resetHttp();
	clock = installFakeClock(Date.UTC(2026, 10, 23, 8));
});
afterEach(() => expect(unexpected).toEqual([]));
afterAll(() => {
	useRealClock();
	nock.restore();
});

describe('SignalWire: Add to Messaging Campaign (an assignment order, looked at until processed)', () => {
	test('not in the campaign yet: look, order, one wait of 1 s, the order processed, the assignment completed', async () => {
		nock(SW)
			.get(NUMBERS)
			.reply(answer(200, swList([])))
			.post(ORDERS, { phone_numbers: ['+14155550100'] })
			.reply(answer(200, swOrder('pending')))
			.get(`${SW_REGISTRY}/orders/${SW_ORDER}`)
			.reply(answer(200, swOrder('processed')))
			.get(NUMBERS)
			.reply(answer(200, swList([swAssignment('+14155550100', 'completed')])));

		const { items, error } = await runPhoneNumberNode({ parameters: signalWire({ operation: 'addToCampaign' }) });

		expect(error).toBeUndefined();
		expect(requests()).toEqual([`GET ${NUMBERS}`, `POST ${ORDERS}`, `GET ${SW_REGISTRY}/orders/${SW_ORDER}`, `GET ${NUMBERS}`]);
		expect(clock.waits).toEqual([1000]);
		expect(items).toEqual([
			{
				json: {
					provider: 'signalwire',
					number: '+14155550100',
					campaign: { status: 'assigned', id: SW_CAMPAIGN, orderId: SW_ORDER, state: 'completed', alreadyInCampaign: false },
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('already in the campaign: one look, no order, assigned', async () => {
		nock(SW).get(NUMBERS).reply(answer(200, swList([swAssignment('+14155550199', 'completed', { id: 'other' }), swAssignment('+14155550100', 'completed')])));

		const { items } = await runPhoneNumberNode({ parameters: signalWire({ operation: 'addToCampaign' }) });

		expect(requests()).toEqual([`GET ${NUMBERS}`]);
		expect(items[0].json.campaign).toEqual({ status: 'assigned', id: SW_CAMPAIGN, orderId: null, state: 'completed', alreadyInCampaign: true });
	});

	test('already asked for and still pending: no second order', async () => {
		nock(SW).get(NUMBERS).reply(answer(200, swList([swAssignment('+14155550100', 'pending')])));

		const { items } = await runPhoneNumberNode({ parameters: signalWire({ operation: 'addToCampaign' }) });

		expect(requests()).toEqual([`GET ${NUMBERS}`]);
		expect(items[0].json.campaign).toMatchObject({ status: 'pending', alreadyInCampaign: true, state: 'pending' });
		expect(clock.waits).toEqual([]);
	});

	test('the campaign list has pages: links.next is followed (its query only) until the number', async () => {
		const next = `${SW}${NUMBERS}?page_number=1&page_size=50&page_token=PA0001`;
		nock(SW)
			.get(NUMBERS)
			.reply(answer(200, swList([swAssignment('+14155550199', 'completed')], next)))
			.get(NUMBERS)
			.query({ page_number: '1', page_size: '50', page_token: 'PA0001' })
			.reply(answer(200, swList([swAssignment('+14155550100', 'completed')])));

		const { items } = await runPhoneNumberNode({ parameters: signalWire({ operation: 'addToCampaign' }) });

		expect(requests()).toEqual([`GET ${NUMBERS}`, `GET ${NUMBERS}?page_number=1&page_size=50&page_token=PA0001`]);
		expect(items[0].json.campaign).toMatchObject({ status: 'assigned', alreadyInCampaign: true });
		// SignalWire's spec lists no page parameters for this list, though its answers link pages: the
		// node sends the link's query as the provider gave it, which the spec check flags.
		expectSpecProblems(['page_number', 'page_size', 'page_token'].map((name) => `GET ${next.replace(SW, `${SW}:443`)}: GET /api/relay/rest/registry/beta/campaigns/{id}/numbers: query parameter ${name} is not in the spec`));
	});

	test('picked From List (the number\'s ID): its number is read first, then matched by ID in the campaign', async () => {
		nock(SW)
			.get(`/api/relay/rest/phone_numbers/${SW_NUMBER_ID}`)
			.reply(answer(200, signalWirePhoneNumber('+14155550100', { id: SW_NUMBER_ID })))
			.get(NUMBERS)
			.reply(answer(200, swList([swAssignment('+1 (415) 555-0100', 'completed')])));

		const { items, error } = await runPhoneNumberNode({ parameters: signalWire({ operation: 'addToCampaign', ownedNumber: fromList(SW_NUMBER_ID) }) });

		expect(error).toBeUndefined();
		expect(requests()).toEqual([`GET /api/relay/rest/phone_numbers/${SW_NUMBER_ID}`, `GET ${NUMBERS}`]);
		expect(items[0].json).toMatchObject({ number: '+14155550100', campaign: { status: 'assigned' } });
	});

	test('an order that does not finish within Max Wait (10 s): looks after 1, 3, 7 and 10 s, then pending with the order ID', async () => {
		nock(SW)
			.get(NUMBERS)
			.reply(answer(200, swList([])))
			.post(ORDERS)
			.reply(answer(200, swOrder('pending')))
			.get(`${SW_REGISTRY}/orders/${SW_ORDER}`)
			.times(4)
			.reply(answer(200, swOrder('processing')));

		const { items } = await runPhoneNumberNode({ parameters: signalWire({ operation: 'addToCampaign', requestOptions: { maxCampaignWait: 10 } }) });

		expect(clock.waits).toEqual([1000, 2000, 4000, 3000]);
		expect(requests()).toHaveLength(6);
		const summary = items[0].json.campaign as Record<string, string>;
		expect(summary).toMatchObject({ status: 'pending', orderId: SW_ORDER, state: 'processing', alreadyInCampaign: false });
		expect(summary.message).toBe(`SignalWire has not finished putting +14155550100 into messaging campaign ${SW_CAMPAIGN} within 10 seconds (state: processing)`);
		expect(summary.hint).toContain(`"Get Messaging Campaign Status" (Messaging Campaign ${SW_CAMPAIGN}, Assignment Order ID ${SW_ORDER})`);
	});

	test('Max Wait 0: the order is placed and not looked at', async () => {
		nock(SW).get(NUMBERS).reply(answer(200, swList([]))).post(ORDERS).reply(answer(200, swOrder('pending')));

		const { items } = await runPhoneNumberNode({ parameters: signalWire({ operation: 'addToCampaign', requestOptions: { maxCampaignWait: 0 } }) });

		expect(requests()).toEqual([`GET ${NUMBERS}`, `POST ${ORDERS}`]);
		expect(clock.waits).toEqual([]);
		expect(items[0].json.campaign).toMatchObject({ status: 'pending', orderId: SW_ORDER, state: 'pending' });
	});

	test('a failed order: failed, in SignalWire\'s terms, with what to check', async () => {
		nock(SW)
			.get(NUMBERS)
			.reply(answer(200, swList([])))
			.post(ORDERS)
			.reply(answer(200, swOrder('pending')))
			.get(`${SW_REGISTRY}/orders/${SW_ORDER}`)
			.reply(answer(200, swOrder('failed')));

		const { items } = await runPhoneNumberNode({ parameters: signalWire({ operation: 'addToCampaign' }) });

		expect(items[0].json.campaign).toMatchObject({ status: 'failed', orderId: SW_ORDER, state: 'failed', message: `SignalWire did not carry out assignment order ${SW_ORDER} (state: failed)` });
		expect((items[0].json.campaign as { hint: string }).hint).toContain('your SignalWire space (Messaging → Campaign Registry)');
	});

	test('processed, but the assignment failed (a number the carriers refuse): failed', async () => {
		nock(SW)
			.get(NUMBERS)
			.reply(answer(200, swList([])))
			.post(ORDERS)
			.reply(answer(200, swOrder('pending')))
			.get(`${SW_REGISTRY}/orders/${SW_ORDER}`)
			.reply(answer(200, swOrder('processed')))
			.get(NUMBERS)
			.reply(answer(200, swList([swAssignment('+14155550100', 'failed')])));

		const { items } = await runPhoneNumberNode({ parameters: signalWire({ operation: 'addToCampaign' }) });

		expect(items[0].json.campaign).toMatchObject({ status: 'failed', state: 'failed', orderId: SW_ORDER });
	});

	test('SignalWire refuses the order (422): a failed item with its words, not an error', async () => {
		const refusal = { errors: [{ detail: 'Campaign Spring promotions is pending: numbers can be assigned once it is active', status: '422', title: 'Campaign Not Active', code: 'campaign_not_active' }] };
		nock(SW).get(NUMBERS).reply(answer(200, swList([]))).post(ORDERS).reply(answer(422, refusal));

		const { items, error } = await runPhoneNumberNode({ parameters: signalWire({ operation: 'addToCampaign' }) });

		expect(error).toBeUndefined();
		expect(items[0].json.campaign).toMatchObject({
			status: 'failed',
			httpCode: '422',
			message: 'SignalWire refused the request (HTTP 422): Campaign Spring promotions is pending: numbers can be assigned once it is active',
		});
	});

	test('an unknown campaign (404 on the first look): the item stops with SignalWire\'s words, naming Messaging Campaign', async () => {
		nock(SW).get(NUMBERS).reply(answer(404, { error: 'Not Found' }));

		const { error } = await runPhoneNumberNode({ parameters: signalWire({ operation: 'addToCampaign' }) });

		expect(error?.message).toBe('SignalWire refused the request (HTTP 404): Not Found');
		expect(error?.description).toBe("SignalWire does not know this number or resource. Check 'Messaging Campaign'.");
		expect(requests()).toEqual([`GET ${NUMBERS}`]);
	});
});

describe('SignalWire: Get Messaging Campaign Status and Remove From Messaging Campaign', () => {
	test('status by the campaign\'s numbers: assigned', async () => {
		nock(SW).get(NUMBERS).reply(answer(200, swList([swAssignment('+14155550100', 'completed')])));
		const { items } = await runPhoneNumberNode({ parameters: signalWire({ operation: 'getCampaignStatus' }) });
		expect(requests()).toEqual([`GET ${NUMBERS}`]);
		expect(items[0].json).toEqual({ provider: 'signalwire', number: '+14155550100', campaign: { status: 'assigned', id: SW_CAMPAIGN, orderId: null, state: 'completed', alreadyInCampaign: false } });
	});

	test('status of a number not in the campaign: notAssigned, with what to do', async () => {
		nock(SW).get(NUMBERS).reply(answer(200, swList([])));
		const { items } = await runPhoneNumberNode({ parameters: signalWire({ operation: 'getCampaignStatus' }) });
		expect(items[0].json.campaign).toEqual({
			status: 'notAssigned',
			id: SW_CAMPAIGN,
			orderId: null,
			state: null,
			alreadyInCampaign: false,
			message: `+14155550100 is not in messaging campaign ${SW_CAMPAIGN}`,
			hint: 'Run "Add to Messaging Campaign" to put it in.',
		});
	});

	test('status with the Assignment Order ID of a pending one: the order first; still processing', async () => {
		nock(SW).get(`${SW_REGISTRY}/orders/${SW_ORDER}`).reply(answer(200, swOrder('processing')));
		const { items } = await runPhoneNumberNode({ parameters: signalWire({ operation: 'getCampaignStatus', campaignOrderId: ` ${SW_ORDER.toUpperCase()} ` }) });
		expect(requests()).toEqual([`GET ${SW_REGISTRY}/orders/${SW_ORDER}`]);
		expect(items[0].json.campaign).toMatchObject({ status: 'pending', orderId: SW_ORDER, state: 'processing' });
		expect(clock.waits).toEqual([]);
	});

	test('status with the order, processed: the order, then the assignment', async () => {
		nock(SW)
			.get(`${SW_REGISTRY}/orders/${SW_ORDER}`)
			.reply(answer(200, swOrder('processed')))
			.get(NUMBERS)
			.reply(answer(200, swList([swAssignment('+14155550100', 'completed')])));
		const { items } = await runPhoneNumberNode({ parameters: signalWire({ operation: 'getCampaignStatus', campaignOrderId: SW_ORDER }) });
		expect(requests()).toEqual([`GET ${SW_REGISTRY}/orders/${SW_ORDER}`, `GET ${NUMBERS}`]);
		expect(items[0].json.campaign).toMatchObject({ status: 'assigned', orderId: SW_ORDER, state: 'completed' });
	});

	test('remove: the assignment is found, then DELETE /numbers/{assignment ID}; deleted: true', async () => {
		nock(SW)
			.get(NUMBERS)
			.reply(answer(200, swList([swAssignment('+14155550100', 'completed')])))
			.delete(`${SW_REGISTRY}/numbers/${SW_ASSIGNMENT}`)
			.reply(answer(204));
		const { items, error } = await runPhoneNumberNode({ parameters: signalWire({ operation: 'removeFromCampaign' }) });
		expect(error).toBeUndefined();
		expect(requests()).toEqual([`GET ${NUMBERS}`, `DELETE ${SW_REGISTRY}/numbers/${SW_ASSIGNMENT}`]);
		expect(items[0].json).toEqual({
			deleted: true,
			provider: 'signalwire',
			number: '+14155550100',
			campaign: { status: 'removed', id: SW_CAMPAIGN, orderId: null, state: 'completed', alreadyInCampaign: true },
		});
	});

	test('remove a number that is not in the campaign: stops, nothing deleted', async () => {
		nock(SW).get(NUMBERS).reply(answer(200, swList([])));
		const { error } = await runPhoneNumberNode({ parameters: signalWire({ operation: 'removeFromCampaign' }) });
		expect(error?.message).toBe(`+14155550100 is not in messaging campaign ${SW_CAMPAIGN}`);
		expect(error?.description).toContain('Nothing was removed.');
		expect(requests()).toEqual([`GET ${NUMBERS}`]);
	});
});

describe('Plivo: linked by digits, looked at again until COMPLETED', () => {
	test('not linked yet (404): link, wait 1 s, COMPLETED: assigned; 3 requests', async () => {
		nock(PLIVO)
			.get(LINKED)
			.reply(answer(404, PLIVO_NOT_LINKED('14155550100')))
			.post(LINK, { numbers: ['14155550100'] })
			.reply(answer(202, PLIVO_LINKED))
			.get(LINKED)
			.reply(answer(200, plivoCampaignNumber('14155550100', 'COMPLETED')));

		const { items, error } = await runPhoneNumberNode({ parameters: plivo({ operation: 'addToCampaign' }) });

		expect(error).toBeUndefined();
		expect(requests()).toEqual([`GET ${LINKED}`, `POST ${LINK}`, `GET ${LINKED}`]);
		expect(clock.waits).toEqual([1000]);
		expect(items[0].json).toEqual({
			provider: 'plivo',
			number: '+14155550100',
			campaign: { status: 'assigned', id: PLIVO_CAMPAIGN, orderId: null, state: 'COMPLETED', alreadyInCampaign: false },
		});
	});

	test('a 400 on the first look counts as "not linked" too (Plivo\'s documented words, status not documented)', async () => {
		nock(PLIVO)
			.get(LINKED)
			.reply(answer(400, PLIVO_NOT_LINKED('14155550100')))
			.post(LINK)
			.reply(answer(202, PLIVO_LINKED))
			.get(LINKED)
			.times(2)
			.reply(answer(200, plivoCampaignNumber('14155550100', 'PROCESSING')))
			.get(LINKED)
			.reply(answer(200, plivoCampaignNumber('14155550100', 'COMPLETED')));

		const { items } = await runPhoneNumberNode({ parameters: plivo({ operation: 'addToCampaign' }) });

		expect(clock.waits).toEqual([1000, 2000, 4000]);
		expect(items[0].json.campaign).toMatchObject({ status: 'assigned', state: 'COMPLETED' });
	});

	test('already linked and processing: no second link, pending; the hint has no order ID (Plivo has none)', async () => {
		nock(PLIVO).get(LINKED).reply(answer(200, plivoCampaignNumber('14155550100', 'PROCESSING')));

		const { items } = await runPhoneNumberNode({ parameters: plivo({ operation: 'addToCampaign' }) });

		expect(requests()).toEqual([`GET ${LINKED}`]);
		const summary = items[0].json.campaign as Record<string, string>;
		expect(summary).toMatchObject({ status: 'pending', orderId: null, state: 'PROCESSING', alreadyInCampaign: true });
		expect(summary.hint).toContain(`(Messaging Campaign ${PLIVO_CAMPAIGN})`);
	});

	test('Plivo refuses the link (400): failed, in its words', async () => {
		nock(PLIVO)
			.get(LINKED)
			.reply(answer(404, PLIVO_NOT_LINKED('14155550100')))
			.post(LINK)
			.reply(answer(400, { api_id: 'x', error: 'Campaign CY5NVUA is not active' }));

		const { items } = await runPhoneNumberNode({ parameters: plivo({ operation: 'addToCampaign' }) });

		expect(items[0].json.campaign).toMatchObject({ status: 'failed', httpCode: '400', message: 'Plivo refused the request (HTTP 400): Campaign CY5NVUA is not active' });
	});

	test('FAILED on a look: failed, saying so', async () => {
		nock(PLIVO)
			.get(LINKED)
			.reply(answer(404, PLIVO_NOT_LINKED('14155550100')))
			.post(LINK)
			.reply(answer(202, PLIVO_LINKED))
			.get(LINKED)
			.reply(answer(200, plivoCampaignNumber('14155550100', 'FAILED')));

		const { items } = await runPhoneNumberNode({ parameters: plivo({ operation: 'addToCampaign' }) });

		expect(items[0].json.campaign).toMatchObject({ status: 'failed', state: 'FAILED', message: 'Plivo could not link +14155550100 to the campaign (FAILED)' });
	});

	test('a Plivo outage on the link (500) is an error, not a "failed" item', async () => {
		nock(PLIVO).get(LINKED).reply(answer(404, PLIVO_NOT_LINKED('14155550100'))).post(LINK).reply(answer(500, { api_id: 'x', error: 'internal server error' }));
		const { error } = await runPhoneNumberNode({ parameters: plivo({ operation: 'addToCampaign' }) });
		expect(error?.message).toBe('Plivo could not complete the request (HTTP 500): internal server error');
	});

	test('status: one GET', async () => {
		nock(PLIVO).get(LINKED).reply(answer(200, plivoCampaignNumber('14155550100', 'COMPLETED')));
		const { items } = await runPhoneNumberNode({ parameters: plivo({ operation: 'getCampaignStatus', ownedNumber: byId('14155550100') }) });
		expect(requests()).toEqual([`GET ${LINKED}`]);
		expect(items[0].json.campaign).toMatchObject({ status: 'assigned', state: 'COMPLETED' });
	});

	test('status of a number not linked: notAssigned', async () => {
		nock(PLIVO).get(LINKED).reply(answer(404, PLIVO_NOT_LINKED('14155550100')));
		const { items } = await runPhoneNumberNode({ parameters: plivo({ operation: 'getCampaignStatus' }) });
		expect(items[0].json.campaign).toMatchObject({ status: 'notAssigned' });
	});

	test('remove: GET, then DELETE the same path', async () => {
		nock(PLIVO).get(LINKED).reply(answer(200, plivoCampaignNumber('14155550100', 'COMPLETED'))).delete(LINKED).reply(answer(202, PLIVO_UNLINKED));
		const { items } = await runPhoneNumberNode({ parameters: plivo({ operation: 'removeFromCampaign', messagingCampaign: campaign('cy5nvua', 'id') }) });
		expect(requests()).toEqual([`GET ${LINKED}`, `DELETE ${LINKED}`]);
		expect(items[0].json).toMatchObject({ deleted: true, provider: 'plivo', number: '+14155550100', campaign: { status: 'removed', id: PLIVO_CAMPAIGN } });
	});
});

describe('What stops an item before any request', () => {
	test.each([
		['a toll-free number', signalWire({ operation: 'addToCampaign', ownedNumber: byNumber('+1 888 555 0119') }), 'The "Phone Number" +18885550119 cannot be in a messaging campaign', 'toll-free'],
		['a Canadian number', plivo({ operation: 'addToCampaign', ownedNumber: byNumber('+1 604 555 0100') }), 'The "Phone Number" +16045550100 cannot be in a messaging campaign', 'Canada'],
		['a UK number', plivo({ operation: 'getCampaignStatus', ownedNumber: byNumber('+44 20 7946 0109') }), 'The "Phone Number" +442079460109 cannot be in a messaging campaign', 'not a US number'],
		['a campaign ID of the wrong form', signalWire({ operation: 'addToCampaign', messagingCampaign: campaign('CY5NVUA', 'id') }), 'The "Messaging Campaign" value "CY5NVUA" is not valid: it is not a campaign ID', SW_CAMPAIGN],
		['an expression giving no campaign', plivo({ operation: 'removeFromCampaign', messagingCampaign: campaign('={{ $json.nothing }}', 'id') }), 'The "Messaging Campaign" field is not valid: it is empty', 'CY5NVUA'],
		['a phone number as the campaign', plivo({ operation: 'addToCampaign', messagingCampaign: campaign('+14155550100', 'id') }), 'The "Messaging Campaign" value "+14155550100" is not valid: it looks like a phone number, not a campaign ID', 'Pick the campaign'],
		['an Assignment Order ID that is not one', signalWire({ operation: 'getCampaignStatus', campaignOrderId: 'order-1' }), 'The "Assignment Order ID" value "order-1" is not valid: it is not an order ID', 'Leave it empty'],
	])('%s', async (_name, parameters, message, description) => {
		const { error } = await runPhoneNumberNode({ parameters });
		expect(error?.message).toBe(message);
		expect(error?.description).toContain(description);
		expect(sent).toEqual([]);
	});
});
