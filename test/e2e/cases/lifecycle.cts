import { PLIVO_ACCOUNT, PLIVO_AUTH, SIGNALWIRE_AUTH, summary, TWILIO_ACCOUNT, TWILIO_AUTH, type CaseRun, type E2eCase } from '../harness.cts';

const SW = '/api/relay/rest/phone_numbers';

/** The number the search found (first result), as E.164. */
function found(run: CaseRun): string {
	const [first] = run.items('Search 415 numbers');
	return String(first.json.number);
}

/** examples/signalwire-lifecycle.json: search, buy, name + route calls, list, release. */
export const signalWireLifecycle: E2eCase = {
	name: 'SignalWire lifecycle (examples/signalwire-lifecycle.json)',
	workflow: 'examples/signalwire-lifecycle.json',
	tests: {
		'the workflow succeeds and the search found a 415 number': (run) => {
			expect(run.status).toBe('success');
			expect(found(run)).toMatch(/^\+1415\d{7}$/);
		},
		'sends search, purchase, lookup + update, list, release: one request each, in that order': (run) => {
			const number = found(run);
			const id = run.items('Buy it')[0].json.id as string;
			expect(run.requests.map(summary)).toEqual([
				{ method: 'GET', path: `${SW}/search`, query: { number_type: 'local', areacode: '415', max_results: '1' }, authorization: SIGNALWIRE_AUTH, body: null, status: 200 },
				{ method: 'POST', path: SW, query: {}, authorization: SIGNALWIRE_AUTH, body: { number }, status: 200 },
				{ method: 'GET', path: SW, query: { filter_number: number }, authorization: SIGNALWIRE_AUTH, body: null, status: 200 },
				{
					method: 'PUT',
					path: `${SW}/${id}`,
					query: {},
					authorization: SIGNALWIRE_AUTH,
					body: { name: 'Support line', call_handler: 'laml_webhooks', call_request_url: 'https://example.com/voice', call_request_method: 'POST' },
					status: 200,
				},
				{ method: 'GET', path: SW, query: { filter_number: number, page_size: '10' }, authorization: SIGNALWIRE_AUTH, body: null, status: 200 },
				{ method: 'DELETE', path: `${SW}/${id}`, query: {}, authorization: SIGNALWIRE_AUTH, body: null, status: 204 },
			]);
		},
		'each step outputs what the next one needs': (run) => {
			const number = found(run);
			const bought = run.items('Buy it')[0].json;
			expect(bought).toMatchObject({ number, purchase: { status: 'purchased', number } });
			expect(run.items('Name it and route calls')[0].json).toMatchObject({ id: bought.id, name: 'Support line', call_handler: 'laml_webhooks' });
			expect(run.items('List it').map((item) => item.json)).toEqual([
				expect.objectContaining({ provider: 'signalwire', id: bought.id, number, name: 'Support line', status: 'owned' }),
			]);
			expect(run.items('Release it').map((item) => item.json)).toEqual([{ deleted: true, provider: 'signalwire', id: bought.id, number: null, released: true }]);
		},
		'the number is back in the inventory, not in the account': (run) => {
			expect(run.sandbox.snapshot().signalwire.owned.map((n) => n.number)).not.toContain(found(run));
		},
	},
};

/** examples/plivo-lifecycle.json: search, buy, set an alias, list, release. */
export const plivoLifecycle: E2eCase = {
	name: 'Plivo lifecycle (examples/plivo-lifecycle.json)',
	workflow: 'examples/plivo-lifecycle.json',
	tests: {
		'the workflow succeeds and the search found a 415 number': (run) => {
			expect(run.status).toBe('success');
			expect(found(run)).toMatch(/^\+1415\d{7}$/);
		},
		'sends search, purchase, update, list, release: one request each, in that order': (run) => {
			const digits = found(run).slice(1);
			expect(run.requests.map(summary)).toEqual([
				{ method: 'GET', path: `${PLIVO_ACCOUNT}/PhoneNumber/`, query: { country_iso: 'US', type: 'local', pattern: '415', limit: '1', offset: '0' }, authorization: PLIVO_AUTH, body: null, status: 200 },
				{ method: 'POST', path: `${PLIVO_ACCOUNT}/PhoneNumber/${digits}/`, query: {}, authorization: PLIVO_AUTH, body: null, status: 201 },
				{ method: 'POST', path: `${PLIVO_ACCOUNT}/Number/${digits}/`, query: {}, authorization: PLIVO_AUTH, body: { alias: 'Support line' }, status: 202 },
				{ method: 'GET', path: `${PLIVO_ACCOUNT}/Number/`, query: { number_startswith: digits, limit: '10', offset: '0' }, authorization: PLIVO_AUTH, body: null, status: 200 },
				{ method: 'DELETE', path: `${PLIVO_ACCOUNT}/Number/${digits}/`, query: {}, authorization: PLIVO_AUTH, body: null, status: 204 },
			]);
		},
		'each step outputs what the next one needs': (run) => {
			const number = found(run);
			expect(run.items('Buy it')[0].json).toMatchObject({ status: 'fulfilled', purchase: { status: 'purchased', number } });
			expect(run.items('List it').map((item) => item.json)).toEqual([
				expect.objectContaining({ provider: 'plivo', id: number.slice(1), number, name: 'Support line', status: 'owned' }),
			]);
			expect(run.items('Release it').map((item) => item.json)).toEqual([{ deleted: true, provider: 'plivo', id: number.slice(1), number, released: true }]);
		},
		'the number is back in the inventory, not in the account': (run) => {
			expect(run.sandbox.snapshot().plivo.owned.map((n) => n.number)).not.toContain(found(run).slice(1));
		},
	},
};

/** examples/twilio-lifecycle.json: search, buy with Then Configure (one request), route messages, list, release. */
export const twilioLifecycle: E2eCase = {
	name: 'Twilio lifecycle (examples/twilio-lifecycle.json)',
	workflow: 'examples/twilio-lifecycle.json',
	tests: {
		'the workflow succeeds and the search found a 415 number': (run) => {
			expect(run.status).toBe('success');
			expect(found(run)).toMatch(/^\+1415\d{7}$/);
		},
		'sends search, purchase (settings included), update, list, lookup + release: form bodies, one request each': (run) => {
			const number = found(run);
			const sid = run.items('Buy it, ready to take calls')[0].json.id as string;
			const FORM = 'application/x-www-form-urlencoded';
			expect(sid).toMatch(/^PN[0-9a-f]{32}$/);
			expect(run.requests.map(summary)).toEqual([
				{ method: 'GET', path: `${TWILIO_ACCOUNT}/AvailablePhoneNumbers/US/Local.json`, query: { AreaCode: '415', PageSize: '1' }, authorization: TWILIO_AUTH, body: null, status: 200 },
				{ method: 'POST', path: `${TWILIO_ACCOUNT}/IncomingPhoneNumbers.json`, query: {}, authorization: TWILIO_AUTH, body: { FriendlyName: 'Support line', VoiceUrl: 'https://example.com/voice', VoiceMethod: 'POST', PhoneNumber: number }, status: 201 },
				{ method: 'POST', path: `${TWILIO_ACCOUNT}/IncomingPhoneNumbers/${sid}.json`, query: {}, authorization: TWILIO_AUTH, body: { SmsUrl: 'https://example.com/sms', SmsMethod: 'POST' }, status: 200 },
				{ method: 'GET', path: `${TWILIO_ACCOUNT}/IncomingPhoneNumbers.json`, query: { PhoneNumber: number, PageSize: '10' }, authorization: TWILIO_AUTH, body: null, status: 200 },
				{ method: 'GET', path: `${TWILIO_ACCOUNT}/IncomingPhoneNumbers.json`, query: { PhoneNumber: number }, authorization: TWILIO_AUTH, body: null, status: 200 },
				{ method: 'DELETE', path: `${TWILIO_ACCOUNT}/IncomingPhoneNumbers/${sid}.json`, query: {}, authorization: TWILIO_AUTH, body: null, status: 204 },
			]);
			expect(run.requests.filter((request) => request.method === 'POST').map((request) => String(request.headers['content-type']).split(';')[0])).toEqual([FORM, FORM]);
		},
		'each step outputs what the next one needs': (run) => {
			const number = found(run);
			const bought = run.items('Buy it, ready to take calls')[0].json;
			expect(bought).toEqual({
				provider: 'twilio',
				id: expect.stringMatching(/^PN/),
				number,
				name: 'Support line',
				purchase: { status: 'purchased', number },
				configure: { status: 'configured', settings: { FriendlyName: 'Support line', VoiceUrl: 'https://example.com/voice', VoiceMethod: 'POST' } },
			});
			expect(run.items('Send its messages to the CRM')[0].json).toMatchObject({ sid: bought.id, phone_number: number, friendly_name: 'Support line', voice_url: 'https://example.com/voice', sms_url: 'https://example.com/sms' });
			expect(run.items('List it').map((item) => item.json)).toEqual([
				expect.objectContaining({ provider: 'twilio', id: bought.id, number, name: 'Support line', status: 'owned' }),
			]);
			expect(run.items('Release it').map((item) => item.json)).toEqual([{ deleted: true, provider: 'twilio', id: bought.id, number, released: true }]);
		},
		'the number is back in the inventory, not in the account': (run) => {
			expect(run.sandbox.snapshot().twilio.owned.map((n) => n.phone_number)).not.toContain(found(run));
		},
	},
};
