/**
 * n8n's AI Agent uses the Phone Number node as a tool (examples/ai-agent-purchase.json): an OpenAI
 * Chat Model whose credential's Base URL is a local OpenAI-compatible stand-in (model-stand-in.js)
 * that asks, in turn, for a search in area code 415, for the purchase of the first result (the
 * number reaches the node through $fromAI()), then names the number. The workflow is active and
 * started through its Webhook trigger.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertLoopbackOnly, connectLiveN8n, nodeOutput, startProviderStandIn, type Execution, type LiveN8n, type ProviderStandIn } from './harness.cts';

const { createModelStandIn } = require('./model-stand-in.js') as {
	createModelStandIn(options?: { log?(line: string): void }): { requests: Array<{ path: string; body: any }>; listen(): Promise<string>; close(): Promise<void> };
};

/**
 * The same agent and tools at each provider: the example's two Phone Number nodes, with the
 * provider's credential (the example ships with SignalWire's; Twilio's adds its country, US by default).
 */
const PROVIDERS = [
	{
		name: 'SignalWire',
		credential: 'signalWireApi' as const,
		requests: [
			['search', 'GET', '/api/relay/rest/phone_numbers/search', { number_type: 'local', areacode: '415', max_results: '3' }, null, 200],
			['purchase', 'POST', '/api/relay/rest/phone_numbers', {}, { number: '+14155550100' }, 200],
		],
		firstFound: (response: any) => response.data[0].number ?? response.data[0].e164,
	},
	{
		name: 'Twilio',
		credential: 'twilioNumbersApi' as const,
		requests: [
			['search', 'GET', '/2010-04-01/Accounts/AC00000000000000000000000000000001/AvailablePhoneNumbers/US/Local.json', { AreaCode: '415', PageSize: '3' }, null, 200],
			['purchase', 'POST', '/2010-04-01/Accounts/AC00000000000000000000000000000001/IncomingPhoneNumbers.json', {}, { PhoneNumber: '+14155550100' }, 201],
		],
		firstFound: (response: any) => response.available_phone_numbers[0].phone_number,
	},
];

/** The example with its Phone Number nodes at `credential` (authentication and credential reference). */
function atProvider(credential: string): any {
	const workflow = JSON.parse(readFileSync(join(__dirname, '../../examples/ai-agent-purchase.json'), 'utf8'));
	for (const node of workflow.nodes) {
		if (node.parameters?.authentication !== 'signalWireApi') continue;
		node.parameters.authentication = credential;
		node.credentials = { [credential]: node.credentials.signalWireApi };
	}
	return workflow;
}

describe.each(PROVIDERS)('AI Agent with the Phone Number node as its tools (examples/ai-agent-purchase.json), at $name', (provider) => {
	let live: LiveN8n;
	let standIn: ProviderStandIn;
	let model: ReturnType<typeof createModelStandIn>;
	let workflowId: string;
	let answer: { status: number; body: any; ms: number };
	let execution: Execution;

	beforeAll(async () => {
		live = await connectLiveN8n();
		standIn = await startProviderStandIn(live, `Agent ${provider.name}`);
		model = createModelStandIn({ log: (line) => process.stderr.write(`${line}\n`) });
		const modelUrl = await model.listen();
		assertLoopbackOnly(process.pid, 'model stand-in');
		const openAi = await live.createCredential({ name: `Agent ${provider.name} OpenAI (stand-in)`, type: 'openAiApi', data: { apiKey: 'sk-stand-in-not-a-key', url: modelUrl } });
		const workflow = await live.createWorkflow(atProvider(provider.credential), { name: `AI Agent buys a number at ${provider.name}`, credentials: { ...standIn.credentials, openAiApi: openAi } });
		workflowId = workflow.id;
		await live.activate(workflowId);
		answer = await live.webhook('phone-number-agent', { body: { message: 'Buy me a phone number in area code 415, please.' } });
		process.stderr.write(`[live] agent round trip at ${provider.name}: ${answer.ms.toFixed(0)} ms\n`);
		[execution] = await live.waitForExecutions(workflowId, (list) => list.length === 1);
	});

	afterAll(async () => {
		// Deactivated before the next provider's copy takes the same webhook path.
		if (workflowId) await live.deactivate(workflowId).catch(() => undefined);
		await standIn?.close();
		await model?.close();
	});

	it('answers the webhook with the agent naming the number it bought', () => {
		expect(answer.status).toBe(200);
		expect(answer.body).toEqual({ output: 'Done: I bought +14155550100 for you.' });
		expect(execution.status).toBe('success');
	});

	it('the provider saw exactly one search in area code 415 and one purchase of its first result', () => {
		expect(standIn.sandbox.requests.map((r) => [r.operation, r.method, r.path, r.query, r.body, r.status])).toEqual(provider.requests);
		expect(provider.firstFound(standIn.sandbox.requests[0].response)).toBe('+14155550100');
	});

	it('the model was asked three times, and saw our two tools described well enough to fill them', () => {
		expect(model.requests).toHaveLength(3);
		const tools = model.requests[0].body.tools.map((t: any) => t.function);
		expect(tools.map((t: any) => t.name).sort()).toEqual(['Purchase_phone_number', 'Search_available_numbers']);
		const search = tools.find((t: any) => t.name === 'Search_available_numbers');
		const purchase = tools.find((t: any) => t.name === 'Purchase_phone_number');
		// The description n8n derives from our operation's action, and one described parameter each.
		expect(search.description).toBe('Search available phone numbers in Phone Number');
		expect(purchase.description).toMatch(/^Purchase (a )?phone number in Phone Number$/);
		expect(search.parameters).toMatchObject({
			type: 'object',
			properties: { areaCode: { type: 'string', description: expect.stringContaining('area code') } },
			required: ['areaCode'],
		});
		expect(purchase.parameters).toMatchObject({
			type: 'object',
			properties: { phoneNumber: { type: 'string', description: expect.stringContaining('phone number to buy') } },
			required: ['phoneNumber'],
		});
	});

	it('the model got back small tool results that say what happened', () => {
		const toolMessages = model.requests[2].body.messages.filter((m: any) => m.role === 'tool');
		expect(toolMessages).toHaveLength(2);
		const [searchResult, purchaseResult] = toolMessages.map((m: any) => JSON.parse(m.content));
		process.stderr.write(`[live] tool results the model saw: search ${toolMessages[0].content.length} chars, purchase ${toolMessages[1].content.length} chars\n`);
		// Search: Simplify's shape, one entry per number found (Limit 3).
		expect(searchResult).toHaveLength(3);
		expect(Object.keys(searchResult[0]).sort()).toEqual(['capabilities', 'id', 'name', 'number', 'provider', 'region', 'status', 'type']);
		expect(searchResult[0]).toMatchObject({ number: '+14155550100', status: 'available' });
		// Purchase: says what it did (purchase.status) about which number.
		const bought = Array.isArray(purchaseResult) ? purchaseResult[0] : purchaseResult;
		process.stderr.write(`[live] purchase tool result: ${Object.keys(bought).length} fields\n`);
		// Simplify on the Purchase tool: a few fields, not SignalWire's 40-odd.
		expect(bought).toEqual({ provider: provider.name.toLowerCase(), id: expect.any(String), number: '+14155550100', name: provider.name === 'Twilio' ? '(415) 555-0100' : null, purchase: { status: 'purchased', number: '+14155550100' } });
		expect(toolMessages[1].content.length).toBeLessThan(300);
	});

	it('the tools ran as n8n nodes in the execution, with $fromAI() values', () => {
		const searchRun = nodeOutput(execution, 'Search available numbers');
		const purchaseRun = nodeOutput(execution, 'Purchase phone number');
		expect(searchRun.length).toBeGreaterThan(0);
		expect(JSON.stringify(purchaseRun)).toContain('+14155550100');
	});
});
