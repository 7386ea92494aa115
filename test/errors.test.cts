import nock from 'nock';
import type { INodeParameters } from 'n8n-workflow';
import { answer, resetHttp, sent } from './helpers/http.cts';
import { logText, runPhoneNumberNode, TEST_CREDENTIALS } from './helpers/n8n.cts';
import { plivoPurchased, signalWirePhoneNumber, signalWireOwnedList, summary } from './fixtures/providers.cts';

const SW_ORIGIN = 'https://example-space.signalwire.com';
const SW_PATH = '/api/relay/rest/phone_numbers';
const PLIVO_ORIGIN = 'https://api.plivo.com';
const plivoPath = (digits: string) => `/v1/Account/${TEST_CREDENTIALS.plivoNumbersApi.authId}/PhoneNumber/${digits}/`;
const plivoNumberPath = (digits: string) => `/v1/Account/${TEST_CREDENTIALS.plivoNumbersApi.authId}/Number/${digits}/`;

const purchase = (authentication: string, phoneNumber: string): INodeParameters => ({
	authentication,
	resource: 'phoneNumber',
	operation: 'purchase',
	phoneNumber,
});

beforeEach(resetHttp);
afterAll(() => nock.restore());

const SW_CREDENTIAL_HINT =
	'SignalWire did not accept the credentials. Check the Space URL, Project ID and API Token in the SignalWire API credential; the token needs the "Numbers" scope.';
const SW_SERVER_HINT =
	'SignalWire could not handle the request on its side. Try again later; if this was a purchase, check the numbers you own before buying again.';

describe('SignalWire errors reach the user in SignalWire\'s words, with the HTTP status', () => {
	test.each([
		[400, { error: 'Bad Request' }, 'SignalWire refused the request (HTTP 400): Bad Request', "SignalWire could not accept the request as sent. Check 'Phone Number'."],
		[401, { error: 'Unauthorized' }, 'SignalWire refused the request (HTTP 401): Unauthorized', SW_CREDENTIAL_HINT],
		[
			422,
			{ errors: [{ detail: 'Number +14155550100 is not available for purchase', title: 'Invalid Parameter', code: 'number_not_available', status: '422' }] },
			'SignalWire refused the request (HTTP 422): Number +14155550100 is not available for purchase',
			"SignalWire refused the values sent. Check 'Phone Number'.",
		],
		[
			422,
			{
				errors: [
					{ detail: 'Number is invalid', title: 'Invalid Parameter', code: 'invalid_parameter', status: '422' },
					{ detail: 'Number is not in E164 format', title: 'Invalid Parameter', code: 'invalid_parameter', status: '422' },
				],
			},
			'SignalWire refused the request (HTTP 422): Number is invalid; Number is not in E164 format',
			"SignalWire refused the values sent. Check 'Phone Number'.",
		],
		[500, { error: 'Internal Server Error' }, 'SignalWire could not complete the request (HTTP 500): Internal Server Error', SW_SERVER_HINT],
	])('HTTP %i %j', async (status, body, message, description) => {
		nock(SW_ORIGIN).post(SW_PATH).reply(answer(status, body));
		// Refusals and 5xx answers make the node check whether the number is already owned.
		const checks = status === 401 ? 0 : 1;
		if (checks) nock(SW_ORIGIN).get(SW_PATH).query({ filter_number: '+14155550100' }).reply(answer(200, signalWireOwnedList()));

		const { items, error } = await runPhoneNumberNode({ parameters: purchase('signalWireApi', '+14155550100') });

		expect(sent).toHaveLength(1 + checks);
		expect(items).toEqual([]);
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toBe(message);
		expect(error?.description).toBe(description);
		expect(error?.httpCode).toBe(String(status));
	});

	test('the errors n8n logs are captured, so the no-secret scan covers log lines too', async () => {
		nock(SW_ORIGIN).post(SW_PATH).reply(answer(401, { error: 'Unauthorized' }));
		const { logs } = await runPhoneNumberNode({ parameters: purchase('signalWireApi', '+14155550100') });
		// The run's own capture, or (on a machine so busy that winston wrote later still) the log file.
		const logged = async () => {
			for (const deadline = Date.now() + 5000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 50))) {
				if (logText().includes('SignalWire refused the request (HTTP 401): Unauthorized')) return true;
			}
			return false;
		};
		expect(logs.includes('SignalWire refused the request (HTTP 401): Unauthorized') || (await logged())).toBe(true);
	});
});

describe('Plivo errors reach the user in Plivo\'s words, with the HTTP status', () => {
	test.each([
		[400, { api_id: 'b1', error: 'This number is not available for purchase' }, 'Plivo refused the request (HTTP 400): This number is not available for purchase'],
		[401, { error: 'Authentication credentials invalid' }, 'Plivo refused the request (HTTP 401): Authentication credentials invalid'],
		[404, { api_id: 'b2', error: 'not found' }, 'Plivo refused the request (HTTP 404): not found'],
		[405, { api_id: 'b3', error: 'Method not allowed' }, 'Plivo refused the request (HTTP 405): Method not allowed'],
		[500, { api_id: 'b4', error: 'Internal server error' }, 'Plivo could not complete the request (HTTP 500): Internal server error'],
	])('HTTP %i %j', async (status, body, message) => {
		nock(PLIVO_ORIGIN).post(plivoPath('14155550100')).reply(answer(status, body));
		const checks = [400, 404, 500].includes(status) ? 1 : 0;
		if (checks) nock(PLIVO_ORIGIN).get(plivoNumberPath('14155550100')).reply(answer(404, { api_id: 'n1', error: 'not found' }));

		const { error } = await runPhoneNumberNode({ parameters: purchase('plivoNumbersApi', '14155550100') });

		expect(sent).toHaveLength(1 + checks);
		expect(error?.message).toBe(message);
		expect(error?.httpCode).toBe(String(status));
	});

	test('a 401 tells the user which credential fields to check', async () => {
		nock(PLIVO_ORIGIN).post(plivoPath('14155550100')).reply(answer(401, { error: 'Authentication credentials invalid' }));
		const { error } = await runPhoneNumberNode({ parameters: purchase('plivoNumbersApi', '14155550100') });
		expect(error?.description).toBe(
			'Plivo did not accept the credentials. Check the Auth ID and Auth Token in the Plivo Numbers API credential.',
		);
	});
});

describe('Continue On Fail: nothing bought is lost', () => {
	test('SignalWire: successes keep their items, paired to their inputs; failures become error items', async () => {
		const first = signalWirePhoneNumber('+14155550100');
		const third = signalWirePhoneNumber('+14155550102', { id: '6e5f4a3b-0000-4000-8000-000000000003' });
		nock(SW_ORIGIN)
			.post(SW_PATH, { number: '+14155550100' })
			.reply(answer(200, first))
			.post(SW_PATH, { number: '+14155550101' })
			.reply(answer(422, { errors: [{ detail: 'Number +14155550101 is already owned', title: 'Invalid', code: 'taken', status: '422' }] }))
			.post(SW_PATH, { number: '+14155550102' })
			.reply(answer(200, third))
			.get(SW_PATH)
			.query({ filter_number: '+14155550101' })
			.reply(answer(200, signalWireOwnedList()));

		const { items, error } = await runPhoneNumberNode({
			continueOnFail: true,
			items: [{ n: '+14155550100' }, { n: '+14155550101' }, { n: '+14155550102' }, { n: 'not a number' }],
			parameters: purchase('signalWireApi', '={{ $json.n }}'),
		});

		expect(error).toBeUndefined();
		expect(sent).toHaveLength(4);
		expect(items.map(({ json, pairedItem }) => ({ json, pairedItem }))).toEqual([
			{ json: { ...first, ...summary('+14155550100') }, pairedItem: { item: 0 } },
			{ json: { error: 'SignalWire refused the request (HTTP 422): Number +14155550101 is already owned' }, pairedItem: { item: 1 } },
			{ json: { ...third, ...summary('+14155550102') }, pairedItem: { item: 2 } },
			{
				json: {
					error:
						'The "Phone Number" value "not a number" is not valid: it may only contain digits, a leading "+", spaces, dashes, dots and brackets',
				},
				pairedItem: { item: 3 },
			},
		]);
		expect(items[1].error?.message).toBe('SignalWire refused the request (HTTP 422): Number +14155550101 is already owned');
		expect(items[0].error).toBeUndefined();
		expect(items[2].error).toBeUndefined();
	});

	test('Plivo: a failed item between two purchases loses neither purchase', async () => {
		const first = plivoPurchased('14155550100');
		const third = plivoPurchased('4930901820', 'pending');
		nock(PLIVO_ORIGIN)
			.post(plivoPath('14155550100'))
			.reply(answer(201, first))
			.post(plivoPath('14155550101'))
			.reply(answer(400, { api_id: 'c1', error: 'Number 14155550101 is not available' }))
			.post(plivoPath('4930901820'))
			.reply(answer(201, third))
			.get(plivoNumberPath('14155550101'))
			.reply(answer(404, { api_id: 'n2', error: 'not found' }));

		const { items } = await runPhoneNumberNode({
			continueOnFail: true,
			items: [{ n: '14155550100' }, { n: '14155550101' }, { n: '+49 30 901820' }],
			parameters: purchase('plivoNumbersApi', '={{ $json.n }}'),
		});

		expect(items.map(({ json, pairedItem }) => ({ json, pairedItem }))).toEqual([
			{ json: { ...first, ...summary('+14155550100') }, pairedItem: { item: 0 } },
			{ json: { error: 'Plivo refused the request (HTTP 400): Number 14155550101 is not available' }, pairedItem: { item: 1 } },
			{ json: { ...third, ...summary('+4930901820', 'pending') }, pairedItem: { item: 2 } },
		]);
	});

	test('without Continue On Fail the first failure stops the node and names the item', async () => {
		nock(SW_ORIGIN)
			.post(SW_PATH, { number: '+14155550100' })
			.reply(answer(200, signalWirePhoneNumber('+14155550100')))
			.post(SW_PATH, { number: '+14155550101' })
			.reply(answer(500, { error: 'Internal Server Error' }))
			.get(SW_PATH)
			.query({ filter_number: '+14155550101' })
			.reply(answer(200, signalWireOwnedList()));

		const { error } = await runPhoneNumberNode({
			items: [{ n: '+14155550100' }, { n: '+14155550101' }],
			parameters: purchase('signalWireApi', '={{ $json.n }}'),
		});

		expect(error?.message).toBe('SignalWire could not complete the request (HTTP 500): Internal Server Error');
		expect(error?.context?.itemIndex).toBe(1);
	});
});
