/**
 * Next-page links given as paths from the host (Twilio's next_page_uri) under an API root that has a
 * path of its own (…/2010-04-01/Accounts/{AccountSid}): the root's path is not requested twice. Full
 * URLs (SignalWire's links.next) and roots without a path keep working as before.
 */
import nock from 'nock';
import { nextLinkPath } from '../nodes/shared/pagination';
import { answer, resetHttp, sent, unexpected } from './helpers/http.cts';
import { runPhoneNumberNode } from './helpers/n8n.cts';
import { TWILIO_ACCOUNT, TWILIO_NUMBERS, twilioIncoming, twilioList } from './fixtures/twilio.cts';

beforeEach(resetHttp);
afterAll(() => nock.restore());

test.each([
	['a path under the root', '/2010-04-01/Accounts/A1/Numbers.json?Page=1', 'https://api.example.com/2010-04-01/Accounts/A1', '/Numbers.json?Page=1'],
	['a full URL under the root', 'https://api.example.com/2010-04-01/Accounts/A1/Numbers.json?Page=1', 'https://api.example.com/2010-04-01/Accounts/A1', '/Numbers.json?Page=1'],
	['a root without a path', 'https://space.example.com/api/numbers?page=2', 'https://space.example.com', '/api/numbers?page=2'],
	['a root with a trailing slash', '/v1/A1/Numbers?page=2', 'http://127.0.0.1:9000/v1/A1/', '/Numbers?page=2'],
	['a root behind a proxy path the link does not repeat', '/api/numbers?page=2', 'http://127.0.0.1:9000/proxy', '/api/numbers?page=2'],
	['a root path that only starts the same', '/v1/A10/Numbers', 'https://api.example.com/v1/A1', '/v1/A10/Numbers'],
])('%s', (_name, link, root, expected) => {
	expect(nextLinkPath(link, root)).toBe(expected);
});

test('Twilio Get Many → Return All follows next_page_uri on the API Base URL, with and without a path of its own', async () => {
	const next = `${TWILIO_NUMBERS}?PageSize=1000&Page=1&PageToken=PA0001`;
	for (const base of ['http://127.0.0.1:9995', 'http://127.0.0.1:9995/proxy']) {
		resetHttp();
		const prefix = base.endsWith('/proxy') ? '/proxy' : '';
		nock('http://127.0.0.1:9995')
			.get(`${prefix}${TWILIO_NUMBERS}`).query({ PageSize: '1000' }).reply(answer(200, twilioList([twilioIncoming('+14155550100')], `${prefix}${next}`)))
			.get(`${prefix}${TWILIO_NUMBERS}`).query({ PageSize: '1000', Page: '1', PageToken: 'PA0001' }).reply(answer(200, twilioList([twilioIncoming('+14155550101', { sid: 'PN00000000000000000000000000000002' })])));
		const { items, error } = await runPhoneNumberNode({ parameters: { authentication: 'twilioNumbersApi', resource: 'phoneNumber', operation: 'getAll', returnAll: true }, credentialData: { baseUrl: base } });
		expect(error).toBeUndefined();
		expect(unexpected).toEqual([]);
		expect(sent.map((r) => new URL(r.url).pathname)).toEqual([`${prefix}${TWILIO_ACCOUNT}/IncomingPhoneNumbers.json`, `${prefix}${TWILIO_ACCOUNT}/IncomingPhoneNumbers.json`]);
		expect(items.map((item) => item.json.number)).toEqual(['+14155550100', '+14155550101']);
	}
});
