/**
 * Telnyx's own OpenAPI spec as the oracle (issue 22). Every request the node and the trigger send
 * to Telnyx, and every answer the stand-in gives, is checked against the spec Telnyx publishes
 * (team-telnyx/openapi, openapi/spec3.yml), vendored in test/specs/telnyx.openapi.json with the
 * commit it came from (README: "Provider specs").
 *
 * The node runs through n8n's engine against the stand-in over loopback HTTP; the stand-in's
 * request log holds each request as it arrived and the answer it got, and both are validated. The
 * stand-in's error answers are then provoked one by one, and its inbound message webhook is
 * checked against the spec's callback schema.
 *
 * Where the spec is silent (no signature headers on webhooks, no TeXML webhook at all, no bodies
 * for the TeXML endpoints' errors) or where this version of it is wrong about Telnyx's API in ways
 * its later versions correct, the test says so by asserting exactly that problem, and our
 * behaviour stays (fixtures/telnyxSpec.cts lists those cases, each with its reason).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { byId, byNumber, fromList, runListSearch, runPhoneNumberNode, testCredential, TEST_CREDENTIALS } from './helpers/n8n.cts';
import { describeErrors, exchangeProblems, loadSpec, matchOperation, operationKey, requestProblems, responseProblems, SpecTally, unexercised, type StandInLogEntry } from './helpers/openapi.cts';
import { TriggerHarness } from './helpers/trigger.cts';
import { telnyxConflictOf, TELNYX_SPEC_CONFLICTS } from './fixtures/telnyxSpec.cts';
import { telnyxAvailable, telnyxErrors, telnyxNumber, telnyxOrder, telnyxPage } from './fixtures/telnyx.cts';
import { settings } from '../nodes/providers/telnyx/settings';
import { owned } from '../nodes/providers/telnyx/api';
import { search } from '../nodes/providers/telnyx/search';

// Whole workflows and stand-ins per test on a machine shared with other suites: time is no verdict here.
jest.setTimeout(120_000);

interface Sandbox {
	listen(port?: number, host?: string): Promise<string>;
	close(): Promise<void>;
	requests: StandInLogEntry[];
	addFault(fault: Record<string, unknown>): unknown;
	snapshot(): { telnyx: { owned: Array<Record<string, any>> } };
	simulateInbound(options: Record<string, unknown>): Promise<{ status: number; body: string; payload: unknown }>;
}
const { createSandbox, DEFAULTS } = require('./sandbox/server.js') as {
	createSandbox(options?: Record<string, unknown>): Sandbox;
	DEFAULTS: { telnyx: { publicKey: string; apiKey: string } };
};

const spec = loadSpec('telnyx');
const API_KEY = TEST_CREDENTIALS.telnyxNumbersApi.apiKey;
const MAIN_LINE = '+14155550129';
/** The fields a number answer shows as null while unset (fixtures/telnyxSpec.cts). */
const NULL_FIELDS = 8;
const LOCKED_LINE = '+18885550119';

const tally = new SpecTally(spec, 'Telnyx');
const count = tally.count.bind(tally);

let sandbox: Sandbox;
let baseUrl: string;
let seen = 0;
const others: Sandbox[] = [];

beforeAll(async () => {
	sandbox = createSandbox({});
	baseUrl = await sandbox.listen(0, '127.0.0.1');
});

afterAll(async () => {
	await Promise.all([sandbox, ...others].map((server) => server.close()));
	process.stdout.write(tally.report());
});

/** The stand-in's log since the last call. */
function exchanges(server: Sandbox = sandbox): StandInLogEntry[] {
	const entries = server.requests.slice(server === sandbox ? seen : 0);
	if (server === sandbox) seen = server.requests.length;
	else server.requests.length = 0;
	return entries;
}

/** The value a $ref points at, through a chain of them. */
function resolved(schema: any): any {
	let value = schema;
	for (let hops = 0; value?.$ref && hops < 32; hops++) value = value.$ref.slice(2).split('/').reduce((node: any, part: string) => node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], spec.document);
	return value;
}

/** Every property a schema names, its allOf branches' included. */
function named(schema: any): Record<string, any> | undefined {
	const value = resolved(schema);
	if (!value || typeof value !== 'object' || (!value.properties && !value.allOf)) return undefined;
	return Object.assign({}, value.properties, ...(value.allOf ?? []).map((branch: any) => named(branch) ?? {}));
}

/**
 * The fields of a JSON value its schema does not name. Telnyx's schemas are open (no
 * additionalProperties: false), so Ajv lets any field through; a field the spec does not document
 * is still one Telnyx may ignore, so the node's requests are held to the names too.
 */
function unnamed(schema: any, value: unknown, at = ''): string[] {
	if (Array.isArray(value)) {
		const items = resolved(schema)?.items;
		return items ? value.flatMap((item, index) => unnamed(items, item, `${at}/${index}`)) : [];
	}
	const properties = value && typeof value === 'object' ? named(schema) : undefined;
	if (!properties) return [];
	return Object.entries(value as object).flatMap(([name, inner]) => (properties[name] ? unnamed(properties[name], inner, `${at}/${name}`) : [`${at}/${name}`]));
}

/** The fields of a request's JSON body that the spec's request body schema does not name. */
function unnamedInRequest(entry: StandInLogEntry): string[] {
	const matched = matchOperation(spec, entry.method, entry.path);
	const schema = matched?.operation.requestBody?.content?.['application/json']?.schema;
	if (!matched || !schema || !entry.body || typeof entry.body !== 'object') return [];
	return unnamed(schema, entry.body).map((path) => `${matched.key}: request body ${path}: not named in the spec (its objects are open)`);
}

/** The known conflicts (fixtures/telnyxSpec.cts) that some exchange showed. */
const conflictsSeen = new Set<number>();

/** The problems of one exchange, without the known conflicts (which are noted as seen). */
function problemsOf(entry: StandInLogEntry, index = 0): string[] {
	const { request, response } = exchangeProblems(spec, entry);
	request.push(...unnamedInRequest(entry));
	return known([...request.map((problem) => `#${index} request: ${problem}`), ...response.map((problem) => `#${index} answer: ${problem}`)]);
}

/** Problems without the known conflicts, which are noted as seen. */
function known(problems: string[]): string[] {
	return problems.filter((problem) => {
		const conflict = telnyxConflictOf(problem);
		if (conflict >= 0) conflictsSeen.add(conflict);
		return conflict < 0;
	});
}

/**
 * Every request and answer fits the spec; returns "KEY status" per exchange, in order. fromNode:
 * the requests are the node's (false: the test's own, sent to provoke an answer).
 */
function checked(entries: StandInLogEntry[], fromNode = true): string[] {
	const problems: string[] = [];
	for (const [index, entry] of entries.entries()) {
		problems.push(...problemsOf(entry, index));
		count(operationKey(spec, entry.method, entry.path), entry.status, fromNode);
	}
	expect(problems).toEqual([]);
	return entries.map((entry) => `${operationKey(spec, entry.method, entry.path)} ${entry.status}`);
}

const node = (operation: string, fields: INodeParameters): INodeParameters => ({ authentication: 'telnyxNumbersApi', resource: 'phoneNumber', operation, ...fields });
const run = (parameters: INodeParameters, items?: IDataObject[], continueOnFail = false) => runPhoneNumberNode({ parameters, items, credentialData: { baseUrl }, continueOnFail });
const ownedId = (number = MAIN_LINE) => sandbox.snapshot().telnyx.owned.find((entry) => entry.phone_number === number)!.id as string;

/** A request to the stand-in, not from the node: to make things the node needs, or to provoke an answer. */
async function answered(method: string, path: string, init: { body?: string; contentType?: string; auth?: string } = {}, server = baseUrl) {
	const headers: Record<string, string> = { authorization: init.auth ?? `Bearer ${API_KEY}` };
	if (init.contentType ?? (init.body !== undefined ? 'application/json' : undefined)) headers['content-type'] = init.contentType ?? 'application/json';
	const response = await fetch(`${server}${path}`, { method, headers, body: init.body });
	const text = await response.text();
	return { status: response.status, body: text ? JSON.parse(text) : undefined };
}
const json = (body: unknown) => ({ body: JSON.stringify(body) });

/** Waits until something has happened, however long the loaded machine takes (jest's timeout is the only limit). */
async function until(done: () => boolean): Promise<void> {
	while (!done()) await new Promise((resolve) => setTimeout(resolve, 20));
}

const SEARCH = 'GET /available_phone_numbers';
const ORDER = 'POST /number_orders';
const ORDERS = 'GET /number_orders';
const ORDER_GET = 'GET /number_orders/{number_order_id}';
const LIST = 'GET /phone_numbers';
const GET_ONE = 'GET /phone_numbers/{id}';
const PATCH = 'PATCH /phone_numbers/{id}';
const DELETE = 'DELETE /phone_numbers/{id}';
const MESSAGING = 'PATCH /phone_numbers/{id}/messaging';
const TEXML = 'POST /texml_applications';
const TEXML_DELETE = 'DELETE /texml_applications/{id}';
const PROFILE = 'POST /messaging_profiles';
const PROFILE_DELETE = 'DELETE /messaging_profiles/{id}';
const MESSAGE = 'POST /messages';

describe("every request the node sends, and the stand-in's answer, fit Telnyx's spec", () => {
	test.each([
		['local, every filter', { country: 'US', numberType: 'local', searchFilters: { areaCode: '415', startsWith: '415555', endsWith: '0105', region: 'CA', city: 'San Francisco', services: ['voice', 'sms'] }, limit: 5 }],
		['local, Contains', { country: 'US', numberType: 'local', searchFilters: { areaCode: '312', contains: '555' }, limit: 3 }],
		['toll-free, Return All', { country: 'US', numberType: 'tollFree', returnAll: true }],
		['mobile (GB), not simplified', { country: 'GB', numberType: 'mobile', simplify: false, limit: 2 }],
		['any type (DE)', { country: 'DE', numberType: 'any', limit: 1 }],
	])('Search Available: %s', async (_name, fields) => {
		const { error, items } = await run(node('search', fields as INodeParameters));
		expect(error).toBeUndefined();
		expect(items.length).toBeGreaterThan(0);
		expect(checked(exchanges())).toEqual([`${SEARCH} 200`]);
	});

	test('Purchase, a specific number: the order (pending, as Telnyx answers), read again once done', async () => {
		const { error, items } = await run(node('purchase', { phoneNumber: '+14155550100' }));
		expect(error).toBeUndefined();
		expect(items[0].json.purchase).toMatchObject({ status: 'purchased' });
		expect(checked(exchanges())).toEqual([`${ORDER} 200`, `${ORDER_GET} 200`]);
	});

	test('Purchase with Then Configure (every setting) and the regulatory fields: the order takes them, the tags follow', async () => {
		const { body } = await answered('POST', '/v2/messaging_profiles', json({ name: 'Sales', whitelisted_destinations: ['US'] }));
		const profile = body.data.id as string;
		exchanges();
		const { error, items } = await run(
			node('purchase', {
				phoneNumber: '+14155550102',
				thenConfigure: { billing_group_id: 'f5586561-8ff0-4291-a0ac-84fe544797bd', connection_id: '1293384261075731499', customer_reference: 'customer-42', messaging_profile_id: profile, tags: ['support', 'sales'] },
				additionalFields: { bundleId: '7c8e3d5a-0000-4000-8000-000000000001' },
			}),
		);
		expect(error).toBeUndefined();
		expect(items[0].json.configure).toMatchObject({ status: 'configured' });
		expect(checked(exchanges())).toEqual([`${ORDER} 200`, `${ORDER_GET} 200`, `${LIST} 200`, `${PATCH} 200`]);
	});

	test('Purchase, a regulated number: with a requirement group it is bought; without one it waits for documents (pending)', async () => {
		const bought = await run(node('purchase', { phoneNumber: '+493055550101', additionalFields: { requirementGroupId: 'c0a1de00-0000-4000-8000-0000000000de' } }));
		expect(bought.items[0].json.purchase).toMatchObject({ status: 'purchased' });
		const waiting = await run(node('purchase', { phoneNumber: '+493055550102' }));
		expect(waiting.items[0].json.purchase).toMatchObject({ status: 'pending' });
		// The second order waits for documents: it is not read again.
		expect(checked(exchanges())).toEqual([`${ORDER} 200`, `${ORDER_GET} 200`, `${ORDER} 200`]);
	});

	test('Purchase, an order that takes time: read again until it succeeds', async () => {
		const slow = createSandbox({ telnyxOrderDelayMs: 1500 });
		others.push(slow);
		const url = await slow.listen(0, '127.0.0.1');
		const { error, items } = await runPhoneNumberNode({ parameters: node('purchase', { phoneNumber: '+14155550103' }), credentialData: { baseUrl: url } });
		expect(error).toBeUndefined();
		expect(items[0].json.purchase).toMatchObject({ status: 'purchased' });
		const statuses = checked(exchanges(slow));
		expect(statuses[0]).toBe(`${ORDER} 200`);
		expect(new Set(statuses.slice(1))).toEqual(new Set([`${ORDER_GET} 200`]));
	});

	test('Purchase, an order that fails: the order, its read, Telnyx\'s words', async () => {
		const slow = createSandbox({ telnyxOrderDelayMs: 1 });
		others.push(slow);
		const url = await slow.listen(0, '127.0.0.1');
		const { error } = await runPhoneNumberNode({ parameters: node('purchase', { phoneNumber: '+13125550128' }), credentialData: { baseUrl: url } });
		expect(error?.message).toContain('Telnyx did not complete the order of +13125550128');
		expect(checked(exchanges(slow))).toEqual([`${ORDER} 200`, `${ORDER_GET} 200`]);
	});

	test('Purchase whose answer is lost: the order is looked for (GET /number_orders), found done, never placed twice', async () => {
		sandbox.addFault({ method: 'POST', path: '/v2/number_orders', status: 502, afterCommit: true });
		const { error, items } = await run(node('purchase', { phoneNumber: '+14155550104', thenConfigure: { customer_reference: 'lost-answer' } }));
		expect(error).toBeUndefined();
		expect(items[0].json.purchase).toMatchObject({ status: 'purchased' });
		expect(checked(exchanges())).toEqual([`${ORDER} 502`, `${ORDERS} 200`]);
	});

	test('Purchase of a number already owned (refused, then the look-up) and of one not for sale', async () => {
		const owned = await run(node('purchase', { phoneNumber: MAIN_LINE }));
		expect(owned.items[0].json.purchase).toEqual({ status: 'alreadyOwned', number: MAIN_LINE });
		const gone = await run(node('purchase', { phoneNumber: '+13035550100' }));
		expect(gone.error?.message).toContain('Telnyx refused the request (HTTP 422)');
		expect(checked(exchanges())).toEqual([`${ORDER} 422`, `${LIST} 200`, `${ORDER} 422`, `${LIST} 200`]);
	});

	test('Purchase, first available match: the search for one number, then the order', async () => {
		const { error } = await run(node('purchase', { numberToBuy: 'firstMatch', country: 'US', numberType: 'local', searchFilters: { areaCode: '212' } }));
		expect(error).toBeUndefined();
		expect(checked(exchanges())).toEqual([`${SEARCH} 200`, `${ORDER} 200`, `${ORDER_GET} 200`]);
	});

	test.each([
		['Limit 5', { limit: 5 }],
		['Return All', { returnAll: true }],
		['every filter', { limit: 10, filters: { connectionId: '1293384261075731499', customerReference: 'Sandbox main line', phoneNumber: '+1 415', status: 'active', tag: 'support' } }],
		['Status: purchase pending', { limit: 10, filters: { status: 'purchase-pending' } }],
		['not simplified', { simplify: false, limit: 1 }],
	])('Get Many: %s', async (_name, fields) => {
		const { error } = await run(node('getAll', fields as INodeParameters));
		expect(error).toBeUndefined();
		expect(checked(exchanges())).toEqual([`${LIST} 200`]);
	});

	test('Get: by ID, from the list, by number (the look-up is the answer); an ID not in the account (404)', async () => {
		const id = ownedId();
		for (const ownedNumber of [byId(id), fromList(id)]) expect((await run(node('get', { ownedNumber }))).error).toBeUndefined();
		expect((await run(node('get', { ownedNumber: byNumber(MAIN_LINE) }))).error).toBeUndefined();
		expect((await run(node('get', { ownedNumber: byId('1293384261000000404') }))).error?.message).toContain('404');
		expect(checked(exchanges())).toEqual([`${GET_ONE} 200`, `${GET_ONE} 200`, `${LIST} 200`, `${GET_ONE} 404`]);
	});

	describe('Update: each setting (one request each; the messaging profile at its own endpoint)', () => {
		let profile: string;
		let application: string;
		beforeAll(async () => {
			profile = (await answered('POST', '/v2/messaging_profiles', json({ name: 'Support', whitelisted_destinations: ['US'] }))).body.data.id;
			application = (await answered('POST', '/v2/texml_applications', json({ friendly_name: 'Support', voice_url: 'https://example.com/voice' }))).body.data.id;
			exchanges();
		});
		const value = (name: string) =>
			({ billing_group_id: 'f5586561-8ff0-4291-a0ac-84fe544797bd', connection_id: application, customer_reference: 'customer-7', messaging_profile_id: profile, tags: ['support'] })[name];

		test.each(settings.fields.map((field) => field.name))('%s', async (name) => {
			const { error } = await run(node('update', { ownedNumber: byId(ownedId()), updateFields: { [name]: value(name) } }));
			expect(error).toBeUndefined();
			const entries = exchanges();
			expect(entries.map((entry) => entry.body)).toEqual([{ [name]: value(name) }]);
			expect(checked(entries)).toEqual([name === 'messaging_profile_id' ? `${MESSAGING} 200` : `${PATCH} 200`]);
		});

		test('every setting at once, by number: the look-up, the number, its messaging settings', async () => {
			const all = Object.fromEntries(settings.fields.map((field) => [field.name, value(field.name)]));
			const { error } = await run(node('update', { ownedNumber: byNumber(MAIN_LINE), updateFields: all }));
			expect(error).toBeUndefined();
			expect(checked(exchanges())).toEqual([`${LIST} 200`, `${PATCH} 200`, `${MESSAGING} 200`]);
		});
	});

	test('Release: by ID, the number gone (404), the deletion lock (422)', async () => {
		expect((await run(node('purchase', { phoneNumber: '+14155550105' }))).error).toBeUndefined();
		const id = ownedId('+14155550105');
		expect((await run(node('release', { ownedNumber: byId(id) }))).error).toBeUndefined();
		expect((await run(node('release', { ownedNumber: byId(id) }))).error?.message).toContain('404');
		expect((await run(node('release', { ownedNumber: byNumber(LOCKED_LINE) }))).error?.message).toContain('Deletion lock');
		expect(checked(exchanges())).toEqual([`${ORDER} 200`, `${ORDER_GET} 200`, `${DELETE} 200`, `${DELETE} 404`, `${LIST} 200`, `${DELETE} 422`]);
	});

	test('the Phone Number list (From List): typed number, typed name, nothing typed, the next page', async () => {
		for (const filter of ['+1 (415)', 'Sandbox support line', undefined]) {
			const { error, result } = await runListSearch({ method: 'searchOwnedNumbers', parameters: { authentication: 'telnyxNumbersApi' }, filter, credentialData: { baseUrl } });
			expect(error).toBeUndefined();
			expect(result!.results.length).toBeGreaterThan(0);
		}
		expect(checked(exchanges())).toEqual([`${LIST} 200`, `${LIST} 200`, `${LIST} 200`]);
		const large = createSandbox({ seedOwned: { telnyx: 30 } });
		others.push(large);
		const url = await large.listen(0, '127.0.0.1');
		const first = await runListSearch({ method: 'searchOwnedNumbers', parameters: { authentication: 'telnyxNumbersApi' }, credentialData: { baseUrl: url } });
		const next = await runListSearch({ method: 'searchOwnedNumbers', parameters: { authentication: 'telnyxNumbersApi' }, paginationToken: first.result!.paginationToken, credentialData: { baseUrl: url } });
		expect(next.error).toBeUndefined();
		expect(checked(exchanges(large))).toEqual([`${LIST} 200`, `${LIST} 200`]);
	});

	test('Get Many, Return All over 600 numbers: three pages of 250', async () => {
		const large = createSandbox({ seedOwned: { telnyx: 600 } });
		others.push(large);
		const url = await large.listen(0, '127.0.0.1');
		const { error, items } = await runPhoneNumberNode({ parameters: node('getAll', { returnAll: true }), credentialData: { baseUrl: url } });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(602);
		expect(checked(exchanges(large))).toEqual([`${LIST} 200`, `${LIST} 200`, `${LIST} 200`]);
	});

	test('the credential test: GET /phone_numbers?page[size]=1; a wrong key gets 401', async () => {
		expect(await testCredential('telnyxNumbersApi', { ...TEST_CREDENTIALS.telnyxNumbersApi, baseUrl })).toEqual({ status: 'OK', message: 'Connection tested successfully' });
		expect((await testCredential('telnyxNumbersApi', { ...TEST_CREDENTIALS.telnyxNumbersApi, apiKey: 'wrong-key', baseUrl })).status).toBe('Error');
		const entries = exchanges();
		expect(entries.every((entry) => entry.query['page[size]'] === '1')).toBe(true);
		// After a 401, n8n's request helper authenticates again and retries once.
		expect(checked(entries)).toEqual([`${LIST} 200`, `${LIST} 401`, `${LIST} 401`]);
	});

	test('the Phone Number Trigger: activation (a TeXML application, a messaging profile, both assigned), a message and its reply, deactivation', async () => {
		const harness = new TriggerHarness('telnyxNumbersApi', { phoneNumber: { mode: 'number', value: MAIN_LINE }, events: ['message', 'call'], messageReply: 'Thanks!' } as never, { baseUrl, publicKey: DEFAULTS.telnyx.publicKey });
		try {
			await harness.listen();
			expect(await harness.activate()).toEqual({ existed: false });
			expect(await harness.activate()).toEqual({ existed: true });
			const inbound = await sandbox.simulateInbound({ provider: 'telnyx', number: MAIN_LINE, event: 'message', from: '+14155550100', text: 'Hi' });
			expect(inbound.status).toBe(200);
			// The reply goes out once the webhook is answered: wait for it to reach the stand-in.
			await until(() => sandbox.requests.some((entry) => entry.path === '/v2/messages'));
			expect(await harness.deactivate()).toBe(true);
		} finally {
			await harness.close();
		}
		expect(checked(exchanges())).toEqual([
			`${LIST} 200`, `${TEXML} 201`, `${PROFILE} 200`, `${PATCH} 200`, `${MESSAGING} 200`, // activate by number
			`${GET_ONE} 200`, // checkExists after a restart
			`${MESSAGE} 200`, // the reply
			`${GET_ONE} 200`, `${PATCH} 200`, `${MESSAGING} 200`, `${TEXML_DELETE} 200`, `${PROFILE_DELETE} 200`, // deactivate: restore, delete what it made
		]);
	});
});

describe('the Phone Number Trigger: clearing what a number did not have, and a failed activation undone', () => {
	const FRESH = '+14155550106';
	test('deactivation takes the number off the trigger\'s application and profile with "" (the spec takes no null)', async () => {
		expect((await run(node('purchase', { phoneNumber: FRESH }))).error).toBeUndefined();
		const harness = new TriggerHarness('telnyxNumbersApi', { phoneNumber: { mode: 'list', value: ownedId(FRESH) }, events: ['call', 'message'] } as never, { baseUrl, publicKey: DEFAULTS.telnyx.publicKey });
		try {
			await harness.listen();
			await harness.activate();
			expect(await harness.deactivate()).toBe(true);
		} finally {
			await harness.close();
		}
		const entries = exchanges();
		expect(entries.filter((entry) => entry.method === 'PATCH').map((entry) => entry.body)).toEqual([
			{ connection_id: expect.stringMatching(/^\d+$/) },
			{ messaging_profile_id: expect.any(String) },
			{ connection_id: '' },
			{ messaging_profile_id: '' },
		]);
		expect(sandbox.snapshot().telnyx.owned.find((entry) => entry.phone_number === FRESH)).toMatchObject({ connection_id: null, messaging_profile_id: null });
		expect(checked(entries)).toEqual([
			`${ORDER} 200`, `${ORDER_GET} 200`,
			`${GET_ONE} 200`, `${TEXML} 201`, `${PROFILE} 200`, `${PATCH} 200`, `${MESSAGING} 200`,
			`${GET_ONE} 200`, `${PATCH} 200`, `${MESSAGING} 200`, `${TEXML_DELETE} 200`, `${PROFILE_DELETE} 200`,
		]);
	});

	test('Telnyx refuses to assign the messaging profile: the connection is put back, what was made is deleted', async () => {
		sandbox.addFault({ method: 'PATCH', path: '^/v2/phone_numbers/\\d+/messaging$', status: 500, times: 1 });
		const harness = new TriggerHarness('telnyxNumbersApi', { phoneNumber: { mode: 'number', value: FRESH }, events: ['call', 'message'] } as never, { baseUrl, publicKey: DEFAULTS.telnyx.publicKey });
		try {
			await harness.listen();
			await expect(harness.activate()).rejects.toThrow();
		} finally {
			await harness.close();
		}
		expect(checked(exchanges())).toEqual([
			`${LIST} 200`, `${TEXML} 201`, `${PROFILE} 200`, `${PATCH} 200`, `${MESSAGING} 500`,
			`${GET_ONE} 200`, `${PATCH} 200`, `${TEXML_DELETE} 200`, `${PROFILE_DELETE} 200`,
		]);
	});
});

describe("the stand-in's inbound webhooks against the spec", () => {
	const callbackSchema = () =>
		spec.document.paths['/messaging_profiles'].post.callbacks.inboundMessage['{$request.body#/webhook_url}'].post.requestBody.content['application/json'].schema;

	test("a message (with and without media) is the spec's InboundMessageEvent, the messaging profile's inboundMessage callback", async () => {
		expect(callbackSchema()).toEqual({ $ref: '#/components/schemas/InboundMessageEvent' });
		const validate = spec.ajv.compile({ $ref: `${spec.id}#/components/schemas/InboundMessageEvent` });
		const harness = new TriggerHarness('telnyxNumbersApi', { phoneNumber: { mode: 'number', value: LOCKED_LINE }, events: ['message'] } as never, { baseUrl, publicKey: DEFAULTS.telnyx.publicKey });
		const payloads: unknown[] = [];
		try {
			await harness.listen();
			await harness.activate();
			for (const media of [[], ['https://example.com/cat.jpg']]) {
				const inbound = await sandbox.simulateInbound({ provider: 'telnyx', number: LOCKED_LINE, event: 'message', from: '+14155550100', text: 'Hi', media });
				expect(inbound.status).toBe(200);
				payloads.push(inbound.payload);
			}
			await harness.deactivate();
		} finally {
			await harness.close();
		}
		checked(exchanges());
		expect(payloads.map((payload) => (validate(payload) ? [] : describeErrors(validate.errors, payload)))).toEqual([[], []]);
	});

	test('what the trigger reads from a message is what the schema names', () => {
		const schemas = spec.document.components.schemas;
		expect(Object.keys(schemas.InboundMessage.properties)).toEqual(expect.arrayContaining(['event_type', 'id', 'payload']));
		expect(schemas.InboundMessage.properties.event_type.enum).toEqual(['message.received']);
		const payload = schemas.InboundMessagePayload.properties;
		expect(Object.keys(payload)).toEqual(expect.arrayContaining(['id', 'from', 'to', 'text', 'media']));
		expect(Object.keys(payload.from.properties)).toContain('phone_number');
		expect(Object.keys(payload.to.items.properties)).toContain('phone_number');
		expect(Object.keys(payload.media.items.properties)).toContain('url');
	});

	test('where the spec is silent: no signature headers on any webhook, no TeXML webhook (calls) at all', () => {
		// The whole spec3.yml at this commit never says "ed25519" or "telnyx-timestamp", and describes
		// no request to a TeXML application's voice_url: the trigger follows Telnyx's SDK there
		// (test/telnyxSdk.test.cts) and the TeXML request as TwiML defines it (From, To, CallSid).
		const text = JSON.stringify(spec.document);
		expect(text).not.toMatch(/ed25519|telnyx-timestamp|telnyx-signature/i);
		expect(spec.document.paths['/texml_applications'].post.callbacks).toBeUndefined();
		expect(Object.keys(spec.document.paths['/messaging_profiles'].post.callbacks).sort()).toEqual(['deliveryUpdate', 'inboundMessage', 'replacedLinkClick']);
	});
});

describe("every answer the stand-in gives, error statuses included, fits Telnyx's spec", () => {
	const TARGET = '+14155550113';
	let calls: Array<[string, string, unknown?]>;
	let missing: Array<[string, string, unknown?]>;

	/** One request per vendored operation, with what it needs: a number, an order, an application, a profile. */
	function requests(ids: { number: string; order: string; application: string; profile: string }): Array<[string, string, unknown?]> {
		return [
			['GET', '/v2/available_phone_numbers?filter[country_code]=US&filter[limit]=2'],
			['POST', '/v2/number_orders', { phone_numbers: [{ phone_number: '+14155550111' }] }],
			['GET', '/v2/number_orders'],
			['GET', `/v2/number_orders/${ids.order}`],
			['GET', '/v2/phone_numbers'],
			['GET', `/v2/phone_numbers/${ids.number}`],
			['PATCH', `/v2/phone_numbers/${ids.number}`, { tags: ['x'] }],
			['PATCH', `/v2/phone_numbers/${ids.number}/messaging`, { messaging_profile_id: '' }],
			['DELETE', `/v2/phone_numbers/${ids.number}`],
			['POST', '/v2/texml_applications', { friendly_name: 'x', voice_url: 'https://example.com/v' }],
			['DELETE', `/v2/texml_applications/${ids.application}`],
			['POST', '/v2/messaging_profiles', { name: 'x', webhook_url: 'https://example.com/m', whitelisted_destinations: ['US'] }],
			['DELETE', `/v2/messaging_profiles/${ids.profile}`],
			['POST', '/v2/messages', { from: MAIN_LINE, to: '+14155550100', text: 'x' }],
		];
	}

	beforeAll(async () => {
		const order = (await answered('POST', '/v2/number_orders', json({ phone_numbers: [{ phone_number: TARGET }] }))).body.data.id;
		const application = (await answered('POST', '/v2/texml_applications', json({ friendly_name: 'x', voice_url: 'https://example.com/v' }))).body.data.id;
		const profile = (await answered('POST', '/v2/messaging_profiles', json({ name: 'x', whitelisted_destinations: ['US'] }))).body.data.id;
		// The main line sends the message: it needs a messaging profile of its own.
		const own = (await answered('POST', '/v2/messaging_profiles', json({ name: 'Main', whitelisted_destinations: ['US'] }))).body.data.id;
		await answered('PATCH', `/v2/phone_numbers/${ownedId()}/messaging`, json({ messaging_profile_id: own }));
		exchanges();
		calls = requests({ number: ownedId(TARGET), order, application, profile });
		missing = requests({ number: '1293384261000000404', order: '00000000-0000-4000-8000-000000000404', application: '2000000000000000404', profile: '00000000-0000-4000-8000-000000000404' });
	});

	/**
	 * The TeXML application operations document only some statuses (create: 201, 422; delete: 200,
	 * 401, 404, 422), and none of their errors with a body; the others document every error
	 * ("default") as Telnyx's error body. Where the spec is silent the stand-in keeps Telnyx's error
	 * body: this is the one problem such an answer may have.
	 */
	function silence(entry: StandInLogEntry): string[] {
		const key = operationKey(spec, entry.method, entry.path);
		if (![TEXML, TEXML_DELETE].includes(key) || entry.status < 400) return [];
		const documented = Object.keys(spec.document.paths[key.split(' ')[1]][entry.method.toLowerCase()].responses);
		if (!documented.includes(String(entry.status))) return [`${key}: HTTP ${entry.status} is not documented (the spec gives ${documented.join(', ')})`];
		return [`${key}: response body (HTTP ${entry.status}): the spec gives this status no body, one was sent: ${JSON.stringify(entry.response).slice(0, 80)}`];
	}

	/** The stand-in's answers since the last call: each fits, or is silent exactly where the spec is; "KEY status" each. */
	function answers(server: Sandbox = sandbox): string[] {
		const entries = exchanges(server);
		const problems = entries.map((entry) => known(responseProblems(spec, { method: entry.method, path: entry.path, status: entry.status, body: entry.response })));
		expect(problems).toEqual(entries.map(silence));
		for (const entry of entries) count(operationKey(spec, entry.method, entry.path), entry.status, false);
		return entries.map((entry) => `${operationKey(spec, entry.method, entry.path)} ${entry.status}`);
	}
	const keys = (list: Array<[string, string, unknown?]>, status: number) => list.map(([method, path]) => `${operationKey(spec, method, path)} ${status}`);

	const send = async (list: Array<[string, string, unknown?]>, init: { auth?: string } = {}, server = baseUrl) => {
		const statuses: number[] = [];
		for (const [method, path, body] of list) statuses.push((await answered(method, path, { ...init, ...(body === undefined ? {} : json(body)) }, server)).status);
		return statuses;
	};

	test('200 and 201 on every operation (these requests fit too)', async () => {
		expect(await send(calls)).toEqual(calls.map(([method, path]) => (method === 'POST' && path === '/v2/texml_applications' ? 201 : 200)));
		const entries = sandbox.requests.slice(seen);
		expect(entries.map((entry) => problemsOf(entry))).toEqual(entries.map(() => []));
		expect(answers()).toEqual(calls.map(([method, path]) => `${operationKey(spec, method, path)} ${method === 'POST' && path === '/v2/texml_applications' ? 201 : 200}`));
	});

	test('401 on every operation (a wrong key, no key)', async () => {
		expect(await send(calls, { auth: 'Bearer wrong-key' })).toEqual(calls.map(() => 401));
		expect(await send(calls.slice(0, 1), { auth: '' })).toEqual([401]);
		expect(answers()).toEqual([...keys(calls, 401), `${SEARCH} 401`]);
	});

	test('404 on every operation that names something not in the account', async () => {
		const named = missing.filter(([, path]) => /^\/v2\/\w+\/[0-9a-f]/.test(path));
		expect(await send(named)).toEqual(named.map(() => 404));
		expect(answers()).toEqual(keys(named, 404));
	});

	test("422 for each refusal, in Telnyx's error body; the spec refuses the same requests where its schemas can say so", async () => {
		const id = ownedId();
		const refused: Array<[string, string, unknown?]> = [
			['POST', '/v2/number_orders', { phone_numbers: [{ phone_number: '+13035550100' }] }], // not for sale
			['POST', '/v2/number_orders', { phone_numbers: [{ phone_number: '+14155550112', requirement_group_id: 'c0a1de00-0000-4000-8000-000000000000' }] }], // not a group of the account
			['POST', '/v2/number_orders', { phone_numbers: [] }],
			['PATCH', `/v2/phone_numbers/${id}`, { connection_id: null }], // text only
			['PATCH', `/v2/phone_numbers/${id}`, { nickname: 'x' }],
			['PATCH', `/v2/phone_numbers/${id}/messaging`, { messaging_profile_id: '00000000-0000-4000-8000-000000000001' }], // not a profile of the account
			['DELETE', `/v2/phone_numbers/${ownedId(LOCKED_LINE)}`], // the deletion lock
			['POST', '/v2/texml_applications', { friendly_name: 'x' }], // no voice_url
			['POST', '/v2/messaging_profiles', { whitelisted_destinations: ['US'] }], // no name
			['POST', '/v2/messages', { from: '+13125550100', to: '+14155550100', text: 'x' }], // not a number of the account
		];
		expect(await send(refused)).toEqual(refused.map(() => 422));
		const entries = sandbox.requests.slice(seen);
		// An empty list and a field it does not name are fine by the spec's schemas (no minItems, open objects).
		expect(entries.map((entry) => requestProblems(spec, { method: entry.method, path: entry.path, headers: entry.headers, body: entry.body }))).toEqual([
			[], [], [],
			[`${PATCH}: request body /connection_id: null is not of type string`],
			[], [], [],
			[`${TEXML}: request body (top): required property 'voice_url' is missing`],
			[`${PROFILE}: request body (top): required property 'name' is missing`],
			[],
		]);
		expect(answers()).toEqual(keys(refused, 422));
	});

	test('400 for a body that is not JSON and for query parameters the stand-in does not take', async () => {
		const form = { body: 'name=x', contentType: 'application/x-www-form-urlencoded' };
		const bad: Array<[string, string]> = [
			...['/v2/number_orders', '/v2/texml_applications', '/v2/messaging_profiles', '/v2/messages'].map((path): [string, string] => ['POST', path]),
			['PATCH', `/v2/phone_numbers/${ownedId()}`],
			['PATCH', `/v2/phone_numbers/${ownedId()}/messaging`],
		];
		const statuses = [];
		for (const [method, path] of bad) statuses.push((await answered(method, path, form)).status);
		const queries = [
			...['filter[country_code]=us', 'filter[limit]=0', 'filter[features]=sms,telepathy', 'filter[area_code]=415'].map((query) => `/v2/available_phone_numbers?${query}`),
			...['page[size]=0', 'page[number]=0', 'filter[phone_number]=41', 'filter[nickname]=x'].map((query) => `/v2/phone_numbers?${query}`),
			...['filter[created_at][gt]=yesterday', 'filter[phone_number]=1415'].map((query) => `/v2/number_orders?${query}`),
		];
		for (const path of queries) statuses.push((await answered('GET', path)).status);
		expect(statuses).toEqual(statuses.map(() => 400));
		expect(answers()).toEqual([...keys(bad, 400), ...keys(queries.map((path) => ['GET', path]), 400)]);
	});

	test('429 (rate limited) and 500 (a fault) on every operation', async () => {
		const limited = createSandbox({ rateLimit: { rate: 0.0001, burst: 1 } });
		others.push(limited);
		const url = await limited.listen(0, '127.0.0.1');
		// One token, and the next in about three hours: however slow the machine, the rest get 429.
		expect(await send([['GET', '/v2/phone_numbers?page[size]=1']], {}, url)).toEqual([200]);
		exchanges(limited);
		expect(await send(calls, {}, url)).toEqual(calls.map(() => 429));
		expect(answers(limited)).toEqual(keys(calls, 429));

		sandbox.addFault({ path: '/v2/*', status: 500, times: calls.length });
		expect(await send(calls)).toEqual(calls.map(() => 500));
		expect(answers()).toEqual(keys(calls, 500));
	});
});

test("the answers the nock tests give (test/fixtures/telnyx.cts) fit the spec as the stand-in's do", () => {
	const full = { customer_reference: 'x', connection_id: '1293384261075731499', billing_group_id: 'f5586561-8ff0-4291-a0ac-84fe544797bd', messaging_profile_id: '4001767e-ce0f-4cae-9d5f-0d5e636e7809', messaging_profile_name: 'x', connection_name: 'x', external_pin: '1234', emergency_address_id: '1' };
	const problems = [
		...responseProblems(spec, { method: 'GET', path: '/v2/available_phone_numbers', status: 200, body: { data: [telnyxAvailable('+14155550100')], metadata: { total_results: 1, best_effort_results: 0 } } }),
		...responseProblems(spec, { method: 'POST', path: '/v2/number_orders', status: 200, body: { data: telnyxOrder('+14155550100', 'pending', { customer_reference: 'customer-42', connection_id: '1293384261075731499' }) } }),
		...responseProblems(spec, { method: 'GET', path: '/v2/number_orders/x', status: 200, body: { data: telnyxOrder('+493055550100', 'pending', { requirements_met: false }, { requirements_met: false, requirements_status: 'requirement-info-pending' }) } }),
		...responseProblems(spec, { method: 'GET', path: '/v2/phone_numbers', status: 200, body: telnyxPage([telnyxNumber('+14155550100', full)]) }),
		...responseProblems(spec, { method: 'GET', path: '/v2/phone_numbers/1', status: 404, body: telnyxErrors('10005', 'Resource not found', 'No phone number with ID 1') }),
	];
	// Only the known conflicts: the order numbers' UUIDs.
	expect(problems.length).toBeGreaterThan(0);
	expect(known(problems)).toEqual([]);
	// A number with its unset fields null: only the known conflict about them.
	const nulls = responseProblems(spec, { method: 'GET', path: '/v2/phone_numbers/1', status: 200, body: { data: telnyxNumber('+14155550100') } });
	expect(nulls).toHaveLength(NULL_FIELDS);
	expect(known(nulls)).toEqual([]);
});

describe('the assumptions the spec settles, and where it is silent', () => {
	const parameter = (path: string, name: string) => spec.document.paths[path].get.parameters.map((entry: any) => resolved(entry)).find((entry: any) => entry.name === name);

	test("a number's ID is an int64 as text: the node takes 16 to 19 digits as an ID (longer than any phone number), nothing else", () => {
		expect(resolved(spec.document.paths['/phone_numbers/{id}'].get.parameters[0]).schema).toMatchObject({ type: 'string', format: 'int64', example: '1293384261075731499' });
		const { idPattern } = owned.lookup!;
		expect(['1293384261075731499', '9223372036854775807', '1000000000000000'].filter((id) => idPattern.test(id))).toHaveLength(3);
		expect(['14155550129', '+1293384261075731499', '12933842610757314990', '4b3c2d1e-0000-4000-8000-0000000000a1'].filter((id) => idPattern.test(id))).toEqual([]);
		expect(requestProblems(spec, { method: 'GET', path: '/v2/phone_numbers/4b3c2d1e-0000-4000-8000-0000000000a1' })).toEqual([`${GET_ONE}: path parameter id: (top): "4b3c2d1e-0000-4000-8000-0000000000a1" must match pattern "^-?[0-9]{1,19}$"`]);
	});

	test('the look-up by number sends digits only, as filter[phone_number] asks', () => {
		expect(parameter('/phone_numbers', 'filter[phone_number]').description).toMatch(/Requires at least three digits\.\s+Non-numerical characters will result in no values being returned\./);
		expect(owned.lookup!.request('14155550129')).toEqual({ method: 'GET', url: '/phone_numbers', qs: { 'filter[phone_number]': '14155550129' } });
		expect(tally.get(LIST)?.requests).toBeGreaterThan(0);
	});

	test('filter[limit]: the spec gives no maximum; the node asks for at most 100 and the stand-in refuses more, as before', () => {
		const limit = parameter('/available_phone_numbers', 'filter[limit]').schema;
		expect(limit).toMatchObject({ type: 'integer' });
		expect(limit.maximum).toBeUndefined();
		expect(search.limitNote).toBe('Telnyx answers a search with at most 100 numbers');
	});

	test('taking a number off its connection: the spec types connection_id as text only, so the trigger sends "" (above), never null', () => {
		expect(resolved(spec.document.components.schemas.UpdatePhoneNumberRequest).properties.connection_id).toEqual({ description: 'Identifies the connection associated with the phone number.', type: 'string' });
		expect(requestProblems(spec, { method: 'PATCH', path: '/v2/phone_numbers/1293384261075731499', body: { connection_id: null } })).toEqual([`${PATCH}: request body /connection_id: null is not of type string`]);
	});
});

test('every known conflict with the spec (fixtures/telnyxSpec.cts) still occurs, so none is listed for nothing', () => {
	expect(TELNYX_SPEC_CONFLICTS.filter((_, index) => !conflictsSeen.has(index)).map((conflict) => conflict.name)).toEqual([]);
});

test('every vendored operation was exercised, requests and answers', () => {
	expect(unexercised(spec, tally.keys())).toEqual([]);
});
