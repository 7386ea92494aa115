/** The live harness itself: n8n runs, loopback only, with the package loaded, and a webhook round trip works. */
import { assertLoopbackOnly, connectLiveN8n, nodeOutput, type LiveN8n } from './harness.cts';

let live: LiveN8n;

beforeAll(async () => {
	live = await connectLiveN8n();
});

describe('live n8n', () => {
	it('listens on loopback only (n8n, its task runners and broker)', () => {
		const sockets = assertLoopbackOnly(live.pid, 'n8n');
		expect(sockets.map((s) => s.port)).toContain(Number(new URL(live.baseUrl).port));
	});

	it('has the Phone Number node, its tool variant and the Phone Number Trigger loaded', async () => {
		// What the editor loads: every node type, tool variants included.
		const response = await live.asOwner('/types/nodes.json');
		expect(response.status).toBe(200);
		const types = response.body as Array<{ name: string; displayName: string }>;
		const ours = types.filter((t) => t.name.startsWith(live.nodeType)).map((t) => [t.name, t.displayName]);
		expect(ours.sort()).toEqual([
			[live.nodeType, 'Phone Number'],
			[`${live.nodeType}Tool`, 'Phone Number Tool'],
			[`${live.nodeType}Trigger`, 'Phone Number Trigger'],
		]);
	});

	it('runs an active webhook workflow and lists its execution', async () => {
		const workflow = await live.createWorkflow({
			name: 'live smoke',
			nodes: [
				{ name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: 'c0ffee00-0000-4000-8000-000000000001', parameters: { httpMethod: 'POST', path: 'live-smoke', responseMode: 'lastNode' } },
			],
			connections: {},
			settings: { executionOrder: 'v1' },
		});
		await live.activate(workflow.id);
		try {
			const answer = await live.webhook('live-smoke', { body: { hello: 'n8n' } });
			expect(answer.status).toBe(200);
			expect(answer.body).toMatchObject({ body: { hello: 'n8n' } });
			const [execution] = await live.waitForExecutions(workflow.id, (list) => list.length === 1);
			expect(execution.mode).toBe('webhook');
			expect(nodeOutput(execution, 'Webhook')[0].body).toEqual({ hello: 'n8n' });
		} finally {
			await live.deactivate(workflow.id);
		}
	});
});
