/**
 * The official twilio SDK (twilio 6.3.1, a devDependency used only in tests) as the oracle: for every
 * operation, and for the trigger's activation and restore, the SDK and the node, both against nock,
 * send the same requests (method, path, query, form body, Content-Type, Basic auth). And the SDK reads
 * Twilio's errors as the node words them: code, message, more_info.
 */
import nock from 'nock';
import type { INodeParameters } from 'n8n-workflow';
import { answer, resetHttp, sent, unexpected, type RecordedRequest } from './helpers/http.cts';
import { byId, byNumber, runPhoneNumberNode, TEST_CREDENTIALS } from './helpers/n8n.cts';
import { TriggerHarness } from './helpers/trigger.cts';
import { fromNock, loadSpec, requestProblems } from './helpers/openapi.cts';
import { TWILIO_SID, twilioAvailable, twilioIncoming, twilioList, twilioSearchAnswer, withoutSpecOwnConflicts } from './fixtures/twilio.cts';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const twilioSdk = require('twilio') as (accountSid: string, authToken: string, options?: Record<string, unknown>) => any;

const TW = TEST_CREDENTIALS.twilioNumbersApi;
const ORIGIN = 'https://api.twilio.com';
const ACCOUNT = `/2010-04-01/Accounts/${TW.accountSid}`;
const SID = TWILIO_SID;
// keepAlive off: nock never ends an answer that has a body on the SDK's keep-alive agent. It changes
// only the Connection header, which is not compared.
const sdk = () => twilioSdk(TW.accountSid, TW.authToken, { keepAlive: false });
const spec = loadSpec('twilio');

const incoming = twilioIncoming;
const list = twilioList;
const available = (number: string) => twilioSearchAnswer(twilioAvailable(number));

/** What both must agree on. */
function wire(request: RecordedRequest) {
	const url = new URL(request.url);
	const form = typeof request.body === 'string' ? Object.fromEntries(new URLSearchParams(request.body)) : request.body;
	return {
		method: request.method,
		path: url.pathname,
		query: Object.fromEntries(url.searchParams),
		body: form ?? null,
		contentType: request.body === undefined ? undefined : String(request.headers['content-type']).split(';')[0],
		authorization: request.headers.authorization,
	};
}

type Reply = [method: 'get' | 'post' | 'delete', path: string | RegExp, status: number, body?: unknown];

/** Runs `act` with Twilio answering `replies` (each as often as asked) and returns what was sent. */
async function capture(replies: Reply[], act: () => Promise<unknown>) {
	resetHttp();
	const scope = nock(ORIGIN);
	for (const [method, path, status, body] of replies) scope[method](path).query(true).times(5).reply(answer(status, body));
	await act();
	expect(unexpected).toEqual([]);
	// The node's requests are Twilio's too: each one validates against the spec.
	for (const request of sent) expect(withoutSpecOwnConflicts(requestProblems(spec, fromNock(request)))).toEqual([]);
	return sent.map(wire);
}

const twilio = (fields: INodeParameters): INodeParameters => ({ authentication: 'twilioNumbersApi', resource: 'phoneNumber', ...fields });
async function node(parameters: INodeParameters): Promise<void> {
	const { error } = await runPhoneNumberNode({ parameters: twilio(parameters) });
	expect(error).toBeUndefined();
}

afterAll(() => nock.restore());

const BUY = `${ACCOUNT}/IncomingPhoneNumbers.json`;
const ONE = `${ACCOUNT}/IncomingPhoneNumbers/${SID}.json`;

describe('the same requests as the SDK', () => {
	test('Search Available, local with every filter: availablePhoneNumbers(country).local.list', async () => {
		const path = `${ACCOUNT}/AvailablePhoneNumbers/US/Local.json`;
		const bySdk = await capture([['get', path, 200, available('+14155550100')]], () =>
			sdk().availablePhoneNumbers('US').local.page({ areaCode: 415, contains: '5550', inRegion: 'CA', inLocality: 'San Francisco', voiceEnabled: true, smsEnabled: true, mmsEnabled: true, pageSize: 5 }),
		);
		const byNode = await capture([['get', path, 200, available('+14155550100')]], () =>
			node({ operation: 'search', country: 'US', numberType: 'local', searchFilters: { areaCode: '415', contains: '5550', region: 'CA', city: 'San Francisco', services: ['voice', 'sms', 'mms'] }, limit: 5 }),
		);
		expect(bySdk).toHaveLength(1);
		expect(byNode).toEqual(bySdk);
	});

	test.each([
		['toll-free, ends with', 'tollFree', 'TollFree', { endsWith: '0105' }, { contains: '0105$' }],
		['mobile, contains', 'mobile', 'Mobile', { contains: '7700' }, { contains: '7700' }],
	])('Search Available, %s', async (_name, numberType, resource, searchFilters, sdkParams) => {
		const path = `${ACCOUNT}/AvailablePhoneNumbers/GB/${resource}.json`;
		const bySdk = await capture([['get', path, 200, available('+447700900100')]], () => sdk().availablePhoneNumbers('GB')[numberType === 'tollFree' ? 'tollFree' : 'mobile'].page({ ...sdkParams, pageSize: 100 }));
		const byNode = await capture([['get', path, 200, available('+447700900100')]], () => node({ operation: 'search', country: 'GB', numberType, searchFilters, returnAll: true }));
		expect(byNode).toEqual(bySdk);
	});

	test('Purchase with Additional Fields and Then Configure: incomingPhoneNumbers.create, one request', async () => {
		const settings = { friendlyName: 'Support', voiceUrl: 'https://example.com/voice', voiceMethod: 'GET', voiceFallbackUrl: 'https://example.com/vf', voiceFallbackMethod: 'POST', smsUrl: 'https://example.com/sms', smsMethod: 'POST', smsFallbackUrl: 'https://example.com/sf', smsFallbackMethod: 'GET', statusCallback: 'https://example.com/status', statusCallbackMethod: 'POST' };
		const bySdk = await capture([['post', BUY, 201, incoming('+14155550100')]], () =>
			sdk().incomingPhoneNumbers.create({ phoneNumber: '+14155550100', addressSid: 'AD00000000000000000000000000000051', bundleSid: 'BU00000000000000000000000000000001', identitySid: 'RI00000000000000000000000000000001', ...settings }),
		);
		const byNode = await capture([['post', BUY, 201, incoming('+14155550100')]], () =>
			node({
				operation: 'purchase',
				phoneNumber: '+1 (415) 555-0100',
				additionalFields: { AddressSid: 'AD00000000000000000000000000000051', BundleSid: 'BU00000000000000000000000000000001', IdentitySid: 'RI00000000000000000000000000000001' },
				thenConfigure: { FriendlyName: 'Support', VoiceUrl: 'https://example.com/voice', VoiceMethod: 'GET', VoiceFallbackUrl: 'https://example.com/vf', VoiceFallbackMethod: 'POST', SmsUrl: 'https://example.com/sms', SmsMethod: 'POST', SmsFallbackUrl: 'https://example.com/sf', SmsFallbackMethod: 'GET', StatusCallback: 'https://example.com/status', StatusCallbackMethod: 'POST' },
			}),
		);
		expect(bySdk).toHaveLength(1);
		expect(byNode).toEqual(bySdk);
	});

	test('Purchase → First Available Match: a search for one, then create', async () => {
		const search = `${ACCOUNT}/AvailablePhoneNumbers/US/Local.json`;
		const replies: Reply[] = [['get', search, 200, available('+14155550100')], ['post', BUY, 201, incoming('+14155550100')]];
		const bySdk = await capture(replies, async () => {
			const client = sdk();
			const page = await client.availablePhoneNumbers('US').local.page({ areaCode: 415, pageSize: 1 });
			await client.incomingPhoneNumbers.create({ phoneNumber: page.instances[0].phoneNumber });
		});
		const byNode = await capture(replies, () => node({ operation: 'purchase', numberToBuy: 'firstMatch', country: 'US', numberType: 'local', searchFilters: { areaCode: '415' } }));
		expect(bySdk).toHaveLength(2);
		expect(byNode).toEqual(bySdk);
	});

	test('Get Many with filters, and Return All over two pages (next_page_uri followed)', async () => {
		const next = `${ACCOUNT}/IncomingPhoneNumbers.json?PageSize=1000&Page=1&PageToken=PA0001`;
		const replies: Reply[] = [['get', BUY, 200, list([incoming('+14155550100')], next)]];
		const bySdk = await capture(replies, async () => {
			const client = sdk();
			await client.incomingPhoneNumbers.page({ phoneNumber: '+1415', friendlyName: 'Support', pageSize: 10 });
			const first = await client.incomingPhoneNumbers.page({ pageSize: 1000 });
			nock.cleanAll();
			nock(ORIGIN).get(BUY).query(true).reply(answer(200, list([incoming('+14155550101')])));
			await first.nextPage();
		});
		const byNode = await capture(replies, async () => {
			await node({ operation: 'getAll', filters: { number: '+1415', friendlyName: 'Support' }, limit: 10 });
			nock.cleanAll();
			nock(ORIGIN).get(BUY).query(true).reply(answer(200, list([incoming('+14155550100')], next))).get(BUY).query(true).reply(answer(200, list([incoming('+14155550101')])));
			await node({ operation: 'getAll', returnAll: true });
		});
		expect(bySdk.map((r) => r.query)).toEqual([
			{ PhoneNumber: '+1415', FriendlyName: 'Support', PageSize: '10' },
			{ PageSize: '1000' },
			{ PageSize: '1000', Page: '1', PageToken: 'PA0001' },
		]);
		expect(byNode).toEqual(bySdk);
	});

	test('Get by SID, and by number (the lookup is the SDK\'s list filtered by PhoneNumber)', async () => {
		const replies: Reply[] = [['get', ONE, 200, incoming('+14155550100')], ['get', BUY, 200, list([incoming('+14155550100')])]];
		const bySdk = await capture(replies, async () => {
			await sdk().incomingPhoneNumbers(SID).fetch();
			await sdk().incomingPhoneNumbers.page({ phoneNumber: '+14155550100' });
		});
		const byNode = await capture(replies, async () => {
			await node({ operation: 'get', ownedNumber: byId(SID) });
			await node({ operation: 'get', ownedNumber: byNumber('+1 415 555 0100') });
		});
		expect(byNode).toEqual(bySdk);
	});

	test('Update by number: the lookup, then incomingPhoneNumbers(sid).update with every setting', async () => {
		const replies: Reply[] = [['get', BUY, 200, list([incoming('+14155550100')])], ['post', ONE, 200, incoming('+14155550100')]];
		const bySdk = await capture(replies, async () => {
			await sdk().incomingPhoneNumbers.page({ phoneNumber: '+14155550100' });
			await sdk().incomingPhoneNumbers(SID).update({ friendlyName: 'Sales', voiceApplicationSid: 'AP00000000000000000000000000000001', smsApplicationSid: 'AP00000000000000000000000000000002', trunkSid: 'TK00000000000000000000000000000001', addressSid: 'AD00000000000000000000000000000051', bundleSid: 'BU00000000000000000000000000000001', identitySid: 'RI00000000000000000000000000000001' });
		});
		const byNode = await capture(replies, () =>
			node({ operation: 'update', ownedNumber: byNumber('+14155550100'), updateFields: { FriendlyName: 'Sales', VoiceApplicationSid: 'AP00000000000000000000000000000001', SmsApplicationSid: 'AP00000000000000000000000000000002', TrunkSid: 'TK00000000000000000000000000000001', AddressSid: 'AD00000000000000000000000000000051', BundleSid: 'BU00000000000000000000000000000001', IdentitySid: 'RI00000000000000000000000000000001' } }),
		);
		expect(byNode).toEqual(bySdk);
	});

	test('Release by SID: incomingPhoneNumbers(sid).remove', async () => {
		const bySdk = await capture([['delete', ONE, 204]], () => sdk().incomingPhoneNumbers(SID).remove());
		const byNode = await capture([['delete', ONE, 204]], () => node({ operation: 'release', ownedNumber: byId(SID) }));
		expect(byNode).toEqual(bySdk);
	});

	test('the credential signs in with an API key the way the SDK does (API key SID and secret, the Account SID in the path)', async () => {
		const apiKey = { authType: 'apiKey', apiKeySid: 'SK00000000000000000000000000000001', apiKeySecret: 'twilio-test-key-secret' };
		const bySdk = await capture([['delete', ONE, 204]], () => twilioSdk(apiKey.apiKeySid, apiKey.apiKeySecret, { accountSid: TW.accountSid, keepAlive: false }).incomingPhoneNumbers(SID).remove());
		const byNode = await capture([['delete', ONE, 204]], async () => {
			const { error } = await runPhoneNumberNode({ parameters: twilio({ operation: 'release', ownedNumber: byId(SID) }), credentialData: apiKey });
			expect(error).toBeUndefined();
		});
		expect(byNode[0].authorization).toBe(`Basic ${Buffer.from(`${apiKey.apiKeySid}:${apiKey.apiKeySecret}`).toString('base64')}`);
		expect(byNode).toEqual(bySdk);
	});

	test('the trigger: activation and deactivation send what incomingPhoneNumbers(sid).update sends', async () => {
		const before = incoming('+14155550100', { voice_application_sid: 'AP00000000000000000000000000000009', sms_url: 'https://example.com/own-sms', sms_method: 'GET' });
		const harness = new TriggerHarness('twilioNumbersApi', { phoneNumber: { mode: 'number', value: '+14155550100' }, events: ['message', 'call'] } as never, {});
		await harness.listen();
		const url = harness.url();
		let current: Record<string, unknown> = before;
		const byNode = await capture([], async () => {
			nock(ORIGIN)
				.get(BUY).query(true).reply(answer(200, list([before])))
				.post(ONE).reply(function (this: nock.ReplyFnContext, uri: string, body: nock.Body) {
					current = { ...before, voice_url: url, voice_method: 'POST', voice_application_sid: '', sms_url: url, sms_method: 'POST' };
					return answer(200, current).call(this, uri, body);
				})
				.get(ONE).reply(function (this: nock.ReplyFnContext, uri: string, body: nock.Body) {
					return answer(200, current).call(this, uri, body);
				})
				.post(ONE).reply(answer(200, before));
			await harness.activate();
			expect(await harness.deactivate()).toBe(true);
		});
		await harness.close();
		const bySdk = await capture([['get', BUY, 200, list([before])], ['post', ONE, 200, before]], async () => {
			await sdk().incomingPhoneNumbers.page({ phoneNumber: '+14155550100' });
			await sdk().incomingPhoneNumbers(SID).update({ smsUrl: url, smsMethod: 'POST', voiceUrl: url, voiceMethod: 'POST', voiceApplicationSid: '' });
			await sdk().incomingPhoneNumbers(SID).update({ smsUrl: 'https://example.com/own-sms', smsMethod: 'GET', voiceUrl: '', voiceMethod: 'POST', voiceApplicationSid: 'AP00000000000000000000000000000009' });
		});
		// The node reads the number once more in between (GET {sid}: is it still as the trigger left it?).
		expect(byNode.map((r) => `${r.method} ${r.path}`)).toEqual([`GET ${BUY}`, `POST ${ONE}`, `GET ${ONE}`, `POST ${ONE}`]);
		expect([byNode[0], byNode[1], byNode[3]]).toEqual(bySdk);
	});
});

describe("Twilio's errors, as the SDK reads them and as the node words them", () => {
	const refusal = { code: 21422, message: 'PhoneNumber requested is not available: +14155550100', more_info: 'https://www.twilio.com/docs/errors/21422', status: 400 };

	test('the SDK throws a RestException with code, message and moreInfo; the node says the same, with the link', async () => {
		let thrown: { status?: number; code?: number; message?: string; moreInfo?: string } = {};
		await capture([['post', BUY, 400, refusal]], async () => {
			await sdk().incomingPhoneNumbers.create({ phoneNumber: '+14155550100' }).catch((error: typeof thrown) => (thrown = error));
		});
		expect(thrown).toMatchObject({ status: 400, code: 21422, message: refusal.message, moreInfo: refusal.more_info });

		resetHttp();
		nock(ORIGIN).post(BUY).reply(answer(400, refusal)).get(BUY).query(true).reply(answer(200, list([])));
		const { error } = await runPhoneNumberNode({ parameters: twilio({ operation: 'purchase', phoneNumber: '+14155550100' }) });
		expect(error?.message).toBe(`Twilio refused the request (HTTP 400): ${thrown.message} (Twilio error ${thrown.code})`);
		expect(error?.description).toBe(`Twilio could not accept the request as sent. Check 'Phone Number'. Twilio explains this error at ${thrown.moreInfo}`);
		expect(error?.httpCode).toBe('400');
	});
});
