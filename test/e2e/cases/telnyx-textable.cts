import { DEFAULTS_TELNYX_AUTH, summary, type E2eCase } from '../harness.cts';

const NODE = 'Buy a Telnyx number ready to text';
const WORKFLOW = 'test/e2e/workflows/telnyx-textable-manual.json';
const ASSIGNMENTS = '/v2/10dlc/phone_number_campaigns';
const standIn = require('../../sandbox/providers/telnyx.js') as { campaignIds: Record<string, string> };
const CAMPAIGN = standIn.campaignIds['spring-promotions'];

/**
 * A Telnyx number bought ready to text in a real n8n: the number order (finished on its first
 * look), then Then Configure → Messaging Campaign "Spring promotions", which the stand-in assigns on
 * the third look; n8n really waits between the looks. An If on campaign.status takes the "ready" branch.
 */
export const telnyxTextable: E2eCase = {
	name: `Telnyx: a number bought ready to text, If on campaign.status (${WORKFLOW})`,
	workflow: WORKFLOW,
	tests: {
		'6 requests: the order, its look, the assignment, 3 looks at it': (run) => {
			const orderId = (run.requests[0].response as { data: { id: string } }).data.id;
			const look = { method: 'GET', path: `${ASSIGNMENTS}/+14155550105`, query: {}, authorization: DEFAULTS_TELNYX_AUTH, body: null, status: 200 };
			expect(run.requests.map(summary)).toEqual([
				{ method: 'POST', path: '/v2/number_orders', query: {}, authorization: DEFAULTS_TELNYX_AUTH, body: { phone_numbers: [{ phone_number: '+14155550105' }] }, status: 200 },
				{ method: 'GET', path: `/v2/number_orders/${orderId}`, query: {}, authorization: DEFAULTS_TELNYX_AUTH, body: null, status: 200 },
				{ method: 'POST', path: ASSIGNMENTS, query: {}, authorization: DEFAULTS_TELNYX_AUTH, body: { phoneNumber: '+14155550105', campaignId: CAMPAIGN }, status: 200 },
				look,
				look,
				look,
			]);
		},
		'the item is the order with campaign.status assigned; the If takes the "ready" branch': (run) => {
			expect(run.status).toBe('success');
			const [item] = run.items(NODE);
			expect(item.json).toMatchObject({
				purchase: { status: 'purchased', number: '+14155550105' },
				configure: { status: 'configured', campaign: CAMPAIGN },
				campaign: { status: 'assigned', id: CAMPAIGN, orderId: null, state: 'ASSIGNED', alreadyInCampaign: false },
			});
			expect(run.items('Respond: ready to text').map((i) => i.json)).toEqual([{ number: '+14155550105', campaign: 'assigned' }]);
			expect(run.ran('Respond: bought, not textable yet')).toBe(false);
		},
		'the stand-in holds the number and its assignment': (run) => {
			const state = (run.sandbox.snapshot() as unknown as { telnyx: { assignments: unknown[] } }).telnyx;
			expect(state.assignments).toEqual([{ number: '+14155550105', campaign: CAMPAIGN, state: 'ASSIGNED' }]);
		},
	},
};
