/**
 * Twilio's US A2P 10DLC campaigns through n8n's engine, with Twilio's answers from nock: a number is
 * in a campaign by being in the Messaging Service that carries it (the Messaging API, on its own
 * host), as ready as that campaign is. The exact requests (hosts, paths, form bodies), the items,
 * refusals in Twilio's words, the Messaging Campaign list, and Purchase → Then Configure → Messaging
 * Campaign with the requests of one "buy and make textable" item counted.
 */
import nock from 'nock';
import type { INodeParameters } from 'n8n-workflow';
import { answer, resetHttp, sent, unexpected } from './helpers/http.cts';
import { byId, byNumber, fromList, runListSearch, runPhoneNumberNode } from './helpers/n8n.cts';
import { installFakeClock, useRealClock, type FakeClock } from './helpers/rateLimitClock.cts';
import {
	TWILIO_MESSAGING_ORIGIN,
	TWILIO_NUMBERS,
	TWILIO_ORIGIN,
	TWILIO_SERVICE,
	TWILIO_SERVICE_2,
	TWILIO_SID,
	twilioError,
	twilioIncoming,
	twilioList,
	twilioNumberPath,
	twilioService,
	twilioServiceNumber,
	twilioServiceNumberPath,
	twilioServiceNumbersPath,
	twilioServices,
	twilioUsa2p,
	twilioUsa2pList,
	twilioUsa2pPath,
} from './fixtures/twilio.cts';
import { twilioMessagingRoot } from '../nodes/providers/twilio/campaigns';

const USA2P = twilioUsa2pPath();
const IN_SERVICE = twilioServiceNumberPath(TWILIO_SID);
const ADD = twilioServiceNumbersPath();
const LOOKUP = `${TWILIO_NUMBERS}?PhoneNumber=%2B14155550100`;
const NOT_IN_SERVICE = twilioError(404, 20404, `The requested resource /Services/${TWILIO_SERVICE}/PhoneNumbers/${TWILIO_SID} was not found`);

const campaign = (value: string, mode: 'list' | 'id' = 'list') => ({ __rl: true, mode, value });
const twilio = (fields: INodeParameters): INodeParameters => ({
	authentication: 'twilioNumbersApi',
	resource: 'phoneNumber',
	ownedNumber: byNumber('+1 415 555 0100'),
	messagingCampaign: campaign(TWILIO_SERVICE),
	...fields,
});
const purchase = (fields: INodeParameters): INodeParameters => ({ authentication: 'twilioNumbersApi', resource: 'phoneNumber', operation: 'purchase', ...fields });
/** Each request as "METHOD host/path?query". */
const requests = () => sent.map((r) => `${r.method} ${new URL(r.url).host}${new URL(r.url).pathname}${new URL(r.url).search}`);
const api = (path: string) => `api.twilio.com${path}`;
const messaging = (path: string) => `messaging.twilio.com${path}`;

/** Twilio's answer to the look-up of +1 415 555 0100 by its digits. */
function lookedUp(scope = nock(TWILIO_ORIGIN)) {
	return scope.get(TWILIO_NUMBERS).query({ PhoneNumber: '+14155550100' }).reply(answer(200, twilioList([twilioIncoming('+14155550100')])));
}

/** What Add by number starts with: the look-up, "not in the service" (404), the service's campaign; the Messaging API's scope goes on. */
function notInServiceYet(campaign: ReturnType<typeof twilioUsa2p>) {
	lookedUp();
	return nock(TWILIO_MESSAGING_ORIGIN).get(IN_SERVICE).reply(answer(404, NOT_IN_SERVICE)).get(USA2P).reply(answer(200, twilioUsa2pList([campaign])));
}

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

describe('Add to Messaging Campaign: the number into the Messaging Service that carries the campaign', () => {
	test('by number, not in the service, campaign VERIFIED: look-up, look, campaign, POST (form); assigned', async () => {
		notInServiceYet(twilioUsa2p('VERIFIED'))
			.post(ADD, `PhoneNumberSid=${TWILIO_SID}`)
			.reply(answer(201, twilioServiceNumber('+14155550100')));

		const { items, error } = await runPhoneNumberNode({ parameters: twilio({ operation: 'addToCampaign' }) });

		expect(error).toBeUndefined();
		expect(requests()).toEqual([`GET ${api(LOOKUP)}`, `GET ${messaging(IN_SERVICE)}`, `GET ${messaging(USA2P)}`, `POST ${messaging(ADD)}`]);
		const post = sent[3];
		expect(String(post.headers['content-type'])).toBe('application/x-www-form-urlencoded');
		expect(post.body).toBe(`PhoneNumberSid=${TWILIO_SID}`);
		expect(post.headers.authorization).toBe(sent[0].headers.authorization);
		expect(clock.waits).toEqual([]);
		expect(items).toEqual([
			{
				json: { provider: 'twilio', number: '+14155550100', campaign: { status: 'assigned', id: TWILIO_SERVICE, orderId: null, state: 'VERIFIED', alreadyInCampaign: false } },
				pairedItem: { item: 0 },
			},
		]);
	});

	test('already in the service (picked By ID): its number read, one look, the campaign; assigned with no POST', async () => {
		nock(TWILIO_ORIGIN).get(twilioNumberPath(TWILIO_SID)).reply(answer(200, twilioIncoming('+14155550100')));
		nock(TWILIO_MESSAGING_ORIGIN)
			.get(IN_SERVICE)
			.reply(answer(200, twilioServiceNumber('+14155550100')))
			.get(USA2P)
			.reply(answer(200, twilioUsa2pList([twilioUsa2p('VERIFIED')])));

		const { items, error } = await runPhoneNumberNode({ parameters: twilio({ operation: 'addToCampaign', ownedNumber: byId(TWILIO_SID.toUpperCase().replace(/^PN/, 'PN')) }) });

		expect(error).toBeUndefined();
		expect(requests()).toEqual([`GET ${api(twilioNumberPath(TWILIO_SID))}`, `GET ${messaging(IN_SERVICE)}`, `GET ${messaging(USA2P)}`]);
		expect(items[0].json).toEqual({ provider: 'twilio', number: '+14155550100', campaign: { status: 'assigned', id: TWILIO_SERVICE, orderId: null, state: 'VERIFIED', alreadyInCampaign: true } });
	});

	test('a campaign still IN_PROGRESS: added, then the campaign looked at again after 1 s: VERIFIED, assigned', async () => {
		notInServiceYet(twilioUsa2p('IN_PROGRESS'))
			.post(ADD)
			.reply(answer(201, twilioServiceNumber('+14155550100')))
			.get(USA2P)
			.reply(answer(200, twilioUsa2pList([twilioUsa2p('VERIFIED')])));

		const { items } = await runPhoneNumberNode({ parameters: twilio({ operation: 'addToCampaign' }) });

		expect(requests()).toEqual([`GET ${api(LOOKUP)}`, `GET ${messaging(IN_SERVICE)}`, `GET ${messaging(USA2P)}`, `POST ${messaging(ADD)}`, `GET ${messaging(USA2P)}`]);
		expect(clock.waits).toEqual([1000]);
		expect(items[0].json.campaign).toEqual({ status: 'assigned', id: TWILIO_SERVICE, orderId: null, state: 'VERIFIED', alreadyInCampaign: false });
	});

	test('a campaign in review past Max Wait (10 s): looks after 1, 3, 7 and 10 s, then pending, with no order ID', async () => {
		lookedUp();
		nock(TWILIO_MESSAGING_ORIGIN)
			.get(IN_SERVICE)
			.reply(answer(404, NOT_IN_SERVICE))
			.get(USA2P)
			.times(5)
			.reply(answer(200, twilioUsa2pList([twilioUsa2p('IN_PROGRESS')])))
			.post(ADD)
			.reply(answer(201, twilioServiceNumber('+14155550100')));

		const { items } = await runPhoneNumberNode({ parameters: twilio({ operation: 'addToCampaign', requestOptions: { maxCampaignWait: 10 } }) });

		expect(clock.waits).toEqual([1000, 2000, 4000, 3000]);
		expect(requests()).toHaveLength(8);
		const summary = items[0].json.campaign as Record<string, string>;
		expect(summary).toMatchObject({ status: 'pending', orderId: null, state: 'IN_PROGRESS', alreadyInCampaign: false });
		expect(summary.message).toBe(`Twilio has not finished putting +14155550100 into messaging campaign ${TWILIO_SERVICE} within 10 seconds (state: IN_PROGRESS)`);
		expect(summary.hint).toContain(`(Messaging Campaign ${TWILIO_SERVICE})`);
	});

	test('a campaign Twilio did not approve (FAILED): failed with Twilio\'s reasons, and the number is not added', async () => {
		lookedUp();
		const errors = [{ error_code: 30896, description: 'Privacy policy URL is missing' }];
		nock(TWILIO_MESSAGING_ORIGIN)
			.get(IN_SERVICE)
			.reply(answer(404, NOT_IN_SERVICE))
			.get(USA2P)
			.reply(answer(200, twilioUsa2pList([twilioUsa2p('FAILED', { errors })])));

		const { items, error } = await runPhoneNumberNode({ parameters: twilio({ operation: 'addToCampaign' }) });

		expect(error).toBeUndefined();
		expect(requests()).toEqual([`GET ${api(LOOKUP)}`, `GET ${messaging(IN_SERVICE)}`, `GET ${messaging(USA2P)}`]);
		expect(items[0].json.campaign).toMatchObject({
			status: 'failed',
			state: 'FAILED',
			message: `Twilio did not approve the A2P 10DLC campaign of Messaging Service ${TWILIO_SERVICE} (campaign_status: FAILED): Privacy policy URL is missing (Twilio error 30896)`,
		});
		expect((items[0].json.campaign as { hint: string }).hint).toContain('the Twilio Console (Messaging → Services');
	});

	test('a Messaging Service without an A2P campaign: failed, saying so; nothing added', async () => {
		lookedUp();
		nock(TWILIO_MESSAGING_ORIGIN).get(IN_SERVICE).reply(answer(404, NOT_IN_SERVICE)).get(USA2P).reply(answer(200, twilioUsa2pList([])));

		const { items } = await runPhoneNumberNode({ parameters: twilio({ operation: 'addToCampaign' }) });

		expect(requests()).toHaveLength(3);
		expect(items[0].json.campaign).toMatchObject({
			status: 'failed',
			state: null,
			message: `Messaging Service ${TWILIO_SERVICE} has no US A2P 10DLC campaign, so +14155550100 cannot text US phones through it`,
		});
	});

	test('Twilio refuses the number (409, error 21712): a failed item in Twilio\'s words, not an error', async () => {
		notInServiceYet(twilioUsa2p('VERIFIED'))
			.post(ADD)
			.reply(answer(409, twilioError(409, 21712, 'Phone Number or Short Code is associated with another Messaging Service.')));

		const { items, error } = await runPhoneNumberNode({ parameters: twilio({ operation: 'addToCampaign' }) });

		expect(error).toBeUndefined();
		expect(items[0].json.campaign).toMatchObject({
			status: 'failed',
			httpCode: '409',
			message: 'Twilio refused the request (HTTP 409): Phone Number or Short Code is associated with another Messaging Service. (Twilio error 21712)',
		});
	});

	test('an unknown Messaging Service (404 on its campaign): the item stops with Twilio\'s words, naming Messaging Campaign', async () => {
		lookedUp();
		nock(TWILIO_MESSAGING_ORIGIN)
			.get(IN_SERVICE)
			.reply(answer(404, NOT_IN_SERVICE))
			.get(USA2P)
			.reply(answer(404, twilioError(404, 20404, `The requested resource /Services/${TWILIO_SERVICE}/Compliance/Usa2p was not found`)));

		const { error } = await runPhoneNumberNode({ parameters: twilio({ operation: 'addToCampaign' }) });

		expect(error?.message).toBe(`Twilio refused the request (HTTP 404): The requested resource /Services/${TWILIO_SERVICE}/Compliance/Usa2p was not found (Twilio error 20404)`);
		expect(error?.description).toContain("Check 'Messaging Campaign'");
		expect(requests()).toHaveLength(3);
	});

	test('a number that is not in the account: stops after the look-up, nothing sent to the Messaging API', async () => {
		nock(TWILIO_ORIGIN).get(TWILIO_NUMBERS).query({ PhoneNumber: '+14155550100' }).reply(answer(200, twilioList([])));

		const { error } = await runPhoneNumberNode({ parameters: twilio({ operation: 'addToCampaign' }) });

		expect(error?.message).toBe('+14155550100 is not in your Twilio account');
		expect(requests()).toEqual([`GET ${api(LOOKUP)}`]);
	});

	test('a Messaging Service SID of the wrong form, or a campaign ID of another provider: stopped before any request', async () => {
		const { error } = await runPhoneNumberNode({ parameters: twilio({ operation: 'addToCampaign', messagingCampaign: campaign('CY5NVUA', 'id') }) });
		expect(error?.message).toBe('The "Messaging Campaign" value "CY5NVUA" is not valid: it is not a campaign ID');
		expect(error?.description).toContain('MG0f1e2d3c4b5a69788796a5b4c3d2e1f0 (the SID of the Messaging Service that carries the campaign)');
		expect(sent).toEqual([]);
	});
});

describe('Get Messaging Campaign Status and Remove From Messaging Campaign', () => {
	test('status: in the service, campaign VERIFIED: assigned (a look-up, a look, the campaign)', async () => {
		lookedUp();
		nock(TWILIO_MESSAGING_ORIGIN).get(IN_SERVICE).reply(answer(200, twilioServiceNumber('+14155550100'))).get(USA2P).reply(answer(200, twilioUsa2pList([twilioUsa2p('VERIFIED')])));

		const { items } = await runPhoneNumberNode({ parameters: twilio({ operation: 'getCampaignStatus', messagingCampaign: campaign(TWILIO_SERVICE.toUpperCase().replace(/^MG/, 'MG'), 'id') }) });

		expect(requests()).toEqual([`GET ${api(LOOKUP)}`, `GET ${messaging(IN_SERVICE)}`, `GET ${messaging(USA2P)}`]);
		expect(items[0].json).toEqual({ provider: 'twilio', number: '+14155550100', campaign: { status: 'assigned', id: TWILIO_SERVICE, orderId: null, state: 'VERIFIED', alreadyInCampaign: false } });
	});

	test('status: in the service, campaign IN_PROGRESS: pending, never waited for', async () => {
		lookedUp();
		nock(TWILIO_MESSAGING_ORIGIN).get(IN_SERVICE).reply(answer(200, twilioServiceNumber('+14155550100'))).get(USA2P).reply(answer(200, twilioUsa2pList([twilioUsa2p('IN_PROGRESS')])));
		const { items } = await runPhoneNumberNode({ parameters: twilio({ operation: 'getCampaignStatus' }) });
		expect(items[0].json.campaign).toMatchObject({ status: 'pending', state: 'IN_PROGRESS' });
		expect(clock.waits).toEqual([]);
	});

	test('status of a number not in the service: notAssigned, the campaign not read', async () => {
		lookedUp();
		nock(TWILIO_MESSAGING_ORIGIN).get(IN_SERVICE).reply(answer(404, NOT_IN_SERVICE));
		const { items } = await runPhoneNumberNode({ parameters: twilio({ operation: 'getCampaignStatus' }) });
		expect(requests()).toEqual([`GET ${api(LOOKUP)}`, `GET ${messaging(IN_SERVICE)}`]);
		expect(items[0].json.campaign).toMatchObject({ status: 'notAssigned', message: `+14155550100 is not in messaging campaign ${TWILIO_SERVICE}` });
	});

	test('remove: found in the service, then DELETE /Services/{MG}/PhoneNumbers/{PN}; deleted: true', async () => {
		lookedUp();
		nock(TWILIO_MESSAGING_ORIGIN)
			.get(IN_SERVICE)
			.reply(answer(200, twilioServiceNumber('+14155550100')))
			.get(USA2P)
			.reply(answer(200, twilioUsa2pList([twilioUsa2p('VERIFIED')])))
			.delete(IN_SERVICE)
			.reply(answer(204));

		const { items, error } = await runPhoneNumberNode({ parameters: twilio({ operation: 'removeFromCampaign' }) });

		expect(error).toBeUndefined();
		expect(requests()).toEqual([`GET ${api(LOOKUP)}`, `GET ${messaging(IN_SERVICE)}`, `GET ${messaging(USA2P)}`, `DELETE ${messaging(IN_SERVICE)}`]);
		expect(items[0].json).toEqual({
			deleted: true,
			provider: 'twilio',
			number: '+14155550100',
			campaign: { status: 'removed', id: TWILIO_SERVICE, orderId: null, state: 'VERIFIED', alreadyInCampaign: true },
		});
	});

	test('remove a number that is not in the service: stops, nothing deleted', async () => {
		lookedUp();
		nock(TWILIO_MESSAGING_ORIGIN).get(IN_SERVICE).reply(answer(404, NOT_IN_SERVICE));
		const { error } = await runPhoneNumberNode({ parameters: twilio({ operation: 'removeFromCampaign', ownedNumber: fromList('+14155550100') }) });
		expect(error?.message).toBe(`+14155550100 is not in messaging campaign ${TWILIO_SERVICE}`);
		expect(requests()).toHaveLength(2);
	});
});

describe('Purchase → Then Configure → Messaging Campaign: buy and make textable', () => {
	const bought = twilioIncoming('+14155550100', { friendly_name: 'Customer 42' });

	test('Name and Messaging Campaign: 3 requests (purchase with the name, the campaign, the number into the service); assigned', async () => {
		nock(TWILIO_ORIGIN).post(TWILIO_NUMBERS).reply(answer(201, bought));
		nock(TWILIO_MESSAGING_ORIGIN)
			.get(USA2P)
			.reply(answer(200, twilioUsa2pList([twilioUsa2p('VERIFIED')])))
			.post(ADD, `PhoneNumberSid=${TWILIO_SID}`)
			.reply(answer(201, twilioServiceNumber('+14155550100')));

		const { items, error } = await runPhoneNumberNode({
			parameters: purchase({ phoneNumber: '+14155550100', thenConfigure: { FriendlyName: 'Customer 42', messagingCampaign: campaign(TWILIO_SERVICE) } }),
		});

		expect(error).toBeUndefined();
		expect(requests()).toEqual([`POST ${api(TWILIO_NUMBERS)}`, `GET ${messaging(USA2P)}`, `POST ${messaging(ADD)}`]);
		// The name goes with the purchase itself (Twilio's create takes every setting); the SID from its answer into the service.
		expect(Object.fromEntries(new URLSearchParams(String(sent[0].body)))).toEqual({ PhoneNumber: '+14155550100', FriendlyName: 'Customer 42' });
		expect(sent[2].body).toBe(`PhoneNumberSid=${TWILIO_SID}`);
		expect(items).toEqual([
			{
				json: {
					...bought,
					purchase: { status: 'purchased', number: '+14155550100' },
					configure: { status: 'configured', settings: { FriendlyName: 'Customer 42' }, campaign: TWILIO_SERVICE },
					campaign: { status: 'assigned', id: TWILIO_SERVICE, orderId: null, state: 'VERIFIED', alreadyInCampaign: false },
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('a campaign in review, Max Wait 0: bought, in the service, pending; configure says how to check later', async () => {
		nock(TWILIO_ORIGIN).post(TWILIO_NUMBERS).reply(answer(201, twilioIncoming('+14155550100')));
		nock(TWILIO_MESSAGING_ORIGIN).get(USA2P).reply(answer(200, twilioUsa2pList([twilioUsa2p('IN_PROGRESS')]))).post(ADD).reply(answer(201, twilioServiceNumber('+14155550100')));

		const { items } = await runPhoneNumberNode({
			parameters: purchase({ phoneNumber: '+14155550100', thenConfigure: { messagingCampaign: campaign(TWILIO_SERVICE) }, simplify: true, requestOptions: { maxCampaignWait: 0 } }),
		});

		expect(requests()).toHaveLength(3);
		const json = items[0].json as Record<string, Record<string, string>>;
		expect(json).toMatchObject({ provider: 'twilio', id: TWILIO_SID, purchase: { status: 'purchased' }, configure: { status: 'pending', campaign: TWILIO_SERVICE }, campaign: { status: 'pending', state: 'IN_PROGRESS' } });
		expect(json.configure.hint).toContain('"Get Messaging Campaign Status"');
	});

	test('Twilio refuses the number (409): the item is still the bought number; campaign failed; configure notConfigured', async () => {
		nock(TWILIO_ORIGIN).post(TWILIO_NUMBERS).reply(answer(201, twilioIncoming('+14155550100')));
		nock(TWILIO_MESSAGING_ORIGIN)
			.get(USA2P)
			.reply(answer(200, twilioUsa2pList([twilioUsa2p('VERIFIED')])))
			.post(ADD)
			.reply(answer(409, twilioError(409, 21712, 'Phone Number or Short Code is associated with another Messaging Service.')));

		const { items, error } = await runPhoneNumberNode({ parameters: purchase({ phoneNumber: '+14155550100', thenConfigure: { messagingCampaign: campaign(TWILIO_SERVICE) } }) });

		expect(error).toBeUndefined();
		const json = items[0].json as Record<string, Record<string, string>>;
		expect(json.sid).toBe(TWILIO_SID);
		expect(json.purchase).toEqual({ status: 'purchased', number: '+14155550100' });
		expect(json.campaign).toMatchObject({ status: 'failed', httpCode: '409' });
		expect(json.configure).toMatchObject({ status: 'notConfigured', campaign: TWILIO_SERVICE, message: 'Twilio refused the request (HTTP 409): Phone Number or Short Code is associated with another Messaging Service. (Twilio error 21712)' });
	});

	test('the Messaging API down (500) after the purchase: still the bought number, campaign failed, never a second purchase', async () => {
		nock(TWILIO_ORIGIN).post(TWILIO_NUMBERS).reply(answer(201, twilioIncoming('+14155550100')));
		nock(TWILIO_MESSAGING_ORIGIN).get(USA2P).reply(answer(500, twilioError(500, 20500, 'Internal Server Error')));

		const { items, error } = await runPhoneNumberNode({ parameters: purchase({ phoneNumber: '+14155550100', thenConfigure: { messagingCampaign: campaign(TWILIO_SERVICE) } }) });

		expect(error).toBeUndefined();
		expect(requests()).toEqual([`POST ${api(TWILIO_NUMBERS)}`, `GET ${messaging(USA2P)}`]);
		expect(items[0].json).toMatchObject({ purchase: { status: 'purchased' }, campaign: { status: 'failed', httpCode: '500' }, configure: { status: 'notConfigured' } });
	});

	test.each([
		['a toll-free number (by its digits)', '+18885550100', {}, '+18885550100 is a toll-free number'],
		['a number that cannot text (by its record)', '+14155550100', { capabilities: { voice: true, sms: false, mms: false, fax: false } }, '+14155550100 cannot send text messages'],
	])('%s: bought, and the campaign skipped with the reason; no Messaging API request', async (_name, number, record, reason) => {
		nock(TWILIO_ORIGIN).post(TWILIO_NUMBERS).reply(answer(201, twilioIncoming(number, record)));

		const { items, error } = await runPhoneNumberNode({ parameters: purchase({ phoneNumber: number, thenConfigure: { messagingCampaign: campaign(TWILIO_SERVICE) } }) });

		expect(error).toBeUndefined();
		expect(requests()).toEqual([`POST ${api(TWILIO_NUMBERS)}`]);
		const json = items[0].json as Record<string, Record<string, string>>;
		expect(json.campaign).toMatchObject({ status: 'skipped', id: TWILIO_SERVICE });
		expect(json.campaign.message).toContain(reason);
	});
});

describe('the Messaging API\'s address follows the credential', () => {
	test.each([
		['https://api.twilio.com/2010-04-01/Accounts/AC1', 'https://messaging.twilio.com'],
		['https://api.dublin.ie1.twilio.com/2010-04-01/Accounts/AC1', 'https://messaging.dublin.ie1.twilio.com'],
		['http://127.0.0.1:8787/2010-04-01/Accounts/AC1', 'http://127.0.0.1:8787'],
		['https://proxy.example/twilio/2010-04-01/Accounts/AC1', 'https://proxy.example/twilio'],
	])('%s → %s', (root, expected) => {
		expect(twilioMessagingRoot(root)).toBe(expected);
	});

	test('an API Base URL (a proxy with a path): both APIs through it, told apart by their paths', async () => {
		const proxy = 'https://proxy.example';
		nock(proxy)
			.get(`/twilio${TWILIO_NUMBERS}`)
			.query({ PhoneNumber: '+14155550100' })
			.reply(answer(200, twilioList([twilioIncoming('+14155550100')])))
			.get(`/twilio${IN_SERVICE}`)
			.reply(answer(200, twilioServiceNumber('+14155550100')))
			.get(`/twilio${USA2P}`)
			.reply(answer(200, twilioUsa2pList([twilioUsa2p('VERIFIED')])));

		const { items, error } = await runPhoneNumberNode({ parameters: twilio({ operation: 'getCampaignStatus' }), credentialData: { baseUrl: `${proxy}/twilio/` } });

		expect(error).toBeUndefined();
		expect(requests()).toEqual([`GET proxy.example/twilio${LOOKUP}`, `GET proxy.example/twilio${IN_SERVICE}`, `GET proxy.example/twilio${USA2P}`]);
		expect(items[0].json.campaign).toMatchObject({ status: 'assigned' });
	});
});

describe('the Messaging Campaign list: Messaging Services with an A2P campaign', () => {
	const list = (filter?: string, paginationToken?: string) =>
		runListSearch({ parameters: { authentication: 'twilioNumbersApi', resource: 'phoneNumber', operation: 'addToCampaign' }, method: 'searchMessagingCampaigns', filter, paginationToken });

	test('one page of services; those without a campaign left out; each campaign\'s use case and status', async () => {
		const next = `${TWILIO_MESSAGING_ORIGIN}/v1/Services?PageSize=20&Page=1&PageToken=PAabc`;
		nock(TWILIO_MESSAGING_ORIGIN)
			.get('/v1/Services')
			.query({ PageSize: '20' })
			.reply(answer(200, twilioServices([twilioService(TWILIO_SERVICE, 'Order updates'), twilioService(TWILIO_SERVICE_2, 'Default', { us_app_to_person_registered: false })], next)))
			.get(USA2P)
			.reply(answer(200, twilioUsa2pList([twilioUsa2p('VERIFIED')])));

		const { result, error } = await list();

		expect(error).toBeUndefined();
		expect(requests()).toEqual([`GET ${messaging('/v1/Services?PageSize=20')}`, `GET ${messaging(USA2P)}`]);
		expect(result).toEqual({ results: [{ name: 'Order updates (ACCOUNT_NOTIFICATION, VERIFIED)', value: TWILIO_SERVICE }], paginationToken: 'PageSize=20&Page=1&PageToken=PAabc' });
	});

	test('the next page by its token; what was typed filters the services before their campaigns are read', async () => {
		nock(TWILIO_MESSAGING_ORIGIN)
			.get('/v1/Services')
			.query({ PageSize: '20', Page: '1', PageToken: 'PAabc' })
			.reply(answer(200, twilioServices([twilioService(TWILIO_SERVICE, 'Order updates'), twilioService(TWILIO_SERVICE_2, 'Spring promotions', { usecase: 'marketing' })])))
			.get(twilioUsa2pPath(TWILIO_SERVICE_2))
			.reply(answer(200, twilioUsa2pList([twilioUsa2p('IN_PROGRESS', { us_app_to_person_usecase: 'MARKETING' }, TWILIO_SERVICE_2)], TWILIO_SERVICE_2)));

		const { result } = await list('spring', 'PageSize=20&Page=1&PageToken=PAabc');

		expect(requests()).toHaveLength(2);
		expect(result).toEqual({ results: [{ name: 'Spring promotions (MARKETING, IN_PROGRESS)', value: TWILIO_SERVICE_2 }] });
	});
});
