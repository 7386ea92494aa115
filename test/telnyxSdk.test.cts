/**
 * Telnyx's official SDK (`telnyx` 7.24.0, generated from Telnyx's OpenAPI spec, fetch-based) as
 * the oracle nobody here wrote:
 * - for every request the node and the trigger send, the SDK's own method sends the same request
 *   (method, path, decoded query, JSON body, Bearer key); nock 14 intercepts both (n8n's axios and
 *   the SDK's fetch);
 * - the SDK's webhook verification (TelnyxWebhook.verify) and the trigger's verdict
 *   (verifyTelnyx) agree on every signature case, with an Ed25519 key pair made here.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import nock from 'nock';
import type { INodeParameters } from 'n8n-workflow';
import { answer, resetHttp, sent, type RecordedRequest } from './helpers/http.cts';
import { byId, byNumber, fromList, runPhoneNumberNode } from './helpers/n8n.cts';
import { installFakeClock, useRealClock } from './helpers/rateLimitClock.cts';
import { ORDER_ID, TELNYX_ID, TELNYX_ORIGIN, telnyxAvailable, telnyxNumber, telnyxOrder, telnyxPage } from './fixtures/telnyx.cts';
import { verifyTelnyx } from '../nodes/providers/telnyx/trigger';
import { trigger as telnyxTrigger } from '../nodes/providers/telnyx/trigger';

const { Telnyx } = require('telnyx') as { Telnyx: new (options: Record<string, unknown>) => any };
const { TelnyxWebhook } = require('telnyx/lib/webhooks') as { TelnyxWebhook: new (key: string) => { verify(payload: string, headers: Record<string, string>): Promise<void> } };

const PROFILE = '4001767e-ce0f-4cae-9d5f-0d5e636e7809';
const telnyx = (fields: INodeParameters): INodeParameters => ({ authentication: 'telnyxNumbersApi', resource: 'phoneNumber', ...fields });

/** A request as method, path, decoded query, body and auth: what both sides must agree on. */
function normalised(recorded: RecordedRequest) {
	const url = new URL(recorded.url.replace(':443', ''));
	return { method: recorded.method, path: url.pathname, query: Object.fromEntries(url.searchParams), body: recorded.body ?? null, authorization: recorded.headers.authorization };
}

/** Every Telnyx endpoint answers with something plausible; every request is recorded. */
function fakeTelnyx() {
	const scope = nock(TELNYX_ORIGIN).persist();
	scope.get('/v2/available_phone_numbers').query(true).reply(answer(200, { data: [telnyxAvailable('+14155550107')], metadata: { total_results: 1, best_effort_results: 0 } }));
	scope.post('/v2/number_orders').reply(answer(200, { data: telnyxOrder('+14155550100', 'pending', { customer_reference: 'customer-42' }) }));
	scope.get(`/v2/number_orders/${ORDER_ID}`).reply(answer(200, { data: telnyxOrder('+14155550100', 'success') }));
	scope.get('/v2/phone_numbers').query(true).reply(answer(200, telnyxPage([telnyxNumber('+14155550100')])));
	scope.get(`/v2/phone_numbers/${TELNYX_ID}`).reply(answer(200, { data: telnyxNumber('+14155550100') }));
	scope.patch(`/v2/phone_numbers/${TELNYX_ID}`).reply(answer(200, { data: telnyxNumber('+14155550100') }));
	scope.patch(`/v2/phone_numbers/${TELNYX_ID}/messaging`).reply(answer(200, { data: { id: TELNYX_ID, messaging_profile_id: PROFILE } }));
	scope.delete(`/v2/phone_numbers/${TELNYX_ID}`).reply(answer(200, { data: telnyxNumber('+14155550100', { status: 'deleted' }) }));
}

const sdk = () => new Telnyx({ apiKey: 'telnyx-test-key', maxRetries: 0 });

/** Runs the node, then the SDK calls; returns both sides' requests. */
async function both(parameters: INodeParameters, calls: (client: any) => Promise<unknown>) {
	fakeTelnyx();
	const { error } = await runPhoneNumberNode({ parameters });
	expect(error).toBeUndefined();
	const node = sent.map(normalised);
	sent.length = 0;
	await calls(sdk());
	return { node, sdk: sent.map(normalised) };
}

beforeEach(() => {
	resetHttp();
	installFakeClock(Date.parse('2026-11-23T08:00:00.000Z'));
});
afterAll(() => {
	useRealClock();
	nock.restore();
});

describe('the official SDK sends the same requests as the node', () => {
	test('Search Available', async () => {
		const { node, sdk: oracle } = await both(
			telnyx({ operation: 'search', country: 'US', numberType: 'tollFree', searchFilters: { areaCode: '888', contains: '555', region: 'CA', city: 'Oakland', services: ['sms', 'voice'] }, limit: 5 }),
			(client) =>
				client.availablePhoneNumbers.list({
					filter: {
						country_code: 'US',
						phone_number_type: 'toll_free',
						national_destination_code: '888',
						phone_number: { contains: '555' },
						administrative_area: 'CA',
						locality: 'Oakland',
						features: ['sms', 'voice'],
						limit: 5,
					},
				}),
		);
		expect(node).toEqual(oracle);
	});

	test('Purchase: the order (with Additional Fields and Then Configure), then reading it again', async () => {
		const { node, sdk: oracle } = await both(
			telnyx({
				operation: 'purchase',
				phoneNumber: '+14155550100',
				additionalFields: { requirementGroupId: 'c0a1de00-0000-4000-8000-0000000000de', bundleId: '7c8e3d5a-0000-4000-8000-000000000001' },
				thenConfigure: { connection_id: '1293384261075731499', messaging_profile_id: PROFILE, billing_group_id: 'f5586561-8ff0-4291-a0ac-84fe544797bd', customer_reference: 'customer-42' },
			}),
			async (client) => {
				await client.numberOrders.create({
					phone_numbers: [{ phone_number: '+14155550100', requirement_group_id: 'c0a1de00-0000-4000-8000-0000000000de', bundle_id: '7c8e3d5a-0000-4000-8000-000000000001' }],
					connection_id: '1293384261075731499',
					messaging_profile_id: PROFILE,
					billing_group_id: 'f5586561-8ff0-4291-a0ac-84fe544797bd',
					customer_reference: 'customer-42',
				});
				await client.numberOrders.retrieve(ORDER_ID);
			},
		);
		// Key order in a JSON body does not matter to Telnyx: compare as objects.
		expect(node).toEqual(oracle);
	});

	test('Purchase → First Available Match, and Then Configure → Tags (the lookup of the number first)', async () => {
		const { node, sdk: oracle } = await both(
			telnyx({ operation: 'purchase', numberToBuy: 'firstMatch', country: 'US', searchFilters: { areaCode: '415' }, thenConfigure: { tags: ['support'] } }),
			async (client) => {
				await client.availablePhoneNumbers.list({ filter: { country_code: 'US', phone_number_type: 'local', national_destination_code: '415', limit: 1 } });
				await client.numberOrders.create({ phone_numbers: [{ phone_number: '+14155550107' }] });
				await client.numberOrders.retrieve(ORDER_ID);
				await client.phoneNumbers.list({ filter: { phone_number: '14155550107' } });
			},
		);
		// The fake lists +14155550100, not the number bought: the tags stay unapplied (notConfigured), no PATCH.
		expect(node).toEqual(oracle);
	});

	test('a lost order answer: finding the order again by its reference and time', async () => {
		const since = '2026-11-23T07:59:00.000Z';
		nock(TELNYX_ORIGIN)
			.post('/v2/number_orders')
			.reply(answer(503, { errors: [{ code: '10007', title: 'Unexpected error' }] }))
			.get('/v2/number_orders')
			.query(true)
			.reply(answer(200, telnyxPage([])))
			.get('/v2/phone_numbers')
			.query(true)
			.reply(answer(200, telnyxPage([])));
		await runPhoneNumberNode({ parameters: telnyx({ operation: 'purchase', phoneNumber: '+14155550100', thenConfigure: { customer_reference: 'customer-42' } }) });
		const find = normalised(sent[1]);
		sent.length = 0;
		nock(TELNYX_ORIGIN).get('/v2/number_orders').query(true).reply(answer(200, telnyxPage([])));
		await sdk().numberOrders.list({ filter: { created_at: { gt: find.query['filter[created_at][gt]'] }, customer_reference: 'customer-42' } });
		expect(find).toEqual(normalised(sent[0]));
		// A minute before the purchase was sent (on the node's clock), as clocks differ a little.
		expect(find.query['filter[created_at][gt]']).toBe(since);
	});

	test('Get Many (Return All, a filter), Get By ID and By Number', async () => {
		const many = await both(telnyx({ operation: 'getAll', returnAll: true, filters: { tag: 'support', status: 'active' } }), (client) =>
			client.phoneNumbers.list({ page: { number: 1, size: 250 }, filter: { tag: 'support', status: 'active' } }),
		);
		expect(many.node).toEqual(many.sdk);
		resetHttp();
		const get = await both(telnyx({ operation: 'get', ownedNumber: byId(TELNYX_ID) }), (client) => client.phoneNumbers.retrieve(TELNYX_ID));
		expect(get.node).toEqual(get.sdk);
		resetHttp();
		const lookup = await both(telnyx({ operation: 'get', ownedNumber: byNumber('+14155550100') }), (client) => client.phoneNumbers.list({ filter: { phone_number: '14155550100' } }));
		expect(lookup.node).toEqual(lookup.sdk);
	});

	test('Then Configure → Tags on the number found: the SDK\'s phoneNumbers.update', async () => {
		nock(TELNYX_ORIGIN)
			.post('/v2/number_orders')
			.reply(answer(200, { data: telnyxOrder('+14155550100', 'success') }))
			.get('/v2/phone_numbers')
			.query(true)
			.reply(answer(200, telnyxPage([telnyxNumber('+14155550100')])))
			.patch(`/v2/phone_numbers/${TELNYX_ID}`)
			.reply(answer(200, { data: telnyxNumber('+14155550100', { tags: ['support'] }) }));
		await runPhoneNumberNode({ parameters: telnyx({ operation: 'purchase', phoneNumber: '+14155550100', thenConfigure: { tags: ['support'] } }) });
		const node = sent.map(normalised);
		sent.length = 0;
		nock(TELNYX_ORIGIN).patch(`/v2/phone_numbers/${TELNYX_ID}`).reply(answer(200, { data: telnyxNumber('+14155550100') }));
		await sdk().phoneNumbers.update(TELNYX_ID, { tags: ['support'] });
		expect(node[2]).toEqual(normalised(sent[0]));
	});

	test('Update (the number, and its messaging profile) and Release', async () => {
		const update = await both(
			telnyx({ operation: 'update', ownedNumber: fromList(TELNYX_ID), updateFields: { connection_id: '1293384261075731499', customer_reference: 'x', billing_group_id: 'f5586561-8ff0-4291-a0ac-84fe544797bd', tags: ['a'], messaging_profile_id: PROFILE } }),
			async (client) => {
				await client.phoneNumbers.update(TELNYX_ID, { connection_id: '1293384261075731499', customer_reference: 'x', billing_group_id: 'f5586561-8ff0-4291-a0ac-84fe544797bd', tags: ['a'] });
				await client.phoneNumbers.messaging.update(TELNYX_ID, { messaging_profile_id: PROFILE });
			},
		);
		expect(update.node).toEqual(update.sdk);
		resetHttp();
		const release = await both(telnyx({ operation: 'release', ownedNumber: byId(TELNYX_ID) }), (client) => client.phoneNumbers.delete(TELNYX_ID));
		expect(release.node).toEqual(release.sdk);
	});

	test("the trigger's reply through the API is the SDK's messages.send", async () => {
		const reply = telnyxTrigger.messageReply(
			{ provider: 'telnyx', event: 'message', from: '+14155550100', to: '+14155550129', text: 'Hi', receivedAt: '', raw: {} },
			'Thanks!',
		);
		expect(typeof reply).toBe('object');
		const { request } = reply as Exclude<typeof reply, string>;
		nock(TELNYX_ORIGIN).post('/v2/messages').reply(answer(200, { data: { id: 'm' } }));
		await sdk().messages.send({ from: '+14155550129', to: '+14155550100', text: 'Thanks!', use_profile_webhooks: false });
		expect(normalised(sent[0])).toMatchObject({ method: request.method, path: `/v2${request.path}`, body: request.body });
	});
});

describe("the SDK's webhook verification agrees with the trigger's verdict", () => {
	let privateKey: KeyObject;
	let publicKey: string;
	let otherPrivateKey: KeyObject;
	beforeAll(() => {
		useRealClock();
		const pair = generateKeyPairSync('ed25519');
		privateKey = pair.privateKey;
		publicKey = pair.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64');
		otherPrivateKey = generateKeyPairSync('ed25519').privateKey;
	});

	const body = JSON.stringify({ data: { event_type: 'message.received', id: 'e1', payload: { id: 'm1', text: 'Hi ✓' } } });
	const now = () => Math.floor(Date.now() / 1000);
	const signed = (key: KeyObject, timestamp: string, payload: string) => sign(null, Buffer.from(`${timestamp}|${payload}`, 'utf8'), key).toString('base64');

	type Case = [string, () => { headers: Record<string, string>; rawBody: string; key?: string }, boolean];
	const cases: Case[] = [
		['signed now', () => ({ headers: { 'telnyx-timestamp': String(now()), 'telnyx-signature-ed25519': signed(privateKey, String(now()), body) }, rawBody: body }), true],
		['signed 4 minutes ago', () => ({ headers: { 'telnyx-timestamp': String(now() - 240), 'telnyx-signature-ed25519': signed(privateKey, String(now() - 240), body) }, rawBody: body }), true],
		['signed 6 minutes ago (a replay)', () => ({ headers: { 'telnyx-timestamp': String(now() - 360), 'telnyx-signature-ed25519': signed(privateKey, String(now() - 360), body) }, rawBody: body }), false],
		['dated 6 minutes ahead', () => ({ headers: { 'telnyx-timestamp': String(now() + 360), 'telnyx-signature-ed25519': signed(privateKey, String(now() + 360), body) }, rawBody: body }), false],
		['the body changed on the way', () => ({ headers: { 'telnyx-timestamp': String(now()), 'telnyx-signature-ed25519': signed(privateKey, String(now()), body) }, rawBody: body.replace('Hi', 'Ho') }), false],
		['the timestamp changed on the way', () => ({ headers: { 'telnyx-timestamp': String(now() - 1), 'telnyx-signature-ed25519': signed(privateKey, String(now()), body) }, rawBody: body }), false],
		['signed with another key', () => ({ headers: { 'telnyx-timestamp': String(now()), 'telnyx-signature-ed25519': signed(otherPrivateKey, String(now()), body) }, rawBody: body }), false],
		['no signature', () => ({ headers: { 'telnyx-timestamp': String(now()) }, rawBody: body }), false],
		['no timestamp', () => ({ headers: { 'telnyx-signature-ed25519': signed(privateKey, String(now()), body) }, rawBody: body }), false],
		['a timestamp that is not a number', () => ({ headers: { 'telnyx-timestamp': 'soon', 'telnyx-signature-ed25519': signed(privateKey, 'soon', body) }, rawBody: body }), false],
		['a signature that is not base64', () => ({ headers: { 'telnyx-timestamp': String(now()), 'telnyx-signature-ed25519': 'not base64!' }, rawBody: body }), false],
		['a form-encoded TeXML call, signed', () => {
			const form = 'CallSid=v3%3Aabc&From=%2B14155550100&To=%2B14155550129';
			return { headers: { 'telnyx-timestamp': String(now()), 'telnyx-signature-ed25519': signed(privateKey, String(now()), form) }, rawBody: form };
		}, true],
		['a public key that is not 32 bytes', () => ({ headers: { 'telnyx-timestamp': String(now()), 'telnyx-signature-ed25519': signed(privateKey, String(now()), body) }, rawBody: body, key: 'AAAA' }), false],
	];

	test.each(cases)('%s', async (_name, make, expected) => {
		const { headers, rawBody, key = publicKey } = make();
		const ours = verifyTelnyx({ method: 'POST', url: 'https://n8n.example.com/webhook/x/phone-number', headers, rawBody }, key).valid;
		const theirs = await Promise.resolve()
			.then(async () => await new TelnyxWebhook(key).verify(rawBody, headers))
			.then(
			() => true,
			() => false,
		);
		expect({ ours, theirs }).toEqual({ ours: expected, theirs: expected });
	});
});
