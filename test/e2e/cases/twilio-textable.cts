import { summary, TWILIO_ACCOUNT, TWILIO_AUTH, type E2eCase } from '../harness.cts';

const NODE = 'Buy a Twilio number ready to text';
const WORKFLOW = 'test/e2e/workflows/twilio-textable-manual.json';
const standIn = require('../../sandbox/providers/twilio.js') as { campaignIds: Record<string, string> };
/** The Messaging Service (MG…) that carries the approved "Order updates" campaign. */
const SERVICE = standIn.campaignIds['order-updates'];

/**
 * A Twilio number bought ready to text in a real n8n: the purchase (form-encoded, as Twilio's REST
 * API takes it), then Then Configure → Messaging Campaign "Order updates". At Twilio a number is in
 * a campaign by being in the Messaging Service that carries it: the node reads the service's A2P
 * campaign (VERIFIED), then adds the number to the service by its SID, which takes effect at once,
 * so no poll follows. An If on campaign.status takes the "ready" branch.
 */
export const twilioTextable: E2eCase = {
	name: `Twilio: a number bought ready to text, If on campaign.status (${WORKFLOW})`,
	workflow: WORKFLOW,
	tests: {
		"3 requests: the purchase, the service's campaign, the number added to the service": (run) => {
			const sid = (run.requests[0].response as { sid: string }).sid;
			expect(sid).toMatch(/^PN[0-9a-f]{32}$/);
			expect(run.requests.map(summary)).toEqual([
				{ method: 'POST', path: `${TWILIO_ACCOUNT}/IncomingPhoneNumbers.json`, query: {}, authorization: TWILIO_AUTH, body: { PhoneNumber: '+14155550106' }, status: 201 },
				{ method: 'GET', path: `/v1/Services/${SERVICE}/Compliance/Usa2p`, query: {}, authorization: TWILIO_AUTH, body: null, status: 200 },
				{ method: 'POST', path: `/v1/Services/${SERVICE}/PhoneNumbers`, query: {}, authorization: TWILIO_AUTH, body: { PhoneNumberSid: sid }, status: 201 },
			]);
		},
		'the item is the number with campaign.status assigned; the If takes the "ready" branch': (run) => {
			expect(run.status).toBe('success');
			const [item] = run.items(NODE);
			expect(item.json).toMatchObject({
				purchase: { status: 'purchased', number: '+14155550106' },
				configure: { status: 'configured', campaign: SERVICE },
				campaign: { status: 'assigned', id: SERVICE, state: 'VERIFIED', alreadyInCampaign: false },
			});
			expect(run.items('Respond: ready to text').map((i) => i.json)).toEqual([{ number: '+14155550106', campaign: 'assigned' }]);
			expect(run.ran('Respond: bought, not textable yet')).toBe(false);
		},
		'the stand-in holds the number in the service': (run) => {
			const state = (run.sandbox.snapshot() as unknown as { twilio: { assignments: unknown[] } }).twilio;
			expect(state.assignments).toEqual([{ number: '+14155550106', campaign: SERVICE, state: 'VERIFIED' }]);
		},
	},
};
