/**
 * Twilio's published OpenAPI spec as the oracle (twilio/twilio-oai spec/yaml/twilio_api_v2010.yaml,
 * the operations the node calls vendored in test/specs/twilio.openapi.json with their commit): every
 * operation of the node runs through n8n's engine against the stand-in, and every request the node
 * sent and every answer the stand-in gave is validated against the spec. The trigger's own requests
 * (activation, restore) and the credential test are in the same log.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { exchangeProblems, loadSpec, operationKey, responseProblems, unexercised, type StandInLogEntry } from './helpers/openapi.cts';
import { byId, byNumber, fromList, runListSearch, runPhoneNumberNode, testCredential, TEST_CREDENTIALS } from './helpers/n8n.cts';
import { TriggerHarness } from './helpers/trigger.cts';
import { specConflictKind, withoutSpecOwnConflicts } from './fixtures/twilio.cts';
import { resetRateLimits } from '../nodes/shared/rateLimit';

const { createSandbox } = require('./sandbox/server.js') as {
	createSandbox(options: Record<string, unknown>): {
		listen(port?: number, host?: string): Promise<string>;
		close(): Promise<void>;
		addFault(fault: Record<string, unknown>): unknown;
		requests: Array<StandInLogEntry & { provider: string | null; query: Record<string, string> }>;
		simulateInbound(options: Record<string, unknown>): Promise<{ status: number }>;
	};
};
const { assertLoopbackOnly } = require('./helpers/loopback.js') as { assertLoopbackOnly(pid: number, label?: string): unknown };

const spec = loadSpec('twilio');

const conflictKind = specConflictKind;
/** A third one the stand-in avoids (it answers null): the examples write latitude and longitude as text, the schema as numbers. */
const COORDINATES_AS_TEXT = /\/(latitude|longitude): "-?[\d.]+" is not of type number or null$/;

/** exchangeProblems without the spec's own two conflicts. */
function problemsOf(entry: StandInLogEntry) {
	const { request, response } = exchangeProblems(spec, entry);
	return { request: withoutSpecOwnConflicts(request), response: withoutSpecOwnConflicts(response) };
}
const ACCOUNT = `/2010-04-01/Accounts/${TEST_CREDENTIALS.twilioNumbersApi.accountSid}`;
let sandbox: ReturnType<typeof createSandbox>;
let baseUrl: string;

beforeAll(async () => {
	// 1,010 more numbers, so Get Many → Return All follows a next_page_uri.
	sandbox = createSandbox({ seedOwned: { twilio: 1010 } });
	baseUrl = await sandbox.listen(0, '127.0.0.1');
	assertLoopbackOnly(process.pid, 'provider stand-in');
});
afterAll(async () => {
	await sandbox?.close();
});
afterEach(resetRateLimits);

const twilio = (fields: INodeParameters): INodeParameters => ({ authentication: 'twilioNumbersApi', resource: 'phoneNumber', ...fields });
async function node(parameters: INodeParameters) {
	const run = await runPhoneNumberNode({ parameters: twilio(parameters), credentialData: { baseUrl } });
	expect(run.error).toBeUndefined();
	return run.items.map((item) => item.json as IDataObject);
}

describe('the node and the stand-in, against the spec', () => {
	const checked: string[] = [];

	test.each([
		['Search Available: local, all filters', { operation: 'search', country: 'US', numberType: 'local', searchFilters: { areaCode: '415', contains: '5550', region: 'CA', city: 'San Francisco', services: ['voice', 'sms', 'mms'] }, limit: 5 }],
		['Search Available: toll-free, ends with', { operation: 'search', country: 'US', numberType: 'tollFree', searchFilters: { endsWith: '0105' }, returnAll: true }],
		['Search Available: mobile (GB)', { operation: 'search', country: 'GB', numberType: 'mobile', limit: 3 }],
		['Purchase: a specific number, with Then Configure', { operation: 'purchase', phoneNumber: '+1 415 555 0101', thenConfigure: { FriendlyName: 'Support', VoiceUrl: 'https://example.com/voice', VoiceMethod: 'GET', SmsUrl: 'https://example.com/sms', StatusCallback: 'https://example.com/status' } }],
		['Purchase: a German number with its address', { operation: 'purchase', phoneNumber: '+49 30 5555 0100', additionalFields: { AddressSid: 'AD00000000000000000000000000000de1', BundleSid: 'BU00000000000000000000000000000de1' } }],
		['Purchase: first available match', { operation: 'purchase', numberToBuy: 'firstMatch', country: 'US', numberType: 'local', searchFilters: { areaCode: '212' } }],
		['Get Many: Return All (two pages)', { operation: 'getAll', returnAll: true }],
		['Get Many: filters', { operation: 'getAll', filters: { friendlyName: 'Support', number: '+1415' }, limit: 10 }],
		['Get: by number', { operation: 'get', ownedNumber: byNumber('+14155550129') }],
		['Update: by number', { operation: 'update', ownedNumber: byNumber('+14155550101'), updateFields: { FriendlyName: 'Sales', SmsMethod: 'GET', SmsFallbackUrl: 'https://example.com/fallback', VoiceApplicationSid: 'AP00000000000000000000000000000001' } }],
		['Update: clears the application with a trunk', { operation: 'update', ownedNumber: byNumber('+14155550101'), updateFields: { TrunkSid: 'TK00000000000000000000000000000001' } }],
		['Release: by number', { operation: 'release', ownedNumber: byNumber('+14155550101') }],
	])('%s', async (_name, parameters) => {
		sandbox.requests.length = 0;
		await node(parameters as INodeParameters);
		expect(sandbox.requests.length).toBeGreaterThan(0);
		for (const entry of sandbox.requests) {
			checked.push(operationKey(spec, entry.method, entry.path));
			expect([operationKey(spec, entry.method, entry.path), problemsOf(entry)]).toEqual([expect.any(String), { request: [], response: [] }]);
		}
	});

	test('by SID: Get, Update and Release address the number by its SID', async () => {
		const [bought] = await node({ operation: 'purchase', phoneNumber: '+12125550110' });
		sandbox.requests.length = 0;
		await node({ operation: 'get', ownedNumber: byId(String(bought.sid)), simplify: true });
		await node({ operation: 'update', ownedNumber: fromList(String(bought.sid)), updateFields: { VoiceUrl: 'https://example.com/v2', IdentitySid: 'RI00000000000000000000000000000001' } });
		await node({ operation: 'release', ownedNumber: byId(String(bought.sid)) });
		expect(sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			`GET ${ACCOUNT}/IncomingPhoneNumbers/${bought.sid}.json`,
			`POST ${ACCOUNT}/IncomingPhoneNumbers/${bought.sid}.json`,
			`DELETE ${ACCOUNT}/IncomingPhoneNumbers/${bought.sid}.json`,
		]);
		for (const entry of sandbox.requests) {
			checked.push(operationKey(spec, entry.method, entry.path));
			expect(problemsOf(entry)).toEqual({ request: [], response: [] });
		}
	});

	test('the From List search, page by page, and the credential test', async () => {
		sandbox.requests.length = 0;
		const first = await runListSearch({ parameters: twilio({ operation: 'get' }), method: 'searchOwnedNumbers', credentialData: { baseUrl } });
		expect(first.error).toBeUndefined();
		expect(first.result?.paginationToken).toEqual(expect.any(String));
		const second = await runListSearch({ parameters: twilio({ operation: 'get' }), method: 'searchOwnedNumbers', paginationToken: first.result!.paginationToken, credentialData: { baseUrl } });
		expect(second.error).toBeUndefined();
		await runListSearch({ parameters: twilio({ operation: 'get' }), method: 'searchOwnedNumbers', filter: '+1 415', credentialData: { baseUrl } });
		await runListSearch({ parameters: twilio({ operation: 'get' }), method: 'searchOwnedNumbers', filter: 'Sandbox main line', credentialData: { baseUrl } });
		expect(await testCredential('twilioNumbersApi', { ...TEST_CREDENTIALS.twilioNumbersApi, baseUrl })).toEqual({ status: 'OK', message: 'Connection tested successfully' });
		expect(sandbox.requests.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
		for (const entry of sandbox.requests) {
			checked.push(operationKey(spec, entry.method, entry.path));
			expect(problemsOf(entry)).toEqual({ request: [], response: [] });
		}
	});

	test('the trigger: activation, a webhook, deactivation', async () => {
		const harness = new TriggerHarness('twilioNumbersApi', { phoneNumber: { mode: 'number', value: '+14155550129' }, events: ['message', 'call'] } as never, { baseUrl });
		await harness.listen();
		try {
			sandbox.requests.length = 0;
			await harness.activate();
			expect((await sandbox.simulateInbound({ provider: 'twilio', number: '+14155550129', event: 'message' })).status).toBe(200);
			expect(await harness.deactivate()).toBe(true);
		} finally {
			await harness.close();
		}
		expect(sandbox.requests.map((r) => `${r.method} ${r.path.replace(ACCOUNT, '')}`)).toEqual([
			'GET /IncomingPhoneNumbers.json',
			expect.stringMatching(/^POST \/IncomingPhoneNumbers\/PN[0-9a-f]{32}\.json$/),
			expect.stringMatching(/^GET \/IncomingPhoneNumbers\/PN[0-9a-f]{32}\.json$/),
			expect.stringMatching(/^POST \/IncomingPhoneNumbers\/PN[0-9a-f]{32}\.json$/),
		]);
		for (const entry of sandbox.requests) expect(problemsOf(entry)).toEqual({ request: [], response: [] });
	});

	test('every vendored operation was exercised', () => {
		expect(unexercised(spec, checked)).toEqual([]);
	});
});

test("the spec's own examples break its schemas in exactly these three ways, the two set aside and the coordinates", () => {
	const kinds = new Set<number>();
	let examples = 0;
	for (const [template, item] of Object.entries(spec.document.paths as Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { examples?: Record<string, { value: unknown }> }> }> }>>)) {
		for (const [method, operation] of Object.entries(item)) {
			for (const [status, answer] of Object.entries(operation.responses ?? {})) {
				for (const example of Object.values(answer.content?.['application/json']?.examples ?? {})) {
					examples++;
					const path = template.replace('{AccountSid}', 'AC00000000000000000000000000000001').replace('{CountryCode}', 'US').replace('{Sid}', 'PN00000000000000000000000000000001');
					for (const problem of responseProblems(spec, { method: method.toUpperCase(), path, status: Number(status), body: example.value })) {
						const kind = COORDINATES_AS_TEXT.test(problem) ? 2 : conflictKind(problem);
						expect({ problem, known: kind >= 0 }).toEqual({ problem, known: true });
						kinds.add(kind);
					}
				}
			}
		}
	}
	expect(examples).toBeGreaterThan(8);
	expect([...kinds].sort()).toEqual([0, 1, 2]);
});

describe('refusals: the spec documents none of these statuses (Twilio publishes its errors apart from it)', () => {
	test.each([
		['a number that is not for sale', { operation: 'purchase', phoneNumber: '+14155550199' }, 400, 'POST', 'IncomingPhoneNumbers.json'],
		['a number that is not in the account', { operation: 'get', ownedNumber: byId('PN00000000000000000000000000000404') }, 404, 'GET', 'IncomingPhoneNumbers/{Sid}.json'],
	])("%s: the request is valid, the answer an undocumented status with Twilio's error body", async (_name, parameters, status, method, path) => {
		sandbox.requests.length = 0;
		const run = await runPhoneNumberNode({ parameters: twilio(parameters as INodeParameters), credentialData: { baseUrl } });
		expect(run.error?.httpCode).toBe(String(status));
		const entry = sandbox.requests.find((r) => r.status === status)!;
		expect(exchangeProblems(spec, entry)).toEqual({
			request: [],
			response: [`${method} /2010-04-01/Accounts/{AccountSid}/${path}: HTTP ${status} is not documented (the spec gives ${method === 'POST' ? 201 : 200})`],
		});
		expect(Object.keys(entry.response as object).sort()).toEqual(['code', 'message', 'more_info', 'status']);
	});

	test('a number already owned: the refused purchase (an undocumented 400), then the lookup (valid), and the number comes back', async () => {
		sandbox.requests.length = 0;
		const [item] = await node({ operation: 'purchase', phoneNumber: '+14155550129' });
		expect(item.purchase).toEqual({ status: 'alreadyOwned', number: '+14155550129' });
		expect(sandbox.requests.map((entry) => [entry.status, problemsOf(entry)])).toEqual([
			[400, { request: [], response: ['POST /2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json: HTTP 400 is not documented (the spec gives 201)'] }],
			[200, { request: [], response: [] }],
		]);
	});
});
