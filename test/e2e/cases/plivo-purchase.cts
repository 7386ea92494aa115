import { PLIVO_ACCOUNT, PLIVO_AUTH, summary, type E2eCase } from '../harness.cts';

const NODE = 'Buy number at Plivo';

/** examples/plivo-purchase.json: a US number with an Application ID; Plivo fulfils it at once. */
export const plivoPurchase: E2eCase = {
	name: 'Plivo purchase, fulfilled (examples/plivo-purchase.json)',
	workflow: 'examples/plivo-purchase.json',
	tests: {
		'sends exactly one POST PhoneNumber/{digits}/ with app_id and Basic auth_id:token': (run) => {
			expect(run.requests.map(summary)).toEqual([
				{
					method: 'POST',
					path: `${PLIVO_ACCOUNT}/PhoneNumber/12125550100/`,
					query: {},
					authorization: PLIVO_AUTH,
					body: { app_id: '29283121858476032' },
					status: 201,
				},
			]);
		},
		'outputs Plivo\'s answer plus purchase {status: purchased}': (run) => {
			expect(run.status).toBe('success');
			const items = run.items(NODE);
			expect(items).toHaveLength(1);
			expect(items[0].json).toEqual({
				api_id: expect.any(String),
				message: 'created',
				numbers: [{ number: '12125550100', status: 'Success' }],
				status: 'fulfilled',
				purchase: { status: 'purchased', number: '+12125550100' },
			});
			expect(items[0].pairedItem).toEqual({ item: 0 });
		},
		'the number is now in the Plivo account, tied to the application': (run) => {
			const owned = run.sandbox.snapshot().plivo.owned.find((n) => n.number === '12125550100');
			expect(owned).toBeDefined();
			expect(JSON.stringify(owned)).toContain('29283121858476032');
		},
	},
};
