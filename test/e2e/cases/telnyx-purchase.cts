import { DEFAULTS_TELNYX_AUTH, summary, type E2eCase } from '../harness.cts';

const NODE = 'Buy number at Telnyx';

/**
 * examples/telnyx-purchase.json in a real n8n: a number order that the stand-in finishes after
 * 2 s, waited for with n8n's own sleep; then the tags (one lookup, one PATCH).
 */
export const telnyxPurchase: E2eCase = {
	name: 'Telnyx purchase, a number order waited for (examples/telnyx-purchase.json)',
	workflow: 'examples/telnyx-purchase.json',
	sandbox: { telnyxOrderDelayMs: 2000 },
	tests: {
		'places one order with the Then Configure settings it takes, reads it until it succeeds, then tags the number': (run) => {
			const requests = run.requests.map(summary);
			const orderId = (run.requests[0].response as { data: { id: string } }).data.id;
			expect(requests[0]).toEqual({
				method: 'POST',
				path: '/v2/number_orders',
				query: {},
				authorization: DEFAULTS_TELNYX_AUTH,
				body: { phone_numbers: [{ phone_number: '+14155550100' }], customer_reference: 'n8n example' },
				status: 200,
			});
			const reads = requests.slice(1, -2);
			expect(reads.length).toBeGreaterThanOrEqual(1);
			expect(reads.every((read) => read.method === 'GET' && read.path === `/v2/number_orders/${orderId}` && read.status === 200)).toBe(true);
			expect((run.requests[reads.length].response as { data: { status: string } }).data.status).toBe('success');
			expect(requests.slice(-2).map(({ method, path, query, body }) => ({ method, path, query, body }))).toEqual([
				{ method: 'GET', path: '/v2/phone_numbers', query: { 'filter[phone_number]': '14155550100' }, body: null },
				{ method: 'PATCH', path: expect.stringMatching(/^\/v2\/phone_numbers\/\d{19}$/), query: {}, body: { tags: ['example'] } },
			]);
		},
		'outputs the order with purchase {status: purchased, orderId} and configure {status: configured}; the If says not pending': (run) => {
			expect(run.status).toBe('success');
			const [item] = run.items(NODE);
			expect(item.json).toMatchObject({
				record_type: 'number_order',
				status: 'success',
				purchase: { status: 'purchased', number: '+14155550100', orderId: expect.any(String) },
				configure: { status: 'configured', settings: { customer_reference: 'n8n example', tags: ['example'] } },
			});
			expect(run.items('Still pending?', 0)).toHaveLength(0);
			expect(run.items('Still pending?', 1)).toHaveLength(1);
		},
		'the number is active in the Telnyx account, with its reference and tag': (run) => {
			const owned = (run.sandbox.snapshot() as unknown as { telnyx: { owned: Array<Record<string, unknown>> } }).telnyx.owned.find((n) => n.phone_number === '+14155550100');
			expect(owned).toMatchObject({ status: 'active', customer_reference: 'n8n example', tags: ['example'] });
		},
	},
};
