import { PLIVO_ACCOUNT, PLIVO_AUTH, summary, type E2eCase } from '../harness.cts';

const NODE = 'Buy Berlin number at Plivo';

/** examples/plivo-purchase-pending.json: a German number needs documents; the If node branches on it. */
export const plivoPurchasePending: E2eCase = {
	name: 'Plivo purchase, pending verification (examples/plivo-purchase-pending.json)',
	workflow: 'examples/plivo-purchase-pending.json',
	tests: {
		'sends exactly one POST PhoneNumber/493055550100/ with no body (no Application ID given)': (run) => {
			expect(run.requests.map(summary)).toEqual([
				{
					method: 'POST',
					path: `${PLIVO_ACCOUNT}/PhoneNumber/493055550100/`,
					query: {},
					authorization: PLIVO_AUTH,
					body: null,
					status: 201,
				},
			]);
		},
		'outputs purchase {status: pending}': (run) => {
			expect(run.status).toBe('success');
			const items = run.items(NODE);
			expect(items).toHaveLength(1);
			expect(items[0].json).toMatchObject({
				numbers: [{ number: '493055550100', status: 'pending' }],
				purchase: { status: 'pending', number: '+493055550100' },
			});
		},
		'the If node sends the item down the "awaiting documents" branch only': (run) => {
			expect(run.items('Awaiting documents?', 0)).toHaveLength(1);
			expect(run.items('Awaiting documents?', 1)).toHaveLength(0);
			expect(run.items('Send verification documents')).toHaveLength(1);
			expect(run.ran('Number ready')).toBe(false);
		},
	},
};
