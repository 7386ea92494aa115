import nock from 'nock';
import type { INodeParameters } from 'n8n-workflow';
import { answer, basicAuth, resetHttp, sent, unexpected } from './helpers/http.cts';
import { runPhoneNumberNode, TEST_CREDENTIALS } from './helpers/n8n.cts';
import { plivoOwnedNumber, plivoPurchased, signalWirePhoneNumber, summary } from './fixtures/providers.cts';

const SW = TEST_CREDENTIALS.signalWireApi;
const PLIVO = TEST_CREDENTIALS.plivoNumbersApi;
const SW_ORIGIN = 'https://example-space.signalwire.com';
const SW_PATH = '/api/relay/rest/phone_numbers';
const PLIVO_ORIGIN = 'https://api.plivo.com';
const plivoPath = (digits: string) => `/v1/Account/${PLIVO.authId}/PhoneNumber/${digits}/`;

const signalWire = (phoneNumber: unknown): INodeParameters => ({
	authentication: 'signalWireApi',
	resource: 'phoneNumber',
	operation: 'purchase',
	phoneNumber: phoneNumber as string,
});
const plivo = (phoneNumber: unknown, additionalFields = {}): INodeParameters => ({
	authentication: 'plivoNumbersApi',
	resource: 'phoneNumber',
	operation: 'purchase',
	phoneNumber: phoneNumber as string,
	additionalFields,
});

beforeEach(resetHttp);
afterAll(() => nock.restore());

describe('Purchase at SignalWire', () => {
	test('POSTs {"number": "+E164"} with Basic auth and returns the PhoneNumber as the item', async () => {
		const phone = signalWirePhoneNumber('+14155550100');
		nock(SW_ORIGIN).post(SW_PATH).reply(answer(200, phone));

		const { items, error } = await runPhoneNumberNode({ parameters: signalWire('+14155550100') });

		expect(error).toBeUndefined();
		expect(sent).toHaveLength(1);
		expect(sent[0]).toMatchObject({
			method: 'POST',
			url: `${SW_ORIGIN}:443${SW_PATH}`,
			body: { number: '+14155550100' },
		});
		expect(sent[0].headers.authorization).toBe(basicAuth(SW.projectId, SW.apiToken));
		expect(sent[0].headers['content-type']).toBe('application/json');
		expect(sent[0].headers.accept).toBe('application/json');
		expect(items).toEqual([{ json: { ...phone, ...summary('+14155550100') }, pairedItem: { item: 0 } }]);
	});

	test.each([
		['+1 (415) 555-0100'],
		['14155550100'],
		['1-415-555-0100'],
		['  +1 415 555 0100 '],
		[14155550100],
	])('normalises %p to +14155550100', async (typed) => {
		nock(SW_ORIGIN).post(SW_PATH).reply(answer(200, signalWirePhoneNumber('+14155550100')));
		const { error } = await runPhoneNumberNode({ parameters: signalWire(typed) });
		expect(error).toBeUndefined();
		expect(sent.map((r) => r.body)).toEqual([{ number: '+14155550100' }]);
	});

	test.each([
		['example-space'],
		['example-space.signalwire.com'],
		['https://example-space.signalwire.com'],
		['https://example-space.signalwire.com/'],
		[' http://Example-Space.signalwire.com/api '],
	])('reaches the space from Space URL %p', async (spaceUrl) => {
		nock(SW_ORIGIN).post(SW_PATH).reply(answer(200, signalWirePhoneNumber('+14155550100')));
		const { error } = await runPhoneNumberNode({ parameters: signalWire('+14155550100'), credentialData: { spaceUrl } });
		expect(error).toBeUndefined();
		expect(sent.map((r) => r.url.toLowerCase())).toEqual([`${SW_ORIGIN}:443${SW_PATH}`]);
	});

	test('API Base URL replaces the space origin', async () => {
		nock('http://127.0.0.1:9999').post(SW_PATH).reply(answer(200, signalWirePhoneNumber('+14155550100')));
		const { error } = await runPhoneNumberNode({
			parameters: signalWire('+14155550100'),
			credentialData: { baseUrl: 'http://127.0.0.1:9999/' },
		});
		expect(error).toBeUndefined();
		expect(sent.map((r) => r.url)).toEqual([`http://127.0.0.1:9999${SW_PATH}`]);
	});

	test('each input item buys its own number, paired to its input', async () => {
		const first = signalWirePhoneNumber('+14155550100');
		const second = signalWirePhoneNumber('+14155550101', { id: '5d4e3f2a-0000-4000-8000-000000000002' });
		nock(SW_ORIGIN)
			.post(SW_PATH, { number: '+14155550100' })
			.reply(answer(200, first))
			.post(SW_PATH, { number: '+14155550101' })
			.reply(answer(200, second));

		const { items, error } = await runPhoneNumberNode({
			items: [{ want: '+1 415 555 0100' }, { want: '+1 415 555 0101' }],
			parameters: signalWire('={{ $json.want }}'),
		});

		expect(error).toBeUndefined();
		expect(sent).toHaveLength(2);
		expect(items).toEqual([
			{ json: { ...first, ...summary('+14155550100') }, pairedItem: { item: 0 } },
			{ json: { ...second, ...summary('+14155550101') }, pairedItem: { item: 1 } },
		]);
	});
});

describe('Purchase at Plivo', () => {
	test('POSTs to /PhoneNumber/{digits}/ with Basic auth and no body; the 201 response is the item', async () => {
		const bought = plivoPurchased('14155550100');
		nock(PLIVO_ORIGIN).post(plivoPath('14155550100')).reply(answer(201, bought));

		const { items, error } = await runPhoneNumberNode({ parameters: plivo('+1 (415) 555-0100') });

		expect(error).toBeUndefined();
		expect(sent).toHaveLength(1);
		expect(sent[0]).toMatchObject({ method: 'POST', url: `${PLIVO_ORIGIN}:443${plivoPath('14155550100')}` });
		expect(sent[0].body).toBeUndefined();
		expect(sent[0].headers.authorization).toBe(basicAuth(PLIVO.authId, PLIVO.authToken));
		expect(items).toEqual([{ json: { ...bought, ...summary('+14155550100') }, pairedItem: { item: 0 } }]);
	});

	test('sends app_id when an Application ID is given', async () => {
		nock(PLIVO_ORIGIN).post(plivoPath('442079460000')).reply(answer(201, plivoPurchased('442079460000')));

		const { error } = await runPhoneNumberNode({ parameters: plivo('+44 20 7946 0000', { appId: '20372631212782780' }) });

		expect(error).toBeUndefined();
		expect(sent).toHaveLength(1);
		expect(sent[0].body).toEqual({ app_id: '20372631212782780' });
		expect(sent[0].headers['content-type']).toBe('application/json');
	});

	test.each([
		['left empty', ''],
		['only spaces from an expression', '={{ "  " }}'],
	])('an Application ID %s is left out: no body, the account\'s default application, as without the field', async (_name, appId) => {
		nock(PLIVO_ORIGIN).post(plivoPath('14155550100')).reply(answer(201, plivoPurchased('14155550100')));

		const { items, error } = await runPhoneNumberNode({ parameters: plivo('+14155550100', { appId }) });

		expect(error).toBeUndefined();
		expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([`POST ${PLIVO_ORIGIN}:443${plivoPath('14155550100')}`]);
		expect(sent[0].body).toBeUndefined();
		expect(items[0].json.purchase).toEqual({ status: 'purchased', number: '+14155550100' });
	});

	test('an empty Application ID beside CNAM Lookup: the body has cnam_lookup only', async () => {
		nock(PLIVO_ORIGIN).post(plivoPath('14155550100')).reply(answer(201, plivoPurchased('14155550100')));

		const { error } = await runPhoneNumberNode({ parameters: plivo('+14155550100', { appId: '', cnam_lookup: 'disabled' }) });

		expect(error).toBeUndefined();
		expect(sent).toHaveLength(1);
		expect(sent[0].body).toEqual({ cnam_lookup: 'disabled' });
	});

	test('a pending purchase (verification documents needed) is a success the user can branch on', async () => {
		const pending = plivoPurchased('4969365065273', 'pending');
		nock(PLIVO_ORIGIN).post(plivoPath('4969365065273')).reply(answer(201, pending));

		const { items, error } = await runPhoneNumberNode({ parameters: plivo('+49 6936 5065273') });

		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].json).toEqual({ ...pending, ...summary('+4969365065273', 'pending') });
		expect(items[0].error).toBeUndefined();
	});

	test('API Base URL replaces https://api.plivo.com and keeps the account path', async () => {
		nock('http://127.0.0.1:9998').post(plivoPath('14155550100')).reply(answer(201, plivoPurchased('14155550100')));
		const { error } = await runPhoneNumberNode({
			parameters: plivo('14155550100'),
			credentialData: { baseUrl: 'http://127.0.0.1:9998' },
		});
		expect(error).toBeUndefined();
		expect(sent.map((r) => r.url)).toEqual([`http://127.0.0.1:9998${plivoPath('14155550100')}`]);
	});
});

describe('Invalid numbers stop before any request', () => {
	const cases: Array<[unknown, string]> = [
		['={{ $json.nothing }}', 'The "Phone Number" field is not valid: it is empty'],
		['={{ "  " }}', 'The "Phone Number" field is not valid: it is empty'],
		['abc', 'The "Phone Number" value "abc" is not valid: it may only contain digits, a leading "+", spaces, dashes, dots and brackets'],
		['+1 415', 'The "Phone Number" value "+1 415" is not valid: it has 4 digits, fewer than 8'],
		['+1234567890123456', 'The "Phone Number" value "+1234567890123456" is not valid: it has 16 digits, more than 15'],
	];

	test.each(cases)('SignalWire: %p', async (input, message) => {
		const { items, error } = await runPhoneNumberNode({ parameters: signalWire(input) });
		expect(error?.message).toBe(message);
		expect(error?.description).toBe(
			'Use the international format: country code and number, 8 to 15 digits, e.g. +14155550100. Spaces, dashes, dots and brackets are fine.',
		);
		expect(items).toEqual([]);
		expect(sent).toEqual([]);
		expect(unexpected).toEqual([]);
	});

	test('n8n itself refuses a literally empty required field, before the node runs', async () => {
		await expect(runPhoneNumberNode({ parameters: signalWire('') })).rejects.toThrow('Parameter "Phone Number" is required.');
		expect(sent).toEqual([]);
		expect(unexpected).toEqual([]);
	});

	test.each(cases)('Plivo: %p', async (input, message) => {
		const { error } = await runPhoneNumberNode({ parameters: plivo(input) });
		expect(error?.message).toBe(message);
		expect(sent).toEqual([]);
		expect(unexpected).toEqual([]);
	});
});

describe('Simplify (for AI agents): only what was bought and what happened', () => {
	test('SignalWire: provider, ID, number, name and purchase, from one request', async () => {
		const phone = signalWirePhoneNumber('+14155550100', { name: 'Support line' });
		nock(SW_ORIGIN).post(SW_PATH).reply(answer(200, phone));

		const { items, error } = await runPhoneNumberNode({ parameters: { ...signalWire('+1 415 555 0100'), simplify: true } });

		expect(error).toBeUndefined();
		expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([`POST ${SW_ORIGIN}:443${SW_PATH}`]);
		expect(items).toEqual([
			{
				json: { provider: 'signalwire', id: phone.id, number: '+14155550100', name: 'Support line', ...summary('+14155550100') },
				pairedItem: { item: 0 },
			},
		]);
	});

	test('Plivo: the digits are the ID; a pending purchase says pending', async () => {
		nock(PLIVO_ORIGIN).post(plivoPath('4930901820')).reply(answer(201, plivoPurchased('4930901820', 'pending')));

		const { items, error } = await runPhoneNumberNode({ parameters: { ...plivo('+49 30 901820'), simplify: true } });

		expect(error).toBeUndefined();
		expect(items).toEqual([
			{ json: { provider: 'plivo', id: '4930901820', number: '+4930901820', name: null, ...summary('+4930901820', 'pending') }, pairedItem: { item: 0 } },
		]);
	});

	test('a number already owned comes back small too, named from the account record', async () => {
		nock(PLIVO_ORIGIN)
			.post(plivoPath('14155550100'))
			.reply(answer(400, { api_id: 'x', error: 'Number not available' }))
			.get(`/v1/Account/${PLIVO.authId}/Number/14155550100/`)
			.reply(answer(200, { ...plivoOwnedNumber('14155550100'), alias: 'Sales' }));

		const { items, error } = await runPhoneNumberNode({ parameters: { ...plivo('14155550100'), simplify: true } });

		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ provider: 'plivo', id: '14155550100', number: '+14155550100', name: 'Sales', ...summary('+14155550100', 'alreadyOwned') });
	});
});
