/**
 * Tests of the provider stand-in itself (test/sandbox/server.js), over real HTTP with fetch.
 * The node's tests rely on it rejecting what SignalWire and Plivo reject, so these pin the
 * documented shapes: seeds/signalwire-purchase-phone-number.txt, seeds/plivo-buy-phone-number.txt
 * and notes/providers.md.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

interface LoggedRequest {
	method: string;
	path: string;
	query: Record<string, string | string[]>;
	headers: Record<string, string>;
	body: Json;
	status: number;
	provider: string | null;
	operation: string | null;
	fault: number | null;
}

interface Sandbox {
	listen(port?: number, host?: string): Promise<string>;
	close(): Promise<void>;
	reset(): void;
	snapshot(): Json;
	addFault(fault: Record<string, unknown>): Json;
	readonly state: { signalwire: { owned: Map<string, Json>; available: Map<string, Json> }; plivo: { owned: Map<string, Json>; available: Map<string, Json> } };
	readonly requests: LoggedRequest[];
}

interface SandboxModule {
	createSandbox(options?: Record<string, unknown>): Sandbox;
	DEFAULTS: {
		port: number;
		host: string;
		signalwire: { projectId: string; apiToken: string; signingKey: string };
		plivo: { authId: string; authToken: string };
		twilio: { accountSid: string; authToken: string; apiKeySid: string; apiKeySecret: string };
	};
}

// Plain CommonJS on purpose (runnable without a build), so it is required rather than imported.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createSandbox, DEFAULTS } = require('./server') as SandboxModule;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { assertLoopbackOnly } = require('../helpers/loopback.js') as {
	assertLoopbackOnly(pid: number, label?: string): Array<{ host: string; port: number }>;
};

const SW_ROOT = '/api/relay/rest';
const PLIVO_ID = DEFAULTS.plivo.authId;
const PLIVO_ROOT = `/v1/Account/${PLIVO_ID}`;

/** Every field PhoneNumberResponse lists as required in the SignalWire seed. */
const PHONE_NUMBER_REQUIRED = [
	'id', 'number', 'name', 'capabilities', 'number_type', 'e911_address_id', 'created_at', 'updated_at', 'next_billed_at',
	'call_handler', 'calling_handler_resource_id', 'call_receive_mode', 'call_request_url', 'call_request_method',
	'call_fallback_url', 'call_fallback_method', 'call_status_callback_url', 'call_status_callback_method',
	'call_laml_application_id', 'call_dialogflow_agent_id', 'call_relay_topic', 'call_relay_topic_status_callback_url',
	'call_relay_script_url', 'call_relay_context', 'call_relay_context_status_callback_url', 'call_relay_application',
	'call_relay_connector_id', 'call_sip_endpoint_id', 'call_verto_resource', 'call_video_room_id', 'message_handler',
	'messaging_handler_resource_id', 'message_request_url', 'message_request_method', 'message_fallback_url',
	'message_fallback_method', 'message_laml_application_id', 'message_relay_topic', 'message_relay_context', 'country_code',
];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const SW_AUTH = basic(DEFAULTS.signalwire.projectId, DEFAULTS.signalwire.apiToken);
const PLIVO_AUTH = basic(DEFAULTS.plivo.authId, DEFAULTS.plivo.authToken);

let sandbox: Sandbox;
let baseUrl: string;

interface Result {
	status: number;
	body: Json;
	text: string;
	headers: Headers;
}

async function call(url: string, init: RequestInit = {}): Promise<Result> {
	const response = await fetch(url.startsWith('http') ? url : baseUrl + url, init);
	const text = await response.text();
	let body: Json;
	try {
		body = text ? JSON.parse(text) : undefined;
	} catch {
		body = undefined;
	}
	return { status: response.status, body, text, headers: response.headers };
}

function jsonInit(method: string, auth: string | undefined, body?: unknown): RequestInit {
	const headers: Record<string, string> = {};
	if (auth) headers.authorization = auth;
	if (body !== undefined) headers['content-type'] = 'application/json';
	return { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
}

const sw = (path: string, method = 'GET', body?: unknown) => call(SW_ROOT + path, jsonInit(method, SW_AUTH, body));
const plivo = (path: string, method = 'GET', body?: unknown) => call(PLIVO_ROOT + path, jsonInit(method, PLIVO_AUTH, body));
const swBuy = (number: string) => sw('/phone_numbers', 'POST', { number });
const plivoBuy = (digits: string, body?: unknown) => plivo(`/PhoneNumber/${digits}/`, 'POST', body);
const control = (path: string, method = 'GET', body?: unknown) => call(`/__sandbox${path}`, jsonInit(method, undefined, body));

/** Follows SignalWire's links.next (a full URL) until it is absent; returns every page. */
async function swAllPages(firstPath: string): Promise<Json[]> {
	const pages: Json[] = [];
	let next: string | undefined = baseUrl + SW_ROOT + firstPath;
	while (next) {
		const page: Result = await call(next, jsonInit('GET', SW_AUTH));
		expect(page.status).toBe(200);
		pages.push(page.body);
		next = page.body.links.next;
	}
	return pages;
}

/** Follows Plivo's meta.next (a URL relative to the host) until it is null. */
async function plivoAllPages(firstPath: string): Promise<Json[]> {
	const pages: Json[] = [];
	let next: string | null = PLIVO_ROOT + firstPath;
	while (next) {
		const page: Result = await call(next, jsonInit('GET', PLIVO_AUTH));
		expect(page.status).toBe(200);
		pages.push(page.body);
		next = page.body.meta.next;
	}
	return pages;
}

function expectSignalWire422(result: Result, detail: RegExp): void {
	expect(result.status).toBe(422);
	expect(result.body.errors).toHaveLength(1);
	const [error] = result.body.errors;
	expect(Object.keys(error).sort()).toEqual(['code', 'detail', 'status', 'title']);
	expect(error.status).toBe('422');
	expect(typeof error.title).toBe('string');
	expect(typeof error.code).toBe('string');
	expect(error.detail).toMatch(detail);
}

function expectPlivoError(result: Result, status: number, error: RegExp): void {
	expect(result.status).toBe(status);
	expect(result.body.api_id).toMatch(UUID);
	expect(result.body.error).toMatch(error);
}

beforeAll(async () => {
	sandbox = createSandbox();
	baseUrl = await sandbox.listen(0);
});

afterAll(() => sandbox.close());

beforeEach(() => sandbox.reset());

describe('module API', () => {
	it('exports obviously fake default credentials', () => {
		expect(DEFAULTS.signalwire).toEqual({ projectId: 'sw-test-project', apiToken: 'sw-test-token', signingKey: 'sw-test-signing-key' });
		expect(DEFAULTS.plivo).toEqual({ authId: 'MATESTACCOUNT0000001', authToken: 'plivo-test-token' });
		expect(DEFAULTS.port).toBe(8787);
	});

	it('listen(0) resolves to a loopback base URL on an ephemeral port, and listens on loopback only', () => {
		expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(Number(new URL(baseUrl).port)).toBeGreaterThan(0);
		expect(assertLoopbackOnly(process.pid, 'the stand-in')).toContainEqual({ host: '127.0.0.1', port: Number(new URL(baseUrl).port) });
	});

	it('accepts other credentials through options', async () => {
		const other = createSandbox({ signalwire: { apiToken: 'sw-other-token' }, plivo: { authId: 'MAOTHERACCOUNT000002' } });
		const url = await other.listen(0);
		try {
			const swDefault = await call(`${url}${SW_ROOT}/phone_numbers`, jsonInit('GET', SW_AUTH));
			const swOther = await call(`${url}${SW_ROOT}/phone_numbers`, jsonInit('GET', basic('sw-test-project', 'sw-other-token')));
			const plivoOther = await call(`${url}/v1/Account/MAOTHERACCOUNT000002/`, jsonInit('GET', basic('MAOTHERACCOUNT000002', 'plivo-test-token')));
			expect([swDefault.status, swOther.status, plivoOther.status]).toEqual([401, 200, 200]);
			expect(plivoOther.body.auth_id).toBe('MAOTHERACCOUNT000002');
		} finally {
			await other.close();
		}
	});
});

describe('authentication', () => {
	it('SignalWire: 401 {"error":"Unauthorized"} without or with wrong Basic credentials', async () => {
		const missing = await call(`${SW_ROOT}/phone_numbers?page_size=1`);
		const wrongToken = await call(`${SW_ROOT}/phone_numbers?page_size=1`, jsonInit('GET', basic('sw-test-project', 'nope')));
		const bearer = await call(`${SW_ROOT}/phone_numbers?page_size=1`, jsonInit('GET', 'Bearer sw-test-token'));
		for (const result of [missing, wrongToken, bearer]) {
			expect(result.status).toBe(401);
			expect(result.body).toEqual({ error: 'Unauthorized' });
		}
	});

	it('SignalWire credential test (GET /phone_numbers?page_size=1) succeeds with the right credentials', async () => {
		const result = await sw('/phone_numbers?page_size=1');
		expect(result.status).toBe(200);
		expect(result.body.data).toHaveLength(1);
	});

	it('Plivo: 401 with api_id and human text for wrong token, missing auth, or a path auth_id that is not the user', async () => {
		const wrongToken = await call(`${PLIVO_ROOT}/`, jsonInit('GET', basic(PLIVO_ID, 'nope')));
		const missing = await call(`${PLIVO_ROOT}/Number/`);
		const otherAccountInPath = await call('/v1/Account/MAOTHERACCOUNT000002/Number/', jsonInit('GET', PLIVO_AUTH));
		for (const result of [wrongToken, missing, otherAccountInPath]) {
			expectPlivoError(result, 401, /Authentication credentials invalid/);
		}
	});

	it('Plivo credential test (GET /v1/Account/{auth_id}/) returns the account details', async () => {
		const result = await plivo('/');
		expect(result.status).toBe(200);
		expect(result.body).toMatchObject({ auth_id: PLIVO_ID, resource_uri: `${PLIVO_ROOT}/` });
		expect(result.body.api_id).toMatch(UUID);
	});

	it('paths of neither provider are 404', async () => {
		const result = await call('/somewhere/else', jsonInit('GET', SW_AUTH));
		expect(result.status).toBe(404);
	});
});

describe('SignalWire purchase', () => {
	it('returns 200 with a complete PhoneNumberResponse', async () => {
		const result = await swBuy('+14155550100');
		expect(result.status).toBe(200);
		const number = result.body;
		for (const field of PHONE_NUMBER_REQUIRED) expect(number).toHaveProperty(field);
		expect(number.id).toMatch(UUID);
		expect(number.number).toBe('+14155550100');
		expect(number.number_type).toBe('longcode');
		expect(number.country_code).toBe('US');
		expect(number.call_receive_mode).toBe('voice');
		expect(number.capabilities.length).toBeGreaterThan(0);
		for (const capability of number.capabilities) expect(['voice', 'sms', 'mms', 'fax']).toContain(capability);
		expect(number.created_at).toMatch(ISO_DATE_TIME);
		expect(number.updated_at).toMatch(ISO_DATE_TIME);
		expect(number.next_billed_at).toMatch(ISO_DATE_TIME);
	});

	it('marks toll-free numbers as number_type "toll-free"', async () => {
		const result = await swBuy('+18005550100');
		expect(result.status).toBe(200);
		expect(result.body.number_type).toBe('toll-free');
	});

	it('the bought number is owned and no longer offered by search', async () => {
		await swBuy('+14155550100');
		expect(sandbox.snapshot().signalwire.owned.map((n: Json) => n.number)).toContain('+14155550100');
		const search = await sw('/phone_numbers/search?areacode=415&max_results=100');
		expect(search.body.data.map((n: Json) => n.number)).not.toContain('+14155550100');
	});

	it.each([
		['no number', {}, /number is required/],
		['no plus', { number: '14155550100' }, /E\.164/],
		['letters', { number: '+1415555O100' }, /E\.164/],
		['too short', { number: '+1415555' }, /E\.164/],
		['not a string', { number: 14155550100 }, /E\.164/],
		['an unknown field', { number: '+14155550100', type: 'local' }, /Unknown parameter: type/],
	])('422 for a body with %s', async (_case, body, detail) => {
		expectSignalWire422(await sw('/phone_numbers', 'POST', body), detail);
	});

	it('422 when the number is already owned, and when it is not in the inventory', async () => {
		expect((await swBuy('+14155550100')).status).toBe(200);
		expectSignalWire422(await swBuy('+14155550100'), /^Number \+14155550100 is already owned by this project$/);
		expectSignalWire422(await swBuy('+14155550129'), /already owned/); // owned from the start
		expectSignalWire422(await swBuy('+14155559999'), /^Number \+14155559999 is not available for purchase$/);
	});

	it('400 {"error":"Bad Request"} for malformed JSON, a non-object body or a wrong Content-Type', async () => {
		const url = `${SW_ROOT}/phone_numbers`;
		const malformed = await call(url, { method: 'POST', headers: { authorization: SW_AUTH, 'content-type': 'application/json' }, body: '{"number":' });
		const array = await call(url, { method: 'POST', headers: { authorization: SW_AUTH, 'content-type': 'application/json' }, body: '["+14155550100"]' });
		const form = await call(url, { method: 'POST', headers: { authorization: SW_AUTH, 'content-type': 'application/x-www-form-urlencoded' }, body: 'number=%2B14155550100' });
		for (const result of [malformed, array, form]) {
			expect(result.status).toBe(400);
			expect(result.body).toEqual({ error: 'Bad Request' });
		}
		expect(sandbox.state.signalwire.owned.size).toBe(2); // nothing was bought
	});
});

describe('SignalWire search', () => {
	it('filters by area code and pattern on the national number, local by default', async () => {
		const result = await sw('/phone_numbers/search?areacode=212&ends_with=0105');
		expect(result.status).toBe(200);
		const self = `${baseUrl}${SW_ROOT}/phone_numbers/search?areacode=212&ends_with=0105`;
		expect(result.body.links).toEqual({ self, first: self });
		expect(result.body.data).toEqual([
			{ number: '+12125550105', region: 'NY', city: 'New York', rate_center: 'NWYRCYZN01', lata: '132', capabilities: { voice: true, sms: true, mms: true, fax: true } },
		]);
		const startsWith = await sw('/phone_numbers/search?starts_with=312555&max_results=5');
		expect(startsWith.body.data.map((n: Json) => n.number)).toEqual(['+13125550100', '+13125550101', '+13125550102', '+13125550103', '+13125550104']);
	});

	it('limits results with max_results (default 50) and searches toll-free numbers', async () => {
		expect((await sw('/phone_numbers/search')).body.data).toHaveLength(50);
		const tollFree = await sw('/phone_numbers/search?number_type=toll-free&contains=888&max_results=100');
		expect(tollFree.body.data).toHaveLength(19); // +18885550119 is owned at start
		for (const item of tollFree.body.data) expect(item.number).toMatch(/^\+1888/);
	});

	it('filters by region and city', async () => {
		const result = await sw('/phone_numbers/search?region=il&city=chicago&max_results=100');
		expect(result.body.data).toHaveLength(30);
		expect(new Set(result.body.data.map((n: Json) => n.city))).toEqual(new Set(['Chicago']));
	});

	it.each([
		['two patterns', 'starts_with=415&contains=555', /Only one of starts_with, contains or ends_with/],
		['a 2-digit pattern', 'contains=41', /contains must be 3 to 7 digits/],
		['an 8-digit pattern', 'starts_with=41555501', /starts_with must be 3 to 7 digits/],
		['max_results over 100', 'max_results=101', /max_results must be an integer from 1 to 100/],
		['a bad number_type', 'number_type=mobile', /number_type must be local or toll-free/],
		['a 4-digit areacode', 'areacode=4155', /areacode must be 3 digits/],
		['city without region', 'city=Chicago', /city must be used together with region/],
		['region with toll-free', 'number_type=toll-free&region=CA', /only .* local numbers/],
	])('422 for %s', async (_case, query, detail) => {
		expectSignalWire422(await sw(`/phone_numbers/search?${query}`), detail);
	});

	it('can answer in the older documented item shape', async () => {
		const legacy = createSandbox({ signalWireSearchStyle: 'legacy' });
		const url = await legacy.listen(0);
		try {
			const result = await call(`${url}${SW_ROOT}/phone_numbers/search?areacode=415&max_results=1`, jsonInit('GET', SW_AUTH));
			expect(result.body.data[0]).toEqual({
				e164: '+14155550100',
				national_number_formatted: '(415) 555-0100',
				international_number_formatted: '+1 415-555-0100',
				rate_center: 'SNFC CNTRL',
				region: 'CA',
				country_code: 'US',
				capabilities: ['voice', 'sms', 'mms', 'fax'],
			});
		} finally {
			await legacy.close();
		}
	});
});

describe('SignalWire list owned numbers', () => {
	it('pages with full-URL links.next (page_number + page_token) until it is absent', async () => {
		for (const number of ['+14155550100', '+12125550100', '+13125550100']) expect((await swBuy(number)).status).toBe(200);
		const pages = await swAllPages('/phone_numbers?page_size=2');
		expect(pages).toHaveLength(3);
		expect(pages.map((p) => p.data.length)).toEqual([2, 2, 1]);
		const numbers = pages.flatMap((p) => p.data.map((n: Json) => n.number));
		// Most recently created first; the two numbers owned from the start are oldest.
		expect(numbers).toEqual(['+13125550100', '+12125550100', '+14155550100', '+18885550119', '+14155550129']);

		const next = new URL(pages[0].links.next);
		expect(`${next.origin}${next.pathname}`).toBe(`${baseUrl}${SW_ROOT}/phone_numbers`);
		expect(next.searchParams.get('page_number')).toBe('1');
		expect(next.searchParams.get('page_size')).toBe('2');
		expect(next.searchParams.get('page_token')).toBeTruthy();
		expect(pages[0].links.prev).toBeUndefined();
		expect(pages[1].links.prev).toBeDefined();
		expect(pages[2].links.next).toBeUndefined();
		expect(pages[2].links.first).toBe(pages[0].links.first);
	});

	it('has no links.next when the last page is exactly full', async () => {
		const onePage = await sw('/phone_numbers?page_size=2'); // the two numbers owned from the start
		expect(onePage.body.data).toHaveLength(2);
		expect(onePage.body.links.next).toBeUndefined();
		expect((await swAllPages('/phone_numbers?page_size=1')).map((p) => p.data.length)).toEqual([1, 1]);
	});

	it('400 for page_number > 0 without a matching page_token, and for page_size outside 1-1000', async () => {
		for (const query of ['page_number=1&page_size=1', 'page_number=1&page_size=1&page_token=PAforged', 'page_size=0', 'page_size=1001']) {
			const result = await sw(`/phone_numbers?${query}`);
			expect(result.status).toBe(400);
			expect(result.body).toEqual({ error: 'Bad Request' });
		}
	});

	it('filters by number and name substrings, keeping the filters in links.next', async () => {
		const byNumber = await sw(`/phone_numbers?filter_number=${encodeURIComponent('+1888')}`);
		expect(byNumber.body.data.map((n: Json) => n.number)).toEqual(['+18885550119']);
		const byName = await sw('/phone_numbers?filter_name=Sandbox&page_size=1');
		expect(byName.body.data).toHaveLength(1);
		expect(new URL(byName.body.links.next).searchParams.get('filter_name')).toBe('Sandbox');
		const pages = await swAllPages('/phone_numbers?filter_name=Sandbox&page_size=1');
		expect(pages.flatMap((p) => p.data.map((n: Json) => n.name))).toEqual(['Sandbox support line', 'Sandbox main line']);
	});
});

describe('SignalWire get / update / release', () => {
	it('gets an owned number by id, 404 {"error":"Not Found"} otherwise', async () => {
		const bought = (await swBuy('+14155550101')).body;
		const result = await sw(`/phone_numbers/${bought.id}`);
		expect(result.status).toBe(200);
		expect(result.body).toEqual(bought);
		const missing = await sw('/phone_numbers/00000000-0000-4000-8000-000000000000');
		expect(missing.status).toBe(404);
		expect(missing.body).toEqual({ error: 'Not Found' });
	});

	it('updates the documented fields and returns the whole number', async () => {
		const { id } = (await swBuy('+14155550101')).body;
		const result = await sw(`/phone_numbers/${id}`, 'PUT', {
			name: 'Support',
			call_handler: 'laml_webhooks',
			call_request_url: 'https://example.com/voice',
			call_request_method: 'GET',
			message_handler: 'relay_application',
		});
		expect(result.status).toBe(200);
		expect(result.body).toMatchObject({
			id,
			name: 'Support',
			call_handler: 'laml_webhooks',
			call_request_url: 'https://example.com/voice',
			call_request_method: 'GET',
			message_handler: 'relay_application',
		});
		expect((await sw(`/phone_numbers/${id}`)).body.name).toBe('Support');
	});

	it.each([
		['a call_handler updates do not accept', { call_handler: 'ai_agent' }, /call_handler must be one of/],
		['an unknown call_handler', { call_handler: 'webhook' }, /call_handler must be one of/],
		['an unknown message_handler', { message_handler: 'dialogflow' }, /message_handler must be one of/],
		['a bad method', { call_request_method: 'PUT' }, /call_request_method must be GET or POST/],
		['null for a URL (the spec has no null in updates)', { call_request_url: null }, /call_request_url must be an http\(s\) URL, or "" to clear it \(got null\)/],
		['null for a handler', { message_handler: null }, /message_handler must be one of/],
		['a video room ID that is not a UUID', { call_video_room_id: 'sales-room' }, /call_video_room_id must be a UUID \(got "sales-room"\)/],
		['a relative URL', { call_request_url: '/voice' }, /call_request_url must be an http\(s\) URL/],
		['an unknown field', { friendly_name: 'x' }, /Unknown parameter: friendly_name/],
	])('422 for %s', async (_case, body, detail) => {
		const { id } = (await swBuy('+14155550101')).body;
		expectSignalWire422(await sw(`/phone_numbers/${id}`, 'PUT', body), detail);
	});

	it('clears a URL or a text setting with an empty string (the spec types them as strings, never null)', async () => {
		const { id } = (await swBuy('+14155550101')).body;
		await sw(`/phone_numbers/${id}`, 'PUT', { call_request_url: 'https://example.com/voice', name: 'Support' });
		const cleared = await sw(`/phone_numbers/${id}`, 'PUT', { call_request_url: '', name: '' });
		expect(cleared.status).toBe(200);
		expect(cleared.body).toMatchObject({ call_request_url: '', name: '' });
	});

	it('answers numbers with exactly the fields of the spec; signalWireExtraFields adds more, to test tolerance', async () => {
		const bought = (await swBuy('+14155550101')).body;
		expect(bought).not.toHaveProperty('cnam');
		expect(Object.keys(bought)).toEqual([...PHONE_NUMBER_REQUIRED.slice(0, 6), 'e911_status', ...PHONE_NUMBER_REQUIRED.slice(6)]);
		const extended = createSandbox({ signalWireExtraFields: { cnam: null, future_field: 'x' } });
		const url = await extended.listen(0);
		try {
			const init = jsonInit('GET', SW_AUTH);
			const listed = await call(`${url}${SW_ROOT}/phone_numbers?page_size=1`, init);
			expect(listed.body.data[0]).toMatchObject({ cnam: null, future_field: 'x', number: expect.any(String) });
			const got = await call(`${url}${SW_ROOT}/phone_numbers/${listed.body.data[0].id}`, init);
			expect(got.body).toEqual(listed.body.data[0]);
			expect(extended.snapshot().signalwire.owned[0]).not.toHaveProperty('cnam');
		} finally {
			await extended.close();
		}
	});

	it('releases with 204 and no body; the number can be bought again', async () => {
		const { id } = (await swBuy('+14155550101')).body;
		const released = await sw(`/phone_numbers/${id}`, 'DELETE');
		expect(released.status).toBe(204);
		expect(released.text).toBe('');
		expect((await sw(`/phone_numbers/${id}`)).status).toBe(404);
		expect((await sw(`/phone_numbers/${id}`, 'DELETE')).status).toBe(404);
		expect((await swBuy('+14155550101')).status).toBe(200);
	});
});

describe('Plivo purchase', () => {
	it('201 fulfilled with status "Success" for an ordinary number', async () => {
		const result = await plivoBuy('14155550100');
		expect(result.status).toBe(201);
		expect(result.body).toEqual({
			api_id: expect.stringMatching(UUID),
			message: 'created',
			numbers: [{ number: '14155550100', status: 'Success' }],
			status: 'fulfilled',
		});
		expect(sandbox.state.plivo.owned.has('14155550100')).toBe(true);
	});

	it('201 pending for numbers of countries that need verification (49, 33)', async () => {
		for (const number of ['493055550100', '33199000100']) {
			const result = await plivoBuy(number);
			expect(result.status).toBe(201);
			expect(result.body).toMatchObject({ message: 'created', numbers: [{ number, status: 'pending' }], status: 'pending' });
		}
	});

	it('can answer pending purchases with the top-level status the seed example shows', async () => {
		const seedStyle = createSandbox({ plivoPendingStatus: 'fulfilled' });
		const url = await seedStyle.listen(0);
		try {
			const result = await call(`${url}${PLIVO_ROOT}/PhoneNumber/493055550100/`, jsonInit('POST', PLIVO_AUTH));
			expect(result.body).toMatchObject({ numbers: [{ status: 'pending' }], status: 'fulfilled' });
		} finally {
			await seedStyle.close();
		}
	});

	it('with an accepted compliance application a regulated number is active at once; a submitted one leaves it pending', async () => {
		const accepted = await plivoBuy('493055550100', { compliance_application_id: 'c0a1de00-0000-4000-8000-00000000acce' });
		expect(accepted.status).toBe(201);
		expect(accepted.body).toMatchObject({ numbers: [{ number: '493055550100', status: 'Success' }], status: 'fulfilled' });
		const submitted = await plivoBuy('493055550101', { compliance_application_id: 'c0a1de00-0000-4000-8000-0000000050b1' });
		expect(submitted.body).toMatchObject({ numbers: [{ number: '493055550101', status: 'pending' }], status: 'pending' });
	});

	it('400 for a compliance application the account does not have, or one for another country; nothing is bought', async () => {
		expectPlivoError(await plivoBuy('493055550100', { compliance_application_id: 'nope' }), 400, /'nope' is not a compliance application of this account/);
		expectPlivoError(await plivoBuy('33199000100', { compliance_application_id: 'c0a1de00-0000-4000-8000-00000000acce' }), 400, /is for DE numbers, not FR/);
		expect(sandbox.state.plivo.owned.has('493055550100')).toBe(false);
		expect(sandbox.state.plivo.owned.has('33199000100')).toBe(false);
	});

	it('takes cnam_lookup with the purchase', async () => {
		expect((await plivoBuy('14155550100', { cnam_lookup: 'enabled' })).status).toBe(201);
		expect((await plivo('/Number/14155550100/')).body.cnam_lookup).toBe('enabled');
		expectPlivoError(await plivoBuy('14155550101', { cnam_lookup: 'on' }), 400, /cnam_lookup must be enabled or disabled/);
	});

	it('assigns the app_id from the JSON body', async () => {
		expect((await plivoBuy('14155550100', { app_id: '29986316244302815' })).status).toBe(201);
		const number = await plivo('/Number/14155550100/');
		expect(number.body.application).toBe(`${PLIVO_ROOT}/Application/29986316244302815/`);
	});

	it.each([
		['a leading +', '+14155550100', /without the leading \+/],
		['an encoded +', '%2B14155550100', /without the leading \+/],
		['letters', '1415555abcd', /not a valid phone number/],
		['7 digits', '1415555', /8 to 15 digits/],
		['16 digits', '1415555010012345', /8 to 15 digits/],
	])('400 for a path number with %s', async (_case, number, error) => {
		expectPlivoError(await plivoBuy(number), 400, error);
	});

	it('404 without the trailing slash', async () => {
		expectPlivoError(await plivo('/PhoneNumber/14155550100', 'POST'), 404, /end with "\/"/);
	});

	it('400 with human text when the number is owned or not available', async () => {
		expect((await plivoBuy('14155550100')).status).toBe(201);
		expectPlivoError(await plivoBuy('14155550100'), 400, /^Number 14155550100 is already in this account$/);
		expectPlivoError(await plivoBuy('442079460109'), 400, /already in this account/); // owned from the start
		expectPlivoError(await plivoBuy('14155559999'), 400, /^Number 14155559999 is not available for purchase$/);
	});

	it('400 for malformed JSON, unknown parameters, and app_id together with object_id', async () => {
		const malformed = await call(`${PLIVO_ROOT}/PhoneNumber/14155550100/`, {
			method: 'POST',
			headers: { authorization: PLIVO_AUTH, 'content-type': 'application/json' },
			body: '{app_id:',
		});
		expectPlivoError(malformed, 400, /JSON object/);
		expectPlivoError(await plivoBuy('14155550100', { application: 'x' }), 400, /unknown parameter 'application'/);
		expectPlivoError(await plivoBuy('14155550100', { app_id: 'a', object_id: 'b' }), 400, /either app_id or object_id/);
		expect(sandbox.state.plivo.owned.has('14155550100')).toBe(false);
	});

	it('gives every response a fresh api_id', async () => {
		const first = await plivo('/');
		const second = await plivo('/');
		expect(first.body.api_id).not.toBe(second.body.api_id);
	});
});

describe('Plivo search', () => {
	it('400 without country_iso, for limit over 20 and for an unknown type', async () => {
		expectPlivoError(await plivo('/PhoneNumber/'), 400, /country_iso is required/);
		expectPlivoError(await plivo('/PhoneNumber/?country_iso=US&limit=21'), 400, /limit must be an integer from 1 to 20/);
		expectPlivoError(await plivo('/PhoneNumber/?country_iso=US&type=premium'), 400, /type must be one of/);
	});

	it('pages with relative meta.next until it is null, keeping the filters', async () => {
		const first = await plivo('/PhoneNumber/?country_iso=US&pattern=415');
		expect(first.body.meta).toEqual({
			limit: 20,
			offset: 0,
			next: `${PLIVO_ROOT}/PhoneNumber/?limit=20&offset=20&country_iso=US&pattern=415`,
			previous: null,
			total_count: 29, // 30 in 415, one owned from the start
		});
		const pages = await plivoAllPages('/PhoneNumber/?country_iso=US&pattern=415');
		expect(pages.map((p) => p.objects.length)).toEqual([20, 9]);
		expect(pages[1].meta.previous).toBe(`${PLIVO_ROOT}/PhoneNumber/?limit=20&offset=0&country_iso=US&pattern=415`);
		const numbers = pages.flatMap((p) => p.objects.map((n: Json) => n.number));
		expect(new Set(numbers).size).toBe(29);
		for (const number of numbers) expect(number).toMatch(/^1415/);
	});

	it('returns the documented object fields and filters by type and services', async () => {
		const tollFree = await plivo('/PhoneNumber/?country_iso=US&type=tollfree&limit=20&offset=20');
		expect(tollFree.body.meta.total_count).toBe(40);
		expect(tollFree.body.objects).toHaveLength(20);
		for (const item of tollFree.body.objects) expect(item.type).toBe('tollfree');
		const smsInGb = await plivo('/PhoneNumber/?country_iso=gb&services=voice,sms');
		expect(smsInGb.body.objects.map((n: Json) => n.number)).toEqual(['447700900100', '447700900101', '447700900102', '447700900103', '447700900104']);
		const [item] = smsInGb.body.objects;
		for (const field of ['number', 'prefix', 'city', 'country', 'region', 'rate_center', 'lata', 'type', 'sub_type', 'setup_rate', 'monthly_rental_rate', 'sms_enabled', 'sms_rate', 'voice_enabled', 'voice_rate', 'restriction', 'restriction_text', 'resource_uri']) {
			expect(item).toHaveProperty(field);
		}
	});
});

describe('Plivo owned numbers', () => {
	it('lists with limit/offset pages and filters number_startswith, alias and type', async () => {
		for (const number of ['14155550100', '12125550100', '18005550100']) expect((await plivoBuy(number)).status).toBe(201);
		const pages = await plivoAllPages('/Number/?limit=2');
		expect(pages.map((p) => p.objects.length)).toEqual([2, 2, 1]);
		expect(pages[0].meta).toMatchObject({ limit: 2, offset: 0, total_count: 5, previous: null });
		expect(pages.flatMap((p) => p.objects.map((n: Json) => n.number))).toEqual(['14155550129', '442079460109', '14155550100', '12125550100', '18005550100']);

		expect((await plivo('/Number/?number_startswith=1415')).body.objects.map((n: Json) => n.number)).toEqual(['14155550129', '14155550100']);
		expect((await plivo('/Number/?alias=London%20office')).body.objects.map((n: Json) => n.number)).toEqual(['442079460109']);
		expect((await plivo('/Number/?type=tollfree')).body.objects.map((n: Json) => n.number)).toEqual(['18005550100']);
		expectPlivoError(await plivo('/Number/?number_startswith=%2B1'), 400, /number_startswith must be digits/);
		expectPlivoError(await plivo('/Number/?limit=50'), 400, /limit/);
	});

	it('meta.next is null when the last page is exactly full', async () => {
		const onePage = await plivo('/Number/?limit=2'); // the two numbers owned from the start
		expect(onePage.body.objects).toHaveLength(2);
		expect(onePage.body.meta).toMatchObject({ next: null, total_count: 2 });
	});

	it('gets a number, 404 {api_id, error:"not found"} for one not in the account', async () => {
		const result = await plivo('/Number/442079460109/');
		expect(result.status).toBe(200);
		expect(result.body).toMatchObject({ number: '442079460109', alias: 'London office', number_type: 'local', country: 'UNITED KINGDOM' });
		expect(result.body.api_id).toMatch(UUID);
		expect((await plivo('/Number/14155550100/')).body).toEqual({ api_id: expect.stringMatching(UUID), error: 'not found' });
		expect((await plivo('/Number/14155550100/')).status).toBe(404);
	});

	it('updates with 202 {api_id, message:"changed"}', async () => {
		const result = await plivo('/Number/14155550129/', 'POST', { alias: 'Renamed', app_id: '123' });
		expect(result.status).toBe(202);
		expect(result.body).toEqual({ api_id: expect.stringMatching(UUID), message: 'changed' });
		expect((await plivo('/Number/14155550129/')).body).toMatchObject({ alias: 'Renamed', application: `${PLIVO_ROOT}/Application/123/` });
		expectPlivoError(await plivo('/Number/14155550129/', 'POST', { name: 'x' }), 400, /unknown parameter 'name'/);
		expectPlivoError(await plivo('/Number/14155550100/', 'POST', { alias: 'x' }), 404, /not found/);
	});

	it('updates the caller name and its callback; refuses what Plivo documents as invalid', async () => {
		const result = await plivo('/Number/14155550129/', 'POST', { cnam: 'ACME Support', cnam_callback_url: 'https://example.com/cnam', cnam_callback_method: 'GET' });
		expect(result.status).toBe(202);
		expect((await plivo('/Number/14155550129/')).body.cnam).toBe('ACME Support');
		expectPlivoError(await plivo('/Number/14155550129/', 'POST', { cnam: 'ACME Customer Support' }), 400, /cnam must be a string of at most 15 characters/);
		expectPlivoError(await plivo('/Number/14155550129/', 'POST', { cnam_callback_url: 'example.com/cnam' }), 400, /cnam_callback_url must be an http\(s\) URL/);
		expectPlivoError(await plivo('/Number/14155550129/', 'POST', { cnam_callback_method: 'PUT' }), 400, /cnam_callback_method must be GET or POST/);
	});

	it('changes the compliance application only while the number is pending; an accepted one activates it', async () => {
		await plivoBuy('493055550100');
		expect((await plivo('/Number/493055550100/', 'POST', { compliance_application_id: 'c0a1de00-0000-4000-8000-00000000acce' })).status).toBe(202);
		expectPlivoError(
			await plivo('/Number/493055550100/', 'POST', { compliance_application_id: 'c0a1de00-0000-4000-8000-00000000acce' }),
			400,
			/only be changed while its compliance status is pending or rejected/,
		);
		expectPlivoError(await plivo('/Number/14155550129/', 'POST', { compliance_application_id: 'c0a1de00-0000-4000-8000-00000000acce' }), 400, /is for DE numbers, not US/);
	});

	it('releases with 204; the number is searchable and buyable again', async () => {
		const released = await plivo('/Number/14155550129/', 'DELETE');
		expect(released.status).toBe(204);
		expect(released.text).toBe('');
		expect((await plivo('/Number/14155550129/')).status).toBe(404);
		expect((await plivo('/PhoneNumber/?country_iso=US&pattern=4155550129')).body.meta.total_count).toBe(1);
		expect((await plivoBuy('14155550129')).status).toBe(201);
	});

	it('405 for a method a Plivo path does not take', async () => {
		const result = await plivo('/Number/', 'DELETE');
		expectPlivoError(result, 405, /method not allowed/);
		expect(result.headers.get('allow')).toBe('GET');
	});
});

describe('control endpoints', () => {
	it('POST /__sandbox/reset restores the initial state', async () => {
		const initial = (await control('/state')).body;
		expect(initial.signalwire.owned.map((n: Json) => n.number)).toEqual(['+18885550119', '+14155550129']);
		expect(initial.plivo.owned.map((n: Json) => n.number)).toEqual(['14155550129', '442079460109']);

		await swBuy('+14155550100');
		await plivoBuy('14155550100');
		const changed = (await control('/state')).body;
		expect(changed.signalwire.owned).toHaveLength(3);
		expect(changed.signalwire.availableCount).toBe(initial.signalwire.availableCount - 1);

		expect((await control('/reset', 'POST')).status).toBe(200);
		expect((await control('/state')).body).toEqual(initial);
		expect(sandbox.requests).toHaveLength(0);
	});

	it('is deterministic: the same purchase gets the same id after a reset', async () => {
		const first = (await swBuy('+14155550100')).body.id;
		sandbox.reset();
		expect((await swBuy('+14155550100')).body.id).toBe(first);
	});

	it('GET /__sandbox/requests logs method, path, query, authorization, parsed body and status; DELETE clears it', async () => {
		await swBuy('+14155550100');
		await plivo('/PhoneNumber/?country_iso=US&limit=1');
		const log = (await control('/requests')).body as LoggedRequest[];
		expect(log).toHaveLength(2);
		expect(log[0]).toMatchObject({
			provider: 'signalwire',
			operation: 'purchase',
			method: 'POST',
			path: `${SW_ROOT}/phone_numbers`,
			query: {},
			headers: { authorization: SW_AUTH, 'content-type': 'application/json' },
			body: { number: '+14155550100' },
			status: 200,
			fault: null,
		});
		expect(log[1]).toMatchObject({ provider: 'plivo', operation: 'search', method: 'GET', query: { country_iso: 'US', limit: '1' }, body: null, status: 200 });

		expect((await control('/requests', 'DELETE')).status).toBe(204);
		expect((await control('/requests')).body).toEqual([]);
	});
});

describe('fault injection', () => {
	it('answers the next matching request with the fault, then behaves normally', async () => {
		const added = await control('/faults', 'POST', { method: 'POST', path: `${SW_ROOT}/phone_numbers`, status: 500 });
		expect(added.status).toBe(201);
		const failed = await swBuy('+14155550100');
		expect(failed.status).toBe(500);
		expect(failed.body).toEqual({ error: 'Internal Server Error' });
		expect(sandbox.state.signalwire.owned.size).toBe(2); // not bought
		expect((await swBuy('+14155550100')).status).toBe(200);
		expect(sandbox.requests.map((r) => r.fault)).toEqual([added.body.id, null]);
	});

	it('afterCommit: the purchase happens, but the client sees the injected error', async () => {
		await control('/faults', 'POST', { method: 'POST', path: `${PLIVO_ROOT}/PhoneNumber/*`, status: 502, afterCommit: true });
		const result = await plivoBuy('14155550100');
		expect(result.status).toBe(502);
		expect(result.body.error).toBe('bad gateway');
		expect((await plivo('/Number/14155550100/')).status).toBe(200); // it was bought
		expectPlivoError(await plivoBuy('14155550100'), 400, /already in this account/);
	});

	it('429 with a Retry-After header, as many times as asked', async () => {
		sandbox.addFault({ path: '^/api/relay/rest/phone_numbers/search$', status: 429, headers: { 'Retry-After': '2' }, times: 2 });
		for (let i = 0; i < 2; i++) {
			const limited = await sw('/phone_numbers/search');
			expect(limited.status).toBe(429);
			expect(limited.headers.get('retry-after')).toBe('2');
			expect(limited.body).toEqual({ error: 'Too Many Requests' });
		}
		expect((await sw('/phone_numbers/search')).status).toBe(200);
	});

	it('rawBody sends malformed JSON or an empty 200', async () => {
		sandbox.addFault({ path: `${SW_ROOT}/phone_numbers`, method: 'POST', status: 200, rawBody: '{"id": "trunc' });
		sandbox.addFault({ path: `${SW_ROOT}/phone_numbers`, method: 'POST', status: 200, rawBody: '' });
		const malformed = await swBuy('+14155550100');
		expect([malformed.status, malformed.text]).toEqual([200, '{"id": "trunc']);
		const empty = await swBuy('+14155550100');
		expect([empty.status, empty.text]).toEqual([200, '']);
	});

	it('a custom body replaces the response; the method and exact path must match', async () => {
		sandbox.addFault({ method: 'GET', path: `${PLIVO_ROOT}/Number/`, status: 500, body: { api_id: 'x', error: 'boom' } });
		expect((await plivo('/Number/14155550129/')).status).toBe(200); // different path
		const failed = await plivo('/Number/');
		expect(failed.body).toEqual({ api_id: 'x', error: 'boom' });
	});

	it('delayMs holds the response back (for client timeouts)', async () => {
		sandbox.addFault({ path: `${PLIVO_ROOT}/`, delayMs: 1000 });
		const started = Date.now();
		await expect(fetch(`${baseUrl}${PLIVO_ROOT}/`, { headers: { authorization: PLIVO_AUTH }, signal: AbortSignal.timeout(150) })).rejects.toThrow();
		expect(Date.now() - started).toBeLessThan(900);

		sandbox.addFault({ path: `${PLIVO_ROOT}/`, delayMs: 200 });
		const slowStart = Date.now();
		const slow = await plivo('/');
		expect(slow.status).toBe(200); // a delay-only fault still gives the real answer
		expect(Date.now() - slowStart).toBeGreaterThanOrEqual(190);
	});

	it('GET/DELETE /__sandbox/faults list and clear faults; invalid faults are 400', async () => {
		await control('/faults', 'POST', { path: `${SW_ROOT}/*`, status: 503, times: 5 });
		const listed = (await control('/faults')).body;
		expect(listed).toEqual([expect.objectContaining({ path: `${SW_ROOT}/*`, status: 503, remaining: 5, afterCommit: false })]);
		expect((await control('/faults', 'DELETE')).status).toBe(204);
		expect((await sw('/phone_numbers')).status).toBe(200);

		for (const bad of [{ status: 500 }, { path: '/x', status: 1000 }, { path: '^(', status: 500 }, { path: '/x', body: {}, rawBody: '' }, { path: '/x', times: 0 }]) {
			expect((await control('/faults', 'POST', bad)).status).toBe(400);
		}
	});
});

describe('Plivo applications', () => {
	it('creates, reads, lists and deletes an application; deleting it unlinks it from its numbers', async () => {
		const created = await plivo('/Application/', 'POST', { app_name: 'Inbound', answer_url: 'https://example.com/answer', message_url: 'https://example.com/sms' });
		expect(created.status).toBe(201);
		expect(created.body).toEqual({ api_id: expect.any(String), app_id: expect.stringMatching(/^\d{17}$/), message: 'created' });
		const appId = created.body.app_id;
		const read = await plivo(`/Application/${appId}/`);
		expect(read.body).toMatchObject({ app_id: appId, app_name: 'Inbound', answer_url: 'https://example.com/answer', answer_method: 'POST', message_url: 'https://example.com/sms', message_method: 'POST', resource_uri: `${PLIVO_ROOT}/Application/${appId}/` });
		expect((await plivo('/Application/')).body.objects.map((app: Json) => app.app_id)).toEqual([appId]);
		expect((await plivo('/Number/14155550129/', 'POST', { app_id: appId })).status).toBe(202);
		expect((await plivo('/Number/14155550129/')).body.application).toBe(`${PLIVO_ROOT}/Application/${appId}/`);
		expect((await plivo(`/Application/${appId}/`, 'DELETE')).status).toBe(204);
		expect((await plivo(`/Application/${appId}/`)).status).toBe(404);
		expect((await plivo('/Number/14155550129/')).body.application).toBeNull();
	});

	it('refuses an application without a name or with a URL that is not http(s)', async () => {
		expect((await plivo('/Application/', 'POST', { answer_url: 'https://example.com/a' })).body.error).toBe('app_name is required');
		expect((await plivo('/Application/', 'POST', { app_name: 'x', message_url: 'ftp://example.com' })).body.error).toMatch(/^message_url must be an http\(s\) URL/);
	});
});

describe('SignalWire Campaign Registry (10DLC)', () => {
	const REG = '/registry/beta';
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { campaignIds, brandIds } = require('./providers/signalwire') as { campaignIds: Record<string, string>; brandIds: Record<string, string> };

	it('lists the brands, and each brand\'s campaigns with name, use case and state; filter_name is a substring', async () => {
		const brands = await sw(`${REG}/brands`);
		expect(brands.status).toBe(200);
		expect(brands.body.links).toEqual({ self: expect.stringContaining('/registry/beta/brands'), first: expect.any(String) });
		expect(brands.body.data.map((brand: Json) => [brand.id, brand.name, brand.state])).toEqual([
			[brandIds.coffee, 'Sandbox Coffee', 'completed'],
			[brandIds.clinic, 'Sandbox Clinic', 'completed'],
		]);
		const coffee = await sw(`${REG}/brands/${brandIds.coffee}/campaigns`);
		expect(coffee.body.data.map((c: Json) => [c.id, c.name, c.sms_use_case, c.state])).toEqual([
			[campaignIds['order-updates'], 'Order updates', 'ACCOUNT_NOTIFICATION', 'active'],
			[campaignIds['spring-promotions'], 'Spring promotions', 'MARKETING', 'active'],
			[campaignIds['carrier-review'], 'New campaign (carrier review)', 'MIXED', 'active'],
		]);
		const filtered = await sw(`${REG}/brands/${brandIds.clinic}/campaigns?filter_name=REMIND`);
		expect(filtered.body.data.map((c: Json) => [c.name, c.state])).toEqual([['Appointment reminders', 'pending']]);
		expect((await sw(`${REG}/brands/00000000-0000-4000-8000-000000000000/campaigns`)).status).toBe(404);
		expect((await sw(`${REG}/brands?page_size=10`)).status).toBe(400);
	});

	it('an order is pending, processed after the campaign\'s number of looks, then the assignment is completed', async () => {
		await swBuy('+14155550101');
		const spring = campaignIds['spring-promotions'];
		const order = await sw(`${REG}/campaigns/${spring}/orders`, 'POST', { phone_numbers: ['+14155550101'] });
		expect(order.status).toBe(200);
		expect(order.body).toEqual({ id: expect.stringMatching(UUID), state: 'pending', created_at: expect.stringMatching(ISO_DATE_TIME), updated_at: expect.any(String) });
		const assigned = async () => (await sw(`${REG}/campaigns/${spring}/numbers`)).body.data;
		expect((await assigned()).map((a: Json) => [a.phone_number.number, a.state, a.campaign_id])).toEqual([['+14155550101', 'pending', spring]]);
		const states = [];
		for (let look = 0; look < 3; look++) states.push((await sw(`${REG}/orders/${order.body.id}`)).body.state);
		expect(states).toEqual(['processing', 'processing', 'processed']);
		expect((await sw(`${REG}/orders/${order.body.id}`)).body).toMatchObject({ state: 'processed', processed_at: expect.stringMatching(ISO_DATE_TIME) });
		const [assignment] = await assigned();
		expect(assignment).toEqual({
			id: expect.stringMatching(UUID),
			state: 'completed',
			campaign_id: spring,
			phone_number: { id: expect.stringMatching(UUID), number: '+14155550101' },
			created_at: expect.any(String),
			updated_at: expect.any(String),
		});
		expect(sandbox.snapshot().signalwire.assignments).toEqual([{ number: '+14155550101', campaign: spring, state: 'completed' }]);
	});

	it('refuses the carriers\' numbers at processing: toll-free and +14155550128 fail', async () => {
		await swBuy('+14155550128');
		await swBuy('+18005550100');
		const id = campaignIds['order-updates'];
		const order = await sw(`${REG}/campaigns/${id}/orders`, 'POST', { phone_numbers: ['+14155550128', '+18005550100'] });
		expect((await sw(`${REG}/orders/${order.body.id}`)).body.state).toBe('processed');
		expect((await sw(`${REG}/campaigns/${id}/numbers`)).body.data.map((a: Json) => a.state)).toEqual(['failed', 'failed']);
		expect((await sw(`${REG}/campaigns/${id}/numbers?filter_state=completed`)).body.data).toEqual([]);
	});

	it('an order of the carrier-review campaign never finishes', async () => {
		await swBuy('+14155550101');
		const order = await sw(`${REG}/campaigns/${campaignIds['carrier-review']}/orders`, 'POST', { phone_numbers: ['+14155550101'] });
		for (let look = 0; look < 5; look++) expect((await sw(`${REG}/orders/${order.body.id}`)).body.state).toBe('processing');
	});

	it.each([
		['a pending campaign', 'appointment-reminders', { phone_numbers: ['+14155550129'] }, /Campaign Appointment reminders is pending/],
		['an inactive campaign', 'sweepstakes', { phone_numbers: ['+14155550129'] }, /Campaign Sweepstakes blast is inactive/],
		['a number not in the project', 'order-updates', { phone_numbers: ['+14155550101'] }, /\+14155550101 is not in this project/],
		['a number not in E.164', 'order-updates', { phone_numbers: ['14155550129'] }, /E\.164/],
		['no numbers', 'order-updates', { phone_numbers: [] }, /phone_numbers must be a list/],
		['an unknown field', 'order-updates', { phone_numbers: ['+14155550129'], numbers: [] }, /Unknown parameter: numbers/],
	])('422 for an order with %s', async (_case, campaign, body, detail) => {
		expectSignalWire422(await sw(`${REG}/campaigns/${campaignIds[campaign]}/orders`, 'POST', body), detail);
	});

	it('refuses a second order for a number already assigned (pending or completed), and allows one after a failure', async () => {
		const id = campaignIds['order-updates'];
		expect((await sw(`${REG}/campaigns/${id}/orders`, 'POST', { phone_numbers: ['+14155550129'] })).status).toBe(200);
		expectSignalWire422(await sw(`${REG}/campaigns/${campaignIds['spring-promotions']}/orders`, 'POST', { phone_numbers: ['+14155550129'] }), /already assigned to a campaign/);
		await swBuy('+14155550128');
		const refused = await sw(`${REG}/campaigns/${id}/orders`, 'POST', { phone_numbers: ['+14155550128'] });
		await sw(`${REG}/orders/${refused.body.id}`);
		expect((await sw(`${REG}/campaigns/${id}/orders`, 'POST', { phone_numbers: ['+14155550128'] })).status).toBe(200);
	});

	it('removes an assignment with 204; unknown ones and orders are 404; a released number leaves its campaign', async () => {
		const id = campaignIds['order-updates'];
		await swBuy('+14155550101');
		await sw(`${REG}/campaigns/${id}/orders`, 'POST', { phone_numbers: ['+14155550101', '+14155550129'] });
		const [first] = (await sw(`${REG}/campaigns/${id}/numbers`)).body.data;
		const removed = await sw(`${REG}/numbers/${first.id}`, 'DELETE');
		expect(removed.status).toBe(204);
		expect(removed.text).toBe('');
		expect((await sw(`${REG}/numbers/${first.id}`, 'DELETE')).body).toEqual({ error: 'Not Found' });
		expect((await sw(`${REG}/orders/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
		const owned = (await sw('/phone_numbers?filter_number=%2B14155550129')).body.data[0];
		await sw(`/phone_numbers/${owned.id}`, 'DELETE');
		expect((await sw(`${REG}/campaigns/${id}/numbers`)).body.data).toEqual([]);
	});
});

describe('Plivo 10DLC campaigns', () => {
	it('lists the campaigns, 20 at most per page, with Plivo\'s meta', async () => {
		const page = await plivo('/10dlc/Campaign/?limit=2&offset=0');
		expect(page.status).toBe(200);
		expect(page.body.campaigns.map((c: Json) => [c.campaign_id, c.campaign_alias, c.usecase, c.registration_status])).toEqual([
			['CSNDBX1', 'Order updates', 'ACCOUNT_NOTIFICATION', 'ACTIVE'],
			['CSNDBX2', 'Spring promotions', 'MARKETING', 'ACTIVE'],
		]);
		expect(page.body.meta).toEqual({ limit: 2, offset: 0, next: `${PLIVO_ROOT}/10dlc/Campaign/?limit=2&offset=2`, previous: null, total_count: 5 });
		const all = await plivoAllPages('/10dlc/Campaign/?limit=2');
		expect(all.flatMap((p) => p.campaigns).map((c: Json) => c.campaign_id)).toEqual(['CSNDBX1', 'CSNDBX2', 'CSNDBX5', 'CSNDBX3', 'CSNDBX4']);
		expectPlivoError(await plivo('/10dlc/Campaign/?limit=50'), 400, /limit/);
	});

	it('links a number: PROCESSING until the campaign\'s looks, then COMPLETED; unlinks it', async () => {
		await plivoBuy('14155550101');
		const linked = await plivo('/10dlc/Campaign/CSNDBX2/Number/', 'POST', { numbers: ['14155550101'] });
		expect(linked.status).toBe(202);
		expect(linked.body).toEqual({ api_id: expect.stringMatching(UUID), message: expect.stringMatching(/link/) });
		const statuses = [];
		for (let look = 0; look < 4; look++) statuses.push((await plivo('/10dlc/Campaign/CSNDBX2/Number/14155550101/')).body.phone_numbers[0].status);
		expect(statuses).toEqual(['PROCESSING', 'PROCESSING', 'COMPLETED', 'COMPLETED']);
		expect((await plivo('/10dlc/Campaign/CSNDBX2/Number/14155550101/')).body).toEqual({
			api_id: expect.any(String),
			campaign_id: 'CSNDBX2',
			campaign_alias: 'Spring promotions',
			usecase: 'MARKETING',
			phone_numbers: [{ number: '14155550101', status: 'COMPLETED' }],
		});
		expect(sandbox.snapshot().plivo.assignments).toEqual([{ number: '14155550101', campaign: 'CSNDBX2', state: 'COMPLETED' }]);
		expect((await plivo('/10dlc/Campaign/CSNDBX2/Number/14155550101/', 'DELETE')).status).toBe(202);
		expectPlivoError(await plivo('/10dlc/Campaign/CSNDBX2/Number/14155550101/'), 404, /is not linked to this campaign/);
		expectPlivoError(await plivo('/10dlc/Campaign/CSNDBX2/Number/14155550101/', 'DELETE'), 404, /is not linked to this campaign/);
	});

	it('a number the carriers refuse is FAILED on its first look; the carrier-review campaign never completes', async () => {
		await plivoBuy('14155550128');
		await plivoBuy('14155550101');
		await plivo('/10dlc/Campaign/CSNDBX1/Number/', 'POST', { numbers: ['14155550128'] });
		expect((await plivo('/10dlc/Campaign/CSNDBX1/Number/14155550128/')).body.phone_numbers[0].status).toBe('FAILED');
		await plivo('/10dlc/Campaign/CSNDBX5/Number/', 'POST', { numbers: ['14155550101'] });
		for (let look = 0; look < 5; look++) expect((await plivo('/10dlc/Campaign/CSNDBX5/Number/14155550101/')).body.phone_numbers[0].status).toBe('PROCESSING');
	});

	it.each([
		['a campaign still in review', 'CSNDBX3', { numbers: ['14155550129'] }, /Campaign CSNDBX3 is not active \(PROCESSING\)/],
		['a rejected campaign', 'CSNDBX4', { numbers: ['14155550129'] }, /Campaign CSNDBX4 is not active \(FAILED\)/],
		['a number not in the account', 'CSNDBX1', { numbers: ['14155550101'] }, /The number 14155550101 is not a valid number/],
		['a UK number', 'CSNDBX1', { numbers: ['442079460109'] }, /is not a US 10DLC number/],
		['numbers as text', 'CSNDBX1', { numbers: '14155550129' }, /numbers must be a list of numbers/],
		['an unknown field', 'CSNDBX1', { numbers: ['14155550129'], campaign: 'x' }, /unknown parameter 'campaign'/],
	])('400 for a link to %s', async (_case, campaign, body, error) => {
		expectPlivoError(await plivo(`/10dlc/Campaign/${campaign}/Number/`, 'POST', body), 400, error);
	});

	it('refuses linking a number twice ("already requested for linking"); an unknown campaign is 404', async () => {
		await plivo('/10dlc/Campaign/CSNDBX1/Number/', 'POST', { numbers: ['14155550129'] });
		expectPlivoError(await plivo('/10dlc/Campaign/CSNDBX2/Number/', 'POST', { numbers: ['14155550129'] }), 400, /already requested for linking/);
		expectPlivoError(await plivo('/10dlc/Campaign/CNOSUCH/Number/', 'POST', { numbers: ['14155550129'] }), 404, /campaign not found/);
	});
});

describe('inbound webhooks (POST /__sandbox/inbound)', () => {
	const received: Array<{ url: string; headers: Record<string, string | string[] | undefined>; body: string }> = [];
	let receiver: import('node:http').Server;
	let receiverUrl: string;
	const { RestClient } = require('@signalwire/compatibility-api');
	const plivoSdk = require('plivo');
	const { assertLoopbackOnly } = require('../helpers/loopback');

	beforeAll(async () => {
		const http = require('node:http') as typeof import('node:http');
		receiver = http.createServer((req, res) => {
			let body = '';
			req.on('data', (chunk) => (body += chunk));
			req.on('end', () => {
				received.push({ url: req.url ?? '', headers: req.headers, body });
				res.writeHead(200, { 'content-type': 'application/xml' });
				res.end('<Response/>');
			});
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
		assertLoopbackOnly(process.pid, 'inbound receiver');
		receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
	});
	afterAll(() => new Promise((resolve) => receiver.close(resolve)));
	beforeEach(() => {
		received.length = 0;
	});

	const params = (body: string) => Object.fromEntries(new URLSearchParams(body));

	it('sends a SignalWire message to the number\'s message URL, signed so that the compatibility SDK accepts it; unsigned and tampered too', async () => {
		const id = (await sw('/phone_numbers?filter_number=%2B14155550129')).body.data[0].id;
		await sw(`/phone_numbers/${id}`, 'PUT', { message_handler: 'laml_webhooks', message_request_url: receiverUrl });
		const valid = await control('/inbound', 'POST', { provider: 'signalwire', number: '+14155550129', event: 'message', text: 'Hi', from: '+14155550100' });
		expect(valid.body).toMatchObject({ url: receiverUrl, status: 200, body: '<Response/>', signature: 'valid' });
		const none = await control('/inbound', 'POST', { provider: 'signalwire', number: '+14155550129', event: 'message', signature: 'none' });
		const tampered = await control('/inbound', 'POST', { provider: 'signalwire', number: '+14155550129', event: 'message', signature: 'tampered' });
		expect([none.status, tampered.status]).toEqual([200, 200]);
		expect(received).toHaveLength(3);
		const validate = (i: number) =>
			RestClient.validateRequest(DEFAULTS.signalwire.signingKey, String(received[i].headers['x-signalwire-signature'] ?? ''), receiverUrl, params(received[i].body), true);
		expect(params(received[0].body)).toMatchObject({ From: '+14155550100', To: '+14155550129', Body: 'Hi', MessageSid: expect.any(String) });
		expect([validate(0), validate(1), validate(2)]).toEqual([true, false, false]);
		expect(received[1].headers['x-signalwire-signature']).toBeUndefined();
		expect(params(received[2].body).Body).toMatch(/changed on the way/);
	});

	it('sends a Plivo call to the answer URL of the number\'s application, signed (V3) so that the plivo SDK accepts it', async () => {
		const app = await plivo('/Application/', 'POST', { app_name: 'Hook', answer_url: receiverUrl, message_url: receiverUrl });
		await plivo('/Number/14155550129/', 'POST', { app_id: app.body.app_id });
		for (const signature of ['valid', 'tampered']) {
			await control('/inbound', 'POST', { provider: 'plivo', number: '14155550129', event: 'call', signature });
		}
		const validate = (i: number) =>
			plivoSdk.validateV3Signature('POST', receiverUrl, String(received[i].headers['x-plivo-signature-v3-nonce']), DEFAULTS.plivo.authToken, String(received[i].headers['x-plivo-signature-v3']), params(received[i].body));
		expect(params(received[0].body)).toMatchObject({ CallUUID: expect.any(String), From: '14155550100', To: '14155550129', Direction: 'inbound' });
		expect([validate(0), validate(1)]).toEqual([true, false]);
	});

	it('sends a Twilio message and call to the number\'s SMS and Voice URL, signed (X-Twilio-Signature) so that the twilio SDK accepts it; unsigned and tampered too', async () => {
		const twilioSdk = require('twilio');
		const root = `/2010-04-01/Accounts/${DEFAULTS.twilio.accountSid}`;
		const auth = basic(DEFAULTS.twilio.accountSid, DEFAULTS.twilio.authToken);
		const { sid } = (await call(`${root}/IncomingPhoneNumbers.json?PhoneNumber=%2B14155550129`, { headers: { authorization: auth } })).body.incoming_phone_numbers[0];
		await call(`${root}/IncomingPhoneNumbers/${sid}.json`, {
			method: 'POST',
			headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ SmsUrl: receiverUrl, VoiceUrl: `${receiverUrl}?kind=voice` }).toString(),
		});
		for (const [event, signature] of [['message', 'valid'], ['call', 'valid'], ['message', 'none'], ['message', 'tampered']]) {
			expect((await control('/inbound', 'POST', { provider: 'twilio', number: '+14155550129', event, signature, text: 'Hi' })).status).toBe(200);
		}
		const url = (i: number) => `http://127.0.0.1:${(receiver.address() as { port: number }).port}${received[i].url}`;
		const validate = (i: number) => twilioSdk.validateRequest(DEFAULTS.twilio.authToken, String(received[i].headers['x-twilio-signature'] ?? ''), url(i), params(received[i].body));
		expect(params(received[0].body)).toMatchObject({ MessageSid: expect.stringMatching(/^SM[0-9a-f]{32}$/), AccountSid: DEFAULTS.twilio.accountSid, From: '+14155550100', To: '+14155550129', Body: 'Hi' });
		expect(params(received[1].body)).toMatchObject({ CallSid: expect.stringMatching(/^CA[0-9a-f]{32}$/), Direction: 'inbound', CallStatus: 'ringing' });
		expect(received[1].url).toBe('/hook?kind=voice');
		expect([0, 1, 2, 3].map(validate)).toEqual([true, true, false, false]);
		await call(`${root}/IncomingPhoneNumbers/${sid}.json`, {
			method: 'POST',
			headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ VoiceApplicationSid: 'AP00000000000000000000000000000001' }).toString(),
		});
		expect((await control('/inbound', 'POST', { provider: 'twilio', number: '+14155550129', event: 'call' })).body).toEqual({
			error: '+14155550129 sends its calls to AP00000000000000000000000000000001, not to its Voice URL',
		});
	});

	it('sends an event again: as the provider retries it (signed afresh: a new Plivo nonce), as a copy (the same bytes), and through another address (deliverTo)', async () => {
		const app = await plivo('/Application/', 'POST', { app_name: 'Hook', answer_url: receiverUrl, message_url: receiverUrl });
		await plivo('/Number/14155550129/', 'POST', { app_id: app.body.app_id });
		const first = (await control('/inbound', 'POST', { provider: 'plivo', number: '14155550129', event: 'message', text: 'Once' })).body;
		const retry = (await control('/inbound', 'POST', { provider: 'plivo', number: '14155550129', event: 'message', payload: first.payload })).body;
		const copy = (await control('/inbound', 'POST', { provider: 'plivo', number: '14155550129', event: 'message', payload: first.payload, requestHeaders: first.requestHeaders })).body;
		expect(received.map((r) => r.body)).toEqual([received[0].body, received[0].body, received[0].body]);
		expect(params(received[0].body)).toMatchObject({ Text: 'Once', MessageUUID: first.payload.MessageUUID });
		const nonce = (i: number) => received[i].headers['x-plivo-signature-v3-nonce'];
		expect(nonce(1)).not.toBe(nonce(0));
		expect([nonce(2), received[2].headers['x-plivo-signature-v3']]).toEqual([nonce(0), received[0].headers['x-plivo-signature-v3']]);
		expect([retry.requestHeaders['x-plivo-signature-v3-nonce'], copy.requestHeaders['x-plivo-signature-v3-nonce']]).toEqual([nonce(1), nonce(0)]);
		const validate = (i: number) =>
			plivoSdk.validateV3Signature('POST', receiverUrl, String(nonce(i)), DEFAULTS.plivo.authToken, String(received[i].headers['x-plivo-signature-v3']), params(received[i].body));
		expect([validate(0), validate(1), validate(2)]).toEqual([true, true, true]);

		// Through another address: the request reaches it, signed for the number's URL.
		const http = require('node:http') as typeof import('node:http');
		const other = http.createServer((req, res) => {
			let body = '';
			req.on('data', (chunk) => (body += chunk));
			req.on('end', () => {
				received.push({ url: `other${req.url}`, headers: req.headers, body });
				res.end('<Response/>');
			});
		});
		await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
		try {
			const otherOrigin = `http://127.0.0.1:${(other.address() as { port: number }).port}`;
			const via = (await control('/inbound', 'POST', { provider: 'plivo', number: '14155550129', event: 'message', deliverTo: otherOrigin })).body;
			expect([via.url, via.status, received[3].url]).toEqual([receiverUrl, 200, 'other/hook']);
			expect(validate(3)).toBe(true);
		} finally {
			await new Promise((resolve) => other.close(resolve));
		}
		expect((await control('/inbound', 'POST', { provider: 'plivo', number: '14155550129', event: 'message', deliverTo: 'https://example.com' })).body).toEqual({
			error: 'deliverTo must be an http:// loopback origin (got https://example.com)',
		});
		expect((await control('/inbound', 'POST', { provider: 'plivo', number: '14155550129', event: 'message', requestHeaders: {} })).body).toEqual({
			error: 'requestHeaders need the payload they were sent with',
		});
	});

	it('refuses a number that does not point at a webhook, and any URL that is not loopback', async () => {
		expect((await control('/inbound', 'POST', { provider: 'signalwire', number: '+14155550129', event: 'call' })).body).toEqual({
			error: '+14155550129 sends its calls to nothing, not to a LaML webhook',
		});
		const id = (await sw('/phone_numbers?filter_number=%2B14155550129')).body.data[0].id;
		await sw(`/phone_numbers/${id}`, 'PUT', { call_handler: 'laml_webhooks', call_request_url: 'https://example.com/voice' });
		expect((await control('/inbound', 'POST', { provider: 'signalwire', number: '+14155550129', event: 'call' })).body).toEqual({
			error: 'the stand-in only calls http:// loopback URLs (got https://example.com/voice)',
		});
	});
});

describe('CLI', () => {
	it('starts with --port 0, logs one line per request and exits cleanly on SIGTERM', async () => {
		const child = spawn(process.execPath, [path.join(__dirname, 'server.js'), '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.setEncoding('utf8');
		child.stdout.on('data', (chunk: string) => (output += chunk));
		const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
		try {
			const url = await new Promise<string>((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error(`no banner: ${output}`)), 5000);
				child.stdout.on('data', () => {
					const match = /listening on (http:\/\/\S+)/.exec(output);
					if (match) {
						clearTimeout(timer);
						resolve(match[1]);
					}
				});
			});
			expect(assertLoopbackOnly(child.pid!, 'the stand-in CLI')).toEqual([{ host: '127.0.0.1', port: Number(new URL(url).port) }]);
			const result = await call(`${url}${SW_ROOT}/phone_numbers`, jsonInit('POST', SW_AUTH, { number: '+14155550100' }));
			expect(result.status).toBe(200);
			await new Promise((resolve) => setTimeout(resolve, 50));
			expect(output).toMatch(/\[sandbox\] POST \/api\/relay\/rest\/phone_numbers 200 \(signalwire purchase \+14155550100\) \d+ms/);
		} finally {
			child.kill('SIGTERM');
		}
		expect(await exited).toBe(0);
	});
});

describe('Twilio (REST API 2010-04-01, form-encoded, {code, message, more_info, status} errors)', () => {
	const TW = DEFAULTS.twilio;
	const ROOT = `/2010-04-01/Accounts/${TW.accountSid}`;
	const AUTH = basic(TW.accountSid, TW.authToken);
	const form = (method: string, fields?: Record<string, string>, auth: string | undefined = AUTH): RequestInit => ({
		method,
		headers: { ...(auth ? { authorization: auth } : {}), ...(fields ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
		body: fields ? new URLSearchParams(fields).toString() : undefined,
	});
	const tw = (path: string, method = 'GET', fields?: Record<string, string>, auth?: string) => call(ROOT + path, form(method, fields, auth));
	const error = (status: number, code: number, message: string | RegExp) => ({ code, message: typeof message === 'string' ? message : expect.stringMatching(message), more_info: `https://www.twilio.com/docs/errors/${code}`, status });

	beforeEach(() => sandbox.reset());

	test('signs in with the Account SID and Auth Token, or an API key and its secret; refuses others, and another account in the path', async () => {
		expect((await call(`${ROOT}.json`, form('GET'))).body).toMatchObject({ sid: TW.accountSid, status: 'active' });
		expect((await call(`${ROOT}.json`, form('GET', undefined, basic(TW.apiKeySid, TW.apiKeySecret)))).status).toBe(200);
		for (const auth of ['', basic(TW.accountSid, 'wrong'), basic(TW.apiKeySid, TW.authToken)]) {
			const refused = await call(`${ROOT}.json`, form('GET', undefined, auth));
			expect([refused.status, refused.body]).toEqual([401, error(401, 20003, 'Authenticate')]);
		}
		expect((await call('/2010-04-01/Accounts/AC00000000000000000000000000000002/IncomingPhoneNumbers.json', form('GET'))).status).toBe(401);
	});

	test('searches one type of number in one country, with Twilio\'s filters, and refuses what Twilio refuses', async () => {
		const local = await tw('/AvailablePhoneNumbers/US/Local.json?AreaCode=415&Contains=5550%2A0&VoiceEnabled=true&PageSize=3');
		expect(local.status).toBe(200);
		expect(local.body.available_phone_numbers.map((n: Json) => n.phone_number)).toEqual(['+14155550100', '+14155550101', '+14155550102']);
		expect(local.body.available_phone_numbers[0]).toMatchObject({ friendly_name: '(415) 555-0100', region: 'CA', locality: 'San Francisco', iso_country: 'US', address_requirements: 'none', capabilities: { voice: true, sms: true, mms: true, fax: true } });
		expect((await tw('/AvailablePhoneNumbers/US/TollFree.json?Contains=0105%24')).body.available_phone_numbers.map((n: Json) => n.phone_number)).toEqual(['+18005550105', '+18885550105']);
		expect((await tw('/AvailablePhoneNumbers/DE/Local.json?PageSize=1')).body.available_phone_numbers[0]).toMatchObject({ phone_number: '+49305555010' + '0', address_requirements: 'local' });
		expect((await tw('/AvailablePhoneNumbers/GB/Local.json?AreaCode=207')).body).toEqual(error(400, 20001, 'AreaCode applies to US and Canadian numbers only'));
		expect((await tw('/AvailablePhoneNumbers/US/Local.json?Contains=5')).status).toBe(400);
		expect((await tw('/AvailablePhoneNumbers/US/Local.json?StartsWith=415')).body).toEqual(error(400, 20001, /^Unknown search parameter: StartsWith/));
		expect((await tw('/AvailablePhoneNumbers/US/Premium.json')).body).toEqual(error(404, 20404, `The requested resource ${ROOT}/AvailablePhoneNumbers/US/Premium.json was not found`));
	});

	test('buys a number from form fields with its settings; refuses JSON, unknown fields, numbers not for sale, and a regulated number without its address', async () => {
		const bought = await tw('/IncomingPhoneNumbers.json', 'POST', { PhoneNumber: '+14155550100', FriendlyName: 'Support', VoiceUrl: 'https://example.com/voice' });
		expect(bought.status).toBe(201);
		expect(bought.body).toMatchObject({ phone_number: '+14155550100', friendly_name: 'Support', voice_url: 'https://example.com/voice', sms_url: '', account_sid: TW.accountSid, sid: expect.stringMatching(/^PN[0-9a-f]{32}$/), uri: `${ROOT}/IncomingPhoneNumbers/${bought.body.sid}.json` });
		expect((await tw('/IncomingPhoneNumbers.json', 'POST', { PhoneNumber: '+14155550100' })).body).toEqual(error(400, 21422, 'PhoneNumber requested is not available: +14155550100'));
		expect((await call(`${ROOT}/IncomingPhoneNumbers.json`, jsonInit('POST', AUTH, { PhoneNumber: '+14155550101' }))).body).toEqual(error(400, 20001, /form-encoded/));
		expect((await tw('/IncomingPhoneNumbers.json', 'POST', { PhoneNumber: '+14155550101', Colour: 'red' })).body).toEqual(error(400, 20001, /^Unknown purchase parameter: Colour/));
		expect((await tw('/IncomingPhoneNumbers.json', 'POST', { PhoneNumber: '+14155550101', VoiceUrl: 'ftp://x' })).body).toEqual(error(400, 20001, /^VoiceUrl must be an absolute http\(s\) URL/));
		expect((await tw('/IncomingPhoneNumbers.json', 'POST', { PhoneNumber: '+493055550100' })).body).toEqual(error(400, 21631, /^Phone Number Requires an Address/));
		expect((await tw('/IncomingPhoneNumbers.json', 'POST', { PhoneNumber: '+493055550100', AddressSid: 'AD00000000000000000000000000000051' })).body).toEqual(error(400, 21615, /^Phone Number Requires a Local Address/));
		expect((await tw('/IncomingPhoneNumbers.json', 'POST', { PhoneNumber: '+493055550100', AddressSid: 'AD00000000000000000000000000000de1' })).body).toMatchObject({ address_sid: 'AD00000000000000000000000000000de1', address_requirements: 'local' });
	});

	test('lists owned numbers in pages linked by next_page_uri, a path from the host whose PageToken fits only its own query', async () => {
		const first = await tw('/IncomingPhoneNumbers.json?PageSize=1');
		expect(first.body).toMatchObject({ page: 0, page_size: 1, start: 0, previous_page_uri: null, incoming_phone_numbers: [expect.objectContaining({ phone_number: '+14155550129', friendly_name: 'Sandbox main line' })] });
		expect(first.body.next_page_uri).toMatch(new RegExp(`^${ROOT}/IncomingPhoneNumbers\\.json\\?PageSize=1&Page=1&PageToken=PA[0-9a-f]{32}$`));
		const second = await call(first.body.next_page_uri, form('GET'));
		expect(second.body).toMatchObject({ page: 1, next_page_uri: null, incoming_phone_numbers: [expect.objectContaining({ phone_number: '+18885550119' })] });
		expect((await tw('/IncomingPhoneNumbers.json?PageSize=1&Page=1')).body).toEqual(error(400, 20001, /^PageToken is missing/));
		expect((await tw('/IncomingPhoneNumbers.json?PhoneNumber=%2B1888')).body.incoming_phone_numbers.map((n: Json) => n.phone_number)).toEqual(['+18885550119']);
		expect((await tw('/IncomingPhoneNumbers.json?FriendlyName=Sandbox%20main%20line')).body.incoming_phone_numbers).toHaveLength(1);
	});

	test('gets, updates (a trunk and a voice application exclude each other; "" clears) and releases a number by its SID', async () => {
		const { sid } = (await tw('/IncomingPhoneNumbers.json?PhoneNumber=%2B14155550129')).body.incoming_phone_numbers[0];
		expect((await tw(`/IncomingPhoneNumbers/${sid}.json`)).body.phone_number).toBe('+14155550129');
		expect((await tw(`/IncomingPhoneNumbers/${sid}.json`, 'POST', { VoiceApplicationSid: 'AP00000000000000000000000000000001', SmsUrl: 'https://example.com/sms' })).body).toMatchObject({ voice_application_sid: 'AP00000000000000000000000000000001', sms_url: 'https://example.com/sms' });
		expect((await tw(`/IncomingPhoneNumbers/${sid}.json`, 'POST', { TrunkSid: 'TK00000000000000000000000000000001' })).body).toMatchObject({ trunk_sid: 'TK00000000000000000000000000000001', voice_application_sid: '' });
		expect((await tw(`/IncomingPhoneNumbers/${sid}.json`, 'POST', { TrunkSid: '', SmsUrl: '' })).body).toMatchObject({ trunk_sid: null, sms_url: '' });
		expect((await tw(`/IncomingPhoneNumbers/${sid}.json`, 'POST', { TrunkSid: 'AP00000000000000000000000000000001' })).body).toEqual(error(400, 20001, /^TrunkSid must be a TK… SID/));
		expect((await tw(`/IncomingPhoneNumbers/${sid}.json`, 'DELETE')).status).toBe(204);
		expect((await tw(`/IncomingPhoneNumbers/${sid}.json`)).body).toEqual(error(404, 20404, `The requested resource ${ROOT}/IncomingPhoneNumbers/${sid}.json was not found`));
		expect((await tw('/IncomingPhoneNumbers.json', 'DELETE')).body).toEqual(error(405, 20004, 'Method not allowed'));
		expect(sandbox.snapshot().twilio.availableCount).toBeGreaterThan(0);
	});

	test('rate limits and faults answer in Twilio\'s error shape', async () => {
		const limited = createSandbox({ rateLimit: { twilio: { rate: 0.5, burst: 1 } } });
		const url = await limited.listen();
		try {
			expect((await call(`${url}${ROOT}.json`, form('GET'))).status).toBe(200);
			const refused = await call(`${url}${ROOT}.json`, form('GET'));
			expect([refused.status, refused.body, refused.headers.get('retry-after')]).toEqual([429, error(429, 20429, 'Too Many Requests'), '2']);
		} finally {
			await limited.close();
		}
		sandbox.addFault({ method: 'POST', path: `${ROOT}/IncomingPhoneNumbers.json`, status: 503, afterCommit: true });
		const lost = await tw('/IncomingPhoneNumbers.json', 'POST', { PhoneNumber: '+14155550102' });
		expect([lost.status, lost.body]).toEqual([503, error(503, 20503, 'Service Unavailable')]);
		expect((await tw('/IncomingPhoneNumbers.json?PhoneNumber=%2B14155550102')).body.incoming_phone_numbers).toHaveLength(1);
	});
});
