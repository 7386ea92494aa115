import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, SIGNALWIRE_AUTH, summary, type E2eCase } from '../harness.cts';

const EXAMPLE = 'examples/signup-textable-number.json';
const TWIN = 'test/e2e/workflows/signup-textable-number-manual.json';
const NODE = 'Buy a number ready to text';
const REG = '/api/relay/rest/registry/beta';
const standIn = require('../../sandbox/providers/signalwire.js') as { campaignIds: Record<string, string> };
const CAMPAIGN = standIn.campaignIds['spring-promotions'];
const readNodes = (file: string) =>
	(JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as { nodes: Array<{ name: string; type: string; parameters: Record<string, unknown> }> }).nodes;

/** The twin runs the example's own Phone Number node and If node; its Set nodes answer with the example's Respond to Webhook bodies. */
const sameAsExample = () => {
	const example = readNodes(EXAMPLE);
	const twin = readNodes(TWIN);
	const node = (nodes: typeof example, name: string) => nodes.find((n) => n.name === name);
	for (const name of [NODE, 'Ready to text?']) expect(node(twin, name)?.parameters).toEqual(node(example, name)?.parameters);
	for (const name of ['Respond: ready to text', 'Respond: bought, not textable yet']) {
		expect(node(example, name)?.type).toBe('n8n-nodes-base.respondToWebhook');
		expect(node(twin, name)?.parameters.jsonOutput).toBe(node(example, name)?.parameters.responseBody);
	}
	expect(node(example, 'Signup')).toMatchObject({ type: 'n8n-nodes-base.webhook', parameters: { responseMode: 'responseNode' } });
};

/**
 * examples/signup-textable-number.json: a signup Webhook → Purchase (SignalWire, First Available
 * Match, Then Configure: Name and Messaging Campaign "Spring promotions") → If on campaign.status →
 * Respond to Webhook. The stand-in processes this campaign's orders on the third look, so n8n
 * really waits between looks (1 s, 2 s, 4 s). Run through its Manual Trigger twin.
 */
export const signupTextable: E2eCase = {
	name: `Signup → a SignalWire number ready to text, If on campaign.status (${TWIN}, the twin of ${EXAMPLE})`,
	workflow: TWIN,
	tests: {
		'the twin runs the example\'s Phone Number and If nodes unchanged': sameAsExample,
		'7 requests: search, purchase, update, the order, 3 looks at it, the assignment': (run) => {
			const [, purchase, , order] = run.requests;
			const orderId = (order.response as { id: string }).id;
			expect(run.requests.map(summary)).toEqual([
				{ method: 'GET', path: '/api/relay/rest/phone_numbers/search', query: { number_type: 'local', areacode: '415', max_results: '1' }, authorization: SIGNALWIRE_AUTH, body: null, status: 200 },
				{ method: 'POST', path: '/api/relay/rest/phone_numbers', query: {}, authorization: SIGNALWIRE_AUTH, body: { number: '+14155550100' }, status: 200 },
				{ method: 'PUT', path: `/api/relay/rest/phone_numbers/${(purchase.response as { id: string }).id}`, query: {}, authorization: SIGNALWIRE_AUTH, body: { name: 'Customer 7' }, status: 200 },
				{ method: 'POST', path: `${REG}/campaigns/${CAMPAIGN}/orders`, query: {}, authorization: SIGNALWIRE_AUTH, body: { phone_numbers: ['+14155550100'] }, status: 200 },
				...Array.from({ length: 3 }, () => ({ method: 'GET', path: `${REG}/orders/${orderId}`, query: {}, authorization: SIGNALWIRE_AUTH, body: null, status: 200 })),
				{ method: 'GET', path: `${REG}/campaigns/${CAMPAIGN}/numbers`, query: {}, authorization: SIGNALWIRE_AUTH, body: null, status: 200 },
			]);
		},
		'the item is the configured number with campaign.status assigned; the If takes the "ready" branch': (run) => {
			expect(run.status).toBe('success');
			const [item] = run.items(NODE);
			expect(item.json).toMatchObject({
				number: '+14155550100',
				name: 'Customer 7',
				purchase: { status: 'purchased', number: '+14155550100' },
				configure: { status: 'configured', settings: { name: 'Customer 7' }, campaign: CAMPAIGN },
				campaign: { status: 'assigned', id: CAMPAIGN, state: 'completed', alreadyInCampaign: false },
			});
			expect(run.items('Respond: ready to text').map((i) => i.json)).toEqual([{ number: '+14155550100', campaign: 'assigned' }]);
			expect(run.ran('Respond: bought, not textable yet')).toBe(false);
		},
		'the stand-in holds the number, named, and its completed assignment': (run) => {
			const state = run.sandbox.snapshot().signalwire;
			expect(state.owned.find((n) => n.number === '+14155550100')?.name).toBe('Customer 7');
			expect(state.assignments).toEqual([{ number: '+14155550100', campaign: CAMPAIGN, state: 'completed' }]);
		},
	},
};

const REFUSAL = 'Campaign Spring promotions is suspended by the carriers';

/** The same workflow while SignalWire refuses the order (a 422 fault): bought anyway; the If takes the other branch with what to do. */
export const signupTextableRefused: E2eCase = {
	name: `Signup → SignalWire refuses the campaign order: bought, not textable yet (${TWIN})`,
	workflow: TWIN,
	prepare(sandbox) {
		sandbox.addFault({ method: 'POST', path: `${REG}/campaigns/${CAMPAIGN}/orders`, status: 422, body: { errors: [{ detail: REFUSAL, status: '422', title: 'Campaign Not Active', code: 'campaign_not_active' }] } });
	},
	tests: {
		'4 requests: search, purchase, update, the refused order; no look, no second purchase': (run) => {
			expect(run.requests.map((r) => [r.method, r.path.replace(/[0-9a-f-]{36}/g, '{id}'), r.status])).toEqual([
				['GET', '/api/relay/rest/phone_numbers/search', 200],
				['POST', '/api/relay/rest/phone_numbers', 200],
				['PUT', '/api/relay/rest/phone_numbers/{id}', 200],
				['POST', `${REG}/campaigns/{id}/orders`, 422],
			]);
		},
		'the run succeeds; the item says purchased, configure notConfigured, campaign failed in SignalWire\'s words; the If answers with the hint': (run) => {
			expect(run.status).toBe('success');
			const [item] = run.items(NODE);
			expect(item.json).toMatchObject({
				purchase: { status: 'purchased', number: '+14155550100' },
				configure: { status: 'notConfigured', httpCode: '422', campaign: CAMPAIGN },
				campaign: { status: 'failed', httpCode: '422', message: `SignalWire refused the request (HTTP 422): ${REFUSAL}` },
			});
			const [answer] = run.items('Respond: bought, not textable yet').map((i) => i.json as Record<string, string>);
			expect(answer).toMatchObject({ number: '+14155550100', campaign: 'failed', orderId: null, message: `SignalWire refused the request (HTTP 422): ${REFUSAL}` });
			expect(answer.hint).toContain('then run "Add to Messaging Campaign" again');
			expect(run.ran('Respond: ready to text')).toBe(false);
		},
	},
};
