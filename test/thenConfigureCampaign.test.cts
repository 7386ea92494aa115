/**
 * Purchase → Then Configure → Messaging Campaign: after the purchase (and its settings update) the
 * number goes into the campaign; only US local numbers are sent; a refused, lost or pending
 * assignment never hides the purchase, and `configure` and `campaign` say what happened and how
 * to finish it. Requests counted per item; waits on the fake clock.
 */
import nock from 'nock';
import type { INodeParameters } from 'n8n-workflow';
import { answer, resetHttp, sent, unexpected } from './helpers/http.cts';
import { runPhoneNumberNode, TEST_CREDENTIALS } from './helpers/n8n.cts';
import { installFakeClock, useRealClock, type FakeClock } from './helpers/rateLimitClock.cts';
import { plivoOwnedNumber, plivoPurchased, signalWirePhoneNumber } from './fixtures/providers.cts';
import { signalWireAvailable, signalWireSearchAnswer } from './fixtures/lifecycle.cts';
import {
	PLIVO_CAMPAIGN,
	PLIVO_LINKED,
	PLIVO_NOT_LINKED,
	plivoCampaignNumber,
	SW_CAMPAIGN,
	SW_NUMBER_ID,
	SW_ORDER,
	SW_REGISTRY,
	swAssignment,
	swList,
	swOrder,
} from './fixtures/campaigns.cts';

const SW = 'https://example-space.signalwire.com';
const SW_PATH = '/api/relay/rest/phone_numbers';
const PLIVO = 'https://api.plivo.com';
const ACCOUNT = `/v1/Account/${TEST_CREDENTIALS.plivoNumbersApi.authId}`;
const ORDERS = `${SW_REGISTRY}/campaigns/${SW_CAMPAIGN}/orders`;
const NUMBERS = `${SW_REGISTRY}/campaigns/${SW_CAMPAIGN}/numbers`;
const LINK = `${ACCOUNT}/10dlc/Campaign/${PLIVO_CAMPAIGN}/Number/`;

const campaign = (value: string) => ({ __rl: true, mode: 'list', value, cachedResultName: 'Order updates (ACCOUNT_NOTIFICATION, active)' });
const purchase = (authentication: string, fields: INodeParameters): INodeParameters => ({ authentication, resource: 'phoneNumber', operation: 'purchase', ...fields });
const requests = () => sent.map((r) => `${r.method} ${new URL(r.url).pathname}`);

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

describe('SignalWire: purchase, update, order, looks', () => {
	test('Name and Messaging Campaign: 5 requests (purchase, PUT, order, the order, the assignment); assigned; configure configured', async () => {
		const bought = signalWirePhoneNumber('+14155550100', { id: SW_NUMBER_ID, country_code: 'US' });
		nock(SW)
			.post(SW_PATH, { number: '+14155550100' })
			.reply(answer(200, bought))
			.put(`${SW_PATH}/${SW_NUMBER_ID}`, { name: 'Customer 42' })
			.reply(answer(200, { ...bought, name: 'Customer 42' }))
			.post(ORDERS, { phone_numbers: ['+14155550100'] })
			.reply(answer(200, swOrder('pending')))
			.get(`${SW_REGISTRY}/orders/${SW_ORDER}`)
			.reply(answer(200, swOrder('processed')))
			.get(NUMBERS)
			.reply(answer(200, swList([swAssignment('+14155550100', 'completed')])));

		const { items, error } = await runPhoneNumberNode({
			parameters: purchase('signalWireApi', { phoneNumber: '+14155550100', thenConfigure: { name: 'Customer 42', messagingCampaign: campaign(SW_CAMPAIGN) } }),
		});

		expect(error).toBeUndefined();
		expect(requests()).toEqual([`POST ${SW_PATH}`, `PUT ${SW_PATH}/${SW_NUMBER_ID}`, `POST ${ORDERS}`, `GET ${SW_REGISTRY}/orders/${SW_ORDER}`, `GET ${NUMBERS}`]);
		expect(clock.waits).toEqual([1000]);
		expect(items).toEqual([
			{
				json: {
					...bought,
					name: 'Customer 42',
					purchase: { status: 'purchased', number: '+14155550100' },
					configure: { status: 'configured', settings: { name: 'Customer 42' }, campaign: SW_CAMPAIGN },
					campaign: { status: 'assigned', id: SW_CAMPAIGN, orderId: SW_ORDER, state: 'completed', alreadyInCampaign: false },
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('First Available Match with only Messaging Campaign, Simplify on: search, purchase, order (Max Wait 0); pending', async () => {
		nock(SW)
			.get(`${SW_PATH}/search`)
			.query(true)
			.reply(answer(200, signalWireSearchAnswer(signalWireAvailable('+14155550123'))))
			.post(SW_PATH, { number: '+14155550123' })
			.reply(answer(200, signalWirePhoneNumber('+14155550123', { id: SW_NUMBER_ID })))
			.post(ORDERS, { phone_numbers: ['+14155550123'] })
			.reply(answer(200, swOrder('pending')));

		const { items } = await runPhoneNumberNode({
			parameters: purchase('signalWireApi', {
				numberToBuy: 'firstMatch',
				numberType: 'local',
				searchFilters: { areaCode: '415' },
				thenConfigure: { messagingCampaign: campaign(SW_CAMPAIGN) },
				simplify: true,
				requestOptions: { maxCampaignWait: 0 },
			}),
		});

		expect(requests()).toEqual([`GET ${SW_PATH}/search`, `POST ${SW_PATH}`, `POST ${ORDERS}`]);
		const json = items[0].json as Record<string, Record<string, string>>;
		expect(json).toMatchObject({
			provider: 'signalwire',
			number: '+14155550123',
			purchase: { status: 'purchased' },
			configure: { status: 'pending', settings: {}, campaign: SW_CAMPAIGN },
			campaign: { status: 'pending', orderId: SW_ORDER, state: 'pending' },
		});
		expect(json.configure.message).toBe(json.campaign.message);
		expect(json.configure.hint).toContain('"Get Messaging Campaign Status"');
	});

	test('SignalWire refuses the order (422): the item is the bought number; campaign failed; configure notConfigured with both hints', async () => {
		const bought = signalWirePhoneNumber('+14155550100', { id: SW_NUMBER_ID });
		const refusal = { errors: [{ detail: 'Campaign Appointment reminders is pending: numbers can be assigned once it is active', status: '422', title: 'Campaign Not Active', code: 'campaign_not_active' }] };
		nock(SW).post(SW_PATH).reply(answer(200, bought)).post(ORDERS).reply(answer(422, refusal));

		const { items, error } = await runPhoneNumberNode({ parameters: purchase('signalWireApi', { phoneNumber: '+14155550100', thenConfigure: { messagingCampaign: campaign(SW_CAMPAIGN) } }) });

		expect(error).toBeUndefined();
		const json = items[0].json as Record<string, Record<string, string>>;
		expect(json.id).toBe(SW_NUMBER_ID);
		expect(json.purchase).toEqual({ status: 'purchased', number: '+14155550100' });
		expect(json.campaign).toMatchObject({ status: 'failed', httpCode: '422' });
		expect(json.configure).toMatchObject({
			status: 'notConfigured',
			campaign: SW_CAMPAIGN,
			httpCode: '422',
			message: 'SignalWire refused the request (HTTP 422): Campaign Appointment reminders is pending: numbers can be assigned once it is active',
		});
		expect(json.configure.hint).toContain('then run "Add to Messaging Campaign" again');
	});

	test('the order\'s answer is lost (500): still the bought number, campaign failed, never an error nor a second purchase', async () => {
		nock(SW).post(SW_PATH).reply(answer(200, signalWirePhoneNumber('+14155550100'))).post(ORDERS).reply(answer(500, { error: 'Internal Server Error' }));

		const { items, error } = await runPhoneNumberNode({ parameters: purchase('signalWireApi', { phoneNumber: '+14155550100', thenConfigure: { messagingCampaign: campaign(SW_CAMPAIGN) } }) });

		expect(error).toBeUndefined();
		expect(requests()).toEqual([`POST ${SW_PATH}`, `POST ${ORDERS}`]);
		expect(items[0].json).toMatchObject({ purchase: { status: 'purchased' }, campaign: { status: 'failed', httpCode: '500' }, configure: { status: 'notConfigured' } });
	});

	test('the settings update refused and the campaign assigned: notConfigured for the settings, the campaign assigned', async () => {
		const bought = signalWirePhoneNumber('+14155550100', { id: SW_NUMBER_ID });
		nock(SW)
			.post(SW_PATH)
			.reply(answer(200, bought))
			.put(`${SW_PATH}/${SW_NUMBER_ID}`)
			.reply(answer(422, { errors: [{ detail: 'name is too long', status: '422', title: 'Invalid', code: 'invalid' }] }))
			.post(ORDERS)
			.reply(answer(200, swOrder('processed')))
			.get(NUMBERS)
			.reply(answer(200, swList([swAssignment('+14155550100', 'completed')])));

		const { items } = await runPhoneNumberNode({
			parameters: purchase('signalWireApi', { phoneNumber: '+14155550100', thenConfigure: { name: 'Customer 42', messagingCampaign: campaign(SW_CAMPAIGN) } }),
		});

		expect(clock.waits).toEqual([]);
		expect(items[0].json).toMatchObject({
			configure: { status: 'notConfigured', settings: { name: 'Customer 42' }, campaign: SW_CAMPAIGN, httpCode: '422', message: 'SignalWire refused the request (HTTP 422): name is too long' },
			campaign: { status: 'assigned', orderId: SW_ORDER },
		});
	});

	test.each([
		['a toll-free number (by its digits)', '+18885550100', {}, '+18885550100 is a toll-free number'],
		['a Canadian number (by its record)', '+14155550100', { country_code: 'CA' }, '+14155550100 is a CA number'],
		['a number that cannot text (by its record)', '+14155550100', { capabilities: ['voice', 'fax'] }, '+14155550100 cannot send text messages (its capabilities: voice, fax)'],
	])('%s: bought, and the campaign skipped with the reason; no campaign request', async (_name, number, record, reason) => {
		nock(SW).post(SW_PATH).reply(answer(200, signalWirePhoneNumber(number, record)));

		const { items, error } = await runPhoneNumberNode({ parameters: purchase('signalWireApi', { phoneNumber: number, thenConfigure: { messagingCampaign: campaign(SW_CAMPAIGN) } }) });

		expect(error).toBeUndefined();
		expect(requests()).toEqual([`POST ${SW_PATH}`]);
		const json = items[0].json as Record<string, Record<string, string>>;
		expect(json.campaign).toMatchObject({ status: 'skipped', id: SW_CAMPAIGN, alreadyInCampaign: false });
		expect(json.campaign.message).toContain(reason);
		expect(json.configure).toMatchObject({ status: 'skipped', campaign: SW_CAMPAIGN });
	});
});

describe('Plivo: purchase, link, looks', () => {
	test('only Messaging Campaign: purchase, link, one look; configured with no settings', async () => {
		nock(PLIVO)
			.post(`${ACCOUNT}/PhoneNumber/14155550100/`)
			.reply(answer(201, plivoPurchased('14155550100')))
			.post(LINK, { numbers: ['14155550100'] })
			.reply(answer(202, PLIVO_LINKED))
			.get(`${LINK}14155550100/`)
			.reply(answer(200, plivoCampaignNumber('14155550100', 'COMPLETED')));

		const { items, error } = await runPhoneNumberNode({ parameters: purchase('plivoNumbersApi', { phoneNumber: '+14155550100', thenConfigure: { messagingCampaign: campaign(PLIVO_CAMPAIGN) } }) });

		expect(error).toBeUndefined();
		expect(requests()).toEqual([`POST ${ACCOUNT}/PhoneNumber/14155550100/`, `POST ${LINK}`, `GET ${LINK}14155550100/`]);
		expect(items[0].json).toEqual({
			...plivoPurchased('14155550100'),
			purchase: { status: 'purchased', number: '+14155550100' },
			configure: { status: 'configured', settings: {}, campaign: PLIVO_CAMPAIGN },
			campaign: { status: 'assigned', id: PLIVO_CAMPAIGN, orderId: null, state: 'COMPLETED', alreadyInCampaign: false },
		});
	});

	test('already in the account (a workflow run twice): the lookup, then the campaign checked first; linked already, so no second link', async () => {
		nock(PLIVO)
			.post(`${ACCOUNT}/PhoneNumber/14155550100/`)
			.reply(answer(400, { api_id: 'x', error: 'Number 14155550100 is already in this account' }))
			.get(`${ACCOUNT}/Number/14155550100/`)
			.reply(answer(200, plivoOwnedNumber('14155550100')))
			.get(`${LINK}14155550100/`)
			.reply(answer(200, plivoCampaignNumber('14155550100', 'COMPLETED')));

		const { items } = await runPhoneNumberNode({
			parameters: purchase('plivoNumbersApi', { phoneNumber: '+14155550100', thenConfigure: { alias: 'Customer 42', messagingCampaign: campaign(PLIVO_CAMPAIGN) } }),
		});

		expect(requests()).toEqual([`POST ${ACCOUNT}/PhoneNumber/14155550100/`, `GET ${ACCOUNT}/Number/14155550100/`, `GET ${LINK}14155550100/`]);
		expect(items[0].json).toMatchObject({
			purchase: { status: 'alreadyOwned' },
			configure: { status: 'skipped', settings: { alias: 'Customer 42' }, campaign: PLIVO_CAMPAIGN },
			campaign: { status: 'assigned', alreadyInCampaign: true, orderId: null },
		});
	});

	test('already in the account and not linked yet: linked now (the look-up answered 404)', async () => {
		nock(PLIVO)
			.post(`${ACCOUNT}/PhoneNumber/14155550100/`)
			.reply(answer(400, { api_id: 'x', error: 'Number 14155550100 is already in this account' }))
			.get(`${ACCOUNT}/Number/14155550100/`)
			.reply(answer(200, plivoOwnedNumber('14155550100')))
			.get(`${LINK}14155550100/`)
			.reply(answer(404, PLIVO_NOT_LINKED('14155550100')))
			.post(LINK)
			.reply(answer(202, PLIVO_LINKED))
			.get(`${LINK}14155550100/`)
			.reply(answer(200, plivoCampaignNumber('14155550100', 'COMPLETED')));

		const { items } = await runPhoneNumberNode({ parameters: purchase('plivoNumbersApi', { phoneNumber: '+14155550100', thenConfigure: { messagingCampaign: campaign(PLIVO_CAMPAIGN) } }) });

		expect(items[0].json).toMatchObject({ purchase: { status: 'alreadyOwned' }, configure: { status: 'configured' }, campaign: { status: 'assigned', alreadyInCampaign: false } });
	});

	test('a German number awaiting documents: bought, pending, and the campaign skipped as not active yet', async () => {
		nock(PLIVO).post(`${ACCOUNT}/PhoneNumber/493055550100/`).reply(answer(201, plivoPurchased('493055550100', 'pending')));

		const { items } = await runPhoneNumberNode({ parameters: purchase('plivoNumbersApi', { phoneNumber: '+49 30 5555 0100', thenConfigure: { messagingCampaign: campaign(PLIVO_CAMPAIGN) } }) });

		expect(requests()).toEqual([`POST ${ACCOUNT}/PhoneNumber/493055550100/`]);
		expect(items[0].json).toMatchObject({
			purchase: { status: 'pending' },
			campaign: { status: 'skipped', message: `+493055550100 is bought but not active yet (Plivo awaits documents), so it was not put into messaging campaign ${PLIVO_CAMPAIGN}` },
		});
	});

	test('a bad campaign ID stops the item before the purchase: nothing bought', async () => {
		const { error } = await runPhoneNumberNode({
			parameters: purchase('plivoNumbersApi', { phoneNumber: '+14155550100', thenConfigure: { messagingCampaign: { __rl: true, mode: 'id', value: 'marketing' } } }),
		});
		expect(error?.message).toBe('The "Then Configure → Messaging Campaign" value "marketing" is not valid: it is not a campaign ID');
		expect(sent).toEqual([]);
	});
});
