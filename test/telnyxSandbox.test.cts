/**
 * Telnyx end to end against the stand-in (test/sandbox/providers/telnyx.js), through n8n's engine:
 * - number orders that finish after 0, 2 and 10 seconds: the requests one purchase costs (order +
 *   reads), on one fake clock shared by the node's waits and the stand-in's orders (nothing sleeps);
 * - orders that fail, orders that wait for documents, an order whose answer is lost: never
 *   bought twice;
 * - the Phone Number Trigger: a TeXML application and a messaging profile created and assigned,
 *   signed webhooks (403 without a valid signature), the reply sent through the API, TeXML call
 *   answers, and everything put back at deactivation.
 */
import type { INodeParameters } from 'n8n-workflow';
import { runPhoneNumberNode } from './helpers/n8n.cts';
import { installFakeClock, useRealClock, type FakeClock } from './helpers/rateLimitClock.cts';
import { TriggerHarness } from './helpers/trigger.cts';

const { createSandbox, purchasesByNumber, DEFAULTS } = require('./sandbox/server') as {
	createSandbox(options?: Record<string, unknown>): Sandbox;
	purchasesByNumber(requests: unknown[]): Map<string, number>;
	DEFAULTS: { telnyx: { publicKey: string; apiKey: string } };
};
const { assertLoopbackOnly } = require('./helpers/loopback') as { assertLoopbackOnly(pid: number, label: string): void };

interface Sandbox {
	listen(): Promise<string>;
	close(): Promise<void>;
	reset(): void;
	addFault(fault: Record<string, unknown>): void;
	requests: Array<{ method: string; path: string; query: Record<string, string>; body: any; status: number; provider: string }>;
	snapshot(): { telnyx: { owned: Array<Record<string, any>> } };
	state: { telnyx: { applications: Map<string, any>; profiles: Map<string, any>; messages: any[] } };
	simulateInbound(options: Record<string, unknown>): Promise<{ status: number; body: string; headers: Record<string, string> }>;
}

const purchase = (phoneNumber: string, fields: INodeParameters = {}): INodeParameters => ({
	authentication: 'telnyxNumbersApi',
	resource: 'phoneNumber',
	operation: 'purchase',
	phoneNumber,
	...fields,
});

async function standIn(options: Record<string, unknown>) {
	const sandbox = createSandbox({ telnyx: { apiKey: 'telnyx-test-key' }, ...options });
	const baseUrl = await sandbox.listen();
	assertLoopbackOnly(process.pid, 'provider stand-in');
	return { sandbox, baseUrl };
}

describe('number orders at the stand-in (one fake clock for the node and the orders)', () => {
	let clock: FakeClock;
	const opened: Sandbox[] = [];
	beforeEach(() => {
		clock = installFakeClock(Date.parse('2026-11-23T08:00:00.000Z'));
	});
	afterAll(async () => {
		useRealClock();
		await Promise.all(opened.map((sandbox) => sandbox.close()));
	});
	const start = async (options: Record<string, unknown> = {}) => {
		const started = await standIn({ now: () => new Date(clock.now), ...options });
		opened.push(started.sandbox);
		return started;
	};

	test.each([
		[0, 2, [1000]],
		[2, 3, [1000, 2000]],
		[10, 5, [1000, 2000, 3000, 5000]],
	])('an order that takes %i s: %i requests per purchase (order + reads), waits %j ms', async (seconds, requests, waits) => {
		const { sandbox, baseUrl } = await start({ telnyxOrderDelayMs: seconds * 1000 });
		const { items, error } = await runPhoneNumberNode({ parameters: purchase('+14155550100'), credentialData: { baseUrl } });
		expect(error).toBeUndefined();
		expect(items[0].json.purchase).toMatchObject({ status: 'purchased', number: '+14155550100' });
		expect(sandbox.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
			'POST /v2/number_orders 200',
			...Array.from({ length: requests - 1 }, () => `GET /v2/number_orders/${items[0].json.purchase && (items[0].json.purchase as { orderId: string }).orderId} 200`),
		]);
		expect(clock.waits).toEqual(waits);
		expect(sandbox.snapshot().telnyx.owned.find((n) => n.phone_number === '+14155550100')?.status).toBe('active');
		process.stderr.write(`[telnyx] order taking ${seconds} s: ${sandbox.requests.length} requests per purchase (1 order + ${sandbox.requests.length - 1} reads), waited ${clock.waits.reduce((a, b) => a + b, 0) / 1000} s\n`);
	});

	test('an order the stand-in fails: the item stops in Telnyx\'s words and the number is not in the account', async () => {
		const { sandbox, baseUrl } = await start();
		const { error } = await runPhoneNumberNode({ parameters: purchase('+13125550128'), credentialData: { baseUrl } });
		expect(error?.message).toMatch(/^Telnyx did not complete the order of \+13125550128: order \S+ has status "failure" \(\+13125550128: failure \(requirements: approved\)\)$/);
		expect(sandbox.snapshot().telnyx.owned.map((n) => n.phone_number)).not.toContain('+13125550128');
	});

	test('a regulated number without a requirement group waits for documents: pending at once; with one it is bought', async () => {
		const { sandbox, baseUrl } = await start();
		const waiting = await runPhoneNumberNode({ parameters: purchase('+493055550100'), credentialData: { baseUrl } });
		expect(waiting.items[0].json.purchase).toMatchObject({ status: 'pending', number: '+493055550100' });
		expect(String((waiting.items[0].json.purchase as { reason: string }).reason)).toContain('Telnyx needs regulatory information');
		expect(sandbox.requests).toHaveLength(1);
		const bought = await runPhoneNumberNode({
			parameters: purchase('+493055550101', { additionalFields: { requirementGroupId: 'c0a1de00-0000-4000-8000-0000000000de' } }),
			credentialData: { baseUrl },
		});
		expect(bought.items[0].json.purchase).toMatchObject({ status: 'purchased', number: '+493055550101' });
	});

	test('an order whose answer is lost (the stand-in placed it, then 502): found again and waited for, bought once', async () => {
		const { sandbox, baseUrl } = await start({ telnyxOrderDelayMs: 2000 });
		sandbox.addFault({ method: 'POST', path: '/v2/number_orders', status: 502, afterCommit: true });
		const { items, error } = await runPhoneNumberNode({ parameters: purchase('+14155550101', { thenConfigure: { customer_reference: 'customer-42' } }), credentialData: { baseUrl } });
		expect(error).toBeUndefined();
		expect(items[0].json.purchase).toMatchObject({ status: 'purchased', number: '+14155550101' });
		expect(sandbox.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
			'POST /v2/number_orders 502',
			'GET /v2/number_orders 200',
			expect.stringMatching(/^GET \/v2\/number_orders\/\S+ 200$/),
			expect.stringMatching(/^GET \/v2\/number_orders\/\S+ 200$/),
		]);
		expect(purchasesByNumber(sandbox.requests).get('14155550101')).toBeUndefined(); // the one POST answered 502
		expect(sandbox.snapshot().telnyx.owned.filter((n) => n.phone_number === '+14155550101')).toHaveLength(1);
	});

	test('buying a number already in the account: the order is refused, the lookup finds it: alreadyOwned', async () => {
		const { baseUrl } = await start();
		const { items } = await runPhoneNumberNode({ parameters: purchase('+14155550129'), credentialData: { baseUrl } });
		expect(items[0].json.purchase).toEqual({ status: 'alreadyOwned', number: '+14155550129' });
		expect(items[0].json.customer_reference).toBe('Sandbox main line');
	});

	test('the deletion lock: Release is refused and explained, the number stays', async () => {
		const { sandbox, baseUrl } = await start();
		const { error } = await runPhoneNumberNode({
			parameters: { authentication: 'telnyxNumbersApi', resource: 'phoneNumber', operation: 'release', ownedNumber: { __rl: true, mode: 'number', value: '+18885550119' } },
			credentialData: { baseUrl },
		});
		expect(error?.message).toContain('Telnyx refused the request (HTTP 422): Deletion lock enabled');
		expect(error?.description).toContain("Telnyx's deletion lock");
		expect(sandbox.snapshot().telnyx.owned.map((n) => n.phone_number)).toContain('+18885550119');
	});
});

describe('the Phone Number Trigger at Telnyx', () => {
	let sandbox: Sandbox;
	let baseUrl: string;
	const harnesses: TriggerHarness[] = [];
	beforeAll(async () => {
		({ sandbox, baseUrl } = await standIn({}));
	});
	afterAll(async () => {
		await Promise.all(harnesses.map((harness) => harness.close()));
		await sandbox.close();
	});
	beforeEach(() => sandbox.reset());

	async function trigger(parameters: Record<string, unknown>) {
		const harness = new TriggerHarness('telnyxNumbersApi', parameters as never, { baseUrl, publicKey: DEFAULTS.telnyx.publicKey });
		harnesses.push(harness);
		await harness.listen();
		return harness;
	}
	const number = () => sandbox.snapshot().telnyx.owned.find((n) => n.phone_number === '+14155550129')!;

	test('activation creates a TeXML application and a messaging profile at the workflow URL and assigns them; deactivation puts everything back', async () => {
		const harness = await trigger({ phoneNumber: { mode: 'number', value: '+1 415 555 0129' }, events: ['message', 'call'], messageReply: 'Thanks!' });
		const before = number();
		await harness.activate();

		const app = [...sandbox.state.telnyx.applications.values()][0];
		const profile = [...sandbox.state.telnyx.profiles.values()][0];
		expect(app).toMatchObject({ friendly_name: 'n8n Phone Number Trigger +14155550129', voice_url: harness.url(), voice_method: 'post' });
		expect(profile).toMatchObject({ name: 'n8n Phone Number Trigger +14155550129', webhook_url: harness.url(), webhook_api_version: '2', whitelisted_destinations: ['US'] });
		expect(number()).toMatchObject({ connection_id: app.id, messaging_profile_id: profile.id });
		expect(harness.staticData.activation).toMatchObject({
			provider: 'telnyxNumbersApi',
			number: '+14155550129',
			numberKey: before.id,
			previous: { connection_id: null, messaging_profile_id: null },
			applied: { connection_id: app.id, messaging_profile_id: profile.id },
			createdTexmlApplicationId: app.id,
			createdMessagingProfileId: profile.id,
		});
		expect((await harness.activate()).existed).toBe(true);

		// A message: verified, the item, the reply sent through POST /messages.
		const message = await sandbox.simulateInbound({ provider: 'telnyx', number: '+14155550129', event: 'message', from: '+14155550100', text: 'Hi' });
		expect(message.status).toBe(200);
		const [execution] = harness.executions;
		const item = execution.result!.workflowData![0][0].json as Record<string, any>;
		expect(item).toMatchObject({ provider: 'telnyx', event: 'message', from: '+14155550100', to: '+14155550129', text: 'Hi', media: [] });
		expect(item.messageId).toBe(item.raw.data.payload.id);
		expect(item.eventId).toBe(item.raw.data.id);
		expect(sandbox.state.telnyx.messages.map((m) => ({ from: m.from.phone_number, to: m.to[0].phone_number, text: m.text }))).toEqual([{ from: '+14155550129', to: '+14155550100', text: 'Thanks!' }]);
		expect(sandbox.requests.find((r) => r.path === '/v2/messages')?.body).toEqual({ from: '+14155550129', to: '+14155550100', text: 'Thanks!', use_profile_webhooks: false });

		// A call: TeXML answer, the call item.
		const call = await sandbox.simulateInbound({ provider: 'telnyx', number: '+14155550129', event: 'call', from: '+14155550100' });
		expect(call.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>');
		expect(harness.executions[1].result!.workflowData![0][0].json).toMatchObject({ provider: 'telnyx', event: 'call', from: '+14155550100', to: '+14155550129', callId: expect.stringMatching(/^v3:/) });

		// Unsigned or changed on the way: 403, no execution.
		for (const signature of ['none', 'tampered']) {
			for (const event of ['message', 'call']) {
				const refused = await sandbox.simulateInbound({ provider: 'telnyx', number: '+14155550129', event, signature });
				expect(refused.status).toBe(403);
			}
		}
		expect(harness.executions).toHaveLength(2);

		await harness.deactivate();
		expect(number()).toMatchObject({ connection_id: null, messaging_profile_id: null });
		expect(sandbox.state.telnyx.applications.size).toBe(0);
		expect(sandbox.state.telnyx.profiles.size).toBe(0);
		expect(harness.staticData.activation).toBeUndefined();
	});

	test("a number that had a connection keeps it after deactivation; only the trigger's application is deleted", async () => {
		// The user's own TeXML application, made through Telnyx's API.
		const own = await fetch(`${baseUrl}/v2/texml_applications`, {
			method: 'POST',
			headers: { authorization: `Bearer ${DEFAULTS.telnyx.apiKey}`, 'content-type': 'application/json' },
			body: JSON.stringify({ friendly_name: 'Mine', voice_url: 'https://example.com/voice' }),
		}).then(async (response) => ((await response.json()) as { data: { id: string } }).data.id);
		await fetch(`${baseUrl}/v2/phone_numbers/${number().id}`, {
			method: 'PATCH',
			headers: { authorization: `Bearer ${DEFAULTS.telnyx.apiKey}`, 'content-type': 'application/json' },
			body: JSON.stringify({ connection_id: own }),
		});
		const harness = await trigger({ phoneNumber: { mode: 'list', value: number().id }, events: ['call'], callAnswer: 'say', sayText: 'Hello & bye' });
		await harness.activate();
		expect(number().connection_id).not.toBe(own);
		const call = await sandbox.simulateInbound({ provider: 'telnyx', number: '+14155550129', event: 'call' });
		expect(call.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Say>Hello &amp; bye</Say><Hangup/></Response>');
		await harness.deactivate();
		expect(number().connection_id).toBe(own);
		expect([...sandbox.state.telnyx.applications.keys()]).toEqual([own]);
	});

	test('without a Public Key in the credential the trigger does not activate and changes nothing', async () => {
		const harness = new TriggerHarness('telnyxNumbersApi', { phoneNumber: { mode: 'number', value: '+14155550129' }, events: ['message'] } as never, { baseUrl, publicKey: '' });
		harnesses.push(harness);
		await harness.listen();
		await expect(harness.activate()).rejects.toThrow('The Telnyx API credential has no Public Key');
		expect(sandbox.requests).toEqual([]);
	});
});
