import { PLIVO_ACCOUNT, PLIVO_AUTH, SIGNALWIRE_AUTH, summary, type E2eCase } from '../harness.cts';

const SW = '/api/relay/rest/phone_numbers';
/** The stand-in's ID of +14155550129, owned at the start (its IDs are deterministic). */
const PICKED = 'c261492d-dc3c-4ff6-a5fd-98e286168f5d';

/** Get and Release with the Phone Number locator in From List mode, as saved after picking an entry. */
export const pickedFromList: E2eCase = {
	name: 'Numbers picked From List (test/e2e/workflows/picked-from-list.json)',
	workflow: 'test/e2e/workflows/picked-from-list.json',
	tests: {
		'a picked entry names the number directly: one request per node, no lookup': (run) => {
			expect(run.status).toBe('success');
			expect(run.requests.map(summary)).toEqual([
				{ method: 'GET', path: `${SW}/${PICKED}`, query: {}, authorization: SIGNALWIRE_AUTH, body: null, status: 200 },
				{ method: 'DELETE', path: `${SW}/${PICKED}`, query: {}, authorization: SIGNALWIRE_AUTH, body: null, status: 204 },
				{ method: 'DELETE', path: `${PLIVO_ACCOUNT}/Number/442079460109/`, query: {}, authorization: PLIVO_AUTH, body: null, status: 204 },
			]);
		},
		'Get outputs the record; Release confirms with deleted: true': (run) => {
			expect(run.items('Get picked number').map((item) => item.json)).toEqual([
				expect.objectContaining({ id: PICKED, number: '+14155550129', name: 'Sandbox main line' }),
			]);
			expect(run.items('Release picked number').map((item) => item.json)).toEqual([
				{ deleted: true, provider: 'signalwire', id: PICKED, number: null, released: true },
			]);
			expect(run.items('Release picked Plivo number').map((item) => item.json)).toEqual([
				{ deleted: true, provider: 'plivo', id: '442079460109', number: '+442079460109', released: true },
			]);
		},
		'both numbers have left the accounts': (run) => {
			const state = run.sandbox.snapshot();
			expect(state.signalwire.owned.map((n) => n.number)).not.toContain('+14155550129');
			expect(state.plivo.owned.map((n) => n.number)).not.toContain('442079460109');
		},
	},
};
