/**
 * "Buy and make textable" against the provider stand-in (test/sandbox/server.js), which knows
 * campaigns that are approved, still in review or rejected, numbers the carriers refuse, and
 * assignments that take a few looks: every item's requests, in order, as the stand-in logged them
 * (the numbers for the report: purchase, update, assignment, looks), and what the stand-in holds
 * afterwards. The node's waits run on the fake clock; the stand-in counts looks, not time.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { runListSearch, runPhoneNumberNode, TEST_CREDENTIALS } from './helpers/n8n.cts';
import { installFakeClock, useRealClock, type FakeClock } from './helpers/rateLimitClock.cts';

interface Logged {
	provider: string | null;
	operation: string | null;
	method: string;
	path: string;
	query: Record<string, string>;
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
const sw = require('./sandbox/providers/signalwire.js') as { campaignIds: Record<string, string> };
const plivo = require('./sandbox/providers/plivo.js') as { campaignIds: Record<string, string> };
const telnyx = require('./sandbox/providers/telnyx.js') as { campaignIds: Record<string, string> };

const SW = TEST_CREDENTIALS.signalWireApi;
const PLIVO = TEST_CREDENTIALS.plivoNumbersApi;
const REG = '/api/relay/rest/registry/beta';
const ACCOUNT = `/v1/Account/${PLIVO.authId}`;

let sandbox: ReturnType<typeof createSandbox>;
let baseUrl: string;
let clock: FakeClock;

beforeAll(async () => {
	sandbox = createSandbox({ signalwire: { projectId: SW.projectId, apiToken: SW.apiToken }, plivo: { authId: PLIVO.authId, authToken: PLIVO.authToken } });
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

const campaign = (value: string) => ({ __rl: true, mode: 'list', value });
const run = (parameters: INodeParameters, items?: IDataObject[]) =>
	runPhoneNumberNode({ parameters: { resource: 'phoneNumber', ...parameters }, items, credentialData: { baseUrl } });
const calls = () => sandbox.requests.map((r) => `${r.method} ${r.path} ${r.status}`);

describe('SignalWire: buy and make textable', () => {
	test('Spring promotions (3 looks): purchase, update, order, 3 looks at the order, the assignment: 7 requests; assigned', async () => {
		const id = sw.campaignIds['spring-promotions'];
		const { items, error } = await run({
			authentication: 'signalWireApi',
			operation: 'purchase',
			phoneNumber: '+14155550101',
			thenConfigure: { name: 'Customer 7', messagingCampaign: campaign(id) },
		});

		expect(error).toBeUndefined();
		const [purchase, update, order] = sandbox.requests;
		expect(calls()).toEqual([
			'POST /api/relay/rest/phone_numbers 200',
			`PUT /api/relay/rest/phone_numbers/${(purchase.response as { id: string }).id} 200`,
			`POST ${REG}/campaigns/${id}/orders 200`,
			...Array.from({ length: 3 }, () => `GET ${REG}/orders/${(order.response as { id: string }).id} 200`),
			`GET ${REG}/campaigns/${id}/numbers 200`,
		]);
		expect(update.body).toEqual({ name: 'Customer 7' });
		expect(order.body).toEqual({ phone_numbers: ['+14155550101'] });
		expect(clock.waits).toEqual([1000, 2000, 4000]);
		expect(items[0].json).toMatchObject({
			number: '+14155550101',
			name: 'Customer 7',
			purchase: { status: 'purchased' },
			configure: { status: 'configured', campaign: id },
			campaign: { status: 'assigned', state: 'completed', orderId: (order.response as { id: string }).id },
		});
		expect(sandbox.snapshot().signalwire.assignments).toEqual([{ number: '+14155550101', campaign: id, state: 'completed' }]);
	});

	test('the carrier-review campaign within 10 s: pending with the order; later, Get Messaging Campaign Status with that order says the same', async () => {
		const id = sw.campaignIds['carrier-review'];
		const { items } = await run({
			authentication: 'signalWireApi',
			operation: 'purchase',
			phoneNumber: '+14155550102',
			thenConfigure: { messagingCampaign: campaign(id) },
			requestOptions: { maxCampaignWait: 10 },
		});
		const summary = items[0].json.campaign as { status: string; orderId: string };
		expect(summary.status).toBe('pending');
		expect(clock.waits).toEqual([1000, 2000, 4000, 3000]);
		expect(sandbox.requests).toHaveLength(2 + 4);

		sandbox.requests.length = 0;
		const later = await run({ authentication: 'signalWireApi', operation: 'getCampaignStatus', ownedNumber: { __rl: true, mode: 'number', value: '+14155550102' }, messagingCampaign: campaign(id), campaignOrderId: summary.orderId });
		expect(calls()).toEqual([`GET ${REG}/orders/${summary.orderId} 200`]);
		expect(later.items[0].json.campaign).toMatchObject({ status: 'pending', state: 'processing', orderId: summary.orderId });
	});

	test('a campaign still in review refuses the order: bought anyway, campaign failed in SignalWire\'s words', async () => {
		const { items } = await run({ authentication: 'signalWireApi', operation: 'purchase', phoneNumber: '+14155550103', thenConfigure: { messagingCampaign: campaign(sw.campaignIds['appointment-reminders']) } });
		expect(calls()).toEqual(['POST /api/relay/rest/phone_numbers 200', `POST ${REG}/campaigns/${sw.campaignIds['appointment-reminders']}/orders 422`]);
		expect(items[0].json).toMatchObject({
			purchase: { status: 'purchased' },
			configure: { status: 'notConfigured' },
			campaign: { status: 'failed', httpCode: '422', message: 'SignalWire refused the request (HTTP 422): Campaign Appointment reminders is pending: numbers can be assigned once it is active' },
		});
	});

	test('a number the carriers refuse: processed, the assignment failed', async () => {
		const { items } = await run({ authentication: 'signalWireApi', operation: 'purchase', phoneNumber: '+14155550128', thenConfigure: { messagingCampaign: campaign(sw.campaignIds['order-updates']) } });
		expect(items[0].json.campaign).toMatchObject({ status: 'failed', state: 'failed' });
		expect(sandbox.snapshot().signalwire.owned.map((n) => n.number)).toContain('+14155550128');
	});

	test('a toll-free number is bought and never sent to the campaign', async () => {
		const { items } = await run({ authentication: 'signalWireApi', operation: 'purchase', phoneNumber: '+18005550100', thenConfigure: { messagingCampaign: campaign(sw.campaignIds['order-updates']) } });
		expect(calls()).toEqual(['POST /api/relay/rest/phone_numbers 200']);
		expect(items[0].json.campaign).toMatchObject({ status: 'skipped' });
	});

	test('Add, Add again (no second order), Get Status, Remove, Get Status', async () => {
		const id = sw.campaignIds['order-updates'];
		const number = { __rl: true, mode: 'number', value: '+14155550129' };
		const op = (operation: string) => run({ authentication: 'signalWireApi', operation, ownedNumber: number, messagingCampaign: campaign(id) });

		expect((await op('addToCampaign')).items[0].json.campaign).toMatchObject({ status: 'assigned', alreadyInCampaign: false });
		const orders = () => sandbox.requests.filter((r) => r.operation === 'campaign order').length;
		expect(orders()).toBe(1);
		expect((await op('addToCampaign')).items[0].json.campaign).toMatchObject({ status: 'assigned', alreadyInCampaign: true });
		expect(orders()).toBe(1);
		expect((await op('getCampaignStatus')).items[0].json.campaign).toMatchObject({ status: 'assigned', state: 'completed' });
		expect((await op('removeFromCampaign')).items[0].json).toMatchObject({ deleted: true, campaign: { status: 'removed' } });
		expect((await op('getCampaignStatus')).items[0].json.campaign).toMatchObject({ status: 'notAssigned' });
		expect(sandbox.snapshot().signalwire.assignments).toEqual([]);
	});

	test('From List: the brands and their campaigns as the stand-in has them', async () => {
		const { result } = await runListSearch({ parameters: { authentication: 'signalWireApi', operation: 'addToCampaign' }, method: 'searchMessagingCampaigns', credentialData: { baseUrl } });
		expect(result).toEqual({
			results: [
				{ name: 'Order updates (ACCOUNT_NOTIFICATION, active)', value: sw.campaignIds['order-updates'] },
				{ name: 'Spring promotions (MARKETING, active)', value: sw.campaignIds['spring-promotions'] },
				{ name: 'New campaign (carrier review) (MIXED, active)', value: sw.campaignIds['carrier-review'] },
			],
			paginationToken: '1|',
		});
		const next = await runListSearch({ parameters: { authentication: 'signalWireApi', operation: 'addToCampaign' }, method: 'searchMessagingCampaigns', paginationToken: '1|', credentialData: { baseUrl } });
		expect(next.result?.results.map((entry) => entry.name)).toEqual(['Appointment reminders (CUSTOMER_CARE, pending)', 'Sweepstakes blast (SWEEPSTAKE, inactive)']);
	});
});

describe('Plivo: buy and make textable', () => {
	test('Spring promotions (3 looks): purchase with the alias in an update, link, 3 looks: 5 requests; assigned', async () => {
		const { items, error } = await run({
			authentication: 'plivoNumbersApi',
			operation: 'purchase',
			phoneNumber: '+14155550101',
			thenConfigure: { alias: 'Customer 7', messagingCampaign: campaign('CSNDBX2') },
		});
		expect(error).toBeUndefined();
		expect(calls()).toEqual([
			`POST ${ACCOUNT}/PhoneNumber/14155550101/ 201`,
			`POST ${ACCOUNT}/Number/14155550101/ 202`,
			`POST ${ACCOUNT}/10dlc/Campaign/CSNDBX2/Number/ 202`,
			...Array.from({ length: 3 }, () => `GET ${ACCOUNT}/10dlc/Campaign/CSNDBX2/Number/14155550101/ 200`),
		]);
		expect(sandbox.requests[2].body).toEqual({ numbers: ['14155550101'] });
		expect(clock.waits).toEqual([1000, 2000, 4000]);
		expect(items[0].json).toMatchObject({ configure: { status: 'configured', settings: { alias: 'Customer 7' }, campaign: 'CSNDBX2' }, campaign: { status: 'assigned', state: 'COMPLETED', orderId: null } });
		expect(sandbox.snapshot().plivo.assignments).toEqual([{ number: '14155550101', campaign: 'CSNDBX2', state: 'COMPLETED' }]);
	});

	test('three items, one per case: approved, rejected campaign, refused number; every number bought once', async () => {
		const { items, error } = await run(
			{ authentication: 'plivoNumbersApi', operation: 'purchase', phoneNumber: '={{ $json.number }}', thenConfigure: { messagingCampaign: campaign('={{ $json.campaign }}') } },
			[
				{ number: '+14155550101', campaign: 'CSNDBX1' },
				{ number: '+14155550102', campaign: 'CSNDBX4' },
				{ number: '+14155550128', campaign: 'CSNDBX1' },
			],
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => [item.json.purchase, (item.json.campaign as { status: string }).status])).toEqual([
			[{ status: 'purchased', number: '+14155550101' }, 'assigned'],
			[{ status: 'purchased', number: '+14155550102' }, 'failed'],
			[{ status: 'purchased', number: '+14155550128' }, 'failed'],
		]);
		expect((items[1].json.campaign as { message: string }).message).toBe('Plivo refused the request (HTTP 400): Campaign CSNDBX4 is not active (FAILED): numbers can be linked once it is approved');
		expect(sandbox.requests.filter((r) => r.operation === 'purchase')).toHaveLength(3);
	});

	test('Add, Get Status, Remove with the stand-in; From List shows the campaigns with their aliases', async () => {
		const number = { __rl: true, mode: 'list', value: '+14155550129' };
		const op = (operation: string) => run({ authentication: 'plivoNumbersApi', operation, ownedNumber: number, messagingCampaign: campaign('CSNDBX1') });
		expect((await op('addToCampaign')).items[0].json.campaign).toMatchObject({ status: 'assigned' });
		expect((await op('getCampaignStatus')).items[0].json.campaign).toMatchObject({ status: 'assigned', state: 'COMPLETED' });
		expect((await op('removeFromCampaign')).items[0].json).toMatchObject({ deleted: true, number: '+14155550129' });
		expect(sandbox.snapshot().plivo.assignments).toEqual([]);

		const { result } = await runListSearch({ parameters: { authentication: 'plivoNumbersApi', operation: 'addToCampaign' }, method: 'searchMessagingCampaigns', filter: 'review', credentialData: { baseUrl } });
		expect(result).toEqual({ results: [{ name: 'New campaign (carrier review) (MIXED, ACTIVE)', value: plivo.campaignIds['carrier-review'] }] });
	});
});

describe('Telnyx: buy and make textable', () => {
	const ASSIGNMENTS = '/v2/10dlc/phone_number_campaigns';

	test('Spring promotions (3 looks): the order, its one look, the assignment, 3 looks: 6 requests; assigned', async () => {
		const id = telnyx.campaignIds['spring-promotions'];
		const { items, error } = await run({ authentication: 'telnyxNumbersApi', operation: 'purchase', phoneNumber: '+14155550101', thenConfigure: { messagingCampaign: campaign(id) } });

		expect(error).toBeUndefined();
		const order = (sandbox.requests[0].response as { data: { id: string } }).data.id;
		expect(calls()).toEqual(['POST /v2/number_orders 200', `GET /v2/number_orders/${order} 200`, `POST ${ASSIGNMENTS} 200`, ...Array.from({ length: 3 }, () => `GET ${ASSIGNMENTS}/+14155550101 200`)]);
		expect(sandbox.requests[2].body).toEqual({ phoneNumber: '+14155550101', campaignId: id });
		// The order's look after 1 s, then the assignment's after 1, 2 and 4 s.
		expect(clock.waits).toEqual([1000, 1000, 2000, 4000]);
		expect(items[0].json).toMatchObject({
			purchase: { status: 'purchased', number: '+14155550101' },
			configure: { status: 'configured', campaign: id },
			campaign: { status: 'assigned', state: 'ASSIGNED', orderId: null, alreadyInCampaign: false },
		});
		expect(sandbox.snapshot().telnyx.assignments).toEqual([{ number: '+14155550101', campaign: id, state: 'ASSIGNED' }]);
	});

	test('an order Telnyx finishes later: the order, its looks, then the campaign; one still open after Max Wait for Order is skipped', async () => {
		const id = telnyx.campaignIds['order-updates'];
		const slow = createSandbox({ telnyx: { apiKey: 'telnyx-test-key' }, telnyxOrderDelayMs: 60_000 });
		const slowUrl = await slow.listen(0, '127.0.0.1');
		try {
			const { items } = await runPhoneNumberNode({
				parameters: { resource: 'phoneNumber', authentication: 'telnyxNumbersApi', operation: 'purchase', phoneNumber: '+14155550104', thenConfigure: { messagingCampaign: campaign(id) }, requestOptions: { maxOrderWait: 0 } },
				credentialData: { baseUrl: slowUrl },
			});
			expect(slow.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['POST /v2/number_orders 200']);
			expect(items[0].json).toMatchObject({ purchase: { status: 'pending' }, configure: { status: 'skipped', campaign: id }, campaign: { status: 'skipped' } });
			expect(slow.snapshot().telnyx.assignments).toEqual([]);
		} finally {
			await slow.close();
		}
	});

	test('three items, one per case: approved, campaign in review, refused number; every number bought once', async () => {
		const { items, error } = await run(
			{ authentication: 'telnyxNumbersApi', operation: 'purchase', phoneNumber: '={{ $json.number }}', thenConfigure: { messagingCampaign: campaign('={{ $json.campaign }}') } },
			[
				{ number: '+14155550101', campaign: telnyx.campaignIds['order-updates'] },
				{ number: '+14155550102', campaign: telnyx.campaignIds['appointment-reminders'] },
				{ number: '+14155550128', campaign: telnyx.campaignIds['order-updates'] },
			],
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => [(item.json.purchase as { status: string }).status, (item.json.campaign as { status: string }).status])).toEqual([
			['purchased', 'assigned'],
			['purchased', 'failed'],
			['purchased', 'failed'],
		]);
		expect((items[1].json.campaign as { message: string }).message).toBe(
			`Telnyx refused the request (HTTP 422): Campaign not approved: Campaign ${telnyx.campaignIds['appointment-reminders']} is still pending and has not been approved yet. (code 10036)`,
		);
		expect((items[2].json.campaign as { message: string }).message).toBe(
			`Telnyx could not assign +14155550128 to campaign ${telnyx.campaignIds['order-updates']} (FAILED_ASSIGNMENT: The carriers refused the number for this campaign)`,
		);
		expect(sandbox.requests.filter((r) => r.operation === 'purchase')).toHaveLength(3);
	});

	test('the carrier-review campaign within 10 s: pending; Get Messaging Campaign Status later says the same with one request', async () => {
		const id = telnyx.campaignIds['carrier-review'];
		const { items } = await run({ authentication: 'telnyxNumbersApi', operation: 'purchase', phoneNumber: '+14155550103', thenConfigure: { messagingCampaign: campaign(id) }, requestOptions: { maxCampaignWait: 10 } });
		expect(items[0].json.campaign).toMatchObject({ status: 'pending', state: 'PENDING_ASSIGNMENT', orderId: null });
		expect(items[0].json.configure).toMatchObject({ status: 'pending' });
		expect(clock.waits).toEqual([1000, 1000, 2000, 4000, 3000]);

		sandbox.requests.length = 0;
		const later = await run({ authentication: 'telnyxNumbersApi', operation: 'getCampaignStatus', ownedNumber: { __rl: true, mode: 'number', value: '+14155550103' }, messagingCampaign: campaign(id) });
		expect(calls()).toEqual([`GET ${ASSIGNMENTS}/+14155550103 200`]);
		expect(later.items[0].json.campaign).toMatchObject({ status: 'pending', state: 'PENDING_ASSIGNMENT' });
	});

	test('Add, Add again (nothing sent but the look), Get Status, Remove, Get Status; By ID of the number', async () => {
		const id = telnyx.campaignIds['order-updates'];
		const op = (operation: string, ownedNumber: INodeParameters = { __rl: true, mode: 'number', value: '+14155550129' }) =>
			run({ authentication: 'telnyxNumbersApi', operation, ownedNumber, messagingCampaign: campaign(id) });
		const assigns = () => sandbox.requests.filter((r) => r.operation === 'campaign assign').length;

		expect((await op('addToCampaign')).items[0].json.campaign).toMatchObject({ status: 'assigned', alreadyInCampaign: false });
		expect(assigns()).toBe(1);
		expect((await op('addToCampaign', { __rl: true, mode: 'list', value: '1293384261155550129' })).items[0].json.campaign).toMatchObject({ status: 'assigned', alreadyInCampaign: true });
		expect(assigns()).toBe(1);
		expect((await op('getCampaignStatus')).items[0].json.campaign).toMatchObject({ status: 'assigned', state: 'ASSIGNED' });
		expect((await op('removeFromCampaign')).items[0].json).toMatchObject({ deleted: true, number: '+14155550129', campaign: { status: 'removed' } });
		expect((await op('getCampaignStatus')).items[0].json.campaign).toMatchObject({ status: 'notAssigned' });
		expect(sandbox.snapshot().telnyx.assignments).toEqual([]);
	});

	test('From List: each brand\'s campaigns, described, with their use case and campaignStatus', async () => {
		const list = (paginationToken?: string, filter?: string) =>
			runListSearch({ parameters: { authentication: 'telnyxNumbersApi', operation: 'addToCampaign' }, method: 'searchMessagingCampaigns', paginationToken, filter, credentialData: { baseUrl } });
		const { result } = await list();
		expect(result).toEqual({
			results: [
				{ name: 'Order updates (ACCOUNT_NOTIFICATION, MNO_PROVISIONED)', value: telnyx.campaignIds['order-updates'] },
				{ name: 'Spring promotions (MARKETING, MNO_PROVISIONED)', value: telnyx.campaignIds['spring-promotions'] },
				{ name: 'New campaign (carrier review) (MIXED, MNO_PROVISIONED)', value: telnyx.campaignIds['carrier-review'] },
			],
			paginationToken: '1|1',
		});
		const next = await list('1|1');
		expect(next.result).toEqual({
			results: [
				{ name: 'Appointment reminders (CUSTOMER_CARE, TCR_PENDING)', value: telnyx.campaignIds['appointment-reminders'] },
				{ name: 'Sweepstakes blast (SWEEPSTAKE, TCR_FAILED)', value: telnyx.campaignIds.sweepstakes },
			],
		});
		expect((await list(undefined, 'sweep')).result?.results.map((entry) => entry.value)).toEqual([telnyx.campaignIds.sweepstakes]);
	});
});
