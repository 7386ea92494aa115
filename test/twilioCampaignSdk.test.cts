/**
 * The official twilio SDK (6.3.1, devDependency, tests only) as the oracle of the 10DLC campaign
 * requests: for each campaign operation, the SDK's calls (messaging.v1.services(MG).phoneNumbers,
 * .usAppToPerson, messaging.v1.services.page, incomingPhoneNumbers.page) and the node, both against
 * nock, send the same requests, to the same hosts (method, host, path, query, form body,
 * Content-Type, Basic auth). And the SDK reads the Messaging API's refusal as the node words it.
 */
import nock from 'nock';
import type { INodeParameters } from 'n8n-workflow';
import { answer, resetHttp, sent, unexpected, type RecordedRequest } from './helpers/http.cts';
import { byNumber, runListSearch, runPhoneNumberNode, TEST_CREDENTIALS } from './helpers/n8n.cts';
import {
	TWILIO_MESSAGING_ORIGIN,
	TWILIO_NUMBERS,
	TWILIO_ORIGIN,
	TWILIO_SERVICE,
	TWILIO_SID,
	twilioError,
	twilioIncoming,
	twilioList,
	twilioService,
	twilioServiceNumber,
	twilioServiceNumberPath,
	twilioServiceNumbersPath,
	twilioServices,
	twilioUsa2p,
	twilioUsa2pList,
	twilioUsa2pPath,
} from './fixtures/twilio.cts';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const twilioSdk = require('twilio') as (accountSid: string, authToken: string, options?: Record<string, unknown>) => any;

const TW = TEST_CREDENTIALS.twilioNumbersApi;
// keepAlive off: nock never ends an answer with a body on the SDK's keep-alive agent (only the Connection header changes).
const sdk = () => twilioSdk(TW.accountSid, TW.authToken, { keepAlive: false });

/** What both must agree on. */
function wire(request: RecordedRequest) {
	const url = new URL(request.url);
	const form = typeof request.body === 'string' ? Object.fromEntries(new URLSearchParams(request.body)) : request.body;
	return {
		method: request.method,
		host: url.host,
		path: url.pathname,
		query: Object.fromEntries(url.searchParams),
		body: form ?? null,
		contentType: request.body === undefined ? undefined : String(request.headers['content-type']).split(';')[0],
		authorization: request.headers.authorization,
	};
}

type Reply = [origin: string, method: 'get' | 'post' | 'delete', path: string, status: number, body?: unknown];

/** Runs `act` with Twilio answering `replies` (each as often as asked) and returns what was sent. */
async function capture(replies: Reply[], act: () => Promise<unknown>) {
	resetHttp();
	for (const [origin, method, path, status, body] of replies) nock(origin)[method](path).query(true).times(5).reply(answer(status, body));
	await act();
	expect(unexpected).toEqual([]);
	return sent.map(wire);
}

const api = TWILIO_ORIGIN;
const msg = TWILIO_MESSAGING_ORIGIN;
const LOOKED_UP: Reply = [api, 'get', TWILIO_NUMBERS, 200, twilioList([twilioIncoming('+14155550100')])];
const IN_SERVICE = twilioServiceNumberPath(TWILIO_SID);
const twilio = (fields: INodeParameters): INodeParameters => ({
	authentication: 'twilioNumbersApi',
	resource: 'phoneNumber',
	ownedNumber: byNumber('+14155550100'),
	messagingCampaign: { __rl: true, mode: 'id', value: TWILIO_SERVICE },
	...fields,
});
async function node(parameters: INodeParameters): Promise<void> {
	const { error } = await runPhoneNumberNode({ parameters: twilio(parameters) });
	expect(error).toBeUndefined();
}

afterAll(() => nock.restore());

describe('the same requests as the SDK', () => {
	test('Add to Messaging Campaign: incomingPhoneNumbers.page({phoneNumber}), phoneNumbers(PN).fetch, usAppToPerson.page, phoneNumbers.create({phoneNumberSid})', async () => {
		const replies: Reply[] = [
			LOOKED_UP,
			[msg, 'get', IN_SERVICE, 404, twilioError(404, 20404, 'The requested resource was not found')],
			[msg, 'get', twilioUsa2pPath(), 200, twilioUsa2pList([twilioUsa2p('VERIFIED')])],
			[msg, 'post', twilioServiceNumbersPath(), 201, twilioServiceNumber('+14155550100')],
		];
		const bySdk = await capture(replies, async () => {
			const client = sdk();
			const service = client.messaging.v1.services(TWILIO_SERVICE);
			await client.incomingPhoneNumbers.page({ phoneNumber: '+14155550100' });
			await service.phoneNumbers(TWILIO_SID).fetch().catch((error: { status: number }) => expect(error.status).toBe(404));
			await service.usAppToPerson.page({});
			await service.phoneNumbers.create({ phoneNumberSid: TWILIO_SID });
		});
		const byNode = await capture(replies, () => node({ operation: 'addToCampaign' }));
		expect(bySdk).toHaveLength(4);
		expect(byNode).toEqual(bySdk);
	});

	test('Remove From Messaging Campaign: the same look, then phoneNumbers(PN).remove()', async () => {
		const replies: Reply[] = [
			LOOKED_UP,
			[msg, 'get', IN_SERVICE, 200, twilioServiceNumber('+14155550100')],
			[msg, 'get', twilioUsa2pPath(), 200, twilioUsa2pList([twilioUsa2p('VERIFIED')])],
			[msg, 'delete', IN_SERVICE, 204],
		];
		const bySdk = await capture(replies, async () => {
			const client = sdk();
			const service = client.messaging.v1.services(TWILIO_SERVICE);
			await client.incomingPhoneNumbers.page({ phoneNumber: '+14155550100' });
			await service.phoneNumbers(TWILIO_SID).fetch();
			await service.usAppToPerson.page({});
			expect(await service.phoneNumbers(TWILIO_SID).remove()).toBe(true);
		});
		const byNode = await capture(replies, () => node({ operation: 'removeFromCampaign' }));
		expect(bySdk).toHaveLength(4);
		expect(byNode).toEqual(bySdk);
	});

	test('the Messaging Campaign list: services.page({pageSize: 20}), then each campaign', async () => {
		const replies: Reply[] = [
			[msg, 'get', '/v1/Services', 200, twilioServices([twilioService(TWILIO_SERVICE, 'Order updates')])],
			[msg, 'get', twilioUsa2pPath(), 200, twilioUsa2pList([twilioUsa2p('VERIFIED')])],
		];
		const bySdk = await capture(replies, async () => {
			const client = sdk();
			await client.messaging.v1.services.page({ pageSize: 20 });
			await client.messaging.v1.services(TWILIO_SERVICE).usAppToPerson.page({});
		});
		const byNode = await capture(replies, async () => {
			const { error } = await runListSearch({ parameters: twilio({ operation: 'addToCampaign' }), method: 'searchMessagingCampaigns' });
			expect(error).toBeUndefined();
		});
		expect(bySdk).toHaveLength(2);
		expect(byNode).toEqual(bySdk);
	});

	test('Purchase → Then Configure → Messaging Campaign: incomingPhoneNumbers.create, usAppToPerson.page, phoneNumbers.create', async () => {
		const replies: Reply[] = [
			[api, 'post', TWILIO_NUMBERS, 201, twilioIncoming('+14155550100')],
			[msg, 'get', twilioUsa2pPath(), 200, twilioUsa2pList([twilioUsa2p('VERIFIED')])],
			[msg, 'post', twilioServiceNumbersPath(), 201, twilioServiceNumber('+14155550100')],
		];
		const bySdk = await capture(replies, async () => {
			const client = sdk();
			const number = await client.incomingPhoneNumbers.create({ phoneNumber: '+14155550100' });
			await client.messaging.v1.services(TWILIO_SERVICE).usAppToPerson.page({});
			await client.messaging.v1.services(TWILIO_SERVICE).phoneNumbers.create({ phoneNumberSid: number.sid });
		});
		const byNode = await capture(replies, () => node({ operation: 'purchase', phoneNumber: '+14155550100', thenConfigure: { messagingCampaign: { __rl: true, mode: 'list', value: TWILIO_SERVICE } } }));
		expect(bySdk).toHaveLength(3);
		expect(byNode).toEqual(bySdk);
	});
});

describe('the Messaging API\'s refusal, as the SDK reads it and the node words it', () => {
	test('409 21712: code, message, more_info', async () => {
		const refusal = twilioError(409, 21712, 'Phone Number or Short Code is associated with another Messaging Service.');
		resetHttp();
		nock(msg).post(twilioServiceNumbersPath()).reply(answer(409, refusal));
		const error = await sdk().messaging.v1.services(TWILIO_SERVICE).phoneNumbers.create({ phoneNumberSid: TWILIO_SID }).catch((caught: unknown) => caught);
		expect(error).toMatchObject({ status: 409, code: 21712, message: refusal.message, moreInfo: 'https://www.twilio.com/docs/errors/21712' });

		resetHttp();
		nock(api).get(TWILIO_NUMBERS).query(true).reply(answer(200, twilioList([twilioIncoming('+14155550100')])));
		nock(msg)
			.get(IN_SERVICE)
			.reply(answer(404, twilioError(404, 20404, 'The requested resource was not found')))
			.get(twilioUsa2pPath())
			.reply(answer(200, twilioUsa2pList([twilioUsa2p('VERIFIED')])))
			.post(twilioServiceNumbersPath())
			.reply(answer(409, refusal));
		const { items } = await runPhoneNumberNode({ parameters: twilio({ operation: 'addToCampaign' }) });
		expect(items[0].json.campaign).toMatchObject({ status: 'failed', httpCode: '409', message: `Twilio refused the request (HTTP 409): ${refusal.message} (Twilio error 21712)` });
	});
});
