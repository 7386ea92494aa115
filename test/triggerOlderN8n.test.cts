/**
 * The Phone Number Trigger on n8n versions whose webhook context cannot name the URL being served
 * (n8n 1.x; 2.x before `getWebhookResourceUrl`): signatures are still checked against the URL the
 * provider called, production or test. The trigger's live test runs the same on a real n8n 1.x
 * (scripts/n8n-matrix.json).
 */
import { calledUrlFromProduction } from '../nodes/shared/signatures';
import { TriggerHarness } from './helpers/trigger.cts';

const { createSandbox, DEFAULTS } = require('./sandbox/server') as {
	createSandbox(): { listen(): Promise<string>; close(): Promise<void>; simulateInbound(options: Record<string, unknown>): Promise<{ url: string; status: number; body: string }> };
	DEFAULTS: { signalwire: { signingKey: string } };
};

const SW_NUMBER = '+14155550129';

describe('calledUrlFromProduction: the URL called, from the production URL and the request path', () => {
	const production = 'https://n8n.example.com/webhook/5b0c7d3e-0000-4000-8000-00000000a11e/phone-number';
	it.each([
		['production', '/webhook/5b0c7d3e-0000-4000-8000-00000000a11e/phone-number', production],
		['the test URL', '/webhook-test/5b0c7d3e-0000-4000-8000-00000000a11e/phone-number', 'https://n8n.example.com/webhook-test/5b0c7d3e-0000-4000-8000-00000000a11e/phone-number'],
		['a renamed test endpoint (N8N_ENDPOINT_WEBHOOK_TEST)', '/hooks-test/5b0c7d3e-0000-4000-8000-00000000a11e/phone-number', 'https://n8n.example.com/hooks-test/5b0c7d3e-0000-4000-8000-00000000a11e/phone-number'],
		['not the path of this webhook: production (the signature check then fails)', '/webhook-test/another-id/phone-number', production],
	])('%s', (_name, requestPath, expected) => {
		expect(calledUrlFromProduction(production, requestPath)).toBe(expected);
	});

	it('keeps the base path of WEBHOOK_URL (behind a proxy), whether the proxy strips it or not', () => {
		const behindProxy = 'https://example.com/n8n/webhook/id-1/phone-number';
		expect(calledUrlFromProduction(behindProxy, '/webhook-test/id-1/phone-number')).toBe('https://example.com/n8n/webhook-test/id-1/phone-number');
		expect(calledUrlFromProduction(behindProxy, '/n8n/webhook-test/id-1/phone-number')).toBe('https://example.com/n8n/webhook-test/id-1/phone-number');
		expect(calledUrlFromProduction(behindProxy, '/webhook/id-1/phone-number')).toBe(behindProxy);
		expect(calledUrlFromProduction(behindProxy, '/n8n/webhook/id-1/phone-number')).toBe(behindProxy);
	});
});

describe('on an n8n without getWebhookResourceUrl (n8n 1.x)', () => {
	let sandbox: ReturnType<typeof createSandbox>;
	let harness: TriggerHarness;

	beforeAll(async () => {
		sandbox = createSandbox();
		const baseUrl = await sandbox.listen();
		harness = new TriggerHarness('signalWireApi', { phoneNumber: { mode: 'number', value: SW_NUMBER }, events: ['message'] } as never, { baseUrl, signingSecret: DEFAULTS.signalwire.signingKey });
		harness.olderN8n = true;
		await harness.listen();
	}, 60_000);

	afterAll(async () => {
		await harness.close();
		await sandbox.close();
	});

	it.each([
		['production URL (an active workflow)', false],
		['test URL ("Listen for test event")', true],
	])('a signed message to the %s starts one execution; a tampered one gets 403', async (_name, isTest) => {
		const before = harness.executions.length;
		await harness.activate(isTest);
		const signed = await sandbox.simulateInbound({ provider: 'signalwire', number: SW_NUMBER, event: 'message', text: 'Hi' });
		expect([signed.url, signed.status]).toEqual([harness.url(isTest), 200]);
		const tampered = await sandbox.simulateInbound({ provider: 'signalwire', number: SW_NUMBER, event: 'message', signature: 'tampered' });
		expect(tampered.status).toBe(403);
		expect(harness.executions.length - before).toBe(1);
		expect(await harness.deactivate(isTest)).toBe(true);
		// Five provider round trips: generous, so a busy machine only makes it slower.
	}, 60_000);
});
