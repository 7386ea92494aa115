/**
 * One provider event starts one execution (issue 26), at every provider: the Phone Number Trigger
 * through n8n-core's WebhookContext (test/helpers/trigger.cts), the provider stand-in sending the
 * events, sending them again as the provider retries them (signed afresh) and as copies of the
 * very same request. Time is the window's clock (shared/deliveries.ts `deliveryClock`), moved by
 * the tests: nothing waits for the window to end.
 */
import { logText, type CredentialName } from './helpers/n8n.cts';
import { TriggerHarness, type Inbound } from './helpers/trigger.cts';
import { checkDelivery, deliveryClock, forgetDeliveries, rememberedDeliveries, REPEAT_WINDOW_CAPACITY, REPEAT_WINDOW_MS } from '../nodes/shared/deliveries';
import type { PhoneEvent } from '../nodes/shared/events';

const { createSandbox, DEFAULTS } = require('./sandbox/server') as {
	createSandbox(options?: Record<string, unknown>): Sandbox;
	DEFAULTS: { signalwire: { signingKey: string } };
};

const { assertLoopbackOnly } = require('./helpers/loopback') as { assertLoopbackOnly(pid: number, label: string): void };

interface Sandbox {
	listen(): Promise<string>;
	close(): Promise<void>;
	simulateInbound(options: Record<string, unknown>): Promise<Inbound>;
}

// A loaded machine (other suites run beside this one) makes the first requests slow: no test here
// measures time, so give each room.
jest.setTimeout(60_000);

const XML = '<?xml version="1.0" encoding="UTF-8"?>';
const realNow = deliveryClock.now;
let clock = 0;

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
beforeEach(() => {
	forgetDeliveries();
	clock = Date.UTC(2026, 10, 23, 20, 0, 0);
	deliveryClock.now = () => clock;
});
afterEach(() => {
	deliveryClock.now = realNow;
});

/** The messages n8n logged since `from` (its log file holds one JSON object per line). */
function loggedMessages(from: number): string[] {
	return logText()
		.slice(from)
		.split('\n')
		.filter((line) => line.startsWith('{'))
		.map((line) => String((JSON.parse(line) as { message?: unknown }).message));
}

/** The debug lines since `from`, once `text` is among them (winston writes on later ticks); fails when it never comes. */
async function loggedDebug(text: string, from: number): Promise<string[]> {
	for (const deadline = Date.now() + 20_000; Date.now() < deadline && !loggedMessages(from).includes(text); ) {
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	return logText()
		.slice(from)
		.split('\n')
		.filter((line) => line.startsWith('{"level":"debug"'))
		.map((line) => String((JSON.parse(line) as { message?: unknown }).message));
}

/** A Phone Number Trigger on `number` for messages and calls, activated against the stand-in. */
async function activeTrigger(credential: CredentialName, number: string, parameters: Record<string, unknown> = {}): Promise<TriggerHarness> {
	const harness = new TriggerHarness(credential, { phoneNumber: { mode: 'number', value: number }, events: ['message', 'call'], ...parameters } as never, {
		baseUrl,
		...(credential === 'signalWireApi' ? { signingSecret: DEFAULTS.signalwire.signingKey } : {}),
	});
	harnesses.push(harness);
	await harness.listen();
	await harness.activate();
	return harness;
}

const PROVIDERS = [
	{
		name: 'SignalWire',
		credential: 'signalWireApi' as const,
		provider: 'signalwire',
		number: '+14155550129',
		from: '+14155550100',
		ids: { message: 'MessageSid', call: 'CallSid' },
		messageReply: `${XML}<Response><Message>Got it</Message></Response>`,
	},
	{
		name: 'Plivo',
		credential: 'plivoNumbersApi' as const,
		provider: 'plivo',
		number: '14155550129',
		from: '14155550100',
		ids: { message: 'MessageUUID', call: 'CallUUID' },
		messageReply: `${XML}<Response><Message src="14155550129" dst="14155550100" type="sms">Got it</Message></Response>`,
	},
];

describe.each(PROVIDERS)('$name', ({ credential, provider, number, from, ids, messageReply }) => {
	const trigger = (parameters: Record<string, unknown>) => activeTrigger(credential, number, parameters);
	const send = (options: Record<string, unknown>) => sandbox.simulateInbound({ provider, number, from, ...options });
	const itemsOf = (harness: TriggerHarness) => harness.executions.map((call) => call.result!.workflowData![0][0].json as unknown as PhoneEvent);

	it('the provider sends a message again (its retry): answered as the first time, one execution, logged at debug with its key', async () => {
		const harness = await trigger({ messageReply: 'Got it' });
		const first = await send({ event: 'message', text: 'Only once, please' });
		clock += 90_000;
		const logFrom = logText().length;
		const retry = await send({ event: 'message', payload: first.payload });

		expect([first.status, first.body]).toEqual([200, messageReply]);
		expect([retry.status, retry.body]).toEqual([200, messageReply]);
		expect(retry.payload[ids.message]).toBe(first.payload[ids.message]);
		expect(itemsOf(harness)).toEqual([expect.objectContaining({ event: 'message', text: 'Only once, please', messageId: first.payload[ids.message] })]);
		expect(harness.calls.map((call) => call.result)).toEqual([{ noWebhookResponse: true, workflowData: expect.any(Array) }, { noWebhookResponse: true }]);
		const line = `Phone Number Trigger "Phone Number Trigger": ${provider} message ${first.payload[ids.message]} arrived again (first 90 s ago); answered, no execution started`;
		expect(await loggedDebug(line, logFrom)).toContain(line);
		await harness.deactivate();
	});

	it('a call delivered again: the caller hears the same answer, one execution', async () => {
		const harness = await trigger({ callAnswer: 'say', sayText: 'Hello' });
		const first = await send({ event: 'call' });
		const retry = await send({ event: 'call', payload: first.payload });
		expect([retry.status, retry.body]).toEqual([first.status, first.body]);
		expect(first.body).toContain('Hello');
		expect(itemsOf(harness)).toEqual([expect.objectContaining({ event: 'call', callId: first.payload[ids.call] })]);
		await harness.deactivate();
	});

	it('a different event with the same text, from the same sender, is not a repeat: one execution each', async () => {
		const harness = await trigger({});
		const a = await send({ event: 'message', text: 'Same words' });
		const b = await send({ event: 'message', text: 'Same words' });
		const c = await send({ event: 'call' });
		const d = await send({ event: 'call' });
		expect([a, b, c, d].map((sent) => sent.status)).toEqual([200, 200, 200, 200]);
		expect(new Set([a.payload[ids.message], b.payload[ids.message], c.payload[ids.call], d.payload[ids.call]]).size).toBe(4);
		expect(itemsOf(harness).map((item) => item.messageId ?? item.callId)).toEqual([a.payload[ids.message], b.payload[ids.message], c.payload[ids.call], d.payload[ids.call]]);
		await harness.deactivate();
	});

	it('the window ends 15 minutes after the first delivery: a retry just before is dropped, one at 15 minutes starts the workflow again', async () => {
		const harness = await trigger({});
		const first = await send({ event: 'message' });
		clock += REPEAT_WINDOW_MS - 1;
		await send({ event: 'message', payload: first.payload });
		expect(itemsOf(harness)).toHaveLength(1);
		clock += 1;
		const late = await send({ event: 'message', payload: first.payload });
		expect(late.status).toBe(200);
		expect(itemsOf(harness).map((item) => item.messageId)).toEqual([first.payload[ids.message], first.payload[ids.message]]);
		// The late one opened a window of its own.
		await send({ event: 'message', payload: first.payload });
		expect(itemsOf(harness)).toHaveLength(2);
		expect(REPEAT_WINDOW_MS).toBe(15 * 60 * 1000);
		await harness.deactivate();
	});

	it('two copies arriving at the same time start one execution', async () => {
		const harness = await trigger({});
		const first = await send({ event: 'message' });
		forgetDeliveries();
		harness.calls.length = 0;
		const both = await Promise.all([send({ event: 'message', payload: first.payload }), send({ event: 'message', payload: first.payload })]);
		expect(both.map((sent) => sent.status)).toEqual([200, 200]);
		expect(harness.calls).toHaveLength(2);
		expect(itemsOf(harness).map((item) => item.messageId)).toEqual([first.payload[ids.message]]);
		await harness.deactivate();
	});

	it('only verified requests count: a tampered copy is refused and does not use up the event', async () => {
		const harness = await trigger({});
		const genuine = await send({ event: 'message', text: 'The real one' });
		harness.calls.length = 0;
		forgetDeliveries();
		const tampered = await send({ event: 'message', payload: genuine.payload, signature: 'tampered' });
		expect(tampered.status).toBe(403);
		const again = await send({ event: 'message', payload: genuine.payload });
		expect(again.status).toBe(200);
		expect(itemsOf(harness)).toEqual([expect.objectContaining({ text: 'The real one', messageId: genuine.payload[ids.message] })]);
		await harness.deactivate();
	});

	it.each(['lastNode', 'respondToWebhook'])('Answer Calls "%s": the workflow answers the first delivery; a repeat gets the empty answer and starts nothing', async (callAnswer) => {
		const harness = await trigger({ callAnswer });
		const first = await send({ event: 'call' });
		const retry = await send({ event: 'call', payload: first.payload });
		expect(harness.calls.map((call) => call.result)).toEqual([{ workflowData: [[{ json: expect.objectContaining({ callId: first.payload[ids.call] }) }]] }, { noWebhookResponse: true }]);
		expect([retry.status, retry.body]).toEqual([200, `${XML}<Response/>`]);
		await harness.deactivate();
	});
});

describe('copies of the very same request (a replay)', () => {
	it('SignalWire signs no time and no nonce: a copy is the same as a retry, answered and started once (the de-duplication is the protection)', async () => {
		const harness = await activeTrigger('signalWireApi', '+14155550129');
		const first = await sandbox.simulateInbound({ provider: 'signalwire', number: '+14155550129', event: 'message' });
		const copy = await sandbox.simulateInbound({ provider: 'signalwire', number: '+14155550129', event: 'message', payload: first.payload, requestHeaders: first.requestHeaders });
		expect(copy.requestHeaders['x-signalwire-signature']).toBe(first.requestHeaders['x-signalwire-signature']);
		expect([copy.status, copy.body]).toEqual([200, `${XML}<Response/>`]);
		expect(harness.executions).toHaveLength(1);
		await harness.deactivate();
	});

	it('Plivo V3: a nonce already seen is refused (HTTP 403), logged at debug; a new nonce on the same event is the provider retrying', async () => {
		const harness = await activeTrigger('plivoNumbersApi', '14155550129');
		const first = await sandbox.simulateInbound({ provider: 'plivo', number: '14155550129', event: 'message' });
		clock += 5000;
		const logFrom = logText().length;
		const copy = await sandbox.simulateInbound({ provider: 'plivo', number: '14155550129', event: 'message', payload: first.payload, requestHeaders: first.requestHeaders });
		expect([copy.status, copy.body]).toEqual([403, 'Refused: its nonce was already used by an earlier request (a replay).']);
		const nonce = first.requestHeaders['x-plivo-signature-v3-nonce'];
		const line = `Phone Number Trigger "Phone Number Trigger": refused a replayed request, its nonce ${nonce} was used 5 s ago`;
		expect(await loggedDebug(line, logFrom)).toContain(line);

		const retry = await sandbox.simulateInbound({ provider: 'plivo', number: '14155550129', event: 'message', payload: first.payload });
		expect(retry.requestHeaders['x-plivo-signature-v3-nonce']).not.toBe(nonce);
		expect([retry.status, retry.body]).toEqual([200, `${XML}<Response/>`]);
		expect(harness.executions).toHaveLength(1);

		// After the window a copy is no longer refused for its nonce, and its event is new again.
		clock += REPEAT_WINDOW_MS;
		const late = await sandbox.simulateInbound({ provider: 'plivo', number: '14155550129', event: 'message', payload: first.payload, requestHeaders: first.requestHeaders });
		expect(late.status).toBe(200);
		expect(harness.executions).toHaveLength(2);
		await harness.deactivate();
	});

	it('Plivo notifies the hang-up of a call at the answer URL (hangup_url defaults to it), with the same CallUUID: no second execution', async () => {
		const harness = await activeTrigger('plivoNumbersApi', '14155550129');
		const call = await sandbox.simulateInbound({ provider: 'plivo', number: '14155550129', event: 'call' });
		const { CallUUID, From, To } = call.payload;
		const hangup = { CallUUID, From, To, Direction: 'inbound', CallStatus: 'completed', Event: 'Hangup', Duration: '4', BillDuration: '60', HangupCauseName: 'Normal Hangup' };
		const notified = await sandbox.simulateInbound({ provider: 'plivo', number: '14155550129', event: 'call', payload: hangup });
		expect(notified.status).toBe(200);
		expect(harness.executions.map((c) => c.result!.workflowData![0][0].json.callId)).toEqual([CallUUID]);
		await harness.deactivate();
	});
});

describe('the window itself (shared/deliveries.ts)', () => {
	const message = (id: string | null, provider = 'acme'): PhoneEvent => ({ provider, event: 'message', from: null, to: null, messageId: id, receivedAt: '', raw: {} });
	const call = (id: string): PhoneEvent => ({ provider: 'acme', event: 'call', from: null, to: null, callId: id, receivedAt: '', raw: {} });

	it('keys by provider, kind and ID, within one trigger', () => {
		expect(checkDelivery('wf/a', message('M1'), undefined)).toEqual({ kind: 'first', key: 'acme message M1' });
		expect(checkDelivery('wf/a', message('M1'), undefined)).toEqual({ kind: 'repeat', key: 'acme message M1', firstSeenMs: clock });
		expect(checkDelivery('wf/b', message('M1'), undefined).kind).toBe('first');
		expect(checkDelivery('wf/a', message('M1', 'other'), undefined).kind).toBe('first');
		expect(checkDelivery('wf/a', call('M1'), undefined).kind).toBe('first');
		// No ID, no key: never taken for a repeat.
		expect([checkDelivery('wf/a', message(null), undefined), checkDelivery('wf/a', message(null), undefined), checkDelivery('wf/a', undefined, undefined)]).toEqual([
			{ kind: 'first' },
			{ kind: 'first' },
			{ kind: 'first' },
		]);
	});

	it('a nonce seen before makes a replay, whatever the event', () => {
		expect(checkDelivery('wf/a', message('M1'), 'n-1').kind).toBe('first');
		expect(checkDelivery('wf/a', message('M2'), 'n-1')).toEqual({ kind: 'replay', nonce: 'n-1', firstSeenMs: clock });
		expect(checkDelivery('wf/a', message('M2'), 'n-2').kind).toBe('first');
		expect(checkDelivery('wf/a', message('M2'), 'n-3').kind).toBe('repeat');
	});

	it('a key still ends with its window when the clock was set back meanwhile (keys out of time order)', () => {
		const start = clock;
		clock = start + 60_000;
		checkDelivery('wf/a', message('ahead'), undefined);
		clock = start; // the clock set back by a minute
		checkDelivery('wf/a', message('behind'), undefined);
		clock = start + REPEAT_WINDOW_MS;
		expect(checkDelivery('wf/a', message('behind'), undefined).kind).toBe('first');
		expect(checkDelivery('wf/a', message('ahead'), undefined).kind).toBe('repeat');
	});

	it(`holds at most ${REPEAT_WINDOW_CAPACITY} keys, forgetting the oldest first, and forgets what is older than the window`, () => {
		for (let i = 0; i <= REPEAT_WINDOW_CAPACITY; i++) checkDelivery('wf/a', message(`M${i}`), undefined);
		expect(rememberedDeliveries()).toBe(REPEAT_WINDOW_CAPACITY);
		expect(checkDelivery('wf/a', message(`M${REPEAT_WINDOW_CAPACITY}`), undefined).kind).toBe('repeat');
		expect(checkDelivery('wf/a', message('M0'), undefined).kind).toBe('first');
		clock += REPEAT_WINDOW_MS;
		checkDelivery('wf/a', message('new'), undefined);
		expect(rememberedDeliveries()).toBe(1);
	});
});
