import { PLIVO_ACCOUNT, PLIVO_AUTH, SIGNALWIRE_AUTH, summary, type E2eCase } from '../harness.cts';

/** A refused purchase stops the workflow with the provider's own words and the HTTP status. */
export const signalWirePurchaseError: E2eCase = {
	name: 'SignalWire refuses a purchase (test/e2e/workflows/signalwire-purchase-error.json)',
	workflow: 'test/e2e/workflows/signalwire-purchase-error.json',
	tests: {
		'the execution fails with "SignalWire refused the request (HTTP 422): <SignalWire\'s detail>"': (run) => {
			expect(run.status).toBe('error');
			expect(run.lastNodeExecuted).toBe('Buy number at SignalWire');
			expect(run.error).toMatchObject({
				message: 'SignalWire refused the request (HTTP 422): Number +14155550199 is not available for purchase',
				httpCode: '422',
				node: expect.objectContaining({ name: 'Buy number at SignalWire' }),
			});
			expect(run.error?.description).toBe("SignalWire refused the values sent. Check 'Phone Number'.");
		},
		'it tried once, checked the account once, and bought nothing': (run) => {
			expect(run.requests.map(summary)).toEqual([
				{ method: 'POST', path: '/api/relay/rest/phone_numbers', query: {}, authorization: SIGNALWIRE_AUTH, body: { number: '+14155550199' }, status: 422 },
				{ method: 'GET', path: '/api/relay/rest/phone_numbers', query: { filter_number: '+14155550199' }, authorization: SIGNALWIRE_AUTH, body: null, status: 200 },
			]);
			expect(run.sandbox.snapshot().signalwire.owned.map((n) => n.number)).not.toContain('+14155550199');
		},
	},
};

export const plivoPurchaseError: E2eCase = {
	name: 'Plivo refuses a purchase (test/e2e/workflows/plivo-purchase-error.json)',
	workflow: 'test/e2e/workflows/plivo-purchase-error.json',
	tests: {
		'the execution fails with "Plivo refused the request (HTTP 400): <Plivo\'s error>"': (run) => {
			expect(run.status).toBe('error');
			expect(run.error).toMatchObject({
				message: 'Plivo refused the request (HTTP 400): Number 14155550199 is not available for purchase',
				httpCode: '400',
			});
		},
		'it tried once and checked the account once': (run) => {
			expect(run.requests.map(summary)).toEqual([
				{ method: 'POST', path: `${PLIVO_ACCOUNT}/PhoneNumber/14155550199/`, query: {}, authorization: PLIVO_AUTH, body: null, status: 400 },
				{ method: 'GET', path: `${PLIVO_ACCOUNT}/Number/14155550199/`, query: {}, authorization: PLIVO_AUTH, body: null, status: 404 },
			]);
		},
	},
};

/** If Already Owned = Stop With Error: nothing is bought, the item fails in plain words. */
export const signalWireAlreadyOwnedError: E2eCase = {
	name: 'SignalWire, number already owned, Stop With Error (test/e2e/workflows/signalwire-already-owned-error.json)',
	workflow: 'test/e2e/workflows/signalwire-already-owned-error.json',
	tests: {
		'the execution fails with "already in your SignalWire account"': (run) => {
			expect(run.status).toBe('error');
			expect(run.error?.message).toBe('+14155550129 is already in your SignalWire account');
		},
		'SignalWire refused the purchase (422, already owned) and the look-up found the number': (run) => {
			expect(run.requests.map((r) => [r.method, r.status])).toEqual([
				['POST', 422],
				['GET', 200],
			]);
			expect(JSON.stringify(run.requests[0].response)).toContain('already owned');
			expect(run.sandbox.snapshot().signalwire.owned.filter((n) => n.number === '+14155550129')).toHaveLength(1);
		},
	},
};
