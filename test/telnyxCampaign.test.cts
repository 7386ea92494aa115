/**
 * Telnyx's 10DLC messaging campaigns through n8n's engine, Telnyx's API faked by nock: the exact
 * requests and items of Add to / Get Status of / Remove From Messaging Campaign, the Messaging
 * Campaign list (brands, then each brand's campaigns), Purchase → Then Configure → Messaging
 * Campaign (after a number order, including one still open), refusals in Telnyx's words; and the
 * official SDK (`telnyx` 7.24.0, messaging10dlc.*) as the oracle of every 10DLC request the node
 * sends. Waits on the fake clock.
 */
import nock from 'nock';
import type { INodeParameters } from 'n8n-workflow';
import { answer, resetHttp, sent, unexpected, type RecordedRequest } from './helpers/http.cts';
import { byId, byNumber, fromList, runListSearch, runPhoneNumberNode } from './helpers/n8n.cts';
import { installFakeClock, useRealClock, type FakeClock } from './helpers/rateLimitClock.cts';
import { ORDER_ID, TELNYX_ID, TELNYX_ORIGIN, telnyxErrors, telnyxNumber, telnyxOrder, telnyxPage } from './fixtures/telnyx.cts';

const { Telnyx } = require('telnyx') as { Telnyx: new (options: Record<string, unknown>) => any };

const CAMPAIGN = '4b300178-131c-d902-d54e-72d90ba1620a';
const OTHER_CAMPAIGN = '4b300178-131c-d902-d54e-72d90ba1620b';
const BRAND = '4b20018f-1b2c-3d4e-5f60-7a8b9c0d1e2f';
const BRAND_2 = '4b20018f-1b2c-3d4e-5f60-7a8b9c0d1e30';
const ASSIGNMENTS = '/v2/10dlc/phone_number_campaigns';
const ASSIGNMENT = `${ASSIGNMENTS}/+14155550100`;

/** An assignment as Telnyx answers it (PhoneNumberCampaign): no `{data}` envelope. */
function assignment(assignmentStatus: string, overrides: Record<string, unknown> = {}) {
	return {
		phoneNumber: '+14155550100',
		campaignId: CAMPAIGN,
		brandId: BRAND,
		tcrCampaignId: 'CSNDBX1',
		tcrBrandId: 'BSNDBX1',
		telnyxCampaignId: CAMPAIGN,
		assignmentStatus,
		createdAt: '2026-11-23T08:00:00Z',
		updatedAt: '2026-11-23T08:00:00Z',
		...overrides,
	};
}
const notInCampaign = telnyxErrors('10005', 'Resource not found', 'Phone number +14155550100 is not assigned to any campaign');
/** The number in no campaign yet (404), then the assignment asked for and answered PENDING_ASSIGNMENT. */
const askedFor = () => nock(TELNYX_ORIGIN).get(ASSIGNMENT).reply(answer(404, notInCampaign)).post(ASSIGNMENTS).reply(answer(200, assignment('PENDING_ASSIGNMENT')));
const records = (items: unknown[], page = 1, totalRecords = items.length) => ({ records: items, page, totalRecords });
const brand = (brandId: string, displayName: string) => ({ brandId, displayName, tcrBrandId: 'BSNDBX1', status: 'OK', identityStatus: 'VERIFIED', entityType: 'PRIVATE_PROFIT' });
const campaignRecord = (campaignId: string, description: string, usecase: string, campaignStatus: string, brandId = BRAND) => ({ campaignId, brandId, description, usecase, campaignStatus, status: 'ACTIVE' });

const rl = (value: string, mode: 'list' | 'id' = 'list') => ({ __rl: true, mode, value });
const telnyx = (fields: INodeParameters): INodeParameters => ({
	authentication: 'telnyxNumbersApi',
	resource: 'phoneNumber',
	ownedNumber: byNumber('+1 415 555 0100'),
	messagingCampaign: rl(CAMPAIGN),
	...fields,
});
const purchase = (fields: INodeParameters): INodeParameters => ({ authentication: 'telnyxNumbersApi', resource: 'phoneNumber', operation: 'purchase', phoneNumber: '+1 415 555 0100', ...fields });

function request(recorded: RecordedRequest) {
	const url = new URL(recorded.url.replace(':443', ''));
	return `${recorded.method} ${url.pathname}${url.search}`;
}
const requests = () => sent.map(request);

let clock: FakeClock;
beforeEach(() => {
	resetHttp();
	clock = installFakeClock(Date.parse('2026-11-23T08:00:00.000Z'));
});
afterEach(() => expect(unexpected).toEqual([]));
afterAll(() => {
	useRealClock();
	nock.restore();
});

describe('Telnyx: Add to Messaging Campaign (an assignment by number, looked at until ASSIGNED)', () => {
	test('in no campaign yet: the look (404), the assignment, one wait of 1 s, ASSIGNED', async () => {
		nock(TELNYX_ORIGIN)
			.get(ASSIGNMENT)
			.reply(answer(404, notInCampaign))
			.post(ASSIGNMENTS, { phoneNumber: '+14155550100', campaignId: CAMPAIGN })
			.reply(answer(200, assignment('PENDING_ASSIGNMENT')))
			.get(ASSIGNMENT)
			.reply(answer(200, assignment('ASSIGNED')));

		const { items, error } = await runPhoneNumberNode({ parameters: telnyx({ operation: 'addToCampaign' }) });

		expect(error).toBeUndefined();
		expect(requests()).toEqual([`GET ${ASSIGNMENT}`, `POST ${ASSIGNMENTS}`, `GET ${ASSIGNMENT}`]);
		expect(sent[1].headers.authorization).toBe('Bearer telnyx-test-key');
		expect(sent[1].body).toEqual({ phoneNumber: '+14155550100', campaignId: CAMPAIGN });
		expect(clock.waits).toEqual([1000]);
		expect(items).toEqual([
			{
				json: { provider: 'telnyx', number: '+14155550100', campaign: { status: 'assigned', id: CAMPAIGN, orderId: null, state: 'ASSIGNED', alreadyInCampaign: false } },
				pairedItem: { item: 0 },
			},
		]);
	});

	test('already in the campaign: one look, no new request, assigned', async () => {
		nock(TELNYX_ORIGIN).get(ASSIGNMENT).reply(answer(200, assignment('ASSIGNED')));

		const { items } = await runPhoneNumberNode({ parameters: telnyx({ operation: 'addToCampaign' }) });

		expect(requests()).toEqual([`GET ${ASSIGNMENT}`]);
		expect(items[0].json.campaign).toEqual({ status: 'assigned', id: CAMPAIGN, orderId: null, state: 'ASSIGNED', alreadyInCampaign: true });
	});

	test('already asked for and still PENDING_ASSIGNMENT: no second assignment, no wait', async () => {
		nock(TELNYX_ORIGIN).get(ASSIGNMENT).reply(answer(200, assignment('PENDING_ASSIGNMENT')));

		const { items } = await runPhoneNumberNode({ parameters: telnyx({ operation: 'addToCampaign' }) });

		expect(requests()).toEqual([`GET ${ASSIGNMENT}`]);
		expect(clock.waits).toEqual([]);
		expect(items[0].json.campaign).toMatchObject({ status: 'pending', state: 'PENDING_ASSIGNMENT', alreadyInCampaign: true, orderId: null });
		expect(items[0].json.campaign).toMatchObject({ hint: expect.stringContaining('running "Add to Messaging Campaign" again sends no second order') });
	});

	test('a campaign given by The Campaign Registry\'s ID matches the assignment\'s tcrCampaignId', async () => {
		nock(TELNYX_ORIGIN).get(ASSIGNMENT).reply(answer(200, assignment('ASSIGNED')));

		const { items } = await runPhoneNumberNode({ parameters: telnyx({ operation: 'addToCampaign', messagingCampaign: rl(' csndbx1 ', 'id') }) });

		expect(requests()).toEqual([`GET ${ASSIGNMENT}`]);
		expect(items[0].json.campaign).toMatchObject({ status: 'assigned', id: 'CSNDBX1', alreadyInCampaign: true });
	});

	test('in another campaign: Telnyx refuses the assignment; the item is failed, in Telnyx\'s words', async () => {
		nock(TELNYX_ORIGIN)
			.get(ASSIGNMENT)
			.reply(answer(200, assignment('ASSIGNED', { campaignId: OTHER_CAMPAIGN, telnyxCampaignId: OTHER_CAMPAIGN, tcrCampaignId: 'CSNDBX2' })))
			.post(ASSIGNMENTS, { phoneNumber: '+14155550100', campaignId: CAMPAIGN })
			.reply(answer(400, telnyxErrors('10015', 'Bad Request', 'Phone number +14155550100 is already assigned to a campaign')));

		const { items, error } = await runPhoneNumberNode({ parameters: telnyx({ operation: 'addToCampaign' }) });

		expect(error).toBeUndefined();
		expect(requests()).toEqual([`GET ${ASSIGNMENT}`, `POST ${ASSIGNMENTS}`]);
		expect(items[0].json.campaign).toEqual({
			status: 'failed',
			id: CAMPAIGN,
			orderId: null,
			state: null,
			alreadyInCampaign: false,
			httpCode: '400',
			message: 'Telnyx refused the request (HTTP 400): Bad Request: Phone number +14155550100 is already assigned to a campaign (code 10015)',
			hint: 'Check the campaign and the number in the Telnyx Mission Control Portal (Messaging → 10DLC → Campaigns) (the campaign must be approved, the number a US local number able to text), then run "Add to Messaging Campaign" again.',
		});
	});

	test('a campaign not approved yet: Telnyx\'s refusal (code 10036) is the item\'s message', async () => {
		nock(TELNYX_ORIGIN)
			.get(ASSIGNMENT)
			.reply(answer(404, notInCampaign))
			.post(ASSIGNMENTS)
			.reply(answer(422, telnyxErrors('10036', 'Campaign not approved', `Campaign ${CAMPAIGN} is still pending and has not been approved yet.`)));

		const { items } = await runPhoneNumberNode({ parameters: telnyx({ operation: 'addToCampaign' }) });

		expect(items[0].json.campaign).toMatchObject({
			status: 'failed',
			httpCode: '422',
			message: `Telnyx refused the request (HTTP 422): Campaign not approved: Campaign ${CAMPAIGN} is still pending and has not been approved yet. (code 10036)`,
		});
	});

	test('the carriers refuse the number: FAILED_ASSIGNMENT with Telnyx\'s failureReasons', async () => {
		askedFor()
			.get(ASSIGNMENT)
			.reply(answer(200, assignment('PENDING_ASSIGNMENT')))
			.get(ASSIGNMENT)
			.reply(answer(200, assignment('FAILED_ASSIGNMENT', { failureReasons: 'T-Mobile rejected the number' })));

		const { items } = await runPhoneNumberNode({ parameters: telnyx({ operation: 'addToCampaign' }) });

		expect(clock.waits).toEqual([1000, 2000]);
		expect(items[0].json.campaign).toMatchObject({
			status: 'failed',
			state: 'FAILED_ASSIGNMENT',
			message: `Telnyx could not assign +14155550100 to campaign ${CAMPAIGN} (FAILED_ASSIGNMENT: T-Mobile rejected the number)`,
		});
	});

	test('still PENDING_ASSIGNMENT when Max Wait for Campaign Assignment is over: pending, how to check later', async () => {
		askedFor()
			.get(ASSIGNMENT)
			.times(3)
			.reply(answer(200, assignment('PENDING_ASSIGNMENT')));

		const { items } = await runPhoneNumberNode({ parameters: telnyx({ operation: 'addToCampaign', requestOptions: { maxCampaignWait: 5 } }) });

		expect(requests()).toEqual([`GET ${ASSIGNMENT}`, `POST ${ASSIGNMENTS}`, `GET ${ASSIGNMENT}`, `GET ${ASSIGNMENT}`, `GET ${ASSIGNMENT}`]);
		expect(clock.waits).toEqual([1000, 2000, 2000]);
		expect(items[0].json.campaign).toEqual({
			status: 'pending',
			id: CAMPAIGN,
			orderId: null,
			state: 'PENDING_ASSIGNMENT',
			alreadyInCampaign: false,
			message: `Telnyx has not finished putting +14155550100 into messaging campaign ${CAMPAIGN} within 5 seconds (state: PENDING_ASSIGNMENT)`,
			hint: `Nothing more is needed from you: Telnyx finishes it by itself (carriers may take hours for a new campaign). Check later with "Get Messaging Campaign Status" (Messaging Campaign ${CAMPAIGN}); running "Add to Messaging Campaign" again sends no second order.`,
		});
	});

	test('picked From List (the number\'s ID): the number is read first ({data}), then its assignment', async () => {
		nock(TELNYX_ORIGIN)
			.get(`/v2/phone_numbers/${TELNYX_ID}`)
			.reply(answer(200, { data: telnyxNumber('+14155550100') }))
			.get(ASSIGNMENT)
			.reply(answer(200, assignment('ASSIGNED')));

		const { items, error } = await runPhoneNumberNode({ parameters: telnyx({ operation: 'addToCampaign', ownedNumber: fromList(TELNYX_ID) }) });

		expect(error).toBeUndefined();
		expect(requests()).toEqual([`GET /v2/phone_numbers/${TELNYX_ID}`, `GET ${ASSIGNMENT}`]);
		expect(items[0].json).toMatchObject({ number: '+14155550100', campaign: { status: 'assigned', alreadyInCampaign: true } });
	});

	test('bad input stops the item before any request: a campaign ID that is not one, a toll-free number', async () => {
		const phone = await runPhoneNumberNode({ parameters: telnyx({ operation: 'addToCampaign', messagingCampaign: rl('+1 415 555 0100', 'id') }) });
		expect(phone.error?.message).toBe('The "Messaging Campaign" value "+1 415 555 0100" is not valid: it looks like a phone number, not a campaign ID');
		const tollFree = await runPhoneNumberNode({ parameters: telnyx({ operation: 'addToCampaign', ownedNumber: byId('1293384261075731499'), messagingCampaign: rl('nope', 'id') }) });
		expect(tollFree.error?.message).toBe('The "Messaging Campaign" value "nope" is not valid: it is not a campaign ID');
		const ownedTollFree = await runPhoneNumberNode({ parameters: telnyx({ operation: 'addToCampaign', ownedNumber: byNumber('+1 888 555 0119') }) });
		expect(ownedTollFree.error?.message).toBe('The "Phone Number" +18885550119 cannot be in a messaging campaign');
		expect(sent).toEqual([]);
	});
});

describe('Telnyx: Get Messaging Campaign Status and Remove From Messaging Campaign', () => {
	test('status: one GET; ASSIGNED is assigned', async () => {
		nock(TELNYX_ORIGIN).get(ASSIGNMENT).reply(answer(200, assignment('ASSIGNED')));

		const { items } = await runPhoneNumberNode({ parameters: telnyx({ operation: 'getCampaignStatus' }) });

		expect(requests()).toEqual([`GET ${ASSIGNMENT}`]);
		expect(items).toEqual([
			{ json: { provider: 'telnyx', number: '+14155550100', campaign: { status: 'assigned', id: CAMPAIGN, orderId: null, state: 'ASSIGNED', alreadyInCampaign: false } }, pairedItem: { item: 0 } },
		]);
	});

	test('status: in no campaign (404) or in another one, or leaving it (PENDING_UNASSIGNMENT): notAssigned', async () => {
		nock(TELNYX_ORIGIN)
			.get(ASSIGNMENT)
			.reply(answer(404, notInCampaign))
			.get(ASSIGNMENT)
			.reply(answer(200, assignment('ASSIGNED', { campaignId: OTHER_CAMPAIGN, telnyxCampaignId: OTHER_CAMPAIGN, tcrCampaignId: 'CSNDBX2' })))
			.get(ASSIGNMENT)
			.reply(answer(200, assignment('PENDING_UNASSIGNMENT')));

		for (let run = 0; run < 3; run++) {
			const { items } = await runPhoneNumberNode({ parameters: telnyx({ operation: 'getCampaignStatus' }) });
			expect(items[0].json.campaign).toEqual({
				status: 'notAssigned',
				id: CAMPAIGN,
				orderId: null,
				state: null,
				alreadyInCampaign: false,
				message: `+14155550100 is not in messaging campaign ${CAMPAIGN}`,
				hint: 'Run "Add to Messaging Campaign" to put it in.',
			});
		}
		expect(requests()).toEqual([`GET ${ASSIGNMENT}`, `GET ${ASSIGNMENT}`, `GET ${ASSIGNMENT}`]);
	});

	test('status: Telnyx\'s other refusals stop the item in its words', async () => {
		nock(TELNYX_ORIGIN).get(ASSIGNMENT).reply(answer(403, telnyxErrors('10010', 'Forbidden', 'Your account is not enabled for 10DLC')));

		const { error } = await runPhoneNumberNode({ parameters: telnyx({ operation: 'getCampaignStatus' }) });

		expect(error?.message).toBe('Telnyx refused the request (HTTP 403): Forbidden: Your account is not enabled for 10DLC (code 10010)');
	});

	test('the status operation offers no Assignment Order ID at Telnyx: there are no orders', async () => {
		nock(TELNYX_ORIGIN).get(ASSIGNMENT).reply(answer(200, assignment('PENDING_ASSIGNMENT')));

		const { items } = await runPhoneNumberNode({ parameters: telnyx({ operation: 'getCampaignStatus', campaignOrderId: '3fa85f64-5717-4562-b3fc-2c963f66afa6' }) });

		expect(requests()).toEqual([`GET ${ASSIGNMENT}`]);
		expect(items[0].json.campaign).toMatchObject({ status: 'pending', orderId: null, state: 'PENDING_ASSIGNMENT' });
	});

	test('remove: the look, then DELETE by number; the confirmation item', async () => {
		nock(TELNYX_ORIGIN)
			.get(ASSIGNMENT)
			.reply(answer(200, assignment('ASSIGNED')))
			.delete(ASSIGNMENT)
			.reply(answer(200, assignment('PENDING_UNASSIGNMENT')));

		const { items, error } = await runPhoneNumberNode({ parameters: telnyx({ operation: 'removeFromCampaign' }) });

		expect(error).toBeUndefined();
		expect(requests()).toEqual([`GET ${ASSIGNMENT}`, `DELETE ${ASSIGNMENT}`]);
		expect(items).toEqual([
			{
				json: { deleted: true, provider: 'telnyx', number: '+14155550100', campaign: { status: 'removed', id: CAMPAIGN, orderId: null, state: 'ASSIGNED', alreadyInCampaign: true } },
				pairedItem: { item: 0 },
			},
		]);
	});

	test('remove: a number in another campaign is not taken out of it', async () => {
		nock(TELNYX_ORIGIN).get(ASSIGNMENT).reply(answer(200, assignment('ASSIGNED', { campaignId: OTHER_CAMPAIGN, telnyxCampaignId: OTHER_CAMPAIGN, tcrCampaignId: 'CSNDBX2' })));

		const { error } = await runPhoneNumberNode({ parameters: telnyx({ operation: 'removeFromCampaign' }) });

		expect(requests()).toEqual([`GET ${ASSIGNMENT}`]);
		expect(error?.message).toBe(`+14155550100 is not in messaging campaign ${CAMPAIGN}`);
	});
});

describe('Telnyx: the Messaging Campaign list (brands, then each brand\'s campaigns)', () => {
	const list = (filter?: string, paginationToken?: string) =>
		runListSearch({ parameters: { authentication: 'telnyxNumbersApi', resource: 'phoneNumber', operation: 'addToCampaign' }, method: 'searchMessagingCampaigns', filter, paginationToken });

	test('the brands, then the first brand\'s campaigns; the next brand is the next page', async () => {
		nock(TELNYX_ORIGIN)
			.get('/v2/10dlc/brand')
			.query({ page: '1', recordsPerPage: '20' })
			.reply(answer(200, records([brand(BRAND, 'Sandbox Coffee'), brand(BRAND_2, 'Sandbox Clinic')])))
			.get('/v2/10dlc/campaign')
			.query({ brandId: BRAND, page: '1', recordsPerPage: '20' })
			.reply(answer(200, records([campaignRecord(CAMPAIGN, 'Order updates', 'ACCOUNT_NOTIFICATION', 'MNO_PROVISIONED')])));

		const { result, error } = await list();

		expect(error).toBeUndefined();
		expect(requests()).toEqual(['GET /v2/10dlc/brand?page=1&recordsPerPage=20', `GET /v2/10dlc/campaign?brandId=${BRAND}&page=1&recordsPerPage=20`]);
		expect(result).toEqual({ results: [{ name: 'Order updates (ACCOUNT_NOTIFICATION, MNO_PROVISIONED)', value: CAMPAIGN }], paginationToken: '1|1' });
	});

	test('the next page: the second brand\'s campaigns, filtered here by what was typed; no more pages', async () => {
		nock(TELNYX_ORIGIN)
			.get('/v2/10dlc/brand')
			.query(true)
			.reply(answer(200, records([brand(BRAND, 'Sandbox Coffee'), brand(BRAND_2, 'Sandbox Clinic')])))
			.get('/v2/10dlc/campaign')
			.query({ brandId: BRAND_2, page: '1', recordsPerPage: '20' })
			.reply(
				answer(200, records([campaignRecord(OTHER_CAMPAIGN, 'Appointment reminders', 'CUSTOMER_CARE', 'TCR_PENDING', BRAND_2), campaignRecord('CSNDBX4', 'Sweepstakes blast', 'SWEEPSTAKE', 'TCR_FAILED', BRAND_2)])),
			);

		const { result } = await list(' remind ', '1|1');

		expect(result).toEqual({ results: [{ name: 'Appointment reminders (CUSTOMER_CARE, TCR_PENDING)', value: OTHER_CAMPAIGN }] });
	});

	test('a brand with more campaigns than a page: page 2 of the same brand comes next', async () => {
		const many = Array.from({ length: 20 }, (_, i) => campaignRecord(`4b300178-131c-d902-d54e-72d90ba16${String(i).padStart(3, '0')}`, `Campaign ${i}`, 'MIXED', 'MNO_PROVISIONED'));
		nock(TELNYX_ORIGIN)
			.get('/v2/10dlc/brand')
			.query(true)
			.reply(answer(200, records([brand(BRAND, 'Sandbox Coffee')])))
			.get('/v2/10dlc/campaign')
			.query({ brandId: BRAND, page: '1', recordsPerPage: '20' })
			.reply(answer(200, records(many, 1, 21)));

		const { result } = await list();

		expect(result?.results).toHaveLength(20);
		expect(result?.paginationToken).toBe('0|2');
	});
});

describe('Telnyx: Purchase → Then Configure → Messaging Campaign', () => {
	test('an order that succeeds: 3 requests (order, assignment, one look); assigned; configure configured', async () => {
		nock(TELNYX_ORIGIN)
			.post('/v2/number_orders')
			.reply(answer(200, { data: telnyxOrder('+14155550100', 'success') }))
			.post(ASSIGNMENTS, { phoneNumber: '+14155550100', campaignId: CAMPAIGN })
			.reply(answer(200, assignment('PENDING_ASSIGNMENT')))
			.get(ASSIGNMENT)
			.reply(answer(200, assignment('ASSIGNED')));

		const { items, error } = await runPhoneNumberNode({ parameters: purchase({ thenConfigure: { messagingCampaign: rl(CAMPAIGN) } }) });

		expect(error).toBeUndefined();
		expect(requests()).toEqual(['POST /v2/number_orders', `POST ${ASSIGNMENTS}`, `GET ${ASSIGNMENT}`]);
		expect(clock.waits).toEqual([1000]);
		expect(items).toEqual([
			{
				json: {
					...telnyxOrder('+14155550100', 'success'),
					purchase: { status: 'purchased', number: '+14155550100', orderId: ORDER_ID },
					configure: { status: 'configured', settings: {}, campaign: CAMPAIGN },
					campaign: { status: 'assigned', id: CAMPAIGN, orderId: null, state: 'ASSIGNED', alreadyInCampaign: false },
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('an order read once more, then the campaign: 4 requests (order, order, assignment, look)', async () => {
		nock(TELNYX_ORIGIN)
			.post('/v2/number_orders')
			.reply(answer(200, { data: telnyxOrder('+14155550100', 'pending') }))
			.get(`/v2/number_orders/${ORDER_ID}`)
			.reply(answer(200, { data: telnyxOrder('+14155550100', 'success') }))
			.post(ASSIGNMENTS)
			.reply(answer(200, assignment('PENDING_ASSIGNMENT')))
			.get(ASSIGNMENT)
			.reply(answer(200, assignment('ASSIGNED')));

		const { items } = await runPhoneNumberNode({ parameters: purchase({ thenConfigure: { messagingCampaign: rl(CAMPAIGN) } }) });

		expect(requests()).toEqual(['POST /v2/number_orders', `GET /v2/number_orders/${ORDER_ID}`, `POST ${ASSIGNMENTS}`, `GET ${ASSIGNMENT}`]);
		expect(items[0].json.campaign).toMatchObject({ status: 'assigned' });
		expect(items[0].json.configure).toEqual({ status: 'configured', settings: {}, campaign: CAMPAIGN });
	});

	test('an order still open when Max Wait for Order is over: nothing sent for the campaign; skipped, with the reason and how to finish', async () => {
		nock(TELNYX_ORIGIN).post('/v2/number_orders').reply(answer(200, { data: telnyxOrder('+14155550100', 'pending') }));

		const { items, error } = await runPhoneNumberNode({ parameters: purchase({ thenConfigure: { messagingCampaign: rl(CAMPAIGN) }, requestOptions: { maxOrderWait: 0 } }) });

		expect(error).toBeUndefined();
		expect(requests()).toEqual(['POST /v2/number_orders']);
		expect(items[0].json.purchase).toMatchObject({ status: 'pending', orderId: ORDER_ID });
		expect(items[0].json.campaign).toEqual({
			status: 'skipped',
			id: CAMPAIGN,
			orderId: null,
			state: null,
			alreadyInCampaign: false,
			message: `+14155550100 is bought but not active yet, so it was not put into messaging campaign ${CAMPAIGN}: Telnyx had not finished order ${ORDER_ID} when the wait ended (Options → Max Wait for Order)`,
			hint: 'Once it can, run this node with Operation "Add to Messaging Campaign" on +14155550100.',
		});
		expect(items[0].json.configure).toMatchObject({ status: 'skipped', campaign: CAMPAIGN });
	});

	test('a refused assignment never hides the purchase: the order is the item, the campaign failed in Telnyx\'s words', async () => {
		nock(TELNYX_ORIGIN)
			.post('/v2/number_orders')
			.reply(answer(200, { data: telnyxOrder('+14155550100', 'success') }))
			.post(ASSIGNMENTS)
			.reply(answer(422, telnyxErrors('10036', 'Campaign not approved', `Campaign ${CAMPAIGN} is still pending and has not been approved yet.`)));

		const { items, error } = await runPhoneNumberNode({ parameters: purchase({ thenConfigure: { messagingCampaign: rl(CAMPAIGN) } }) });

		expect(error).toBeUndefined();
		expect(requests()).toEqual(['POST /v2/number_orders', `POST ${ASSIGNMENTS}`]);
		expect(items[0].json.purchase).toEqual({ status: 'purchased', number: '+14155550100', orderId: ORDER_ID });
		expect(items[0].json.campaign).toMatchObject({ status: 'failed', httpCode: '422', message: expect.stringContaining('(code 10036)') });
		expect(items[0].json.configure).toMatchObject({ status: 'notConfigured', campaign: CAMPAIGN });
	});

	test('a number already in the account and in the campaign: the order refused, the lookup, the assignment looked at; nothing assigned again', async () => {
		nock(TELNYX_ORIGIN)
			.post('/v2/number_orders')
			.reply(answer(422, telnyxErrors('10015', 'Bad Request', '+14155550100 is not available for purchase', '/phone_numbers/0/phone_number')))
			.get('/v2/phone_numbers')
			.query({ 'filter[phone_number]': '14155550100' })
			.reply(answer(200, telnyxPage([telnyxNumber('+14155550100')])))
			.get(ASSIGNMENT)
			.reply(answer(200, assignment('ASSIGNED')));

		const { items, error } = await runPhoneNumberNode({ parameters: purchase({ thenConfigure: { messagingCampaign: rl(CAMPAIGN) } }) });

		expect(error).toBeUndefined();
		expect(requests()).toEqual(['POST /v2/number_orders', 'GET /v2/phone_numbers?filter%5Bphone_number%5D=14155550100', `GET ${ASSIGNMENT}`]);
		expect(items[0].json.purchase).toEqual({ status: 'alreadyOwned', number: '+14155550100' });
		expect(items[0].json.campaign).toEqual({ status: 'assigned', id: CAMPAIGN, orderId: null, state: 'ASSIGNED', alreadyInCampaign: true });
	});

	test('a number the campaign cannot take (a GB number): bought, nothing sent for the campaign, skipped with the reason', async () => {
		const gb = telnyxOrder('+442071838750', 'success', {}, { country_code: 'GB', country_iso_alpha2: 'GB' });
		nock(TELNYX_ORIGIN).post('/v2/number_orders').reply(answer(200, { data: gb }));

		const { items } = await runPhoneNumberNode({ parameters: purchase({ phoneNumber: '+44 20 7183 8750', thenConfigure: { messagingCampaign: rl(CAMPAIGN) } }) });

		expect(requests()).toEqual(['POST /v2/number_orders']);
		expect(items[0].json.campaign).toMatchObject({ status: 'skipped', message: '+442071838750 is not a US number: 10DLC messaging campaigns take US local numbers only (+1 and 10 digits)' });
	});

	test('a US number Telnyx records as toll-free (its type, not its area code): skipped by the order\'s own record', async () => {
		const tollFree = telnyxOrder('+14155550100', 'success', {}, { phone_number_type: 'toll_free' });
		nock(TELNYX_ORIGIN).post('/v2/number_orders').reply(answer(200, { data: tollFree }));

		const { items } = await runPhoneNumberNode({ parameters: purchase({ thenConfigure: { messagingCampaign: rl(CAMPAIGN) } }) });

		expect(requests()).toEqual(['POST /v2/number_orders']);
		expect(items[0].json.campaign).toMatchObject({ status: 'skipped', message: '+14155550100 is a toll-free number: toll-free numbers are verified for texting on their own, not put in a 10DLC messaging campaign' });
	});
});

describe('the official SDK (messaging10dlc) sends the same 10DLC requests as the node', () => {
	const normalised = (recorded: RecordedRequest) => {
		const url = new URL(recorded.url.replace(':443', ''));
		return { method: recorded.method, path: url.pathname, query: Object.fromEntries(url.searchParams), body: recorded.body ?? null, authorization: recorded.headers.authorization };
	};
	const sdk = () => new Telnyx({ apiKey: 'telnyx-test-key', maxRetries: 0 });
	function fakeTelnyx() {
		const scope = nock(TELNYX_ORIGIN).persist();
		scope.get('/v2/10dlc/brand').query(true).reply(answer(200, records([brand(BRAND, 'Sandbox Coffee')])));
		scope.get('/v2/10dlc/campaign').query(true).reply(answer(200, records([campaignRecord(CAMPAIGN, 'Order updates', 'ACCOUNT_NOTIFICATION', 'MNO_PROVISIONED')])));
		scope.post(ASSIGNMENTS).reply(answer(200, assignment('ASSIGNED')));
		scope.delete(ASSIGNMENT).reply(answer(200, assignment('PENDING_UNASSIGNMENT')));
	}
	afterEach(() => nock.cleanAll());

	test('Add (assign), Get Status (retrieve), Remove (delete): method, path ("+" kept), body, Bearer key', async () => {
		fakeTelnyx();
		// The first look finds the number in no campaign, the next two (Get Status, Remove) in this one: for each side.
		const looks = () => nock(TELNYX_ORIGIN).get(ASSIGNMENT).reply(answer(404, notInCampaign)).get(ASSIGNMENT).times(2).reply(answer(200, assignment('ASSIGNED')));
		looks();
		for (const operation of ['addToCampaign', 'getCampaignStatus', 'removeFromCampaign']) {
			const { error } = await runPhoneNumberNode({ parameters: telnyx({ operation, requestOptions: { maxCampaignWait: 0 } }) });
			expect(error).toBeUndefined();
		}
		const node = sent.map(normalised);
		sent.length = 0;
		looks();
		const client = sdk();
		await expect(client.messaging10dlc.phoneNumberCampaigns.retrieve('+14155550100')).rejects.toMatchObject({ status: 404 });
		await client.messaging10dlc.phoneNumberCampaigns.create({ phoneNumber: '+14155550100', campaignId: CAMPAIGN });
		await client.messaging10dlc.phoneNumberCampaigns.retrieve('+14155550100');
		await client.messaging10dlc.phoneNumberCampaigns.retrieve('+14155550100');
		await client.messaging10dlc.phoneNumberCampaigns.delete('+14155550100');
		expect(node).toHaveLength(5);
		expect(node).toEqual(sent.map(normalised));
		expect(node.map(({ method, path }) => `${method} ${path}`)).toEqual([`GET ${ASSIGNMENT}`, `POST ${ASSIGNMENTS}`, `GET ${ASSIGNMENT}`, `GET ${ASSIGNMENT}`, `DELETE ${ASSIGNMENT}`]);
	});

	test('the Messaging Campaign list: brand.list, then campaign.list with the brand\'s ID', async () => {
		fakeTelnyx();
		const { error } = await runListSearch({ parameters: { authentication: 'telnyxNumbersApi', resource: 'phoneNumber', operation: 'addToCampaign' }, method: 'searchMessagingCampaigns' });
		expect(error).toBeUndefined();
		const node = sent.map(normalised);
		sent.length = 0;
		const client = sdk();
		await client.messaging10dlc.brand.list({ page: 1, recordsPerPage: 20 });
		await client.messaging10dlc.campaign.list({ brandId: BRAND, page: 1, recordsPerPage: 20 });
		expect(node).toEqual(sent.map(normalised));
		expect(node).toHaveLength(2);
	});
});
