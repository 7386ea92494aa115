/**
 * SignalWire's own OpenAPI spec as the oracle (issue 19). Every request the node can send to
 * SignalWire, and every answer the stand-in gives, is checked against the spec SignalWire
 * publishes (signalwire/docs, fern/apis/signalwire-rest/openapi.yaml), vendored in
 * test/specs/signalwire.openapi.json with the commit it came from (README: "Provider specs").
 *
 * The node runs through n8n's engine against the stand-in over loopback HTTP; the stand-in's
 * request log holds each request as it arrived and the answer it got, and both are validated.
 * The stand-in's error answers are then provoked one by one. Where the spec is silent (no 429 for
 * any phone-number operation, no 422 for search, no 400 for update), the test says so by asserting
 * exactly that problem, and the behaviour stays.
 */
import type { IDataObject, INodeParameters, INodeProperties } from 'n8n-workflow';
import { byId, byNumber, fromList, runListSearch, runPhoneNumberNode, testCredential, TEST_CREDENTIALS } from './helpers/n8n.cts';
import { exchangeProblems, loadSpec, operationKey, requestProblems, responseProblems, SpecTally, unexercised, type StandInLogEntry } from './helpers/openapi.cts';
import { TriggerHarness } from './helpers/trigger.cts';
import { settings } from '../nodes/providers/signalwire/settings';
import { UUID_EXAMPLE } from '../nodes/providers/signalwire/api';

// Whole workflows and stand-ins per test on a machine shared with other suites: time is no verdict here.
jest.setTimeout(120_000);

interface Sandbox {
	listen(port?: number, host?: string): Promise<string>;
	close(): Promise<void>;
	requests: StandInLogEntry[];
	addFault(fault: Record<string, unknown>): unknown;
	snapshot(): { signalwire: { owned: Array<Record<string, any>> } };
}
const { createSandbox, forSaleNumbers } = require('./sandbox/server.js') as {
	createSandbox(options?: Record<string, unknown>): Sandbox;
	forSaleNumbers(count: number): string[];
};

const spec = loadSpec('signalwire');
const SW = TEST_CREDENTIALS.signalWireApi;
const AUTH = `Basic ${Buffer.from(`${SW.projectId}:${SW.apiToken}`).toString('base64')}`;
const ROOT = '/api/relay/rest/phone_numbers';
const MAIN_LINE = '+14155550129';
const FOR_SALE = 120;

const tally = new SpecTally(spec, 'SignalWire');
const count = tally.count.bind(tally);

let sandbox: Sandbox;
let baseUrl: string;
let seen = 0;
const others: Sandbox[] = [];

beforeAll(async () => {
	sandbox = createSandbox({ forSale: FOR_SALE });
	baseUrl = await sandbox.listen(0, '127.0.0.1');
});

afterAll(async () => {
	await Promise.all([sandbox, ...others].map((server) => server.close()));
	process.stdout.write(tally.report());
});

/** The stand-in's log since the last call: what arrived and what it answered, as "KEY status". */
function exchanges(server: Sandbox = sandbox): StandInLogEntry[] {
	const entries = server.requests.slice(server === sandbox ? seen : 0);
	if (server === sandbox) seen = server.requests.length;
	else server.requests.length = 0;
	return entries;
}

/**
 * Every request and answer fits the spec; returns "KEY status" per exchange, in order. fromNode:
 * the requests are the node's (false: the test's own, sent to provoke an answer).
 */
function checked(entries: StandInLogEntry[], fromNode = true): string[] {
	const problems: string[] = [];
	for (const [index, entry] of entries.entries()) {
		const { request, response } = exchangeProblems(spec, entry);
		problems.push(...request.map((problem) => `#${index} request: ${problem}`), ...response.map((problem) => `#${index} answer: ${problem}`));
		count(operationKey(spec, entry.method, entry.path), entry.status, fromNode);
	}
	expect(problems).toEqual([]);
	return entries.map((entry) => `${operationKey(spec, entry.method, entry.path)} ${entry.status}`);
}

const node = (operation: string, fields: INodeParameters): INodeParameters => ({ authentication: 'signalWireApi', resource: 'phoneNumber', operation, ...fields });
const run = (parameters: INodeParameters, items?: IDataObject[], continueOnFail = false) =>
	runPhoneNumberNode({ parameters, items, credentialData: { baseUrl }, continueOnFail });
const ownedId = (number = MAIN_LINE) => sandbox.snapshot().signalwire.owned.find((entry) => entry.number === number)!.id as string;

/** A request to the stand-in, not from the node: to provoke each of its answers. */
async function answered(method: string, path: string, init: { body?: string; contentType?: string; auth?: string } = {}, server = baseUrl) {
	const headers: Record<string, string> = { authorization: init.auth ?? AUTH };
	if (init.contentType ?? (init.body !== undefined ? 'application/json' : undefined)) headers['content-type'] = init.contentType ?? 'application/json';
	const response = await fetch(`${server}${path}`, { method, headers, body: init.body });
	const text = await response.text();
	return { status: response.status, body: text ? JSON.parse(text) : undefined };
}
const direct = async (...args: Parameters<typeof answered>) => (await answered(...args)).status;

/** Settings that take an ID SignalWire's spec types as a UUID (in the request, or in the number answered). */
const UUID_SETTINGS = ['call_video_room_id', 'call_sip_endpoint_id'];

const GET_ALL = `GET ${ROOT}`;
const POST = `POST ${ROOT}`;
const SEARCH = `GET ${ROOT}/search`;
const GET_ONE = `GET ${ROOT}/{id}`;
const PUT = `PUT ${ROOT}/{id}`;
const DELETE = `DELETE ${ROOT}/{id}`;

describe('every request the node sends, and the stand-in\'s answer, fit SignalWire\'s spec', () => {
	let numbers: string[];
	beforeAll(() => {
		numbers = forSaleNumbers(FOR_SALE);
	});
	const nextNumber = () => numbers.shift()!;

	test('Purchase, a specific number: POST /phone_numbers {number}', async () => {
		const { error, items } = await run(node('purchase', { phoneNumber: nextNumber() }));
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(checked(exchanges())).toEqual([`${POST} 200`]);
	});

	test('Purchase of a number already owned: the refusal (422), then the look-up; Return Existing and Stop With Error', async () => {
		const returned = await run(node('purchase', { phoneNumber: MAIN_LINE }));
		expect(returned.items[0].json.purchase).toMatchObject({ status: 'alreadyOwned' });
		const stopped = await run(node('purchase', { phoneNumber: MAIN_LINE, ifAlreadyOwned: 'error' }));
		expect(stopped.error?.message).toContain(MAIN_LINE);
		expect(checked(exchanges())).toEqual([`${POST} 422`, `${GET_ALL} 200`, `${POST} 422`, `${GET_ALL} 200`]);
	});

	test('Purchase of a number not for sale: the refusal, the look-up, SignalWire\'s words', async () => {
		const { error } = await run(node('purchase', { phoneNumber: '+13035550100' }));
		expect(error?.message).toBe('SignalWire refused the request (HTTP 422): Number +13035550100 is not available for purchase');
		expect(checked(exchanges())).toEqual([`${POST} 422`, `${GET_ALL} 200`]);
	});

	test.each([
		['local, an area code', { numberType: 'local', searchFilters: { areaCode: '212' } }],
		['toll-free, a pattern', { numberType: 'tollFree', searchFilters: { contains: '555' } }],
	])('Purchase, first available match (%s): the search for one result, then the purchase', async (_name, fields) => {
		const { error } = await run(node('purchase', { numberToBuy: 'firstMatch', ...fields }));
		expect(error).toBeUndefined();
		expect(checked(exchanges())).toEqual([`${SEARCH} 200`, `${POST} 200`]);
	});

	test('Purchase, first available match with none: one search, nothing bought', async () => {
		const { error } = await run(node('purchase', { numberToBuy: 'firstMatch', searchFilters: { areaCode: '999' } }));
		expect(error?.message).toBe('SignalWire has no available number matching the search');
		expect(checked(exchanges())).toEqual([`${SEARCH} 200`]);
	});

	test.each([
		['Local (the default), Limit 5', { limit: 5 }],
		['Local, an area code', { numberType: 'local', searchFilters: { areaCode: '415' }, limit: 3 }],
		['Local, region and city', { searchFilters: { region: 'il', city: 'Chicago' }, limit: 3 }],
		['Local, Starts With', { searchFilters: { startsWith: '312555' }, limit: 3 }],
		['Local, Ends With', { searchFilters: { endsWith: '0105' }, limit: 3 }],
		['Toll-Free, Contains, Return All', { numberType: 'tollFree', searchFilters: { contains: '888' }, returnAll: true }],
		['not simplified', { simplify: false, limit: 1 }],
	])('Search Available: %s', async (_name, fields) => {
		const { error, items } = await run(node('search', fields));
		expect(error).toBeUndefined();
		expect(items.length).toBeGreaterThan(0);
		expect(checked(exchanges())).toEqual([`${SEARCH} 200`]);
	});

	test.each([
		['Limit 5', { limit: 5 }],
		['Return All', { returnAll: true }],
		['filters: name and number', { limit: 10, filters: { name: 'Sandbox', number: '+1415' } }],
		['not simplified', { simplify: false, limit: 1 }],
	])('Get Many: %s', async (_name, fields) => {
		const { error, items } = await run(node('getAll', fields));
		expect(error).toBeUndefined();
		expect(items.length).toBeGreaterThan(0);
		expect(checked(exchanges())).toEqual([`${GET_ALL} 200`]);
	});

	test('Get: by ID, by number (the look-up first), from the list; a number not in the account (404)', async () => {
		const id = ownedId();
		for (const ownedNumber of [byId(id), fromList(id)]) expect((await run(node('get', { ownedNumber }))).error).toBeUndefined();
		expect((await run(node('get', { ownedNumber: byNumber(MAIN_LINE) }))).error).toBeUndefined();
		expect((await run(node('get', { ownedNumber: byId('00000000-0000-4000-8000-000000000000') }))).error?.message).toContain('404');
		expect((await run(node('get', { ownedNumber: byNumber('+13125550100') }))).error?.message).toBe('+13125550100 is not in your SignalWire account');
		expect(checked(exchanges())).toEqual([`${GET_ONE} 200`, `${GET_ONE} 200`, `${GET_ALL} 200`, `${GET_ONE} 404`, `${GET_ALL} 200`]);
	});

	test('Update by ID, by number and from the list; a text field left empty is sent as "" (it clears it)', async () => {
		const id = ownedId();
		expect((await run(node('update', { ownedNumber: byId(id), updateFields: { name: 'Main line' } }))).error).toBeUndefined();
		expect((await run(node('update', { ownedNumber: byNumber(MAIN_LINE), updateFields: { name: 'Sandbox main line' } }))).error).toBeUndefined();
		expect((await run(node('update', { ownedNumber: fromList(id), updateFields: { call_relay_topic: '' } }))).error).toBeUndefined();
		const entries = exchanges();
		expect(entries[entries.length - 1].body).toEqual({ call_relay_topic: '' });
		expect(checked(entries)).toEqual([`${PUT} 200`, `${GET_ALL} 200`, `${PUT} 200`, `${PUT} 200`]);
	});

	describe('Update, each setting with each of its values (one item per value)', () => {
		const values = (field: INodeProperties): string[] => {
			if (field.type === 'options') return (field.options as Array<{ value: string }>).map((option) => option.value);
			if (UUID_SETTINGS.includes(field.name)) return [UUID_EXAMPLE];
			if (field.name.endsWith('_url')) return [`https://example.com/${field.name}`];
			return [`sample ${field.name}`];
		};
		test.each(settings.fields.map((field) => [field.name, field] as const))('%s', async (name, field) => {
			const wanted = values(field);
			const { error, items } = await run(node('update', { ownedNumber: byId(ownedId()), updateFields: { [name]: '={{ $json.value }}' } }), wanted.map((value) => ({ value })));
			expect(error).toBeUndefined();
			expect(items).toHaveLength(wanted.length);
			const entries = exchanges();
			expect(entries.map((entry) => entry.body)).toEqual(wanted.map((value) => ({ [name]: value })));
			expect(checked(entries)).toEqual(wanted.map(() => `${PUT} 200`));
		});
	});

	describe('Update with an expression that yields null: "clear it"', () => {
		const clearable = settings.fields.filter((field) => field.type === 'string' && field.name !== 'call_video_room_id').map((field) => field.name);

		test.each(clearable)('%s: sent as "" (the spec has no null in updates; a field left out is left as it is)', async (name) => {
			const { error } = await run(node('update', { ownedNumber: byId(ownedId()), updateFields: { [name]: '={{ null }}' } }));
			expect(error).toBeUndefined();
			const entries = exchanges();
			expect(entries.map((entry) => entry.body)).toEqual([{ [name]: '' }]);
			expect(checked(entries)).toEqual([`${PUT} 200`]);
		});

		test('Call Video Room ID: null and a value that is not a UUID stop the item before any request, naming the field', async () => {
			const { items } = await run(
				node('update', { ownedNumber: byId(ownedId()), updateFields: { call_video_room_id: '={{ $json.room }}' } }),
				[{ room: 'sales-room' }, { room: null }, { room: ` ${UUID_EXAMPLE}` }, { room: '' }],
				true,
			);
			expect(items.map((item) => (item.json.error as string | undefined) ?? item.error?.message)).toEqual([
				'The "Update Fields → Call Video Room ID" value "sales-room" is not valid: it is not a UUID',
				'The "Update Fields → Call Video Room ID" field is not valid: SignalWire cannot clear it (it takes only a video room\'s ID); choose another \'Call Handler\' instead',
				`The "Update Fields → Call Video Room ID" value "${UUID_EXAMPLE}" is not valid: it has spaces around it`,
				'The "Update Fields → Call Video Room ID" field is not valid: it is empty',
			]);
			expect(exchanges()).toEqual([]);
		});
	});

	test('Release by ID, and a number that is no longer there (404)', async () => {
		const number = nextNumber();
		expect((await run(node('purchase', { phoneNumber: number }))).error).toBeUndefined();
		const id = ownedId(number);
		expect((await run(node('release', { ownedNumber: byId(id) }))).error).toBeUndefined();
		expect((await run(node('release', { ownedNumber: byId(id) }))).error?.message).toContain('404');
		expect(checked(exchanges())).toEqual([`${POST} 200`, `${DELETE} 204`, `${DELETE} 404`]);
	});

	describe('Then Configure: each setting, in the one update after the purchase', () => {
		const first = (field: INodeProperties): string => {
			if (field.type === 'options') return (field.options as Array<{ value: string }>)[0].value;
			if (UUID_SETTINGS.includes(field.name)) return UUID_EXAMPLE;
			return field.name.endsWith('_url') ? `https://example.com/${field.name}` : `sample ${field.name}`;
		};
		test.each(settings.fields.map((field) => [field.name, field] as const))('%s', async (name, field) => {
			const value = first(field);
			const { error, items } = await run(node('purchase', { phoneNumber: nextNumber(), thenConfigure: { [name]: value } }));
			expect(error).toBeUndefined();
			expect(items[0].json.configure).toMatchObject({ status: 'configured' });
			const entries = exchanges();
			expect(entries[1].body).toEqual({ [name]: value });
			expect(checked(entries)).toEqual([`${POST} 200`, `${PUT} 200`]);
		});

		test('every setting at once, a URL cleared with null (sent as "")', async () => {
			const all = Object.fromEntries(settings.fields.map((field) => [field.name, first(field)]));
			const { error, items } = await run(node('purchase', { phoneNumber: nextNumber(), thenConfigure: { ...all, call_fallback_url: '={{ null }}' } }));
			expect(error).toBeUndefined();
			expect(items[0].json.configure).toMatchObject({ status: 'configured' });
			const entries = exchanges();
			expect(entries[1].body).toEqual({ ...all, call_fallback_url: '' });
			expect(checked(entries)).toEqual([`${POST} 200`, `${PUT} 200`]);
		});
	});

	test('the Phone Number list (From List): typed number, typed name, nothing typed', async () => {
		for (const filter of ['+1 (415)', 'Sandbox', undefined]) {
			const { error, result } = await runListSearch({ method: 'searchOwnedNumbers', parameters: { authentication: 'signalWireApi' }, filter, credentialData: { baseUrl } });
			expect(error).toBeUndefined();
			expect(result!.results.length).toBeGreaterThan(0);
		}
		expect(checked(exchanges())).toEqual([`${GET_ALL} 200`, `${GET_ALL} 200`, `${GET_ALL} 200`]);
	});

	test('the credential test: GET /phone_numbers?page_size=1; a wrong token gets 401', async () => {
		expect(await testCredential('signalWireApi', { ...SW, baseUrl })).toEqual({ status: 'OK', message: 'Connection tested successfully' });
		expect((await testCredential('signalWireApi', { ...SW, apiToken: 'wrong-token-0000', baseUrl })).status).toBe('Error');
		// After a 401, n8n's request helper authenticates again and retries once.
		expect(checked(exchanges())).toEqual([`${GET_ALL} 200`, `${GET_ALL} 401`, `${GET_ALL} 401`]);
	});

	test('the Phone Number Trigger: activation by number and by ID, the check after a restart, deactivation (restore)', async () => {
		const harness = new TriggerHarness('signalWireApi', { phoneNumber: { mode: 'number', value: MAIN_LINE }, events: ['message', 'call'] }, { baseUrl, signingSecret: 'sw-test-signing-key' });
		const byIdHarness = new TriggerHarness('signalWireApi', { phoneNumber: { mode: 'list', value: ownedId() }, events: ['call'] }, { baseUrl, signingSecret: 'sw-test-signing-key' });
		try {
			await harness.listen();
			await byIdHarness.listen();
			expect(await harness.activate()).toEqual({ existed: false });
			expect(await harness.activate()).toEqual({ existed: true });
			expect(await harness.deactivate()).toBe(true);
			expect(await byIdHarness.activate()).toEqual({ existed: false });
			expect(await byIdHarness.deactivate()).toBe(true);
		} finally {
			await harness.close();
			await byIdHarness.close();
		}
		const entries = exchanges();
		// The restores put back what the number had; unset URLs go back as "" (the spec has no null).
		expect(entries.filter((entry) => entry.method === 'PUT').map((entry) => Object.values(entry.body as object).includes(null))).toEqual([false, false, false, false]);
		expect(checked(entries)).toEqual([
			`${GET_ALL} 200`, `${PUT} 200`, // activate by number: the look-up, the change
			`${GET_ONE} 200`, // checkExists after a restart
			`${GET_ONE} 200`, `${PUT} 200`, // deactivate: is it still ours? restore
			`${GET_ONE} 200`, `${PUT} 200`, // activate from the list (the ID)
			`${GET_ONE} 200`, `${PUT} 200`, // deactivate
		]);
	});

	test('Get Many, Return All over 2,100 numbers: three pages, following links.next', async () => {
		const large = createSandbox({ seedOwned: 2100 });
		others.push(large);
		const url = await large.listen(0, '127.0.0.1');
		const { error, items } = await runPhoneNumberNode({ parameters: node('getAll', { returnAll: true }), credentialData: { baseUrl: url } });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(2102);
		const entries = exchanges(large);
		expect(entries.map((entry) => entry.query)).toEqual([
			{ page_size: '1000' },
			{ page_number: '1', page_size: '1000', page_token: expect.stringMatching(/^PA/) },
			{ page_number: '2', page_size: '1000', page_token: expect.stringMatching(/^PA/) },
		]);
		expect(checked(entries)).toEqual([`${GET_ALL} 200`, `${GET_ALL} 200`, `${GET_ALL} 200`]);
		const { result } = await runListSearch({ method: 'searchOwnedNumbers', parameters: { authentication: 'signalWireApi' }, credentialData: { baseUrl: url } });
		const next = await runListSearch({ method: 'searchOwnedNumbers', parameters: { authentication: 'signalWireApi' }, paginationToken: result!.paginationToken, credentialData: { baseUrl: url } });
		expect(next.result!.results).toHaveLength(result!.results.length);
		expect(checked(exchanges(large))).toEqual([`${GET_ALL} 200`, `${GET_ALL} 200`]);
	});
});

describe('every answer the stand-in gives, error statuses included, fits SignalWire\'s spec', () => {
	const id = () => ownedId();
	const missing = '00000000-0000-4000-8000-000000000000';
	const json = (body: unknown) => ({ body: JSON.stringify(body) });
	const statusesOf = () => checked(exchanges(), false);
	/** One request to each operation (a valid one), with `init`'s credentials; their statuses. */
	async function eachOperation(target: string, init: { auth?: string } = {}, server = baseUrl): Promise<number[]> {
		const calls: Array<[string, string, unknown?]> = [
			['GET', `${ROOT}/search`],
			['GET', ROOT],
			['POST', ROOT, { number: '+14155550100' }],
			['GET', `${ROOT}/${target}`],
			['PUT', `${ROOT}/${target}`, { name: 'x' }],
			['DELETE', `${ROOT}/${target}`],
		];
		const statuses = [];
		for (const [method, path, body] of calls) statuses.push(await direct(method, path, { ...init, ...(body ? json(body) : {}) }, server));
		return statuses;
	}

	test('401 on every operation (a wrong token)', async () => {
		const wrong = { auth: `Basic ${Buffer.from(`${SW.projectId}:wrong`).toString('base64')}` };
		expect(await eachOperation(id(), wrong)).toEqual([401, 401, 401, 401, 401, 401]);
		expect(statusesOf()).toEqual([`${SEARCH} 401`, `${GET_ALL} 401`, `${POST} 401`, `${GET_ONE} 401`, `${PUT} 401`, `${DELETE} 401`]);
	});

	test('400 on the list: a bad page size, a next page without its token', async () => {
		expect(await direct('GET', `${ROOT}?page_size=0`)).toBe(400);
		expect(await direct('GET', `${ROOT}?page_number=1`)).toBe(400);
		// The stand-in's 400 answers fit; the page_size=0 request itself is what the spec forbids.
		const entries = exchanges();
		expect(entries.map((entry) => responseProblems(spec, { method: entry.method, path: entry.path, status: entry.status, body: entry.response }))).toEqual([[], []]);
		expect(requestProblems(spec, { method: 'GET', path: entries[0].path, query: entries[0].query, headers: entries[0].headers })).toEqual([`${GET_ALL}: query parameter page_size: (top): 0 must be >= 1`]);
		for (const entry of entries) count(operationKey(spec, entry.method, entry.path), entry.status, false);
	});

	test('400 on a purchase that is not JSON (documented), 422 for each refusal of a purchase (documented)', async () => {
		expect(await direct('POST', ROOT, { body: 'number=%2B14155550100', contentType: 'application/x-www-form-urlencoded' })).toBe(400);
		for (const body of [{ number: MAIN_LINE }, { number: '+13035550100' }, { number: '4155550100' }, {}, { number: '+14155550101', name: 'x' }]) {
			expect(await direct('POST', ROOT, json(body))).toBe(422);
		}
		const entries = exchanges();
		// The requests with a wrong number, without one, or with a field too many are what the spec forbids.
		expect(entries.map((entry) => responseProblems(spec, { method: entry.method, path: entry.path, status: entry.status, body: entry.response }))).toEqual(entries.map(() => []));
		for (const entry of entries) count(POST, entry.status, false);
	});

	test('404 on get, update and release of an ID not in the account (documented)', async () => {
		expect(await direct('GET', `${ROOT}/${missing}`)).toBe(404);
		expect(await direct('PUT', `${ROOT}/${missing}`, json({ name: 'x' }))).toBe(404);
		expect(await direct('DELETE', `${ROOT}/${missing}`)).toBe(404);
		expect(statusesOf()).toEqual([`${GET_ONE} 404`, `${PUT} 404`, `${DELETE} 404`]);
	});

	test('422 on an update the stand-in refuses (documented): a value out of its list, a field the spec does not have', async () => {
		expect(await direct('PUT', `${ROOT}/${id()}`, json({ call_handler: 'ai_agent' }))).toBe(422);
		expect(await direct('PUT', `${ROOT}/${id()}`, json({ call_video_room_id: 'sales-room' }))).toBe(422);
		expect(await direct('PUT', `${ROOT}/${id()}`, json({ friendly_name: 'x' }))).toBe(422);
		const entries = exchanges();
		expect(entries.map((entry) => responseProblems(spec, { method: entry.method, path: entry.path, status: entry.status, body: entry.response }))).toEqual([[], [], []]);
		// The spec refuses the same requests the stand-in does.
		expect(entries.map((entry) => requestProblems(spec, { method: entry.method, path: entry.path, headers: entry.headers, body: entry.body }))).toEqual([
			[`${PUT}: request body /call_handler: "ai_agent" is not one of ${['relay_context', 'relay_topic', 'relay_script', 'relay_application', 'relay_connector', 'relay_sip_endpoint', 'relay_verto_endpoint', 'laml_webhooks', 'laml_application', 'dialogflow', 'video_room'].map((v) => `"${v}"`).join(', ')}`],
			[`${PUT}: request body /call_video_room_id: "sales-room" is not a uuid`],
			[`${PUT}: request body (top): property 'friendly_name' is not in the spec (the object is closed)`],
		]);
		for (const entry of entries) count(PUT, entry.status, false);
	});

	test('the stand-in accepts every field of the spec\'s UpdatePhoneNumberRequest, and no other', async () => {
		const { schemas } = spec.document.components;
		const properties = schemas.UpdatePhoneNumberRequest.properties as Record<string, { type?: string; enum?: string[]; allOf?: Array<{ $ref: string }> }>;
		// A value that fits the request's schema and, where the number answered shows it, the answer's.
		const answerRef = (name: string) => schemas.PhoneNumberResponse.properties[name]?.anyOf?.[0]?.$ref as string | undefined;
		const sample = (name: string, schema: (typeof properties)[string]) => {
			const ref = schema.allOf?.[0]?.$ref;
			if (ref?.endsWith('/uuid') || answerRef(name)?.endsWith('/uuid')) return UUID_EXAMPLE;
			if (ref) return schemas[ref.split('/').pop()!].enum[0];
			if (schema.enum) return schema.enum[0];
			if (name === 'call_receive_mode') return 'voice';
			return name.endsWith('_url') ? 'https://example.com/x' : 'x';
		};
		const body = Object.fromEntries(Object.entries(properties).map(([name, schema]) => [name, sample(name, schema)]));
		expect(await direct('PUT', `${ROOT}/${id()}`, json(body))).toBe(200);
		expect(statusesOf()).toEqual([`${PUT} 200`]);
	});

	test('where the spec is silent, the stand-in keeps its answers: 422 on search, 400 on update, 429 and 413 anywhere', async () => {
		// No 422 is documented for search (only 200, 401, 500); the stand-in refuses bad criteria with 422 anyway.
		expect(await direct('GET', `${ROOT}/search?starts_with=415&contains=555`)).toBe(422);
		// No 400 is documented for update (200, 401, 404, 422, 500); a body that is not JSON gets 400, as at purchase.
		expect(await direct('PUT', `${ROOT}/${id()}`, { body: 'name=x', contentType: 'application/x-www-form-urlencoded' })).toBe(400);
		const entries = exchanges();
		expect(entries.map((entry) => responseProblems(spec, { method: entry.method, path: entry.path, status: entry.status, body: entry.response }))).toEqual([
			[`${SEARCH}: HTTP 422 is not documented (the spec gives 200, 401, 500)`],
			[`${PUT}: HTTP 400 is not documented (the spec gives 200, 401, 404, 422, 500)`],
		]);
		for (const entry of entries) count(operationKey(spec, entry.method, entry.path), entry.status, false);
		// Over 1 MB: 413 from the stand-in's core, before its log; documented nowhere.
		const tooLarge = await answered('POST', ROOT, json({ number: 'x'.repeat(1024 * 1024) }));
		expect(tooLarge).toEqual({ status: 413, body: { error: 'Payload Too Large' } });
		expect(responseProblems(spec, { method: 'POST', path: ROOT, ...tooLarge })).toEqual([`${POST}: HTTP 413 is not documented (the spec gives 200, 400, 401, 422, 500)`]);
		expect(exchanges()).toEqual([]);
		count(POST, 413, false);

		// No 429 is documented for any phone-number operation; the stand-in's rate limit answers 429 with Retry-After.
		// One token, and the next in about three hours: however slow the machine, the rest get 429.
		const limited = createSandbox({ rateLimit: { rate: 0.0001, burst: 1 } });
		others.push(limited);
		const url = await limited.listen(0, '127.0.0.1');
		expect(await direct('GET', `${ROOT}?page_size=1`, {}, url)).toBe(200); // takes the one token
		expect(await eachOperation(missing, {}, url)).toEqual([429, 429, 429, 429, 429, 429]);
		const limitedEntries = exchanges(limited).slice(1);
		expect(limitedEntries.map((entry) => responseProblems(spec, { method: entry.method, path: entry.path, status: entry.status, body: entry.response }))).toEqual([
			[`${SEARCH}: HTTP 429 is not documented (the spec gives 200, 401, 500)`],
			[`${GET_ALL}: HTTP 429 is not documented (the spec gives 200, 400, 401, 500)`],
			[`${POST}: HTTP 429 is not documented (the spec gives 200, 400, 401, 422, 500)`],
			[`${GET_ONE}: HTTP 429 is not documented (the spec gives 200, 401, 404, 422, 500)`],
			[`${PUT}: HTTP 429 is not documented (the spec gives 200, 401, 404, 422, 500)`],
			[`${DELETE}: HTTP 429 is not documented (the spec gives 204, 401, 404, 422, 500)`],
		]);
		for (const entry of limitedEntries) count(operationKey(spec, entry.method, entry.path), entry.status, false);
	});

	test('500 with the stand-in\'s own body on every operation (a fault without a body; documented)', async () => {
		sandbox.addFault({ path: `${ROOT}*`, status: 500, times: 6 });
		expect(await eachOperation(id())).toEqual([500, 500, 500, 500, 500, 500]);
		expect(statusesOf()).toEqual([`${SEARCH} 500`, `${GET_ALL} 500`, `${POST} 500`, `${GET_ONE} 500`, `${PUT} 500`, `${DELETE} 500`]);
	});

	test('the explicit options that go beyond the spec do, and only they: legacy search items, extra fields', async () => {
		const legacy = createSandbox({ signalWireSearchStyle: 'legacy', signalWireExtraFields: { cnam: null } });
		others.push(legacy);
		const url = await legacy.listen(0, '127.0.0.1');
		expect(await direct('GET', `${ROOT}/search?areacode=415&max_results=1`, {}, url)).toBe(200);
		expect(await direct('GET', `${ROOT}?page_size=1`, {}, url)).toBe(200);
		const [search, list] = exchanges(legacy);
		expect(responseProblems(spec, { method: 'GET', path: search.path, status: 200, body: search.response })).toEqual([
			`${SEARCH}: response body (HTTP 200) /data/0: required property 'number' is missing`,
			`${SEARCH}: response body (HTTP 200) /data/0/capabilities: ["voice","sms","mms","fax"] is not of type object`,
			...['e164', 'national_number_formatted', 'international_number_formatted', 'country_code'].map((name) => `${SEARCH}: response body (HTTP 200) /data/0: property '${name}' is not in the spec (the object is closed)`),
		]);
		expect(responseProblems(spec, { method: 'GET', path: list.path, status: 200, body: list.response })).toEqual([
			`${GET_ALL}: response body (HTTP 200) /data/0: property 'cnam' is not in the spec (the object is closed)`,
		]);
	});
});

describe('the node takes fields SignalWire may add (signalWireExtraFields)', () => {
	test('Get Many, Get and Purchase keep them in the item; Simplify leaves them out', async () => {
		const extended = createSandbox({ signalWireExtraFields: { cnam: null, e911_region: 'CA' } });
		others.push(extended);
		const url = await extended.listen(0, '127.0.0.1');
		const at = (parameters: INodeParameters) => runPhoneNumberNode({ parameters, credentialData: { baseUrl: url } });
		const listed = await at(node('getAll', { limit: 1, simplify: false }));
		expect(listed.items[0].json).toMatchObject({ cnam: null, e911_region: 'CA' });
		const simple = await at(node('get', { ownedNumber: byNumber(MAIN_LINE), simplify: true }));
		expect(simple.items[0].json).toEqual({ provider: 'signalwire', id: expect.any(String), number: MAIN_LINE, name: 'Sandbox main line', type: 'local', capabilities: { voice: true, sms: true, mms: true, fax: true }, region: null, status: 'owned' });
		const bought = await at(node('purchase', { phoneNumber: '+14155550100', thenConfigure: { name: 'x' } }));
		expect(bought.items[0].json).toMatchObject({ cnam: null, e911_region: 'CA', name: 'x', configure: { status: 'configured' } });
	});
});

test('every vendored phone-number operation was exercised, requests and answers (the Campaign Registry ones: test/campaignSpec.test.cts)', () => {
	expect(unexercised(spec, tally.keys()).filter((key) => !key.includes('/registry/'))).toEqual([]);
});
