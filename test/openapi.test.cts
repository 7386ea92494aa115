/**
 * The spec oracle itself (test/helpers/openapi.cts): that it finds what a provider's spec
 * forbids, in words that name the place, and accepts what the spec allows. The SignalWire cases
 * use the vendored spec; the OpenAPI 3.0 cases (nullable, form-encoded bodies, a server with a
 * base path, Basic auth) use a small spec written here in the style of Twilio's and Telnyx's.
 */
import { fromNock, fromStandIn, loadSpec, matchOperation, operationKey, requestProblems, responseProblems, specFromDocument, unexercised } from './helpers/openapi.cts';

const SW = '/api/relay/rest/phone_numbers';
const ID = '4c3f1e2a-0000-4000-8000-000000000001';
const AUTH = { authorization: 'Basic c3c6dG9rZW4=', 'content-type': 'application/json' };

describe('the spec oracle on an OpenAPI 3.1 spec (SignalWire, vendored)', () => {
	const spec = loadSpec('signalwire');

	it('records where the vendored part came from', () => {
		expect(spec.version).toBe('3.1');
		expect(spec.vendored).toMatchObject({ repo: 'signalwire/docs', path: 'fern/apis/signalwire-rest/openapi.yaml' });
		expect(spec.vendored.commit).toMatch(/^[0-9a-f]{40}$/);
	});

	it('matches the most literal path template: /search is not a phone number id', () => {
		expect(matchOperation(spec, 'GET', `https://example.signalwire.com${SW}/search?areacode=415`)?.key).toBe(`GET ${SW}/search`);
		expect(matchOperation(spec, 'GET', `${SW}/${ID}`)?.pathParams).toEqual({ id: ID });
		expect(operationKey(spec, 'PATCH', `${SW}/${ID}`)).toBe(`PATCH ${SW}/${ID} (not in the spec)`);
	});

	it('accepts a request the spec allows', () => {
		expect(requestProblems(spec, { method: 'PUT', url: `http://127.0.0.1:1${SW}/${ID}`, headers: AUTH, body: { name: 'Main', call_request_url: 'https://example.com/voice', call_request_method: 'GET' } })).toEqual([]);
		expect(requestProblems(spec, { method: 'GET', url: `${SW}?page_size=5&page_number=0&filter_number=%2B1415`, headers: AUTH })).toEqual([]);
	});

	it('names the field, the value and the rule that a request breaks', () => {
		expect(requestProblems(spec, { method: 'PUT', path: `${SW}/${ID}`, headers: AUTH, body: { call_video_room_id: 'sales-room', call_request_url: null, colour: 'red' } })).toEqual([
			`PUT ${SW}/{id}: request body /call_request_url: null is not of type string`,
			`PUT ${SW}/{id}: request body /call_video_room_id: "sales-room" is not a uuid`,
			`PUT ${SW}/{id}: request body (top): property 'colour' is not in the spec (the object is closed)`,
		]);
	});

	it('checks query and path parameters: typed, bounded, known', () => {
		expect(requestProblems(spec, { method: 'GET', url: `${SW}?page_size=5000&sort=asc`, headers: AUTH })).toEqual([
			`GET ${SW}: query parameter page_size: (top): 5000 must be <= 1000`,
			`GET ${SW}: query parameter sort is not in the spec`,
		]);
		expect(requestProblems(spec, { method: 'GET', url: `${SW}?page_size=many`, headers: AUTH })).toEqual([`GET ${SW}: query parameter page_size: (top): "many" is not of type integer`]);
		expect(requestProblems(spec, { method: 'DELETE', url: `${SW}/14155550100`, headers: AUTH })).toEqual([`DELETE ${SW}/{id}: path parameter id: (top): "14155550100" is not a uuid`]);
	});

	it('checks the credential, the body being there, and its media type', () => {
		expect(requestProblems(spec, { method: 'POST', url: SW, headers: { 'content-type': 'application/json' }, body: { number: '+14155550100' } })).toEqual([
			`POST ${SW}: no credential the spec accepts (Basic auth)`,
		]);
		expect(requestProblems(spec, { method: 'POST', url: SW, headers: AUTH })).toEqual([`POST ${SW}: a body is required (application/json)`]);
		expect(requestProblems(spec, { method: 'POST', url: SW, headers: { ...AUTH, 'content-type': 'application/x-www-form-urlencoded' }, body: 'number=%2B14155550100' })).toEqual([
			`POST ${SW}: request body: Content-Type application/x-www-form-urlencoded is not one the spec gives (application/json)`,
		]);
		expect(requestProblems(spec, { method: 'DELETE', url: `${SW}/${ID}`, headers: AUTH, body: { force: true } })).toEqual([`DELETE ${SW}/{id}: the spec takes no body, one was sent: {"force":true}`]);
	});

	it('checks answers: the status is documented, the body fits it, closed objects stay closed', () => {
		expect(responseProblems(spec, { method: 'DELETE', path: `${SW}/${ID}`, status: 204 })).toEqual([]);
		expect(responseProblems(spec, { method: 'GET', path: `${SW}/search`, status: 429, body: { error: 'Too Many Requests' } })).toEqual([
			`GET ${SW}/search: HTTP 429 is not documented (the spec gives 200, 401, 500)`,
		]);
		expect(responseProblems(spec, { method: 'GET', path: `${SW}/search`, status: 200, body: { links: { self: 'x' }, data: [{ number: '+14155550100', cnam: null }] } })).toEqual([
			`GET ${SW}/search: response body (HTTP 200) /links: required property 'first' is missing`,
			`GET ${SW}/search: response body (HTTP 200) /data/0: property 'cnam' is not in the spec (the object is closed)`,
		]);
		expect(responseProblems(spec, { method: 'GET', path: `${SW}/${ID}`, status: 404, body: { error: 'Nope' } })).toEqual([
			`GET ${SW}/{id}: response body (HTTP 404) /error: "Nope" is not one of "Not Found"`,
		]);
		expect(responseProblems(spec, { method: 'GET', path: `${SW}/${ID}`, status: 200 })).toEqual([
			`GET ${SW}/{id}: response body (HTTP 200): the spec gives this status a body (application/json), none was sent`,
		]);
	});

	it('folds the branches of an anyOf into one line', () => {
		const [problem] = responseProblems(spec, { method: 'GET', path: `${SW}/search`, status: 200, body: { links: { self: 'a', first: 'b' }, data: [{ number: 5 }] } });
		expect(problem).toBe(`GET ${SW}/search: response body (HTTP 200) /data/0/number: 5 is not of type string`);
		const nullable = responseProblems(spec, { method: 'GET', path: `${SW}/${ID}`, status: 422, body: { errors: [{ detail: 'x', status: 422, title: 't', code: 'c' }] } });
		expect(nullable).toEqual([`GET ${SW}/{id}: response body (HTTP 422) /errors/0/status: 422 is not of type string`]);
	});

	it('reads the captures: a nock record and a stand-in log entry', () => {
		const recorded = { method: 'PUT', url: `http://127.0.0.1:1${SW}/${ID}`, headers: AUTH, body: { name: 'x' } };
		expect(requestProblems(spec, fromNock(recorded))).toEqual([]);
		const { request, response } = fromStandIn({ method: 'GET', path: SW, query: { page_size: '1' }, headers: AUTH, body: null, status: 200, response: { links: { self: 's', first: 'f' }, data: [] } });
		expect(requestProblems(spec, request)).toEqual([]);
		expect(responseProblems(spec, response)).toEqual([]);
		// The phone-number operations (the vendored spec has the Campaign Registry's too: test/campaignSpec.test.cts).
		const phoneNumbers = unexercised(spec, [`GET ${SW}`, `POST ${SW}`, `GET ${SW}/search`, `GET ${SW}/{id}`, `PUT ${SW}/{id}`]).filter((key) => key.includes(SW));
		expect(phoneNumbers).toEqual([`DELETE ${SW}/{id}`]);
	});
});

/** Twilio- and Telnyx-style: OpenAPI 3.0, nullable, form-encoded requests, a server with a path. */
const SPEC_30 = {
	openapi: '3.0.1',
	info: { title: 'Example', version: '1' },
	servers: [{ url: 'https://api.example.com/v2' }],
	security: [{ basic: [] }],
	paths: {
		'/Accounts/{AccountSid}/Numbers.json': {
			parameters: [{ name: 'AccountSid', in: 'path', required: true, schema: { type: 'string', pattern: '^AC[0-9a-f]{32}$' } }],
			post: {
				requestBody: { required: true, content: { 'application/x-www-form-urlencoded': { schema: { $ref: '#/components/schemas/CreateNumber' } } } },
				responses: { '201': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Number' } } } }, '4XX': { $ref: '#/components/responses/Error' } },
			},
			get: {
				parameters: [
					{ name: 'PageSize', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000 } },
					{ name: 'Beta', in: 'query', schema: { type: 'boolean' } },
					{ name: 'filter[types]', in: 'query', explode: false, schema: { type: 'array', items: { type: 'string', enum: ['local', 'toll_free'] } } },
				],
				responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { numbers: { type: 'array', items: { $ref: '#/components/schemas/Number' } } } } } } } },
			},
		},
	},
	components: {
		securitySchemes: { basic: { type: 'http', scheme: 'basic' } },
		responses: { Error: { description: 'error', content: { 'application/json': { schema: { type: 'object', required: ['code'], properties: { code: { type: 'integer' }, more_info: { type: 'string', nullable: true } } } } } } },
		schemas: {
			CreateNumber: {
				type: 'object',
				required: ['PhoneNumber'],
				additionalProperties: false,
				properties: {
					PhoneNumber: { type: 'string' },
					VoiceUrl: { type: 'string', format: 'uri' },
					VoiceMethod: { type: 'string', enum: ['GET', 'POST'] },
					SmsEnabled: { type: 'boolean' },
					Priority: { type: 'integer', minimum: 0, exclusiveMinimum: true },
				},
			},
			Number: {
				type: 'object',
				properties: {
					sid: { type: 'string' },
					friendly_name: { type: 'string', nullable: true },
					voice_method: { type: 'string', nullable: true, enum: ['GET', 'POST'] },
					address: { nullable: true, allOf: [{ $ref: '#/components/schemas/Address' }] },
				},
			},
			Address: { type: 'object', properties: { city: { type: 'string' } } },
		},
	},
};
const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';
const FORM = { authorization: 'Basic QUM6dG9rZW4=', 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };

describe('the spec oracle on an OpenAPI 3.0 spec (form-encoded, nullable)', () => {
	const spec = specFromDocument('example30', SPEC_30);
	const path = `/v2/Accounts/${ACCOUNT}/Numbers.json`;

	it('takes a form-encoded body, raw or as an object, typed by the schema', () => {
		expect(requestProblems(spec, { method: 'POST', url: `http://127.0.0.1:9${path}`, headers: FORM, body: 'PhoneNumber=%2B14155550100&VoiceUrl=https%3A%2F%2Fexample.com%2Fv&SmsEnabled=true&Priority=2' })).toEqual([]);
		expect(requestProblems(spec, { method: 'POST', path, headers: FORM, body: { PhoneNumber: '+14155550100', VoiceMethod: 'PUT', SmsEnabled: 'yes', Priority: '0', Colour: 'red' } })).toEqual([
			`POST /Accounts/{AccountSid}/Numbers.json: request body (top): property 'Colour' is not in the spec (the object is closed)`,
			'POST /Accounts/{AccountSid}/Numbers.json: request body /VoiceMethod: "PUT" is not one of "GET", "POST"',
			'POST /Accounts/{AccountSid}/Numbers.json: request body /SmsEnabled: "yes" is not of type boolean',
			'POST /Accounts/{AccountSid}/Numbers.json: request body /Priority: 0 must be > 0',
		]);
		expect(requestProblems(spec, { method: 'POST', path, headers: FORM, body: 'VoiceUrl=not%20a%20url' })).toEqual([
			"POST /Accounts/{AccountSid}/Numbers.json: request body (top): required property 'PhoneNumber' is missing",
			'POST /Accounts/{AccountSid}/Numbers.json: request body /VoiceUrl: "not a url" is not a uri',
		]);
		expect(requestProblems(spec, { method: 'POST', path, headers: { ...FORM, 'content-type': 'application/json' }, body: { PhoneNumber: '+1' } })).toEqual([
			'POST /Accounts/{AccountSid}/Numbers.json: request body: Content-Type application/json is not one the spec gives (application/x-www-form-urlencoded)',
		]);
	});

	it('checks path parameters from the path item, query arrays (explode false) and booleans', () => {
		expect(requestProblems(spec, { method: 'GET', url: `/v2/Accounts/AC1/Numbers.json?PageSize=20&Beta=true&filter%5Btypes%5D=local,toll_free`, headers: FORM })).toEqual([
			'GET /Accounts/{AccountSid}/Numbers.json: path parameter AccountSid: (top): "AC1" must match pattern "^AC[0-9a-f]{32}$"',
		]);
		expect(requestProblems(spec, { method: 'GET', url: `${path}?filter%5Btypes%5D=local,mobile&Beta=1`, headers: FORM })).toEqual([
			'GET /Accounts/{AccountSid}/Numbers.json: query parameter Beta: (top): "1" is not of type boolean',
			'GET /Accounts/{AccountSid}/Numbers.json: query parameter filter[types]: /1: "mobile" is not one of "local", "toll_free"',
		]);
		expect(requestProblems(spec, { method: 'GET', url: path, headers: {} })).toEqual(['GET /Accounts/{AccountSid}/Numbers.json: no credential the spec accepts (basic auth)']);
	});

	it('reads 3.0 nullable (with a type, an enum, or only an allOf) and ranged statuses from a component', () => {
		const number = { sid: 'PN1', friendly_name: null, voice_method: null, address: null };
		expect(responseProblems(spec, { method: 'POST', path, status: 201, body: number })).toEqual([]);
		expect(responseProblems(spec, { method: 'POST', path, status: 201, body: { ...number, voice_method: 'PUT', address: 'x' } })).toEqual([
			'POST /Accounts/{AccountSid}/Numbers.json: response body (HTTP 201) /voice_method: "PUT" is not one of "GET", "POST", null',
			'POST /Accounts/{AccountSid}/Numbers.json: response body (HTTP 201) /address: "x" matches none of the allowed forms (is not of type object; is not of type null)',
		]);
		expect(responseProblems(spec, { method: 'POST', path, status: 404, body: { code: 20404, more_info: null } })).toEqual([]);
		expect(responseProblems(spec, { method: 'POST', path, status: 500, body: { code: 1 } })).toEqual([
			'POST /Accounts/{AccountSid}/Numbers.json: HTTP 500 is not documented (the spec gives 201, 4XX)',
		]);
	});
});
