import nock from 'nock';
import { answer, basicAuth, resetHttp, sent } from './helpers/http.cts';
import { testCredential, TEST_CREDENTIALS } from './helpers/n8n.cts';

beforeEach(resetHttp);
afterAll(() => nock.restore());

describe('SignalWire API credential test', () => {
	const creds = TEST_CREDENTIALS.signalWireApi;

	test.each([['example-space'], ['example-space.signalwire.com'], ['https://example-space.signalwire.com/']])(
		'GETs /api/relay/rest/phone_numbers?page_size=1 on the space (Space URL %p)',
		async (spaceUrl) => {
			nock('https://example-space.signalwire.com')
				.get('/api/relay/rest/phone_numbers')
				.query({ page_size: '1' })
				.reply(answer(200, { links: {}, data: [] }));

			expect(await testCredential('signalWireApi', { ...creds, spaceUrl })).toEqual({ status: 'OK', message: 'Connection tested successfully' });
			expect(sent).toHaveLength(1);
			expect(sent[0].method).toBe('GET');
			expect(sent[0].url).toBe('https://example-space.signalwire.com:443/api/relay/rest/phone_numbers?page_size=1');
			expect(sent[0].headers.authorization).toBe(basicAuth(creds.projectId, creds.apiToken));
		},
	);

	test('wrong token: the test fails', async () => {
		nock('https://example-space.signalwire.com')
			.get('/api/relay/rest/phone_numbers')
			.query(true)
			.reply(answer(401, { error: 'Unauthorized' }));

		const result = await testCredential('signalWireApi', { ...creds, apiToken: 'wrong' });
		expect(result.status).toBe('Error');
		expect(sent[0].headers.authorization).toBe(basicAuth(creds.projectId, 'wrong'));
	});

	test('API Base URL points the test at another server', async () => {
		nock('http://127.0.0.1:9997').get('/api/relay/rest/phone_numbers').query({ page_size: '1' }).reply(answer(200, { data: [] }));
		const result = await testCredential('signalWireApi', { ...creds, baseUrl: 'http://127.0.0.1:9997' });
		expect(result.status).toBe('OK');
		expect(sent.map((r) => r.url)).toEqual(['http://127.0.0.1:9997/api/relay/rest/phone_numbers?page_size=1']);
	});
});

describe('Plivo Numbers API credential test', () => {
	const creds = TEST_CREDENTIALS.plivoNumbersApi;

	test('GETs the account details /v1/Account/{auth_id}/', async () => {
		nock('https://api.plivo.com')
			.get(`/v1/Account/${creds.authId}/`)
			.reply(answer(200, { account_type: 'standard', auth_id: creds.authId, api_id: 'd1' }));

		expect(await testCredential('plivoNumbersApi', creds)).toEqual({ status: 'OK', message: 'Connection tested successfully' });
		expect(sent).toHaveLength(1);
		expect(sent[0].method).toBe('GET');
		expect(sent[0].headers.authorization).toBe(basicAuth(creds.authId, creds.authToken));
	});

	test('wrong token: the test fails', async () => {
		nock('https://api.plivo.com').get(`/v1/Account/${creds.authId}/`).reply(answer(401, { error: 'Authentication credentials invalid' }));
		const result = await testCredential('plivoNumbersApi', { ...creds, authToken: 'wrong' });
		expect(result.status).toBe('Error');
	});
});

describe('Twilio Numbers API credential test', () => {
	const creds = TEST_CREDENTIALS.twilioNumbersApi;
	// One of the account's numbers, not the account: Twilio lets only Main API keys read Account
	// resources (/Accounts/{Sid}.json), and the node works with Standard keys too.
	const NUMBERS = `/2010-04-01/Accounts/${creds.accountSid}/IncomingPhoneNumbers.json`;
	const page = { incoming_phone_numbers: [], page: 0, page_size: 1, start: 0, end: 0, first_page_uri: `${NUMBERS}?PageSize=1&Page=0`, next_page_uri: null, previous_page_uri: null, uri: `${NUMBERS}?PageSize=1&Page=0` };

	test.each([
		['the Auth Token', {}, basicAuth(creds.accountSid, creds.authToken)],
		['an API key (its SID and secret; the Account SID stays in the path)', { authType: 'apiKey', apiKeySid: 'SK00000000000000000000000000000001', apiKeySecret: 'twilio-test-key-secret' }, basicAuth('SK00000000000000000000000000000001', 'twilio-test-key-secret')],
	])('lists one owned number, GET /2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json?PageSize=1, signed in with %s', async (_name, data, authorization) => {
		nock('https://api.twilio.com').get(NUMBERS).query({ PageSize: '1' }).reply(answer(200, page));
		expect(await testCredential('twilioNumbersApi', { ...creds, ...data })).toEqual({ status: 'OK', message: 'Connection tested successfully' });
		expect(sent.map((r) => [r.method, r.url, r.headers.authorization])).toEqual([['GET', `https://api.twilio.com:443${NUMBERS}?PageSize=1`, authorization]]);
	});

	test('a wrong Auth Token fails the test; the API Base URL points it at another server', async () => {
		nock('https://api.twilio.com').get(NUMBERS).query(true).reply(answer(401, { code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 }));
		expect((await testCredential('twilioNumbersApi', { ...creds, authToken: 'wrong' })).status).toBe('Error');
		nock('http://127.0.0.1:9996').get(NUMBERS).query(true).reply(answer(200, page));
		expect((await testCredential('twilioNumbersApi', { ...creds, baseUrl: 'http://127.0.0.1:9996/' })).status).toBe('OK');
		expect(sent.map((r) => r.url)).toEqual([`https://api.twilio.com:443${NUMBERS}?PageSize=1`, `http://127.0.0.1:9996${NUMBERS}?PageSize=1`]);
	});
});
