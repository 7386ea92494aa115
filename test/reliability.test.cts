import nock from 'nock';
import type { INodeParameters } from 'n8n-workflow';
import { answer, resetHttp, sent, unexpected } from './helpers/http.cts';
import { runPhoneNumberNode, TEST_CREDENTIALS } from './helpers/n8n.cts';
import { plivoOwnedNumber, plivoPurchased, signalWireOwnedList, signalWirePhoneNumber, summary } from './fixtures/providers.cts';
import { TWILIO_ORIGIN, twilioError, twilioIncoming, twilioList } from './fixtures/twilio.cts';

const SW = 'https://example-space.signalwire.com';
const SW_PATH = '/api/relay/rest/phone_numbers';
const PLIVO = 'https://api.plivo.com';
const account = `/v1/Account/${TEST_CREDENTIALS.plivoNumbersApi.authId}`;

const purchase = (authentication: string, phoneNumber: string, extra: INodeParameters = {}): INodeParameters => ({
	authentication,
	resource: 'phoneNumber',
	operation: 'purchase',
	phoneNumber,
	...extra,
});
const posts = () => sent.filter((r) => r.method === 'POST').length;

beforeEach(resetHttp);
afterEach(() => expect(unexpected).toEqual([]));
afterAll(() => nock.restore());

describe('If Already Owned', () => {
	const owned = signalWirePhoneNumber('+14155550100', { name: 'Support line' });

	test('Return Existing (default): a refused purchase of a number the account owns returns its record', async () => {
		nock(SW)
			.post(SW_PATH)
			.reply(answer(422, { errors: [{ detail: 'Number is not available', title: 'Invalid', code: 'unavailable', status: '422' }] }))
			.get(SW_PATH)
			.query({ filter_number: '+14155550100' })
			.reply(answer(200, signalWireOwnedList(owned)));

		const { items, error } = await runPhoneNumberNode({ parameters: purchase('signalWireApi', '+1 415 555 0100') });

		expect(error).toBeUndefined();
		expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([
			`POST ${SW}:443${SW_PATH}`,
			`GET ${SW}:443${SW_PATH}?filter_number=%2B14155550100`,
		]);
		expect(items).toEqual([{ json: { ...owned, ...summary('+14155550100', 'alreadyOwned') }, pairedItem: { item: 0 } }]);
	});

	test('Stop With Error: the item fails with words that say nothing was bought', async () => {
		nock(SW)
			.post(SW_PATH)
			.reply(answer(422, { errors: [{ detail: 'Number is not available', title: 'Invalid', code: 'unavailable', status: '422' }] }))
			.get(SW_PATH)
			.query({ filter_number: '+14155550100' })
			.reply(answer(200, signalWireOwnedList(owned)));

		const { error } = await runPhoneNumberNode({ parameters: purchase('signalWireApi', '+14155550100', { ifAlreadyOwned: 'error' }) });

		expect(error?.message).toBe('+14155550100 is already in your SignalWire account');
		expect(error?.description).toBe(
			"Nothing was bought. Set 'If Already Owned' to 'Return Existing' to get the number's record in the output instead.",
		);
	});

	test('Plivo: refused with 400, found with GET Number/{digits}/', async () => {
		nock(PLIVO)
			.post(`${account}/PhoneNumber/14155550100/`)
			.reply(answer(400, { api_id: 'x1', error: 'Number not available for purchase' }))
			.get(`${account}/Number/14155550100/`)
			.reply(answer(200, plivoOwnedNumber('14155550100')));

		const { items } = await runPhoneNumberNode({ parameters: purchase('plivoNumbersApi', '14155550100') });

		expect(items).toEqual([
			{ json: { ...plivoOwnedNumber('14155550100'), ...summary('+14155550100', 'alreadyOwned') }, pairedItem: { item: 0 } },
		]);
	});

	test('a refusal for a number the account does not own stays the provider\'s error', async () => {
		nock(PLIVO)
			.post(`${account}/PhoneNumber/14155550100/`)
			.reply(answer(400, { api_id: 'x2', error: 'Number not available for purchase' }))
			.get(`${account}/Number/14155550100/`)
			.reply(answer(404, { api_id: 'x3', error: 'not found' }));

		const { error } = await runPhoneNumberNode({ parameters: purchase('plivoNumbersApi', '14155550100') });

		expect(error?.message).toBe('Plivo refused the request (HTTP 400): Number not available for purchase');
	});

	test('the happy path sends exactly one request', async () => {
		nock(SW).post(SW_PATH).reply(answer(200, signalWirePhoneNumber('+14155550100')));
		await runPhoneNumberNode({ parameters: purchase('signalWireApi', '+14155550100') });
		expect(sent).toHaveLength(1);
	});
});

describe('The provider bought the number but its answer was lost', () => {
	test('SignalWire 500 after the purchase: the check finds the number and the item succeeds', async () => {
		const bought = signalWirePhoneNumber('+14155550100');
		nock(SW)
			.post(SW_PATH)
			.reply(answer(500, { error: 'Internal Server Error' }))
			.get(SW_PATH)
			.query({ filter_number: '+14155550100' })
			.reply(answer(200, signalWireOwnedList(bought)));

		const { items, error } = await runPhoneNumberNode({ parameters: purchase('signalWireApi', '+14155550100') });

		expect(error).toBeUndefined();
		expect(items).toEqual([{ json: { ...bought, ...summary('+14155550100') }, pairedItem: { item: 0 } }]);
	});

	test('Plivo timeout after the purchase: the check finds the number', async () => {
		nock(PLIVO)
			.post(`${account}/PhoneNumber/14155550100/`)
			.delay(1500)
			.reply(answer(201, plivoPurchased('14155550100')))
			.get(`${account}/Number/14155550100/`)
			.reply(answer(200, plivoOwnedNumber('14155550100')));

		const { items, error } = await runPhoneNumberNode({
			parameters: purchase('plivoNumbersApi', '14155550100', { requestOptions: { timeout: 200 } }),
		});

		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ ...plivoOwnedNumber('14155550100'), ...summary('+14155550100') });
	});

	test('a 200 with a body that is not JSON: the check decides', async () => {
		const bought = signalWirePhoneNumber('+14155550100');
		nock(SW)
			.post(SW_PATH)
			.reply(200, '{"id": "4c3f1e2a-', { 'Content-Type': 'application/json' })
			.get(SW_PATH)
			.query({ filter_number: '+14155550100' })
			.reply(answer(200, signalWireOwnedList(bought)));

		const { items, error } = await runPhoneNumberNode({ parameters: purchase('signalWireApi', '+14155550100') });

		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ ...bought, ...summary('+14155550100') });
	});

	test('Retry On Fail never buys a second number: when the check fails too, the retry checks before buying', async () => {
		const bought = signalWirePhoneNumber('+14155550100');
		nock(SW)
			.post(SW_PATH)
			.reply(answer(502, { error: 'Bad Gateway' }))
			.get(SW_PATH)
			.query({ filter_number: '+14155550100' })
			.reply(answer(503, { error: 'Service Unavailable' }))
			.get(SW_PATH)
			.query({ filter_number: '+14155550100' })
			.reply(answer(200, signalWireOwnedList(bought)));

		const { items, error } = await runPhoneNumberNode({
			parameters: purchase('signalWireApi', '+14155550100'),
			retryOnFail: { maxTries: 3, waitBetweenTries: 0 },
		});

		expect(error).toBeUndefined();
		expect(posts()).toBe(1);
		expect(items).toEqual([{ json: { ...bought, ...summary('+14155550100') }, pairedItem: { item: 0 } }]);
	});

	test('without retries, an unconfirmed purchase says so in plain words', async () => {
		nock(SW)
			.post(SW_PATH)
			.reply(answer(502, { error: 'Bad Gateway' }))
			.get(SW_PATH)
			.query({ filter_number: '+14155550100' })
			.reply(answer(503, { error: 'Service Unavailable' }));

		const { error } = await runPhoneNumberNode({ parameters: purchase('signalWireApi', '+14155550100') });

		expect(error?.message).toBe('SignalWire could not complete the request (HTTP 502): Bad Gateway');
		expect(error?.description).toBe(
			"SignalWire's answer was lost and the number could not be checked: the purchase of +14155550100 may have gone through. Check your numbers before buying again.",
		);
	});

	test('a 5xx for a number that was not bought: Retry On Fail buys it on the next try', async () => {
		const bought = signalWirePhoneNumber('+14155550100');
		nock(SW)
			.post(SW_PATH)
			.reply(answer(500, { error: 'Internal Server Error' }))
			.get(SW_PATH)
			.query({ filter_number: '+14155550100' })
			.reply(answer(200, signalWireOwnedList()))
			.post(SW_PATH)
			.reply(answer(200, bought));

		const { items, error } = await runPhoneNumberNode({
			parameters: purchase('signalWireApi', '+14155550100'),
			retryOnFail: { maxTries: 2, waitBetweenTries: 0 },
		});

		expect(error).toBeUndefined();
		expect(posts()).toBe(2);
		expect(items[0].json).toEqual({ ...bought, ...summary('+14155550100') });
	});
});

describe('Unreachable providers', () => {
	test('a refused connection is reported without buying or retrying blindly', async () => {
		nock.enableNetConnect('127.0.0.1:1');
		const { error } = await runPhoneNumberNode({
			parameters: purchase('plivoNumbersApi', '14155550100'),
			credentialData: { baseUrl: 'http://127.0.0.1:1' },
		});
		expect(error?.message).toBe('The service refused the connection - perhaps it is offline');
		// The one attempt went to the (closed) local port on purpose; nock lists it as unmatched.
		expect(unexpected).toEqual([`POST http://127.0.0.1:1${account}/PhoneNumber/14155550100/`]);
		unexpected.length = 0;
	});
});

describe('Twilio: never bought twice, never lost', () => {
	const PATH = '/2010-04-01/Accounts/AC00000000000000000000000000000001/IncomingPhoneNumbers.json';
	const twilio = (extra: INodeParameters = {}) => purchase('twilioNumbersApi', '+1 415 555 0100', extra);
	const owned = twilioIncoming('+14155550100', { friendly_name: 'Support line' });
	const notAvailable = twilioError(400, 21422, 'PhoneNumber requested is not available: +14155550100');

	test('a refused purchase of a number the account owns: the PhoneNumber lookup finds it, alreadyOwned (or the stop, with Stop With Error)', async () => {
		nock(TWILIO_ORIGIN).post(PATH).times(2).reply(answer(400, notAvailable)).get(PATH).query({ PhoneNumber: '+14155550100' }).times(2).reply(answer(200, twilioList([owned])));
		const { items, error } = await runPhoneNumberNode({ parameters: twilio() });
		expect(error).toBeUndefined();
		expect(sent.map((r) => `${r.method} ${r.url}`)).toEqual([`POST ${TWILIO_ORIGIN}:443${PATH}`, `GET ${TWILIO_ORIGIN}:443${PATH}?PhoneNumber=%2B14155550100`]);
		expect(items).toEqual([{ json: { ...owned, ...summary('+14155550100', 'alreadyOwned') }, pairedItem: { item: 0 } }]);

		const stopped = await runPhoneNumberNode({ parameters: twilio({ ifAlreadyOwned: 'error' }) });
		expect(stopped.error?.message).toBe('+14155550100 is already in your Twilio account');
		expect(posts()).toBe(2);
	});

	test('a refusal for a number that is not in the account stays Twilio\'s error, in its words, with its link', async () => {
		nock(TWILIO_ORIGIN).post(PATH).reply(answer(400, notAvailable)).get(PATH).query({ PhoneNumber: '+14155550100' }).reply(answer(200, twilioList([])));
		const { error } = await runPhoneNumberNode({ parameters: twilio() });
		expect([error?.message, error?.httpCode]).toEqual(['Twilio refused the request (HTTP 400): PhoneNumber requested is not available: +14155550100 (Twilio error 21422)', '400']);
		expect(error?.description).toContain('Twilio explains this error at https://www.twilio.com/docs/errors/21422');
	});

	test('bought, but the answer was lost (503): the lookup finds it and the item is the purchase', async () => {
		nock(TWILIO_ORIGIN).post(PATH).reply(answer(503, twilioError(503, 20503, 'Service Unavailable'))).get(PATH).query({ PhoneNumber: '+14155550100' }).reply(answer(200, twilioList([owned])));
		const { items, error } = await runPhoneNumberNode({ parameters: twilio() });
		expect(error).toBeUndefined();
		expect(posts()).toBe(1);
		expect(items[0].json).toEqual({ ...owned, ...summary('+14155550100', 'purchased') });
	});

	test('Retry On Fail after a lost answer and a failed check: the retry checks before buying, and finds it', async () => {
		nock(TWILIO_ORIGIN)
			.post(PATH).reply(answer(502, twilioError(502, 20502, 'Bad Gateway')))
			.get(PATH).query({ PhoneNumber: '+14155550100' }).reply(answer(500, twilioError(500, 20500, 'Internal Server Error')))
			.get(PATH).query({ PhoneNumber: '+14155550100' }).reply(answer(200, twilioList([owned])));
		const { items, error } = await runPhoneNumberNode({ parameters: twilio(), retryOnFail: { maxTries: 2, waitBetweenTries: 0 } });
		expect(error).toBeUndefined();
		expect(posts()).toBe(1);
		expect(items[0].json.purchase).toEqual({ status: 'purchased', number: '+14155550100' });
	});
});
