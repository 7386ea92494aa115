/**
 * The official Plivo Node SDK (plivo 4.79.0, a devDependency used only here) as the oracle: for
 * every Plivo number setting, the SDK and the node, both against nock, send the same request
 * (method, path, query, body, Basic auth).
 */
import nock from 'nock';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { answer, resetHttp, sent, unexpected, type RecordedRequest } from './helpers/http.cts';
import { byNumber, runPhoneNumberNode, TEST_CREDENTIALS } from './helpers/n8n.cts';
import { PLIVO_ACCOUNT, PLIVO_ORIGIN } from './fixtures/lifecycle.cts';
import { plivoPurchased } from './fixtures/providers.cts';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const plivo = require('plivo') as {
	Client: new (authId: string, authToken: string) => {
		numbers: {
			buy(number: string, appId?: string, cnamLookup?: string, haEnable?: boolean, complianceApplicationId?: string): Promise<unknown>;
			update(number: string, params: IDataObject): Promise<unknown>;
		};
	};
};

const PLIVO = TEST_CREDENTIALS.plivoNumbersApi;
const sdk = () => new plivo.Client(PLIVO.authId, PLIVO.authToken);
const CHANGED = { api_id: '5a9fcb68-582d-11e1-86da-6ff39efcb949', message: 'changed' };

/** What both must agree on. */
function wire(request: RecordedRequest) {
	const url = new URL(request.url);
	return {
		method: request.method,
		path: url.pathname,
		query: Object.fromEntries(url.searchParams),
		body: request.body,
		authorization: request.headers.authorization,
	};
}

/** Runs `act` with Plivo answering POST `path` (any number of times) and returns what was sent. */
async function capture(path: string, status: number, body: unknown, act: () => Promise<unknown>) {
	resetHttp();
	nock(PLIVO_ORIGIN).post(path).times(3).reply(answer(status, body));
	await act();
	expect(unexpected).toEqual([]);
	return sent.map(wire);
}

const purchase = (fields: INodeParameters): INodeParameters => ({
	authentication: 'plivoNumbersApi',
	resource: 'phoneNumber',
	operation: 'purchase',
	phoneNumber: '+1 415 555 0100',
	...fields,
});
const update = (updateFields: INodeParameters): INodeParameters => ({
	authentication: 'plivoNumbersApi',
	resource: 'phoneNumber',
	operation: 'update',
	ownedNumber: byNumber('+1 415 555 0100'),
	updateFields,
});

async function node(parameters: INodeParameters): Promise<void> {
	const { error } = await runPhoneNumberNode({ parameters });
	expect(error).toBeUndefined();
}

afterAll(() => nock.restore());

const BUY_PATH = `${PLIVO_ACCOUNT}/PhoneNumber/14155550100/`;
const NUMBER_PATH = `${PLIVO_ACCOUNT}/Number/14155550100/`;

describe('Purchase → Additional Fields: the same request as the SDK\'s numbers.buy', () => {
	test.each([
		['Compliance Application ID', { compliance_application_id: 'f1e2d3c4-0000-4000-8000-00000000c0a1' }, [undefined, undefined, undefined, 'f1e2d3c4-0000-4000-8000-00000000c0a1']],
		['CNAM Lookup enabled', { cnam_lookup: 'enabled' }, [undefined, 'enabled']],
		['CNAM Lookup disabled', { cnam_lookup: 'disabled' }, [undefined, 'disabled']],
		[
			'Application ID, CNAM Lookup and Compliance Application ID together',
			{ appId: '29283121858476032', cnam_lookup: 'enabled', compliance_application_id: 'f1e2d3c4-0000-4000-8000-00000000c0a1' },
			['29283121858476032', 'enabled', undefined, 'f1e2d3c4-0000-4000-8000-00000000c0a1'],
		],
	])('%s', async (_name, additionalFields, args) => {
		const created = plivoPurchased('14155550100');
		const bySdk = await capture(BUY_PATH, 201, created, () =>
			sdk().numbers.buy('14155550100', ...(args as [string?, string?, boolean?, string?])),
		);
		const byNode = await capture(BUY_PATH, 201, created, () => node(purchase({ additionalFields })));
		expect(bySdk).toHaveLength(1);
		expect(byNode).toEqual(bySdk);
	});
});

describe('Update: the same request as the SDK\'s numbers.update', () => {
	test.each([
		['Compliance Application ID', { compliance_application_id: 'f1e2d3c4-0000-4000-8000-00000000c0a1' }, { complianceApplicationId: 'f1e2d3c4-0000-4000-8000-00000000c0a1' }],
		['Caller Name', { cnam: 'ACME Support' }, { cnam: 'ACME Support' }],
		['Caller Name Callback URL', { cnam_callback_url: 'https://example.com/cnam' }, { cnamCallbackUrl: 'https://example.com/cnam' }],
		['Caller Name Callback Method', { cnam_callback_method: 'GET' }, { cnamCallbackMethod: 'GET' }],
		[
			'Caller Name with its callback, CNAM Lookup, Alias, Application ID and Subaccount',
			{ cnam: 'ACME Support', cnam_callback_url: 'https://example.com/cnam', cnam_callback_method: 'POST', cnam_lookup: 'enabled', alias: 'Support', app_id: '29283121858476032', subaccount: 'SATESTSUB00000000001' },
			{ cnam: 'ACME Support', cnamCallbackUrl: 'https://example.com/cnam', cnamCallbackMethod: 'POST', cnamLookup: 'enabled', alias: 'Support', appId: '29283121858476032', subAccount: 'SATESTSUB00000000001' },
		],
	])('%s', async (_name, updateFields, params) => {
		const bySdk = await capture(NUMBER_PATH, 202, CHANGED, () => sdk().numbers.update('14155550100', params));
		const byNode = await capture(NUMBER_PATH, 202, CHANGED, () => node(update(updateFields)));
		expect(bySdk).toHaveLength(1);
		expect(byNode).toEqual(bySdk);
	});
});

describe('Purchase → Then Configure: numbers.buy, then numbers.update', () => {
	test('Application ID goes with the purchase; Caller Name and Alias in one update', async () => {
		resetHttp();
		nock(PLIVO_ORIGIN).post(BUY_PATH).reply(answer(201, plivoPurchased('14155550100'))).post(NUMBER_PATH).reply(answer(202, CHANGED));
		const client = sdk();
		await client.numbers.buy('14155550100', '29283121858476032');
		await client.numbers.update('14155550100', { alias: 'Customer 42', cnam: 'ACME Support', cnamCallbackUrl: 'https://example.com/cnam' });
		const bySdk = sent.map(wire);

		const byNode = await capture(BUY_PATH, 201, plivoPurchased('14155550100'), async () => {
			nock(PLIVO_ORIGIN).post(NUMBER_PATH).reply(answer(202, CHANGED));
			await node(purchase({ thenConfigure: { app_id: '29283121858476032', alias: 'Customer 42', cnam: 'ACME Support', cnam_callback_url: 'https://example.com/cnam' } }));
		});
		expect(bySdk.map((r) => [r.method, r.path])).toEqual([
			['POST', BUY_PATH],
			['POST', NUMBER_PATH],
		]);
		expect(byNode).toEqual(bySdk);
	});
});
