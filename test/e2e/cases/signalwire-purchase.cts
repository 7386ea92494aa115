import { SIGNALWIRE_AUTH, summary, type E2eCase } from '../harness.cts';

const NODE = 'Buy number at SignalWire';

/** examples/signalwire-purchase.json: one number typed the way people write it. */
export const signalWirePurchase: E2eCase = {
	name: 'SignalWire purchase (examples/signalwire-purchase.json)',
	workflow: 'examples/signalwire-purchase.json',
	tests: {
		'sends exactly one POST /api/relay/rest/phone_numbers with the E.164 number and Basic project:token': (run) => {
			expect(run.requests.map(summary)).toEqual([
				{
					method: 'POST',
					path: '/api/relay/rest/phone_numbers',
					query: {},
					authorization: SIGNALWIRE_AUTH,
					body: { number: '+14155550100' },
					status: 200,
				},
			]);
			expect(run.requests[0].headers['content-type']).toMatch(/^application\/json/);
		},
		'outputs SignalWire\'s number record plus purchase {status: purchased}, paired to the input': (run) => {
			expect(run.status).toBe('success');
			const items = run.items(NODE);
			expect(items).toHaveLength(1);
			const bought = run.requests[0].response as Record<string, unknown>;
			expect(items[0].json).toEqual({ ...bought, purchase: { status: 'purchased', number: '+14155550100' } });
			expect(items[0].json.id).toEqual(expect.any(String));
			expect(items[0].pairedItem).toEqual({ item: 0 });
		},
		'the number is now in the SignalWire account': (run) => {
			const owned = run.sandbox.snapshot().signalwire.owned.map((n) => n.number);
			expect(owned).toContain('+14155550100');
		},
	},
};
