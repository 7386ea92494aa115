/**
 * Phone Number Trigger through n8n-core's HookContext (activation, deactivation) and
 * WebhookContext (each inbound request), against the provider stand-in over loopback HTTP. The
 * stand-in signs the inbound requests as the providers do (test/triggerSignatures.test.cts checks
 * that against the SDKs) and keeps each number's settings, so every assertion reads the provider's
 * state after the fact.
 */
import { logOnceItSays, logText } from './helpers/n8n.cts';
import { TriggerHarness, WEBHOOK_ID, type Inbound } from './helpers/trigger.cts';

const { createSandbox, DEFAULTS } = require('./sandbox/server') as {
	createSandbox(options?: Record<string, unknown>): Sandbox;
	DEFAULTS: { signalwire: { signingKey: string } };
};
const { assertLoopbackOnly } = require('./helpers/loopback') as { assertLoopbackOnly(pid: number, label: string): void };
const plivoSdk = require('plivo') as {
	Response: new () => { addSpeak(text: string): void; addHangup(): void; addMessage(text: string, attributes: Record<string, string>): void; toXML(): string };
};
const { RestClient } = require('@signalwire/compatibility-api') as {
	RestClient: {
		LaML: {
			VoiceResponse: new () => { say(text: string): void; hangup(): void; toString(): string };
			MessagingResponse: new () => { message(text: string): void; toString(): string };
		};
	};
};

interface Sandbox {
	listen(): Promise<string>;
	close(): Promise<void>;
	requests: Array<{ method: string; path: string; query: Record<string, string>; body: unknown; status: number }>;
	snapshot(): { signalwire: { owned: Array<Record<string, any>> }; plivo: { owned: Array<Record<string, any>>; applications: Array<Record<string, any>> } };
	simulateInbound(options: Record<string, unknown>): Promise<Inbound>;
}

const SW_NUMBER = '+14155550129';
const PLIVO_NUMBER = '14155550129';
const XML = '<?xml version="1.0" encoding="UTF-8"?>';

let sandbox: Sandbox;
let baseUrl: string;
const harnesses: TriggerHarness[] = [];

beforeAll(async () => {
	sandbox = createSandbox();
	baseUrl = await sandbox.listen();
	assertLoopbackOnly(process.pid, 'provider stand-in');
});

afterAll(async () => {
	await Promise.all(harnesses.map((harness) => harness.close()));
	await sandbox.close();
});

async function trigger(credential: 'signalWireApi' | 'plivoNumbersApi', parameters: Record<string, unknown>, credentialData: Record<string, string> = {}) {
	const harness = new TriggerHarness(credential, parameters as never, {
		baseUrl,
		...(credential === 'signalWireApi' ? { signingSecret: DEFAULTS.signalwire.signingKey } : {}),
		...credentialData,
	});
	harnesses.push(harness);
	await harness.listen();
	return harness;
}

function swNumber(number = SW_NUMBER) {
	return sandbox.snapshot().signalwire.owned.find((entry) => entry.number === number)!;
}
function plivoNumber(digits = PLIVO_NUMBER) {
	return sandbox.snapshot().plivo.owned.find((entry) => entry.number === digits)!;
}

/** A change made outside n8n, through the provider's own API (the stand-in), as a user would. */
async function providerCall(method: string, path: string, body: unknown, auth: string) {
	const response = await fetch(`${baseUrl}${path}`, {
		method,
		headers: { authorization: `Basic ${Buffer.from(auth).toString('base64')}`, 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return { status: response.status, body: (response.status === 204 ? null : await response.json()) as Record<string, any> };
}
const SW_AUTH = 'sw-test-project:sw-test-token';
const PLIVO_AUTH = 'MATESTACCOUNT0000001:plivo-test-token';

describe('SignalWire', () => {
	const swFields = (record: Record<string, any>) => ({
		message_handler: record.message_handler,
		message_request_url: record.message_request_url,
		message_request_method: record.message_request_method,
		call_handler: record.call_handler,
		call_request_url: record.call_request_url,
		call_request_method: record.call_request_method,
	});

	it('activation points the number at the production URL, and deactivation puts back what SignalWire lets it', async () => {
		// What the user had before: messages to their own app, calls to nothing.
		const id = swNumber().id;
		await providerCall('PUT', `/api/relay/rest/phone_numbers/${id}`, { message_handler: 'laml_webhooks', message_request_url: 'https://example.com/sms', message_request_method: 'GET' }, SW_AUTH);
		const before = swFields(swNumber());
		const harness = await trigger('signalWireApi', { phoneNumber: { mode: 'number', value: '+1 (415) 555-0129' }, events: ['message', 'call'] });
		sandbox.requests.length = 0;

		expect(await harness.activate()).toEqual({ existed: false });
		const url = harness.url();
		expect(url).toBe(`${harness.url().split('/webhook/')[0]}/webhook/${WEBHOOK_ID}/phone-number`);
		expect(sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/relay/rest/phone_numbers', `PUT /api/relay/rest/phone_numbers/${id}`]);
		expect(sandbox.requests[0].query).toEqual({ filter_number: SW_NUMBER });
		expect(sandbox.requests[1].body).toEqual({
			message_handler: 'laml_webhooks', message_request_url: url, message_request_method: 'POST',
			call_handler: 'laml_webhooks', call_request_url: url, call_request_method: 'POST',
		});
		expect(swFields(swNumber())).toEqual({
			message_handler: 'laml_webhooks', message_request_url: url, message_request_method: 'POST',
			call_handler: 'laml_webhooks', call_request_url: url, call_request_method: 'POST',
		});
		expect(harness.staticData.activation).toMatchObject({ provider: 'signalWireApi', number: SW_NUMBER, numberKey: id, webhookUrl: url, previous: before });

		// n8n activates again after a restart: checkExists finds it, nothing is changed.
		sandbox.requests.length = 0;
		expect(await harness.activate()).toEqual({ existed: true });
		expect(sandbox.requests.map((r) => r.method)).toEqual(['GET']);

		sandbox.requests.length = 0;
		expect(await harness.deactivate()).toBe(true);
		// SignalWire's update request has no null (its OpenAPI spec): the unset call URL is cleared
		// with "", and the unset call handler cannot be unset again, so it stays LaML Webhooks with no URL.
		expect(sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /api/relay/rest/phone_numbers/${id}`, `PUT /api/relay/rest/phone_numbers/${id}`]);
		expect(sandbox.requests[1].body).toEqual({
			message_handler: 'laml_webhooks', message_request_url: 'https://example.com/sms', message_request_method: 'GET',
			call_request_url: '', call_request_method: 'POST',
		});
		expect(before).toMatchObject({ call_handler: null, call_request_url: null });
		expect(swFields(swNumber())).toEqual({ ...before, call_handler: 'laml_webhooks', call_request_url: '' });
		expect(harness.staticData.activation).toBeUndefined();
	});

	describe('requests to the webhook', () => {
		let harness: TriggerHarness;
		beforeAll(async () => {
			harness = await trigger('signalWireApi', { phoneNumber: { mode: 'number', value: SW_NUMBER }, events: ['message', 'call'], callAnswer: 'say', sayText: 'Thanks & goodbye <3' });
			await harness.activate();
		});
		afterAll(async () => {
			await harness.deactivate();
		});
		beforeEach(() => {
			harness.calls.length = 0;
		});

		it('a signed message starts one execution with the common item, answered with an empty cXML Response', async () => {
			const sent = await sandbox.simulateInbound({ provider: 'signalwire', number: SW_NUMBER, event: 'message', from: '+14155550100', text: 'Hi there', media: ['https://files.example/1.jpg'] });
			expect(sent.status).toBe(200);
			expect(sent.headers['content-type']).toMatch(/^application\/xml/);
			expect(sent.body).toBe(new RestClient.LaML.MessagingResponse().toString());
			expect(harness.executions).toHaveLength(1);
			const [[item]] = harness.executions[0].result!.workflowData!;
			expect(item.json).toEqual({
				provider: 'signalwire',
				event: 'message',
				from: '+14155550100',
				to: SW_NUMBER,
				text: 'Hi there',
				media: ['https://files.example/1.jpg'],
				messageId: sent.payload.MessageSid,
				receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
				raw: sent.payload,
			});
		});

		it('a signed call starts one execution; the caller hears the text, then the call ends (valid cXML)', async () => {
			const sent = await sandbox.simulateInbound({ provider: 'signalwire', number: SW_NUMBER, event: 'call', from: '+14155550100' });
			const expected = new RestClient.LaML.VoiceResponse();
			expected.say('Thanks & goodbye <3');
			expected.hangup();
			expect(sent.status).toBe(200);
			expect(sent.body).toBe(expected.toString());
			expect(harness.executions).toHaveLength(1);
			expect(harness.executions[0].result!.workflowData![0][0].json).toEqual({
				provider: 'signalwire',
				event: 'call',
				from: '+14155550100',
				to: SW_NUMBER,
				callId: sent.payload.CallSid,
				receivedAt: expect.any(String),
				raw: sent.payload,
			});
		});

		it.each([
			['unsigned', 'none', 'Refused: it has no X-SignalWire-Signature header.'],
			['tampered', 'tampered', 'Refused: the signature does not match the request.'],
		])('%s requests get 403 and start nothing', async (_name, signature, text) => {
			for (const event of ['message', 'call']) {
				const sent = await sandbox.simulateInbound({ provider: 'signalwire', number: SW_NUMBER, event, signature });
				expect([sent.status, sent.body]).toEqual([403, text]);
			}
			expect(harness.calls).toHaveLength(2);
			expect(harness.executions).toHaveLength(0);
		});

		it('a request signed with another Signing Key than the credential\'s gets 403', async () => {
			const other = await trigger('signalWireApi', { phoneNumber: { mode: 'number', value: SW_NUMBER }, events: ['message'] }, { signingSecret: 'another-signing-key' });
			await other.activate();
			const sent = await sandbox.simulateInbound({ provider: 'signalwire', number: SW_NUMBER, event: 'message' });
			expect([sent.url, sent.status, sent.body]).toEqual([other.url(), 403, 'Refused: the signature does not match the request.']);
			expect(other.calls).toHaveLength(1);
			expect(other.executions).toHaveLength(0);
			expect(await other.deactivate()).toBe(true);
			expect(swNumber().message_request_url).toBe(harness.url());
		});
	});

	it('replies to a message with a text when Reply to Messages is set (cXML <Message>)', async () => {
		const harness = await trigger('signalWireApi', { phoneNumber: { mode: 'number', value: SW_NUMBER }, events: ['message'], messageReply: 'Thanks & see you' });
		await harness.activate();
		const sent = await sandbox.simulateInbound({ provider: 'signalwire', number: SW_NUMBER, event: 'message' });
		const expected = new RestClient.LaML.MessagingResponse();
		expected.message('Thanks & see you');
		expect([sent.status, sent.body]).toEqual([200, expected.toString()]);
		expect(harness.executions).toHaveLength(1);
		await harness.deactivate();
	});

	it('restores nothing when someone changed the number meanwhile, and says so', async () => {
		const harness = await trigger('signalWireApi', { phoneNumber: { mode: 'number', value: SW_NUMBER }, events: ['message'] });
		await harness.activate();
		const id = swNumber().id;
		await providerCall('PUT', `/api/relay/rest/phone_numbers/${id}`, { message_request_url: 'https://someone-else.example/sms' }, SW_AUTH);
		sandbox.requests.length = 0;
		const logFrom = logText().length;

		expect(await harness.deactivate()).toBe(false);
		expect(sandbox.requests.map((r) => r.method)).toEqual(['GET']);
		expect(swNumber().message_request_url).toBe('https://someone-else.example/sms');
		expect(harness.staticData.activation).toBeUndefined();
		const said = `${SW_NUMBER} was changed at SignalWire while the workflow was active, so the Phone Number Trigger left it as it is and did not restore its previous settings`;
		expect(await logOnceItSays(said, logFrom)).toContain(said);
	});

	it('"Listen for test event" points the number at the test URL and restores it the same way', async () => {
		const before = swFields(swNumber());
		const harness = await trigger('signalWireApi', { phoneNumber: { mode: 'number', value: SW_NUMBER }, events: ['call'] });
		await harness.activate(true);
		expect(swNumber().call_request_url).toBe(harness.url(true));
		const sent = await sandbox.simulateInbound({ provider: 'signalwire', number: SW_NUMBER, event: 'call' });
		expect([sent.status, sent.body]).toEqual([200, `${XML}<Response><Hangup/></Response>`]);
		expect(harness.executions).toHaveLength(1);
		expect(await harness.deactivate(true)).toBe(true);
		expect(swFields(swNumber())).toEqual(before);
	});

	it('a number picked from the list (SignalWire gives its ID) is addressed by that ID', async () => {
		const id = swNumber().id;
		const harness = await trigger('signalWireApi', { phoneNumber: { mode: 'list', value: id }, events: ['message'] });
		sandbox.requests.length = 0;
		await harness.activate();
		expect(sandbox.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /api/relay/rest/phone_numbers/${id}`, `PUT /api/relay/rest/phone_numbers/${id}`]);
		expect(await harness.deactivate()).toBe(true);
	});

	it('activation stops, changing nothing, when the credential has no Signing Key', async () => {
		const harness = await trigger('signalWireApi', { phoneNumber: { mode: 'number', value: SW_NUMBER }, events: ['message'] }, { signingSecret: '' });
		sandbox.requests.length = 0;
		await expect(harness.activate()).rejects.toMatchObject({
			message: 'The SignalWire API credential has no Signing Key',
			description: expect.stringContaining('API page, "Signing Key"'),
		});
		expect(sandbox.requests.filter((r) => r.method === 'PUT')).toEqual([]);
	});

	it('a refused activation says so in SignalWire\'s words, names the field, and changes nothing else', async () => {
		const harness = await trigger('signalWireApi', { phoneNumber: { mode: 'number', value: SW_NUMBER }, events: ['call'] });
		const before = swNumber();
		(sandbox as unknown as { addFault(fault: Record<string, unknown>): void }).addFault({
			method: 'PUT',
			path: '^/api/relay/rest/phone_numbers/',
			status: 422,
			body: { errors: [{ detail: 'Call handler is not allowed for this number', status: '422', title: 'Invalid', code: 'invalid' }] },
			times: 1,
		});
		await expect(harness.activate()).rejects.toMatchObject({
			message: 'SignalWire refused the request (HTTP 422): Call handler is not allowed for this number',
			httpCode: '422',
			description: expect.stringMatching(/^The trigger could not set up SignalWire \(PUT \/api\/relay\/rest\/phone_numbers\/[^)]+\); nothing else was changed\. SignalWire refused the values sent\. Check 'Phone Number'\.$/),
		});
		expect(swNumber()).toEqual(before);
	});

	it('an API Base URL that is not http(s) stops activation before any request, as in the Phone Number node', async () => {
		const harness = await trigger('signalWireApi', { phoneNumber: { mode: 'number', value: SW_NUMBER }, events: ['call'] }, { baseUrl: 'ftp://user:pass@127.0.0.1/' });
		sandbox.requests.length = 0;
		await expect(harness.activate()).rejects.toMatchObject({
			message: 'The "SignalWire API" credential does not give a usable SignalWire address',
			description: expect.stringContaining('the API Base URL must be empty or start with http:// or https://'),
		});
		expect(sandbox.requests).toEqual([]);
	});

	it('a number that is not in the account stops activation with a clear message', async () => {
		const harness = await trigger('signalWireApi', { phoneNumber: { mode: 'number', value: '+14155550111' }, events: ['message'] });
		await expect(harness.activate()).rejects.toMatchObject({ message: '+14155550111 is not in your SignalWire account' });
	});
});

describe('Plivo', () => {
	let previousAppId: string;

	beforeAll(async () => {
		// What the user had before: their own application on the number.
		const created = await providerCall('POST', '/v1/Account/MATESTACCOUNT0000001/Application/', { app_name: 'My voice app', answer_url: 'https://example.com/answer', message_url: 'https://example.com/message' }, PLIVO_AUTH);
		previousAppId = created.body.app_id;
		await providerCall('POST', `/v1/Account/MATESTACCOUNT0000001/Number/${PLIVO_NUMBER}/`, { app_id: previousAppId }, PLIVO_AUTH);
	});

	const appOf = (digits = PLIVO_NUMBER) => /Application\/([^/]+)\//.exec(plivoNumber(digits).application ?? '')?.[1] ?? null;

	it('activation creates an application at the production URL and assigns it; deactivation puts the previous one back and deletes its own', async () => {
		const harness = await trigger('plivoNumbersApi', { phoneNumber: { mode: 'number', value: '+1 415 555 0129' }, events: ['message', 'call'] });
		sandbox.requests.length = 0;
		await harness.activate();
		const url = harness.url();
		expect(sandbox.requests.map((r) => `${r.method} ${r.path.replace('/v1/Account/MATESTACCOUNT0000001', '')}`)).toEqual([
			`GET /Number/${PLIVO_NUMBER}/`,
			'POST /Application/',
			`POST /Number/${PLIVO_NUMBER}/`,
		]);
		expect(sandbox.requests[1].body).toEqual({ app_name: `n8n Phone Number Trigger +${PLIVO_NUMBER}`, answer_url: url, answer_method: 'POST', message_url: url, message_method: 'POST' });
		const createdId = harness.staticData.activation!.createdApplicationId;
		expect(appOf()).toBe(createdId);
		expect(harness.staticData.activation).toMatchObject({ previous: { app_id: previousAppId }, applied: { app_id: createdId } });

		expect(await harness.deactivate()).toBe(true);
		expect(appOf()).toBe(previousAppId);
		expect(sandbox.snapshot().plivo.applications.map((app) => app.app_id)).toEqual([previousAppId]);
	});

	describe('requests to the webhook', () => {
		let harness: TriggerHarness;
		beforeAll(async () => {
			harness = await trigger('plivoNumbersApi', { phoneNumber: { mode: 'number', value: PLIVO_NUMBER }, events: ['message', 'call'] });
			await harness.activate();
		});
		afterAll(async () => {
			await harness.deactivate();
		});
		beforeEach(() => {
			harness.calls.length = 0;
		});

		it('a signed message starts one execution with the same item shape as SignalWire (numbers in E.164)', async () => {
			const sent = await sandbox.simulateInbound({ provider: 'plivo', number: PLIVO_NUMBER, event: 'message', from: '14155550100', text: 'Hi Plivo', media: ['https://media.example/a.png'] });
			expect([sent.status, sent.body]).toEqual([200, `${XML}<Response/>`]);
			expect(harness.executions).toHaveLength(1);
			expect(harness.executions[0].result!.workflowData![0][0].json).toEqual({
				provider: 'plivo',
				event: 'message',
				from: '+14155550100',
				to: `+${PLIVO_NUMBER}`,
				text: 'Hi Plivo',
				media: ['https://media.example/a.png'],
				messageId: sent.payload.MessageUUID,
				receivedAt: expect.any(String),
				raw: sent.payload,
			});
		});

		it('a signed call starts one execution and is hung up with valid Plivo XML', async () => {
			const sent = await sandbox.simulateInbound({ provider: 'plivo', number: PLIVO_NUMBER, event: 'call', from: '14155550100' });
			const expected = new plivoSdk.Response();
			expected.addHangup();
			expect([sent.status, sent.body]).toEqual([200, `${XML}${expected.toXML()}`]);
			expect(harness.executions[0].result!.workflowData![0][0].json).toMatchObject({ provider: 'plivo', event: 'call', from: '+14155550100', to: `+${PLIVO_NUMBER}`, callId: sent.payload.CallUUID });
		});

		it.each([
			['unsigned', 'none', 'Refused: it has no X-Plivo-Signature-V3 header.'],
			['tampered', 'tampered', 'Refused: the signature does not match the request.'],
		])('%s requests get 403 and start nothing', async (_name, signature, text) => {
			for (const event of ['message', 'call']) {
				const sent = await sandbox.simulateInbound({ provider: 'plivo', number: PLIVO_NUMBER, event, signature });
				expect([sent.status, sent.body]).toEqual([403, text]);
			}
			expect(harness.executions).toHaveLength(0);
		});
	});

	it('says a text in Plivo XML (<Speak>) and, with calls only chosen, answers messages without starting anything', async () => {
		const harness = await trigger('plivoNumbersApi', { phoneNumber: { mode: 'number', value: PLIVO_NUMBER }, events: ['call'], callAnswer: 'say', sayText: 'Bonjour & <au revoir>' });
		await harness.activate();
		const call = await sandbox.simulateInbound({ provider: 'plivo', number: PLIVO_NUMBER, event: 'call' });
		const expected = new plivoSdk.Response();
		expected.addSpeak('Bonjour & <au revoir>');
		expected.addHangup();
		expect(call.body).toBe(`${XML}${expected.toXML()}`);
		const message = await sandbox.simulateInbound({ provider: 'plivo', number: PLIVO_NUMBER, event: 'message' });
		expect([message.status, message.body]).toEqual([200, `${XML}<Response/>`]);
		expect(harness.executions.map((c) => c.result!.workflowData![0][0].json.event)).toEqual(['call']);
		await harness.deactivate();
	});

	it('replies to a message with Plivo XML (<Message src dst>) when Reply to Messages is set', async () => {
		const harness = await trigger('plivoNumbersApi', { phoneNumber: { mode: 'number', value: PLIVO_NUMBER }, events: ['message'], messageReply: 'Got it <3' });
		await harness.activate();
		const sent = await sandbox.simulateInbound({ provider: 'plivo', number: PLIVO_NUMBER, event: 'message', from: '14155550100' });
		const expected = new plivoSdk.Response();
		expected.addMessage('Got it <3', { src: PLIVO_NUMBER, dst: '14155550100', type: 'sms' });
		expect([sent.status, sent.body]).toEqual([200, `${XML}${expected.toXML()}`]);
		await harness.deactivate();
	});

	it.each(['respondToWebhook', 'lastNode'])('Answer Calls "%s" leaves the call answer to the workflow', async (callAnswer) => {
		const harness = await trigger('plivoNumbersApi', { phoneNumber: { mode: 'number', value: PLIVO_NUMBER }, events: ['message', 'call'], callAnswer });
		await harness.activate();
		await sandbox.simulateInbound({ provider: 'plivo', number: PLIVO_NUMBER, event: 'call' });
		expect(harness.calls[0].result).toEqual({ workflowData: [[{ json: expect.objectContaining({ event: 'call' }) }]] });
		const message = await sandbox.simulateInbound({ provider: 'plivo', number: PLIVO_NUMBER, event: 'message' });
		expect(message.body).toBe(`${XML}<Response/>`);
		expect(harness.calls[1].result).toMatchObject({ noWebhookResponse: true });
		await harness.deactivate();
	});

	it('restores nothing when someone assigned another application meanwhile, says so, and deletes only its own application', async () => {
		const harness = await trigger('plivoNumbersApi', { phoneNumber: { mode: 'number', value: PLIVO_NUMBER }, events: ['message'] });
		await harness.activate();
		const ours = harness.staticData.activation!.createdApplicationId;
		const theirs = await providerCall('POST', '/v1/Account/MATESTACCOUNT0000001/Application/', { app_name: 'Their app', answer_url: 'https://their.example/answer' }, PLIVO_AUTH);
		await providerCall('POST', `/v1/Account/MATESTACCOUNT0000001/Number/${PLIVO_NUMBER}/`, { app_id: theirs.body.app_id }, PLIVO_AUTH);
		const logFrom = logText().length;

		expect(await harness.deactivate()).toBe(false);
		expect(appOf()).toBe(theirs.body.app_id);
		const apps = sandbox.snapshot().plivo.applications.map((app) => app.app_id);
		expect(apps).not.toContain(ours);
		expect(apps).toContain(theirs.body.app_id);
		const said = `+${PLIVO_NUMBER} was changed at Plivo while the workflow was active`;
		expect(await logOnceItSays(said, logFrom)).toContain(said);
		// Put the user's own application back for the other cases.
		await providerCall('POST', `/v1/Account/MATESTACCOUNT0000001/Number/${PLIVO_NUMBER}/`, { app_id: previousAppId }, PLIVO_AUTH);
	});
});

describe('Twilio', () => {
	const twiml = require('twilio') as {
		twiml: {
			MessagingResponse: new () => { message(text: string): void; toString(): string };
			VoiceResponse: new () => { say(text: string): void; hangup(): void; toString(): string };
		};
	};
	const TW_NUMBER = '+14155550129';
	const TW_AUTH = 'AC00000000000000000000000000000001:twilio-test-token';
	const TW_ACCOUNT = '/2010-04-01/Accounts/AC00000000000000000000000000000001';
	const twNumber = () => (sandbox.snapshot() as unknown as { twilio: { owned: Array<Record<string, any>> } }).twilio.owned.find((entry) => entry.phone_number === TW_NUMBER)!;
	const twFields = (record: Record<string, any>) => ({
		sms_url: record.sms_url, sms_method: record.sms_method, sms_application_sid: record.sms_application_sid,
		voice_url: record.voice_url, voice_method: record.voice_method, voice_application_sid: record.voice_application_sid, trunk_sid: record.trunk_sid,
	});
	/** A change made outside n8n, through Twilio's API (form-encoded), as a user would. */
	async function twilioCall(sid: string, fields: Record<string, string>) {
		const response = await fetch(`${baseUrl}${TW_ACCOUNT}/IncomingPhoneNumbers/${sid}.json`, {
			method: 'POST',
			headers: { authorization: `Basic ${Buffer.from(TW_AUTH).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams(fields).toString(),
		});
		expect(response.status).toBe(200);
	}
	async function twTrigger(parameters: Record<string, unknown>, credentialData: Record<string, string> = {}) {
		const harness = new TriggerHarness('twilioNumbersApi', parameters as never, { baseUrl, ...credentialData });
		harnesses.push(harness);
		await harness.listen();
		return harness;
	}

	it('activation points Voice and SMS URL at the workflow, clearing the voice application that would take their place; deactivation puts back exactly what was there', async () => {
		// What the user had before: messages to their own app (GET), calls to a TwiML application.
		const sid = twNumber().sid;
		await twilioCall(sid, { SmsUrl: 'https://example.com/own-sms', SmsMethod: 'GET', VoiceApplicationSid: 'AP00000000000000000000000000000009' });
		const before = twFields(twNumber());
		const harness = await twTrigger({ phoneNumber: { mode: 'number', value: '+1 (415) 555-0129' }, events: ['message', 'call'] });
		sandbox.requests.length = 0;

		expect(await harness.activate()).toEqual({ existed: false });
		const url = harness.url();
		expect(sandbox.requests.map((r) => `${r.method} ${r.path.replace(TW_ACCOUNT, '')}`)).toEqual(['GET /IncomingPhoneNumbers.json', `POST /IncomingPhoneNumbers/${sid}.json`]);
		expect(sandbox.requests[0].query).toEqual({ PhoneNumber: TW_NUMBER });
		expect(sandbox.requests[1].body).toEqual({ SmsUrl: url, SmsMethod: 'POST', VoiceUrl: url, VoiceMethod: 'POST', VoiceApplicationSid: '' });
		expect(twFields(twNumber())).toEqual({ ...before, sms_url: url, sms_method: 'POST', voice_url: url, voice_method: 'POST', voice_application_sid: '' });
		expect(harness.staticData.activation).toMatchObject({
			provider: 'twilioNumbersApi',
			number: TW_NUMBER,
			numberKey: sid,
			webhookUrl: url,
			previous: { SmsUrl: 'https://example.com/own-sms', SmsMethod: 'GET', VoiceUrl: '', VoiceMethod: 'POST', VoiceApplicationSid: 'AP00000000000000000000000000000009' },
		});

		sandbox.requests.length = 0;
		expect(await harness.activate()).toEqual({ existed: true });
		expect(sandbox.requests.map((r) => r.method)).toEqual(['GET']);

		expect(await harness.deactivate()).toBe(true);
		expect(twFields(twNumber())).toEqual({ ...before, voice_url: '' });
		expect(harness.staticData.activation).toBeUndefined();
		await twilioCall(sid, { SmsUrl: '', SmsMethod: 'POST', VoiceApplicationSid: '' });
	});

	describe('requests to the webhook', () => {
		let harness: TriggerHarness;
		beforeAll(async () => {
			harness = await twTrigger({ phoneNumber: { mode: 'number', value: TW_NUMBER }, events: ['message', 'call'], callAnswer: 'say', sayText: 'Thanks & goodbye <3' });
			await harness.activate();
		});
		afterAll(async () => {
			await harness.deactivate();
		});
		beforeEach(() => {
			harness.calls.length = 0;
		});

		it('a signed message starts one execution with the common item, answered as the SDK\'s empty MessagingResponse', async () => {
			const sent = await sandbox.simulateInbound({ provider: 'twilio', number: TW_NUMBER, event: 'message', from: '+14155550100', text: 'Hi Twilio', media: ['https://api.twilio.com/m/1.jpg'] });
			expect([sent.status, sent.headers['content-type']?.split(';')[0], sent.body]).toEqual([200, 'application/xml', new twiml.twiml.MessagingResponse().toString()]);
			expect(harness.executions).toHaveLength(1);
			expect(harness.executions[0].result!.workflowData![0][0].json).toEqual({
				provider: 'twilio',
				event: 'message',
				from: '+14155550100',
				to: TW_NUMBER,
				text: 'Hi Twilio',
				media: ['https://api.twilio.com/m/1.jpg'],
				messageId: sent.payload.MessageSid,
				receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
				raw: sent.payload,
			});
		});

		it('a signed call starts one execution; the answer is byte for byte the SDK\'s VoiceResponse (say, hang up)', async () => {
			const sent = await sandbox.simulateInbound({ provider: 'twilio', number: TW_NUMBER, event: 'call', from: '+14155550100' });
			const expected = new twiml.twiml.VoiceResponse();
			expected.say('Thanks & goodbye <3');
			expected.hangup();
			expect([sent.status, sent.body]).toEqual([200, expected.toString()]);
			expect(harness.executions.map((c) => c.result!.workflowData![0][0].json)).toEqual([
				{ provider: 'twilio', event: 'call', from: '+14155550100', to: TW_NUMBER, callId: sent.payload.CallSid, receivedAt: expect.any(String), raw: sent.payload },
			]);
		});

		it.each([
			['unsigned', 'none', 'Refused: it has no X-Twilio-Signature header.'],
			['tampered', 'tampered', 'Refused: the signature does not match the request.'],
		])('%s requests get 403 and start nothing', async (_name, signature, text) => {
			for (const event of ['message', 'call']) {
				const sent = await sandbox.simulateInbound({ provider: 'twilio', number: TW_NUMBER, event, signature });
				expect([sent.status, sent.body]).toEqual([403, text]);
			}
			expect(harness.calls).toHaveLength(2);
			expect(harness.executions).toHaveLength(0);
		});
	});

	it('replies to a message with the text (byte for byte the SDK\'s MessagingResponse.message), and a trigger with another Auth Token refuses Twilio\'s signature', async () => {
		const harness = await twTrigger({ phoneNumber: { mode: 'number', value: TW_NUMBER }, events: ['message'], messageReply: 'Got it & <thanks>' });
		await harness.activate();
		const sent = await sandbox.simulateInbound({ provider: 'twilio', number: TW_NUMBER, event: 'message' });
		const expected = new twiml.twiml.MessagingResponse();
		expected.message('Got it & <thanks>');
		expect([sent.status, sent.body]).toEqual([200, expected.toString()]);
		expect(await harness.deactivate()).toBe(true);

		// Signed in with an API key, so the Auth Token is only what the signature is checked with.
		const other = await twTrigger(
			{ phoneNumber: { mode: 'number', value: TW_NUMBER }, events: ['message'] },
			{ authType: 'apiKey', apiKeySid: 'SK00000000000000000000000000000001', apiKeySecret: 'twilio-test-key-secret', authToken: 'another-token' },
		);
		await other.activate();
		const refused = await sandbox.simulateInbound({ provider: 'twilio', number: TW_NUMBER, event: 'message' });
		expect([refused.status, refused.body]).toEqual([403, 'Refused: the signature does not match the request.']);
		expect(other.executions).toHaveLength(0);
		expect(await other.deactivate()).toBe(true);
	});

	it('a number picked from the list (its SID) is addressed by that SID; a number someone changed meanwhile is left as it is', async () => {
		const sid = twNumber().sid;
		const harness = await twTrigger({ phoneNumber: { mode: 'list', value: sid }, events: ['call'] });
		sandbox.requests.length = 0;
		await harness.activate();
		expect(sandbox.requests.map((r) => `${r.method} ${r.path.replace(TW_ACCOUNT, '')}`)).toEqual([`GET /IncomingPhoneNumbers/${sid}.json`, `POST /IncomingPhoneNumbers/${sid}.json`]);
		await twilioCall(sid, { VoiceUrl: 'https://someone-else.example/voice' });
		const logFrom = logText().length;
		expect(await harness.deactivate()).toBe(false);
		expect(twNumber().voice_url).toBe('https://someone-else.example/voice');
		const said = `${TW_NUMBER} was changed at Twilio while the workflow was active`;
		expect(await logOnceItSays(said, logFrom)).toContain(said);
		await twilioCall(sid, { VoiceUrl: '' });
	});

	it('activation stops before any change when the credential has no Auth Token (API key sign-in), and names where to find it', async () => {
		const harness = await twTrigger(
			{ phoneNumber: { mode: 'number', value: TW_NUMBER }, events: ['message'] },
			{ authType: 'apiKey', apiKeySid: 'SK00000000000000000000000000000001', apiKeySecret: 'twilio-test-key-secret', authToken: '' },
		);
		sandbox.requests.length = 0;
		await expect(harness.activate()).rejects.toMatchObject({
			message: 'The Twilio Numbers API credential has no Auth Token',
			description: expect.stringContaining('the trigger needs it even when the credential signs in with an API key'),
		});
		expect(sandbox.requests.filter((r) => r.method === 'POST')).toEqual([]);
	});

	it('a number that is not in the account stops activation with a clear message', async () => {
		const harness = await twTrigger({ phoneNumber: { mode: 'number', value: '+14155550111' }, events: ['message'] });
		await expect(harness.activate()).rejects.toMatchObject({ message: '+14155550111 is not in your Twilio account' });
	});
});
