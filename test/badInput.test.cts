/**
 * The bad-input table: every case runs a batch of two items with Continue On Fail, a good
 * purchase first and the bad case second, and asserts the bad item's exact error text and that
 * the good purchase came through untouched. Credential-wide cases (wrong credentials, unusable
 * addresses) fail every item, with the exact text and without a request where none can succeed.
 */
import nock from 'nock';
import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';
import { answer, resetHttp, sent, unexpected } from './helpers/http.cts';
import { runPhoneNumberNode, TEST_CREDENTIALS, type CredentialName } from './helpers/n8n.cts';
import { plivoPurchased, signalWireOwnedList, signalWirePhoneNumber, summary } from './fixtures/providers.cts';

const SW = 'https://example-space.signalwire.com';
const SW_PATH = '/api/relay/rest/phone_numbers';
const PLIVO = 'https://api.plivo.com';
const account = `/v1/Account/${TEST_CREDENTIALS.plivoNumbersApi.authId}`;
const GOOD = '+14155550100';
const BAD = '+14155550199';

const LETTERS = 'it may only contain digits, a leading "+", spaces, dashes, dots and brackets';
const field = (reason: string) => `The "Phone Number" field is not valid: ${reason}`;
const value = (shown: string, reason: string) => `The "Phone Number" value "${shown}" is not valid: ${reason}`;

type Provider = 'signalWire' | 'plivo';
const credentialOf: Record<Provider, CredentialName> = { signalWire: 'signalWireApi', plivo: 'plivoNumbersApi' };

/** The good item's purchase, and what it must come out as. */
function goodPurchase(provider: Provider) {
	if (provider === 'signalWire') {
		const bought = signalWirePhoneNumber(GOOD);
		nock(SW).post(SW_PATH, { number: GOOD }).reply(answer(200, bought));
		return { ...bought, ...summary(GOOD) };
	}
	const bought = plivoPurchased('14155550100');
	nock(PLIVO).post(`${account}/PhoneNumber/14155550100/`).reply(answer(201, bought));
	return { ...bought, ...summary(GOOD) };
}

/** The bad item's purchase answers with this, and (where the node checks) the number is not owned. */
function badAnswer(provider: Provider, status: number, body: unknown, checks: boolean, headers?: Record<string, string>) {
	if (provider === 'signalWire') {
		const scope = nock(SW).post(SW_PATH, { number: BAD });
		if (typeof body === 'string') scope.reply(status, body, { 'Content-Type': 'application/json' });
		else scope.reply(answer(status, body, headers));
		if (checks) nock(SW).get(SW_PATH).query({ filter_number: BAD }).reply(answer(200, signalWireOwnedList()));
		return;
	}
	const scope = nock(PLIVO).post(`${account}/PhoneNumber/14155550199/`);
	if (typeof body === 'string') scope.reply(status, body, { 'Content-Type': 'application/json' });
	else scope.reply(answer(status, body, headers));
	if (checks) nock(PLIVO).get(`${account}/Number/14155550199/`).reply(answer(404, { api_id: 'nf', error: 'not found' }));
}

interface ItemCase {
	provider: Provider;
	input: unknown;
	expected: string;
	/** Sets up the provider's answer for the bad item when the input is valid. */
	respond?: () => void;
}

const inputCases = (provider: Provider): Array<[string, ItemCase]> => [
	['letters', { provider, input: 'abc', expected: value('abc', LETTERS) }],
	['vanity number', { provider, input: '1-800-FLOWERS', expected: value('1-800-FLOWERS', LETTERS) }],
	['empty text from an expression', { provider, input: '', expected: field('it is empty') }],
	['only spaces', { provider, input: '   ', expected: field('it is empty') }],
	['null', { provider, input: null, expected: field('it is empty') }],
	['too few digits', { provider, input: '+1 415 555', expected: value('+1 415 555', 'it has 7 digits, fewer than 8') }],
	['too many digits', { provider, input: '+1234567890123456', expected: value('+1234567890123456', 'it has 16 digits, more than 15') }],
	['a very long string', { provider, input: '7'.repeat(5000), expected: value(`${'7'.repeat(40)}…`, 'it has 5000 digits, more than 15') }],
	['a very long text', { provider, input: 'call me '.repeat(300), expected: value(`${'call me '.repeat(5)}…`, LETTERS) }],
	['Arabic-Indic digits', { provider, input: '+١٤١٥٥٥٥٠١٠٠', expected: value('+١٤١٥٥٥٥٠١٠٠', LETTERS) }],
	['full-width digits', { provider, input: '＋１４１５５５５０１００', expected: value('＋１４１５５５５０１００', LETTERS) }],
	['a national number with trunk 0', { provider, input: '020 7946 0000', expected: value('020 7946 0000', 'a country code never starts with 0 (drop the national trunk 0 and add the country code)') }],
	['an extension', { provider, input: '+1 415 555 0100 x12', expected: value('+1 415 555 0100 x12', LETTERS) }],
	['a decimal number from an expression', { provider, input: 1.5, expected: value('1.5', 'it is a number that is not a whole positive number, not text') }],
	['a boolean from an expression', { provider, input: true, expected: field('it is true/false, not text') }],
	['a list from an expression', { provider, input: [GOOD], expected: field('it is a list, not text') }],
	['an object from an expression', { provider, input: { number: GOOD }, expected: field('it is an object, not text') }],
];

const swName = 'SignalWire';
const answerCases: Array<[string, ItemCase]> = [
	['SignalWire 400', { provider: 'signalWire', input: BAD, respond: () => badAnswer('signalWire', 400, { error: 'Bad Request' }, true), expected: `${swName} refused the request (HTTP 400): Bad Request` }],
	['SignalWire 401', { provider: 'signalWire', input: BAD, respond: () => badAnswer('signalWire', 401, { error: 'Unauthorized' }, false), expected: `${swName} refused the request (HTTP 401): Unauthorized` }],
	['SignalWire 404', { provider: 'signalWire', input: BAD, respond: () => badAnswer('signalWire', 404, { error: 'Not Found' }, true), expected: `${swName} refused the request (HTTP 404): Not Found` }],
	['SignalWire 422', { provider: 'signalWire', input: BAD, respond: () => badAnswer('signalWire', 422, { errors: [{ detail: 'Number +14155550199 is not available for purchase', title: 'Invalid Parameter', code: 'number_unavailable', status: '422' }] }, true), expected: `${swName} refused the request (HTTP 422): Number +14155550199 is not available for purchase` }],
	['SignalWire 500', { provider: 'signalWire', input: BAD, respond: () => badAnswer('signalWire', 500, { error: 'Internal Server Error' }, true), expected: `${swName} could not complete the request (HTTP 500): Internal Server Error` }],
	['SignalWire malformed JSON', { provider: 'signalWire', input: BAD, respond: () => badAnswer('signalWire', 200, '{"id": "4c3f', true), expected: 'SignalWire answered HTTP 200 with a body that is not JSON' }],
	['SignalWire empty 200 body', { provider: 'signalWire', input: BAD, respond: () => badAnswer('signalWire', 200, '', true), expected: 'SignalWire answered HTTP 200 with an empty body' }],
	['SignalWire 422 without details', { provider: 'signalWire', input: BAD, respond: () => badAnswer('signalWire', 422, { errors: [] }, true), expected: `${swName} refused the request (HTTP 422): no explanation given` }],
	['Plivo 400', { provider: 'plivo', input: BAD, respond: () => badAnswer('plivo', 400, { api_id: 'e1', error: 'This number is not available for purchase' }, true), expected: 'Plivo refused the request (HTTP 400): This number is not available for purchase' }],
	['Plivo 401', { provider: 'plivo', input: BAD, respond: () => badAnswer('plivo', 401, { error: 'Authentication credentials invalid' }, false), expected: 'Plivo refused the request (HTTP 401): Authentication credentials invalid' }],
	['Plivo 404', { provider: 'plivo', input: BAD, respond: () => badAnswer('plivo', 404, { api_id: 'e2', error: 'not found' }, true), expected: 'Plivo refused the request (HTTP 404): not found' }],
	['Plivo 405', { provider: 'plivo', input: BAD, respond: () => badAnswer('plivo', 405, { api_id: 'e3', error: 'Method not allowed' }, false), expected: 'Plivo refused the request (HTTP 405): Method not allowed' }],
	['Plivo 500', { provider: 'plivo', input: BAD, respond: () => badAnswer('plivo', 500, { api_id: 'e4', error: 'Internal server error' }, true), expected: 'Plivo could not complete the request (HTTP 500): Internal server error' }],
	['Plivo malformed JSON', { provider: 'plivo', input: BAD, respond: () => badAnswer('plivo', 201, '{"api_id": ', true), expected: 'Plivo answered HTTP 201 with a body that is not JSON' }],
	['Plivo empty 201 body', { provider: 'plivo', input: BAD, respond: () => badAnswer('plivo', 201, '', true), expected: 'Plivo answered HTTP 201 with an empty body' }],
	['Plivo error body as plain text', { provider: 'plivo', input: BAD, respond: () => badAnswer('plivo', 400, 'invalid number', true), expected: 'Plivo refused the request (HTTP 400): invalid number' }],
];

beforeEach(resetHttp);
afterEach(() => expect(unexpected).toEqual([]));
afterAll(() => nock.restore());

describe.each([
	...inputCases('signalWire'),
	...inputCases('plivo'),
	...answerCases,
])('%s', (_name, { provider, input, expected, respond }) => {
	test(`${provider}: exact error, and the good purchase is kept`, async () => {
		const good = goodPurchase(provider);
		respond?.();

		const { items, error } = await runPhoneNumberNode({
			continueOnFail: true,
			items: [{ n: GOOD }, { n: input as string }],
			parameters: {
				authentication: credentialOf[provider],
				resource: 'phoneNumber',
				operation: 'purchase',
				phoneNumber: '={{ $json.n }}',
			} as INodeParameters,
		});

		expect(error).toBeUndefined();
		expect(items.map(({ json, pairedItem }) => ({ json, pairedItem }))).toEqual([
			{ json: good, pairedItem: { item: 0 } },
			{ json: { error: expected }, pairedItem: { item: 1 } },
		]);
		if (!respond) expect(sent).toHaveLength(1);
		expect(nock.pendingMocks()).toEqual([]);
	});
});

describe('credential-wide problems fail every item with the exact text', () => {
	const run = (provider: Provider, credentialData: ICredentialDataDecryptedObject) =>
		runPhoneNumberNode({
			continueOnFail: true,
			credentialData,
			items: [{ n: GOOD }, { n: BAD }],
			parameters: {
				authentication: credentialOf[provider],
				resource: 'phoneNumber',
				operation: 'purchase',
				phoneNumber: '={{ $json.n }}',
			},
		});

	test.each([
		['signalWire', { baseUrl: 'ftp://files.example.com' }, 'The "SignalWire API" credential does not give a usable SignalWire address'],
		['signalWire', { baseUrl: 'not a url' }, 'The "SignalWire API" credential does not give a usable SignalWire address'],
		['signalWire', { spaceUrl: 'my space' }, 'The "SignalWire API" credential does not give a usable SignalWire address'],
		['plivo', { baseUrl: 'javascript:alert(1)' }, 'The "Plivo Numbers API" credential does not give a usable Plivo address'],
		['plivo', { baseUrl: 'localhost:8080' }, 'The "Plivo Numbers API" credential does not give a usable Plivo address'],
	] as Array<[Provider, ICredentialDataDecryptedObject, string]>)('%s %j: no request is sent', async (provider, credentialData, expected) => {
		const { items } = await run(provider, credentialData);
		expect(items.map((item) => item.json)).toEqual([{ error: expected }, { error: expected }]);
		expect(sent).toEqual([]);
	});

	test('wrong SignalWire credentials', async () => {
		nock(SW).post(SW_PATH).times(2).reply(answer(401, { error: 'Unauthorized' }));
		const { items } = await run('signalWire', { apiToken: 'PT-wrong-token' });
		expect(items.map((item) => item.json)).toEqual([
			{ error: 'SignalWire refused the request (HTTP 401): Unauthorized' },
			{ error: 'SignalWire refused the request (HTTP 401): Unauthorized' },
		]);
		expect(items[0].error?.description).toBe(
			'SignalWire did not accept the credentials. Check the Space URL, Project ID and API Token in the SignalWire API credential; the token needs the "Numbers" scope.',
		);
	});

	test('wrong Plivo credentials', async () => {
		nock(PLIVO).post(/PhoneNumber/).times(2).reply(answer(401, { error: 'Authentication credentials invalid' }));
		const { items } = await run('plivo', { authToken: 'wrong-plivo-token' });
		expect(items.map((item) => item.json)).toEqual([
			{ error: 'Plivo refused the request (HTTP 401): Authentication credentials invalid' },
			{ error: 'Plivo refused the request (HTTP 401): Authentication credentials invalid' },
		]);
	});
});

describe('Twilio: bad input stops the item before any request, naming the field and the expected form', () => {
	const twilio = (fields: INodeParameters): INodeParameters => ({ authentication: 'twilioNumbersApi', resource: 'phoneNumber', ...fields });
	test.each([
		[
			'Then Configure → Voice Application SID that is not an AP… SID',
			{ operation: 'purchase', phoneNumber: GOOD, thenConfigure: { VoiceApplicationSid: 'TK00000000000000000000000000000001' } },
			'The "Then Configure → Voice Application SID" value "TK00000000000000000000000000000001" is not valid: it is not a SID starting with AP and 32 hex digits',
			'The SID of a TwiML application: "AP" and 32 letters and digits, e.g. AP0f1e2d3c4b5a69788796a5b4c3d2e1f0.',
		],
		[
			'Additional Fields → Address SID with spaces',
			{ operation: 'purchase', phoneNumber: GOOD, additionalFields: { AddressSid: 'AD 123' } },
			'The "Additional Fields → Address SID" value "AD 123" is not valid: it is not a SID starting with AD and 32 hex digits',
			'The SID of an Address: "AD" and 32 letters and digits, e.g. AD0f1e2d3c4b5a69788796a5b4c3d2e1f0.',
		],
		[
			'Update Fields → Voice URL without http(s)',
			{ operation: 'update', ownedNumber: { __rl: true, mode: 'id', value: 'PN0f1e2d3c4b5a69788796a5b4c3d2e1f0' }, updateFields: { VoiceUrl: 'example.com/voice' } },
			'The "Update Fields → Voice URL" value "example.com/voice" is not valid: it is not a web address starting with https:// or http://',
			'A full web address starting with https:// or http://, e.g. https://example.com/hook.',
		],
		[
			'Update Fields → Friendly Name of 65 characters',
			{ operation: 'update', ownedNumber: { __rl: true, mode: 'id', value: 'PN0f1e2d3c4b5a69788796a5b4c3d2e1f0' }, updateFields: { FriendlyName: 'x'.repeat(65) } },
			`The "Update Fields → Friendly Name" value "${'x'.repeat(40)}…" is not valid: it has 65 characters; at most 64 are allowed`,
			'Up to 64 characters, e.g. Support line.',
		],
		[
			'Search: Area Code outside the US and Canada',
			{ operation: 'search', country: 'GB', searchFilters: { areaCode: '207' } },
			'The "Area Code" value "207" is not valid: Twilio searches by area code in the US and Canada only, not in GB',
			'Remove the area code, or search with Contains.',
		],
		[
			'Search: Contains and Ends With together',
			{ operation: 'search', country: 'US', searchFilters: { contains: '555', endsWith: '0100' } },
			'The "Contains and Ends With" field is not valid: Twilio searches by only one of them at a time',
			'Keep one of Contains and Ends With.',
		],
		[
			'Purchase → First Available Match: Number Type Any (Twilio has one resource per type)',
			{ operation: 'purchase', numberToBuy: 'firstMatch', country: 'US', numberType: '={{ "any" }}' },
			'The "Number Type" value "any" is not valid: Twilio searches local, toll-free and mobile numbers, one type at a time',
			'Choose Local, Toll-Free or Mobile.',
		],
		[
			'By ID: a phone number instead of a SID',
			{ operation: 'release', ownedNumber: { __rl: true, mode: 'id', value: '+14155550100' } },
			'The "Phone Number (By ID)" value "+14155550100" is not valid: it looks like a phone number, not an ID',
			"Use the number's Twilio ID, e.g. PN0f1e2d3c4b5a69788796a5b4c3d2e1f0, or choose the number From List or By Number.",
		],
	])('%s', async (_name, parameters, message, description) => {
		const { error } = await runPhoneNumberNode({ parameters: twilio(parameters as INodeParameters) });
		expect([error?.message, error?.description]).toEqual([message, description]);
		expect(sent).toEqual([]);
		expect(unexpected).toEqual([]);
	});
});
