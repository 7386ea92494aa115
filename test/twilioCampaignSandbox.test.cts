/**
 * "Buy and make textable" at Twilio against the provider stand-in (test/sandbox/server.js), whose
 * Twilio module serves the Messaging API beside the REST API 2010-04-01 on the same origin (the
 * node sends both to the credential's API Base URL): Messaging Services that carry campaigns
 * approved, in review and rejected, one without a campaign, numbers Twilio refuses. Every item's
 * requests, in order, as the stand-in logged them, and what the stand-in holds afterwards.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { runListSearch, runPhoneNumberNode, TEST_CREDENTIALS } from './helpers/n8n.cts';
import { installFakeClock, useRealClock, type FakeClock } from './helpers/rateLimitClock.cts';
import { exchangeProblems, loadSpec, operationKey, unexercised, type StandInLogEntry } from './helpers/openapi.cts';

interface Logged {
	provider: string | null;
	method: string;
	path: string;
	body: unknown;
	status: number;
	response: unknown;
}
const { createSandbox } = require('./sandbox/server.js') as {
	createSandbox(options: Record<string, unknown>): {
		listen(port?: number, host?: string): Promise<string>;
		close(): Promise<void>;
		reset(): void;
		snapshot(): Record<string, { assignments: Array<{ number: string; campaign: string; state: string }>; owned: Array<Record<string, unknown>> }>;
		requests: Logged[];
	};
};
const standIn = require('./sandbox/providers/twilio.js') as { campaignIds: Record<string, string> };

const TW = TEST_CREDENTIALS.twilioNumbersApi;
const ACCOUNT = `/2010-04-01/Accounts/${TW.accountSid}`;

let sandbox: ReturnType<typeof createSandbox>;
let baseUrl: string;
let clock: FakeClock;

beforeAll(async () => {
	sandbox = createSandbox({ twilio: { accountSid: TW.accountSid, authToken: TW.authToken } });
	baseUrl = await sandbox.listen(0, '127.0.0.1');
});
afterAll(async () => {
	useRealClock();
	await sandbox?.close();
});
beforeEach(() => {
	sandbox.reset();
	clock = installFakeClock(Date.UTC(2026, 10, 23, 8));
});

/**
 * Twilio's Messaging API spec (twilio_messaging_v1.yaml, the operations used vendored in
 * test/specs/twilio-messaging.openapi.json) judges every request the node sent to it and every
 * answer the stand-in gave, in every test below.
 */
const messagingSpec = loadSpec('twilio-messaging');
const exercised = new Set<string>();
const specProblems: string[] = [];
afterEach(() => {
	for (const entry of sandbox.requests.filter((request) => request.path.startsWith('/v1/'))) {
		exercised.add(operationKey(messagingSpec, entry.method, entry.path));
		const { request, response } = exchangeProblems(messagingSpec, entry as unknown as StandInLogEntry);
		specProblems.push(...[...request, ...response].map((problem) => `${entry.method} ${entry.path} ${entry.status}: ${problem}`));
	}
});

const campaign = (key: string) => ({ __rl: true, mode: 'list', value: standIn.campaignIds[key] });
const run = (parameters: INodeParameters, items?: IDataObject[]) =>
	runPhoneNumberNode({ parameters: { authentication: 'twilioNumbersApi', resource: 'phoneNumber', ...parameters }, items, credentialData: { baseUrl } });
const calls = () => sandbox.requests.map((r) => `${r.method} ${r.path} ${r.status}`);
const buy = (number: string, key: string, extra: INodeParameters = {}) => run({ operation: 'purchase', phoneNumber: number, thenConfigure: { messagingCampaign: campaign(key) }, ...extra });

describe('Twilio: buy and make textable', () => {
	test('Order updates (VERIFIED), with a name: purchase (the name with it), the campaign, the number into the service: 3 requests; assigned', async () => {
		const id = standIn.campaignIds['order-updates'];
		const { items, error } = await run({ operation: 'purchase', phoneNumber: '+14155550101', thenConfigure: { FriendlyName: 'Customer 7', messagingCampaign: campaign('order-updates') } });

		expect(error).toBeUndefined();
		const [purchase, , add] = sandbox.requests;
		const sid = (purchase.response as { sid: string }).sid;
		expect(calls()).toEqual([`POST ${ACCOUNT}/IncomingPhoneNumbers.json 201`, `GET /v1/Services/${id}/Compliance/Usa2p 200`, `POST /v1/Services/${id}/PhoneNumbers 201`]);
		expect(purchase.body).toEqual({ PhoneNumber: '+14155550101', FriendlyName: 'Customer 7' });
		expect(add.body).toEqual({ PhoneNumberSid: sid });
		expect(clock.waits).toEqual([]);
		expect(items[0].json).toMatchObject({
			sid,
			phone_number: '+14155550101',
			friendly_name: 'Customer 7',
			purchase: { status: 'purchased' },
			configure: { status: 'configured', settings: { FriendlyName: 'Customer 7' }, campaign: id },
			campaign: { status: 'assigned', id, state: 'VERIFIED', orderId: null, alreadyInCampaign: false },
		});
		expect(sandbox.snapshot().twilio.assignments).toEqual([{ number: '+14155550101', campaign: id, state: 'VERIFIED' }]);
	});

	test('a campaign in review within 10 s: in the service, the campaign looked at after 1, 3, 7, 10 s; pending', async () => {
		const id = standIn.campaignIds['appointment-reminders'];
		const { items } = await buy('+14155550102', 'appointment-reminders', { requestOptions: { maxCampaignWait: 10 } });

		expect(calls()).toEqual([
			`POST ${ACCOUNT}/IncomingPhoneNumbers.json 201`,
			`GET /v1/Services/${id}/Compliance/Usa2p 200`,
			`POST /v1/Services/${id}/PhoneNumbers 201`,
			...Array.from({ length: 4 }, () => `GET /v1/Services/${id}/Compliance/Usa2p 200`),
		]);
		expect(clock.waits).toEqual([1000, 2000, 4000, 3000]);
		expect(items[0].json).toMatchObject({ configure: { status: 'pending' }, campaign: { status: 'pending', state: 'IN_PROGRESS', orderId: null } });
		expect(sandbox.snapshot().twilio.assignments).toEqual([{ number: '+14155550102', campaign: id, state: 'IN_PROGRESS' }]);
	});

	test('a rejected campaign: bought, not added to its service, failed with Twilio\'s reasons', async () => {
		const id = standIn.campaignIds.sweepstakes;
		const { items } = await buy('+14155550103', 'sweepstakes');
		expect(calls()).toEqual([`POST ${ACCOUNT}/IncomingPhoneNumbers.json 201`, `GET /v1/Services/${id}/Compliance/Usa2p 200`]);
		expect(items[0].json).toMatchObject({
			purchase: { status: 'purchased' },
			configure: { status: 'notConfigured' },
			campaign: {
				status: 'failed',
				state: 'FAILED',
				message: `Twilio did not approve the A2P 10DLC campaign of Messaging Service ${id} (campaign_status: FAILED): The campaign was rejected: the use case does not match the message samples (Twilio error 30896)`,
			},
		});
		expect(sandbox.snapshot().twilio.assignments).toEqual([]);
	});

	test('a number Twilio refuses (409, 21712): bought anyway, campaign failed in Twilio\'s words', async () => {
		const { items } = await buy('+14155550128', 'order-updates');
		expect(calls().at(-1)).toBe(`POST /v1/Services/${standIn.campaignIds['order-updates']}/PhoneNumbers 409`);
		expect(items[0].json).toMatchObject({
			purchase: { status: 'purchased' },
			campaign: { status: 'failed', httpCode: '409', message: 'Twilio refused the request (HTTP 409): Phone Number or Short Code is associated with another Messaging Service. (Twilio error 21712)' },
		});
		expect(sandbox.snapshot().twilio.owned.map((n) => n.phone_number)).toContain('+14155550128');
	});

	test('a toll-free number is bought and never sent to the Messaging API', async () => {
		const { items } = await buy('+18005550100', 'order-updates');
		expect(calls()).toEqual([`POST ${ACCOUNT}/IncomingPhoneNumbers.json 201`]);
		expect(items[0].json.campaign).toMatchObject({ status: 'skipped' });
	});
});

describe('Twilio: the campaign operations against the stand-in', () => {
	test('Add, Add again (no second POST), Get Status, Remove, Get Status', async () => {
		const id = standIn.campaignIds['order-updates'];
		const number = { __rl: true, mode: 'number', value: '+14155550129' };
		const op = (operation: string) => run({ operation, ownedNumber: number, messagingCampaign: campaign('order-updates') });

		expect((await op('addToCampaign')).items[0].json.campaign).toMatchObject({ status: 'assigned', alreadyInCampaign: false });
		expect(calls().map((call) => call.replace(/PN[0-9a-f]{32}/, 'PN…'))).toEqual([
			`GET ${ACCOUNT}/IncomingPhoneNumbers.json 200`,
			`GET /v1/Services/${id}/PhoneNumbers/PN… 404`,
			`GET /v1/Services/${id}/Compliance/Usa2p 200`,
			`POST /v1/Services/${id}/PhoneNumbers 201`,
		]);
		sandbox.requests.length = 0;
		expect((await op('addToCampaign')).items[0].json.campaign).toMatchObject({ status: 'assigned', alreadyInCampaign: true });
		expect(sandbox.requests.map((r) => r.method)).toEqual(['GET', 'GET', 'GET']);
		expect((await op('getCampaignStatus')).items[0].json.campaign).toMatchObject({ status: 'assigned', state: 'VERIFIED' });
		expect((await op('removeFromCampaign')).items[0].json).toMatchObject({ deleted: true, campaign: { status: 'removed' } });
		expect(sandbox.snapshot().twilio.assignments).toEqual([]);
		expect((await op('getCampaignStatus')).items[0].json.campaign).toMatchObject({ status: 'notAssigned' });
	});

	test('the Messaging Campaign list: the five services with a campaign, not the one without', async () => {
		const { result, error } = await runListSearch({
			parameters: { authentication: 'twilioNumbersApi', resource: 'phoneNumber', operation: 'addToCampaign' },
			method: 'searchMessagingCampaigns',
			credentialData: { baseUrl },
		});
		expect(error).toBeUndefined();
		expect(result?.results).toEqual([
			{ name: 'Order updates (ACCOUNT_NOTIFICATION, VERIFIED)', value: standIn.campaignIds['order-updates'] },
			{ name: 'Spring promotions (MARKETING, VERIFIED)', value: standIn.campaignIds['spring-promotions'] },
			{ name: 'New campaign (carrier review) (MIXED, IN_PROGRESS)', value: standIn.campaignIds['carrier-review'] },
			{ name: 'Appointment reminders (CUSTOMER_CARE, IN_PROGRESS)', value: standIn.campaignIds['appointment-reminders'] },
			{ name: 'Sweepstakes blast (SWEEPSTAKE, FAILED)', value: standIn.campaignIds.sweepstakes },
		]);
		expect(result?.paginationToken).toBeUndefined();
		expect(sandbox.requests.map((r) => `${r.method} ${r.path}`)[0]).toBe('GET /v1/Services');
	});
});

describe('Twilio\'s Messaging API spec', () => {
	test('every request and answer above is as the spec says, and every vendored operation was exercised', () => {
		// The spec documents no error statuses for these operations: Twilio's 404 for a number not in
		// the service (20404) and 409 for one it refuses (21712) are the only problems, and exactly these.
		const kinds = [...new Set(specProblems.map((problem) => problem.replace(/MG[0-9a-f]{32}/g, 'MG…').replace(/PN[0-9a-f]{32}/g, 'PN…')))];
		expect(kinds.sort()).toEqual([
			'GET /v1/Services/MG…/PhoneNumbers/PN… 404: GET /v1/Services/{ServiceSid}/PhoneNumbers/{Sid}: HTTP 404 is not documented (the spec gives 200)',
			'POST /v1/Services/MG…/PhoneNumbers 409: POST /v1/Services/{ServiceSid}/PhoneNumbers: HTTP 409 is not documented (the spec gives 200, 201)',
		]);
		expect(unexercised(messagingSpec, exercised)).toEqual([]);
	});
});

describe('Twilio: the stand-in\'s Messaging API refuses as Twilio does', () => {
	const auth = `Basic ${Buffer.from(`${TW.accountSid}:${TW.authToken}`).toString('base64')}`;
	const call = async (method: string, path: string, form?: string, authorization = auth) => {
		const response = await fetch(`${baseUrl}${path}`, {
			method,
			headers: { authorization, ...(form === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }) },
			body: form,
		});
		const text = await response.text();
		return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
	};
	const owned = () => (sandbox.snapshot().twilio.owned[0] as { sid: string }).sid;
	const service = () => standIn.campaignIds['order-updates'];

	test.each([
		['the same number twice: 409, 21710', async () => {
			await call('POST', `/v1/Services/${service()}/PhoneNumbers`, `PhoneNumberSid=${owned()}`);
			return await call('POST', `/v1/Services/${service()}/PhoneNumbers`, `PhoneNumberSid=${owned()}`);
		}, 409, 21710],
		['a number in another service: 409, 21712', async () => {
			await call('POST', `/v1/Services/${standIn.campaignIds['spring-promotions']}/PhoneNumbers`, `PhoneNumberSid=${owned()}`);
			return await call('POST', `/v1/Services/${service()}/PhoneNumbers`, `PhoneNumberSid=${owned()}`);
		}, 409, 21712],
		['an unknown service: 404, 20404', async () => await call('GET', '/v1/Services/MG00000000000000000000000000000000/Compliance/Usa2p'), 404, 20404],
		['a SID that is not a number\'s: 400', async () => await call('POST', `/v1/Services/${service()}/PhoneNumbers`, 'PhoneNumberSid=MG00000000000000000000000000000000'), 400, 20001],
		['a number of no account here: 400', async () => await call('POST', `/v1/Services/${service()}/PhoneNumbers`, 'PhoneNumberSid=PN00000000000000000000000000000000'), 400, 20001],
		['a JSON body: 400', async () => {
			const response = await fetch(`${baseUrl}/v1/Services/${service()}/PhoneNumbers`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify({ PhoneNumberSid: owned() }) });
			return { status: response.status, body: (await response.json()) as Record<string, unknown> };
		}, 400, 20001],
		['wrong credentials: 401, 20003', async () => await call('GET', '/v1/Services', undefined, `Basic ${Buffer.from(`${TW.accountSid}:wrong`).toString('base64')}`), 401, 20003],
	])('%s', async (_name, act, status, code) => {
		const { status: got, body } = await act();
		expect(got).toBe(status);
		expect(body).toMatchObject({ code, status, more_info: `https://www.twilio.com/docs/errors/${code}` });
	});
});
