/**
 * The node in ACTIVE workflows, started by n8n's own triggers in a running n8n:
 * examples/webhook-purchase.json (Webhook → Purchase first match → Respond to Webhook) called on its
 * production URL, and examples/schedule-purchase.json (Schedule Trigger → Purchase first match).
 */
import { connectLiveN8n, nodeOutput, startProviderStandIn, type LiveN8n, type ProviderStandIn, type Workflow } from './harness.cts';

const fixtures = require('../../scripts/n8n-fixtures.js') as { readWorkflow(file: string): Workflow };

let live: LiveN8n;
let standIn: ProviderStandIn;
const activated: string[] = [];

beforeAll(async () => {
	live = await connectLiveN8n();
	standIn = await startProviderStandIn(live, 'Triggers');
});

afterAll(async () => {
	for (const id of activated) await live?.deactivate(id).catch(() => undefined);
	await standIn?.close();
});

const purchases = () => standIn.sandbox.requests.filter((r) => r.operation === 'purchase');

describe('Webhook → Phone Number → Respond to Webhook (examples/webhook-purchase.json), active', () => {
	let workflowId: string;
	const answers: Array<{ status: number; body: any; ms: number }> = [];

	beforeAll(async () => {
		const workflow = await live.createWorkflow('examples/webhook-purchase.json', { credentials: standIn.credentials });
		workflowId = workflow.id;
		await live.activate(workflowId);
		activated.push(workflowId);
		for (let i = 0; i < 2; i++) answers.push(await live.webhook('buy-phone-number', { body: { areaCode: '415' } }));
		process.stderr.write(`[live] webhook round trips: ${answers.map((a) => `${a.ms.toFixed(0)} ms`).join(', ')}\n`);
	});

	it('answers each call on the production URL with the number it bought', () => {
		expect(answers.map((a) => [a.status, a.body])).toEqual([
			[200, { number: '+14155550100', status: 'purchased' }],
			[200, { number: '+14155550101', status: 'purchased' }],
		]);
	});

	it('searched the area code from the body, then bought that exact number, once per call', () => {
		const calls = standIn.sandbox.requests.filter((r) => r.provider === 'signalwire');
		expect(calls.map((r) => [r.method, r.path, r.query, r.body, r.status])).toEqual([
			['GET', '/api/relay/rest/phone_numbers/search', { number_type: 'local', areacode: '415', max_results: '1' }, null, 200],
			['POST', '/api/relay/rest/phone_numbers', {}, { number: '+14155550100' }, 200],
			['GET', '/api/relay/rest/phone_numbers/search', { number_type: 'local', areacode: '415', max_results: '1' }, null, 200],
			['POST', '/api/relay/rest/phone_numbers', {}, { number: '+14155550101' }, 200],
		]);
		const owned = standIn.sandbox.snapshot().signalwire.owned.map((n) => n.number);
		expect(owned).toEqual(expect.arrayContaining(['+14155550100', '+14155550101']));
	});

	it('recorded two successful webhook executions', async () => {
		const executions = await live.waitForExecutions(workflowId, (list) => list.length === 2);
		expect(executions.map((e) => [e.mode, e.status])).toEqual([
			['webhook', 'success'],
			['webhook', 'success'],
		]);
		const bought = executions.map((e) => nodeOutput(e, 'Buy first match')[0].purchase.number).sort();
		expect(bought).toEqual(['+14155550100', '+14155550101']);
	});
});

describe('Schedule Trigger → Phone Number (examples/schedule-purchase.json), active', () => {
	it('buys a number when the schedule fires, and stops when deactivated', async () => {
		// The example runs daily; here it runs every 2 seconds, nothing else changed.
		const example = fixtures.readWorkflow('examples/schedule-purchase.json');
		const trigger = example.nodes.find((n) => n.type === 'n8n-nodes-base.scheduleTrigger')!;
		trigger.parameters.rule = { interval: [{ field: 'seconds', secondsInterval: 2 }] };
		const workflow = await live.createWorkflow(example, { credentials: standIn.credentials });
		const before = purchases().length;
		await live.activate(workflow.id);
		activated.push(workflow.id);
		let executions;
		try {
			executions = await live.waitForExecutions(workflow.id, (list) => list.some((e) => e.status === 'success'), 30_000);
		} finally {
			await live.deactivate(workflow.id);
		}
		const first = executions.find((e) => e.status === 'success')!;
		expect(first.mode).toBe('trigger');
		const [item] = nodeOutput(first, 'Buy a 415 number at Plivo');
		expect(item.purchase).toEqual({ status: 'purchased', number: expect.stringMatching(/^\+1415555\d{4}$/) });
		const bought = purchases().slice(before);
		expect(bought.length).toBeGreaterThanOrEqual(1);
		expect(bought.map((r) => [r.provider, r.method, r.status])).toEqual(bought.map(() => ['plivo', 'POST', 201]));
		expect(bought.map((r) => r.path)).toContain(`/v1/Account/MATESTACCOUNT0000001/PhoneNumber/${item.purchase.number.slice(1)}/`);
		// No number bought twice, and nothing more once deactivated.
		expect(new Set(bought.map((r) => r.path)).size).toBe(bought.length);
		const afterDeactivation = purchases().length;
		await new Promise((resolve) => setTimeout(resolve, 4_000));
		expect(purchases().length).toBe(afterDeactivation);
	});
});
