import * as fs from 'node:fs';
import * as path from 'node:path';
import { PLIVO_ACCOUNT, PLIVO_AUTH, ROOT, SIGNALWIRE_AUTH, summary, type E2eCase } from '../harness.cts';

const EXAMPLE = 'examples/signup-purchase-configure.json';
const TWIN = 'test/e2e/workflows/signup-purchase-configure-manual.json';
const readNodes = (file: string) =>
	(JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as { nodes: Array<{ name: string; type: string; parameters: Record<string, unknown> }> }).nodes;

/**
 * examples/signup-purchase-configure.json starts at a Webhook, which `n8n execute-batch` cannot
 * start; its twin has a Manual Trigger, a Set node with a sample signup body, the same Phone
 * Number node and, for Respond to Webhook, a Set node with the same response expression.
 */
export const signupPurchaseConfigure: E2eCase = {
	name: `Signup → buy and configure at Plivo (${TWIN}, the twin of ${EXAMPLE})`,
	workflow: TWIN,
	tests: {
		'the twin runs the example\'s Phone Number node and response unchanged': () => {
			const example = readNodes(EXAMPLE);
			const twin = readNodes(TWIN);
			const node = (nodes: typeof example, name: string) => nodes.find((n) => n.name === name);
			expect(node(twin, 'Buy and configure a local number')?.parameters).toEqual(node(example, 'Buy and configure a local number')?.parameters);
			expect(node(twin, 'Respond with the number')?.parameters.jsonOutput).toBe(node(example, 'Respond with the number')?.parameters.responseBody);
			expect(node(example, 'Signup')).toMatchObject({ type: 'n8n-nodes-base.webhook', parameters: { responseMode: 'responseNode' } });
		},
		'3 requests: the search, the purchase with app_id and cnam_lookup, one update with the alias': (run) => {
			expect(run.requests.map(summary)).toEqual([
				{ method: 'GET', path: `${PLIVO_ACCOUNT}/PhoneNumber/`, query: { country_iso: 'US', type: 'local', pattern: '415', limit: '1' }, authorization: PLIVO_AUTH, body: null, status: 200 },
				{ method: 'POST', path: `${PLIVO_ACCOUNT}/PhoneNumber/14155550100/`, query: {}, authorization: PLIVO_AUTH, body: { app_id: '29283121858476032', cnam_lookup: 'enabled' }, status: 201 },
				{ method: 'POST', path: `${PLIVO_ACCOUNT}/Number/14155550100/`, query: {}, authorization: PLIVO_AUTH, body: { alias: 'Customer 42' }, status: 202 },
			]);
		},
		'the item is the purchase with purchase and configure; the response says so': (run) => {
			expect(run.status).toBe('success');
			const [item] = run.items('Buy and configure a local number');
			expect(item.json).toMatchObject({
				message: 'created',
				numbers: [{ number: '14155550100', status: 'Success' }],
				purchase: { status: 'purchased', number: '+14155550100' },
				configure: { status: 'configured', settings: { alias: 'Customer 42', app_id: '29283121858476032', cnam_lookup: 'enabled' } },
			});
			expect(run.items('Respond with the number').map((i) => i.json)).toEqual([
				{ number: '+14155550100', purchase: 'purchased', configure: 'configured', hint: null },
			]);
		},
		'the number is in the account with its alias, application and CNAM lookup': (run) => {
			const owned = run.sandbox.snapshot().plivo.owned.find((n) => n.number === '14155550100');
			expect(owned).toMatchObject({ alias: 'Customer 42', application: `${PLIVO_ACCOUNT}/Application/29283121858476032/`, cnam_lookup: 'enabled' });
		},
	},
};

const SW_REFUSAL = 'call_request_url could not be reached';

/** SignalWire refuses the update (a 422 fault on the PUT): the number is bought and says so. */
export const signalWireConfigureRefused: E2eCase = {
	name: 'SignalWire refuses the update after a purchase (test/e2e/workflows/signalwire-configure-refused.json)',
	workflow: 'test/e2e/workflows/signalwire-configure-refused.json',
	prepare(sandbox) {
		sandbox.addFault({ method: 'PUT', path: '/api/relay/rest/phone_numbers/*', status: 422, body: { errors: [{ code: 'invalid_parameter', title: 'Invalid', detail: SW_REFUSAL, status: '422' }] } });
	},
	tests: {
		'the run succeeds (Continue On Fail off) with the bought number as the item, configure.status notConfigured': (run) => {
			expect(run.status).toBe('success');
			const items = run.items('Buy and configure at SignalWire');
			expect(items).toHaveLength(1);
			expect(items[0].json).toMatchObject({
				number: '+14155550101',
				name: null,
				purchase: { status: 'purchased', number: '+14155550101' },
				configure: { status: 'notConfigured', httpCode: '422', settings: { name: 'Customer 43', call_handler: 'laml_webhooks', call_request_url: 'https://example.com/voice' } },
			});
			expect(items[0].json.configure.message).toContain(SW_REFUSAL);
			expect(items[0].json.configure.hint).toContain('"Update"');
		},
		'one purchase and one PUT with the ID from the purchase answer, nothing else': (run) => {
			const [purchase, update] = run.requests;
			expect(run.requests).toHaveLength(2);
			expect(summary(purchase)).toEqual({ method: 'POST', path: '/api/relay/rest/phone_numbers', query: {}, authorization: SIGNALWIRE_AUTH, body: { number: '+14155550101' }, status: 200 });
			expect(summary(update)).toEqual({
				method: 'PUT',
				path: `/api/relay/rest/phone_numbers/${(purchase.response as { id: string }).id}`,
				query: {},
				authorization: SIGNALWIRE_AUTH,
				body: { name: 'Customer 43', call_handler: 'laml_webhooks', call_request_url: 'https://example.com/voice' },
				status: 422,
			});
		},
		'the number is in the account, unchanged': (run) => {
			const owned = run.sandbox.snapshot().signalwire.owned.filter((n) => n.number === '+14155550101');
			expect(owned).toEqual([expect.objectContaining({ name: null })]);
		},
	},
};

/**
 * A German number bought with an accepted compliance application is active at once (not
 * pending); the update after it meets a 500 and the item still is the purchase.
 */
export const plivoRegulatedConfigureRefused: E2eCase = {
	name: 'Plivo regulated number with its compliance application, update refused (test/e2e/workflows/plivo-regulated-configure-refused.json)',
	workflow: 'test/e2e/workflows/plivo-regulated-configure-refused.json',
	prepare(sandbox) {
		sandbox.addFault({ method: 'POST', path: `${PLIVO_ACCOUNT}/Number/*`, status: 500 });
	},
	tests: {
		'the purchase carries compliance_application_id and is fulfilled, not pending': (run) => {
			expect(summary(run.requests[0])).toEqual({
				method: 'POST',
				path: `${PLIVO_ACCOUNT}/PhoneNumber/493055550100/`,
				query: {},
				authorization: PLIVO_AUTH,
				body: { compliance_application_id: 'c0a1de00-0000-4000-8000-00000000acce' },
				status: 201,
			});
			expect(run.requests[0].response).toMatchObject({ numbers: [{ number: '493055550100', status: 'Success' }], status: 'fulfilled' });
		},
		'one update, refused with 500; no retry, no look-up': (run) => {
			expect(run.requests.map((r) => [r.method, r.path, r.status])).toEqual([
				['POST', `${PLIVO_ACCOUNT}/PhoneNumber/493055550100/`, 201],
				['POST', `${PLIVO_ACCOUNT}/Number/493055550100/`, 500],
			]);
			expect(run.requests[1].body).toEqual({ alias: 'Berlin office', cnam: 'ACME Berlin' });
		},
		'the run succeeds; the item is the purchase, purchased, with configure.status notConfigured': (run) => {
			expect(run.status).toBe('success');
			const [item] = run.items('Buy a Berlin number at Plivo');
			expect(item.json).toMatchObject({
				purchase: { status: 'purchased', number: '+493055550100' },
				configure: { status: 'notConfigured', httpCode: '500', settings: { alias: 'Berlin office', cnam: 'ACME Berlin' } },
			});
			expect(run.sandbox.snapshot().plivo.owned.map((n) => n.number)).toContain('493055550100');
		},
	},
};
