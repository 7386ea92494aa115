/**
 * The Phone Number Trigger in a RUNNING n8n (the live harness's one `n8n start`): workflows are
 * activated through n8n's REST API, so n8n itself calls the trigger's checkExists/create/delete;
 * the stand-in then sends signed, unsigned and tampered inbound messages and calls to whatever URL
 * the number points at, and n8n's own executions are what is checked.
 */
import type { Inbound } from '../helpers/trigger.cts';
import { connectLiveN8n, nodeOutput, sleep, startProviderStandIn, type LiveN8n, type ProviderStandIn } from './harness.cts';

type StandInSandbox = Omit<ProviderStandIn['sandbox'], 'snapshot'> & {
	simulateInbound(options: Record<string, unknown>): Promise<Inbound>;
	snapshot(): { signalwire: { owned: Array<Record<string, any>> }; plivo: { owned: Array<Record<string, any>>; applications: Array<Record<string, any>> } };
};

const SW_NUMBER = '+14155550129';
const PLIVO_NUMBER = '14155550129';
const XML = '<?xml version="1.0" encoding="UTF-8"?>';

let live: LiveN8n;
let standIn: ProviderStandIn;
let sandbox: StandInSandbox;
const active: string[] = [];

async function providerCall(method: string, path: string, body: unknown, auth: string) {
	const response = await fetch(`${standIn.baseUrl}${path}`, {
		method,
		headers: { authorization: `Basic ${Buffer.from(auth).toString('base64')}`, 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	return (response.status === 204 ? null : await response.json()) as Record<string, any>;
}
const SW_AUTH = 'sw-test-project:sw-test-token';
const PLIVO_AUTH = 'MATESTACCOUNT0000001:plivo-test-token';
const PLIVO_ROOT = '/v1/Account/MATESTACCOUNT0000001';

const swNumber = () => sandbox.snapshot().signalwire.owned.find((n) => n.number === SW_NUMBER)!;
const plivoApp = (): string | null => /Application\/([^/]+)\//.exec(sandbox.snapshot().plivo.owned.find((n) => n.number === PLIVO_NUMBER)!.application ?? '')?.[1] ?? null;

function triggerWorkflow(name: string, webhookId: string, parameters: Record<string, unknown>, credential: 'signalWireApi' | 'plivoNumbersApi', extra: { nodes?: any[]; connections?: Record<string, unknown> } = {}) {
	return {
		name,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				name: 'Phone Number Trigger',
				type: live.nodeType.replace(/\.phoneNumber$/, '.phoneNumberTrigger'),
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				parameters: { authentication: credential, ...parameters },
				credentials: { [credential]: standIn.credentials[credential] },
			},
			...(extra.nodes ?? []),
		],
		connections: extra.connections ?? {},
	};
}

async function activate(id: string) {
	await live.activate(id);
	active.push(id);
}
async function deactivate(id: string) {
	await live.deactivate(id);
	active.splice(active.indexOf(id), 1);
}

/** Executions after a short wait: a refused request must not start one, even late. */
async function settledExecutions(id: string, count: number) {
	const executions = await live.waitForExecutions(id, (list) => list.length >= count);
	await sleep(1500);
	const again = await live.executions(id);
	expect(again).toHaveLength(count);
	return Promise.all(executions.map((e) => live.execution(e.id)));
}

beforeAll(async () => {
	live = await connectLiveN8n();
	standIn = await startProviderStandIn(live, 'trigger');
	sandbox = standIn.sandbox as StandInSandbox;
});

afterAll(async () => {
	for (const id of [...active]) await live.deactivate(id).catch(() => undefined);
	await standIn?.close();
});

describe('Phone Number Trigger in a running n8n', () => {
	it('SignalWire: activation points the number at the production URL; signed SMS and call start one execution each; unsigned and tampered none; deactivation restores', async () => {
		const id = swNumber().id;
		await providerCall('PUT', `/api/relay/rest/phone_numbers/${id}`, { message_handler: 'laml_webhooks', message_request_url: 'https://example.com/my-sms', call_handler: 'laml_application', call_laml_application_id: 'my-app' }, SW_AUTH);
		const before = { ...swNumber() };
		const webhookId = '0d9a1c1e-0000-4000-8000-0000000051a1';
		const workflow = await live.createWorkflow(triggerWorkflow('trigger live SignalWire', webhookId, { phoneNumber: { __rl: true, mode: 'number', value: SW_NUMBER }, events: ['message', 'call'] }, 'signalWireApi'));
		await activate(workflow.id);

		const url = `${live.baseUrl}/webhook/${webhookId}/phone-number`;
		expect(swNumber()).toMatchObject({ message_handler: 'laml_webhooks', message_request_url: url, message_request_method: 'POST', call_handler: 'laml_webhooks', call_request_url: url, call_request_method: 'POST' });

		const sms = await sandbox.simulateInbound({ provider: 'signalwire', number: SW_NUMBER, event: 'message', from: '+14155550100', text: 'Hello n8n' });
		expect([sms.url, sms.status, sms.body]).toEqual([url, 200, `${XML}<Response/>`]);
		const call = await sandbox.simulateInbound({ provider: 'signalwire', number: SW_NUMBER, event: 'call', from: '+14155550101' });
		expect([call.status, call.body]).toEqual([200, `${XML}<Response><Hangup/></Response>`]);
		for (const signature of ['none', 'tampered']) {
			for (const event of ['message', 'call']) {
				const refused = await sandbox.simulateInbound({ provider: 'signalwire', number: SW_NUMBER, event, signature });
				expect(refused.status).toBe(403);
			}
		}

		const executions = await settledExecutions(workflow.id, 2);
		const items = executions.map((e) => nodeOutput(e, 'Phone Number Trigger')).sort((a, b) => a[0].event.localeCompare(b[0].event));
		expect(items).toEqual([
			[{ provider: 'signalwire', event: 'call', from: '+14155550101', to: SW_NUMBER, callId: call.payload.CallSid, receivedAt: expect.any(String), raw: call.payload }],
			[
				{
					provider: 'signalwire', event: 'message', from: '+14155550100', to: SW_NUMBER, text: 'Hello n8n', media: [],
					messageId: sms.payload.MessageSid, receivedAt: expect.any(String), raw: sms.payload,
				},
			],
		]);
		expect(executions.map((e) => e.mode)).toEqual(['webhook', 'webhook']);

		await deactivate(workflow.id);
		const after = swNumber();
		// The call URL was unset: it goes back as "" (SignalWire's update request has no null).
		expect(before.call_request_url).toBeNull();
		const restored: Record<string, unknown> = { ...before, call_request_url: '' };
		for (const field of ['message_handler', 'message_request_url', 'message_request_method', 'call_handler', 'call_request_url', 'call_request_method', 'call_laml_application_id']) {
			expect([field, after[field]]).toEqual([field, restored[field]]);
		}
	});

	it('Plivo: activation creates and assigns an application at the production URL; signed SMS and call start one execution each; unsigned and tampered none; deactivation restores', async () => {
		const previous = await providerCall('POST', `${PLIVO_ROOT}/Application/`, { app_name: 'My app', answer_url: 'https://example.com/answer' }, PLIVO_AUTH);
		await providerCall('POST', `${PLIVO_ROOT}/Number/${PLIVO_NUMBER}/`, { app_id: previous.app_id }, PLIVO_AUTH);
		const webhookId = '0d9a1c1e-0000-4000-8000-0000000051a2';
		const workflow = await live.createWorkflow(
			triggerWorkflow('trigger live Plivo', webhookId, { phoneNumber: { __rl: true, mode: 'number', value: `+${PLIVO_NUMBER}` }, events: ['message', 'call'], callAnswer: 'say', sayText: 'Hello from n8n' }, 'plivoNumbersApi'),
		);
		await activate(workflow.id);

		const url = `${live.baseUrl}/webhook/${webhookId}/phone-number`;
		const ours = plivoApp();
		expect(ours).not.toBe(previous.app_id);
		expect(sandbox.snapshot().plivo.applications.find((app) => app.app_id === ours)).toMatchObject({ message_url: url, answer_url: url });

		const sms = await sandbox.simulateInbound({ provider: 'plivo', number: PLIVO_NUMBER, event: 'message', from: '14155550100', text: 'Hi Plivo' });
		expect([sms.url, sms.status, sms.body]).toEqual([url, 200, `${XML}<Response/>`]);
		const call = await sandbox.simulateInbound({ provider: 'plivo', number: PLIVO_NUMBER, event: 'call', from: '14155550101' });
		expect([call.status, call.body]).toEqual([200, `${XML}<Response><Speak>Hello from n8n</Speak><Hangup/></Response>`]);
		for (const signature of ['none', 'tampered']) {
			for (const event of ['message', 'call']) {
				expect((await sandbox.simulateInbound({ provider: 'plivo', number: PLIVO_NUMBER, event, signature })).status).toBe(403);
			}
		}

		const executions = await settledExecutions(workflow.id, 2);
		const items = executions.map((e) => nodeOutput(e, 'Phone Number Trigger')[0]).sort((a, b) => a.event.localeCompare(b.event));
		expect(items).toEqual([
			{ provider: 'plivo', event: 'call', from: '+14155550101', to: `+${PLIVO_NUMBER}`, callId: call.payload.CallUUID, receivedAt: expect.any(String), raw: call.payload },
			{
				provider: 'plivo', event: 'message', from: '+14155550100', to: `+${PLIVO_NUMBER}`, text: 'Hi Plivo', media: [],
				messageId: sms.payload.MessageUUID, receivedAt: expect.any(String), raw: sms.payload,
			},
		]);

		await deactivate(workflow.id);
		expect(plivoApp()).toBe(previous.app_id);
		expect(sandbox.snapshot().plivo.applications.map((app) => app.app_id)).toEqual([previous.app_id]);
	});

	it('the same signed webhook sent twice: both callers get HTTP 200 and the same answer, one execution; another message with the same text starts its own', async () => {
		const webhookId = '0d9a1c1e-0000-4000-8000-0000000051a6';
		const workflow = await live.createWorkflow(
			triggerWorkflow('trigger live repeats SignalWire', webhookId, { phoneNumber: { __rl: true, mode: 'number', value: SW_NUMBER }, events: ['message'], messageReply: 'Got it' }, 'signalWireApi'),
		);
		await activate(workflow.id);
		const reply = `${XML}<Response><Message>Got it</Message></Response>`;
		// Deactivated whatever happens: the number must not stay pointed at this workflow for the cases after it.
		try {
			const first = await sandbox.simulateInbound({ provider: 'signalwire', number: SW_NUMBER, event: 'message', text: 'Buy me a number' });
			const again = await sandbox.simulateInbound({ provider: 'signalwire', number: SW_NUMBER, event: 'message', payload: first.payload, requestHeaders: first.requestHeaders });
			expect([first.status, first.body, again.status, again.body]).toEqual([200, reply, 200, reply]);
			expect(again.requestHeaders['x-signalwire-signature']).toBe(first.requestHeaders['x-signalwire-signature']);
			const [execution] = await settledExecutions(workflow.id, 1);
			expect(nodeOutput(execution, 'Phone Number Trigger')).toEqual([expect.objectContaining({ text: 'Buy me a number', messageId: first.payload.MessageSid })]);

			const other = await sandbox.simulateInbound({ provider: 'signalwire', number: SW_NUMBER, event: 'message', text: 'Buy me a number' });
			expect([other.status, other.body]).toEqual([200, reply]);
			const both = await settledExecutions(workflow.id, 2);
			expect(both.map((e) => nodeOutput(e, 'Phone Number Trigger')[0].messageId).sort()).toEqual([first.payload.MessageSid, other.payload.MessageSid].sort());
		} finally {
			await deactivate(workflow.id);
		}
	});

	it('Plivo: its retry of an event (a new nonce) is answered with HTTP 200 and starts nothing; a copy of a request (the same nonce) is refused', async () => {
		const webhookId = '0d9a1c1e-0000-4000-8000-0000000051a7';
		const workflow = await live.createWorkflow(triggerWorkflow('trigger live repeats Plivo', webhookId, { phoneNumber: { __rl: true, mode: 'number', value: `+${PLIVO_NUMBER}` }, events: ['message', 'call'] }, 'plivoNumbersApi'));
		await activate(workflow.id);
		try {
			const first = await sandbox.simulateInbound({ provider: 'plivo', number: PLIVO_NUMBER, event: 'call' });
			const retry = await sandbox.simulateInbound({ provider: 'plivo', number: PLIVO_NUMBER, event: 'call', payload: first.payload });
			const copy = await sandbox.simulateInbound({ provider: 'plivo', number: PLIVO_NUMBER, event: 'call', payload: first.payload, requestHeaders: first.requestHeaders });
			const hangUp = `${XML}<Response><Hangup/></Response>`;
			expect([first.status, first.body, retry.status, retry.body]).toEqual([200, hangUp, 200, hangUp]);
			expect([copy.status, copy.body]).toEqual([403, 'Refused: its nonce was already used by an earlier request (a replay).']);
			const [execution] = await settledExecutions(workflow.id, 1);
			expect(nodeOutput(execution, 'Phone Number Trigger')).toEqual([expect.objectContaining({ event: 'call', callId: first.payload.CallUUID })]);
		} finally {
			await deactivate(workflow.id);
		}
	});

	it('"Listen for test event" points the number at the test URL, runs one manual execution, then n8n restores the number', async () => {
		const before = { ...swNumber() };
		const webhookId = '0d9a1c1e-0000-4000-8000-0000000051a5';
		const workflow = await live.createWorkflow(triggerWorkflow('trigger live test url', webhookId, { phoneNumber: { __rl: true, mode: 'number', value: SW_NUMBER }, events: ['message'] }, 'signalWireApi'));
		await live.listenForTestWebhook(workflow.id, 'Phone Number Trigger');
		const testUrl = `${live.baseUrl}/webhook-test/${webhookId}/phone-number`;
		expect(swNumber()).toMatchObject({ message_handler: 'laml_webhooks', message_request_url: testUrl });

		// A refused request does not use up the listening: the signed one after it still runs.
		expect((await sandbox.simulateInbound({ provider: 'signalwire', number: SW_NUMBER, event: 'message', signature: 'tampered' })).status).toBe(403);
		const sms = await sandbox.simulateInbound({ provider: 'signalwire', number: SW_NUMBER, event: 'message', text: 'test event' });
		expect([sms.url, sms.status]).toEqual([testUrl, 200]);
		const [execution] = await settledExecutions(workflow.id, 1);
		expect(execution.mode).toBe('manual');
		expect(nodeOutput(execution, 'Phone Number Trigger')[0]).toMatchObject({ event: 'message', text: 'test event' });

		// n8n ends the listening after the event and calls the trigger's delete.
		const deadline = Date.now() + 15_000;
		while (swNumber().message_request_url === testUrl && Date.now() < deadline) await sleep(250);
		for (const field of ['message_handler', 'message_request_url', 'message_request_method']) {
			expect([field, swNumber()[field]]).toEqual([field, before[field]]);
		}
	});

	it('the example "SMS auto-reply that logs the sender" replies in the answer and logs the sender', async () => {
		const workflow = await live.createWorkflow('examples/signalwire-sms-auto-reply.json', { credentials: standIn.credentials });
		await activate(workflow.id);
		const sms = await sandbox.simulateInbound({ provider: 'signalwire', number: SW_NUMBER, event: 'message', from: '+14155550142', text: 'Are you open today?' });
		expect([sms.status, sms.body]).toEqual([200, `${XML}<Response><Message>Thanks for your message! We will get back to you soon.</Message></Response>`]);
		const [execution] = await settledExecutions(workflow.id, 1);
		expect(nodeOutput(execution, 'Log Sender')).toEqual([{ sender: '+14155550142', message: 'Are you open today?', receivedAt: expect.any(String) }]);
		await deactivate(workflow.id);
		expect(swNumber().message_request_url).not.toContain('/webhook/');
	});

	const answerXml = '<Response><Say>Answered by the workflow</Say><Hangup/></Response>';
	const answerCases: Array<[string, string, string, any]> = [
		[
			"Using 'Respond to Webhook' Node (version 1)",
			'respondToWebhook',
			'0d9a1c1e-0000-4000-8000-0000000051a3',
			{
				name: 'Answer',
				type: 'n8n-nodes-base.respondToWebhook',
				// Versions 1.1 and later stop with "No Webhook node found in the workflow" unless the
				// trigger is one of n8n's own (Webhook, Form, Chat, Wait): measured with 1.5 here.
				typeVersion: 1,
				position: [240, 0],
				parameters: { respondWith: 'text', responseBody: answerXml, options: { responseHeaders: { entries: [{ name: 'content-type', value: 'application/xml' }] } } },
			},
		],
		[
			'With XML From the Last Node',
			'lastNode',
			'0d9a1c1e-0000-4000-8000-0000000051a4',
			{
				name: 'Answer',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [240, 0],
				parameters: { assignments: { assignments: [{ id: 'x', name: 'xml', value: answerXml, type: 'string' }] }, options: {} },
			},
		],
	];
	it.each(answerCases)('Answer Calls "%s": the workflow answers the call', async (_name, callAnswer, webhookId, answerNode) => {
		const workflow = await live.createWorkflow(
			triggerWorkflow(`trigger live ${callAnswer}`, webhookId, { phoneNumber: { __rl: true, mode: 'number', value: SW_NUMBER }, events: ['message', 'call'], callAnswer }, 'signalWireApi', {
				nodes: [answerNode],
				connections: { 'Phone Number Trigger': { main: [[{ node: 'Answer', type: 'main', index: 0 }]] } },
			}),
		);
		await activate(workflow.id);
		const call = await sandbox.simulateInbound({ provider: 'signalwire', number: SW_NUMBER, event: 'call' });
		expect([call.status, call.body, call.headers['content-type']]).toEqual([200, answerXml, expect.stringMatching(/^application\/xml/)]);
		const sms = await sandbox.simulateInbound({ provider: 'signalwire', number: SW_NUMBER, event: 'message' });
		expect([sms.status, sms.body]).toEqual([200, `${XML}<Response/>`]);
		const executions = await settledExecutions(workflow.id, 2);
		expect(executions.map((e) => e.status)).toEqual(['success', 'success']);
		await deactivate(workflow.id);
	});
});
