import { SIGNALWIRE_AUTH, summary, type E2eCase } from '../harness.cts';

const NODE = 'Buy numbers at SignalWire';
const PATH = '/api/relay/rest/phone_numbers';
const buy = (number: string, status: number) => ({ method: 'POST', path: PATH, query: {}, authorization: SIGNALWIRE_AUTH, body: { number }, status });
const lookup = (number: string) => ({ method: 'GET', path: PATH, query: { filter_number: number }, authorization: SIGNALWIRE_AUTH, body: null, status: 200 });

/**
 * examples/purchase-batch-continue-on-fail.json: four numbers, On Error = Continue. One is not for
 * sale (fails), one is already owned (returned as alreadyOwned), two are bought.
 */
export const purchaseBatch: E2eCase = {
	name: 'Batch with Continue On Fail (examples/purchase-batch-continue-on-fail.json)',
	workflow: 'examples/purchase-batch-continue-on-fail.json',
	tests: {
		'sends one purchase per item, and one look-up only after each refusal': (run) => {
			// n8n sends a declarative node's items concurrently, so only the order per number is fixed.
			const byNumber = (number: string) =>
				run.requests.filter((r) => (r.body as { number?: string } | null)?.number === number || r.query.filter_number === number).map(summary);
			expect(run.requests).toHaveLength(6);
			expect(byNumber('+12125550101')).toEqual([buy('+12125550101', 200)]);
			expect(byNumber('+14155550199')).toEqual([buy('+14155550199', 422), lookup('+14155550199')]);
			expect(byNumber('+14155550129')).toEqual([buy('+14155550129', 422), lookup('+14155550129')]);
			expect(byNumber('+13125550100')).toEqual([buy('+13125550100', 200)]);
		},
		'the workflow succeeds and outputs one item per input, in order and paired': (run) => {
			expect(run.status).toBe('success');
			const items = run.items(NODE);
			expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		},
		'bought numbers come out as purchased records': (run) => {
			const items = run.items(NODE);
			expect(items[0].json).toMatchObject({ number: '+12125550101', purchase: { status: 'purchased', number: '+12125550101' } });
			expect(items[3].json).toMatchObject({ number: '+13125550100', purchase: { status: 'purchased', number: '+13125550100' } });
			const owned = run.sandbox.snapshot().signalwire.owned.map((n) => n.number);
			expect(owned).toEqual(expect.arrayContaining(['+12125550101', '+13125550100']));
		},
		'the number not for sale becomes an error item in SignalWire\'s words': (run) => {
			const [, failed] = run.items(NODE);
			expect(failed.json).toEqual({ error: 'SignalWire refused the request (HTTP 422): Number +14155550199 is not available for purchase' });
		},
		'the number already in the account comes back as alreadyOwned, not bought again': (run) => {
			const owned = run.items(NODE)[2];
			expect(owned.json).toMatchObject({ number: '+14155550129', name: 'Sandbox main line', purchase: { status: 'alreadyOwned', number: '+14155550129' } });
			const copies = run.sandbox.snapshot().signalwire.owned.filter((n) => n.number === '+14155550129');
			expect(copies).toHaveLength(1);
		},
	},
};
