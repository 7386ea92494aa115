/**
 * The official Plivo Node SDK (plivo 4.79.0, a devDependency used only here) as the oracle: for
 * every Plivo number setting, the SDK and the node, both against nock, send the same request
 * (method, path, query, body, Basic auth).
 */
import nock from 'nock';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { answer, resetHttp, sent, unexpected, type RecordedRequest } from './helpers/http.cts';
import { byNumber, runListSearch, runPhoneNumberNode, TEST_CREDENTIALS } from './helpers/n8n.cts';
import { PLIVO_ACCOUNT, PLIVO_ORIGIN } from './fixtures/lifecycle.cts';
import { plivoPurchased } from './fixtures/providers.cts';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const plivo = require('plivo') as {
	Client: new (authId: string, authToken: string) => {
		numbers: {
			buy(number: string, appId?: string, cnamLookup?: string, haEnable?: boolean, complianceApplicationId?: string): Promise<unknown>;
			update(number: string, params: IDataObject): Promise<unknown>;
		};
		campaign: {
			list(params: IDataObject): Promise<unknown>;
			getNumber(campaignId: string, number: string): Promise<unknown>;
			listNumber(campaignId: string, params: IDataObject): Promise<unknown>;
			linkNumber(campaignId: string, numbers: string[]): Promise<unknown>;
			unlinkNumber(campaignId: string, number: string): Promise<unknown>;
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

describe('10DLC campaigns: the same requests as the SDK\'s campaign.getNumber, linkNumber, unlinkNumber and list', () => {
	const CAMPAIGN_PATH = `${PLIVO_ACCOUNT}/10dlc/Campaign/CY5NVUA/Number/`;
	const LINKED_PATH = `${CAMPAIGN_PATH}14155550100/`;
	const campaign = { __rl: true, mode: 'id', value: 'CY5NVUA' };
	const numberOf = (status: string) => ({ api_id: 'e50136b2', campaign_id: 'CY5NVUA', phone_numbers: [{ number: '14155550100', status }] });
	const LINKED = { api_id: '5cd66c88', message: 'Request to link numbers to campaign received and is being processed' };
	const notLinked = { api_id: 'ca143ac8', error: 'The number 14155550100 is not linked to this campaign' };
	/** The SDK sends `{}` when a POST or DELETE has no parameters, n8n no body: to Plivo both mean "no parameters". */
	const noEmptyBody = (request: ReturnType<typeof wire>) => (request.body !== undefined && JSON.stringify(request.body) === '{}' ? { ...request, body: undefined } : request);
	const campaignNode = (operation: string) => ({ authentication: 'plivoNumbersApi', resource: 'phoneNumber', operation, ownedNumber: byNumber('+1 415 555 0100'), messagingCampaign: campaign });

	/** Plivo answers: not linked, linked, then COMPLETED on the look. */
	function plivoLinks() {
		nock(PLIVO_ORIGIN).get(LINKED_PATH).reply(answer(404, notLinked)).post(CAMPAIGN_PATH).reply(answer(202, LINKED)).get(LINKED_PATH).reply(answer(200, numberOf('COMPLETED')));
	}

	test('Add to Messaging Campaign = getNumber (not linked), linkNumber, getNumber', async () => {
		resetHttp();
		plivoLinks();
		const client = sdk();
		await client.campaign.getNumber('CY5NVUA', '14155550100').catch(() => undefined);
		await client.campaign.linkNumber('CY5NVUA', ['14155550100']);
		await client.campaign.getNumber('CY5NVUA', '14155550100');
		const bySdk = sent.map(wire);
		expect(unexpected).toEqual([]);

		resetHttp();
		plivoLinks();
		await node(campaignNode('addToCampaign'));
		expect(unexpected).toEqual([]);
		const byNode = sent.map(wire);

		expect(bySdk.map((r) => [r.method, r.path, r.body])).toEqual([
			['GET', LINKED_PATH, undefined],
			['POST', CAMPAIGN_PATH, { numbers: ['14155550100'] }],
			['GET', LINKED_PATH, undefined],
		]);
		expect(byNode).toEqual(bySdk);
	});

	test('Get Messaging Campaign Status = getNumber', async () => {
		const bySdk = await captureGet(LINKED_PATH, numberOf('PROCESSING'), () => sdk().campaign.getNumber('CY5NVUA', '14155550100'));
		const byNode = await captureGet(LINKED_PATH, numberOf('PROCESSING'), () => node(campaignNode('getCampaignStatus')));
		expect(bySdk).toHaveLength(1);
		expect(byNode).toEqual(bySdk);
	});

	test('Remove From Messaging Campaign = getNumber, unlinkNumber', async () => {
		const answers = () => nock(PLIVO_ORIGIN).get(LINKED_PATH).reply(answer(200, numberOf('COMPLETED'))).delete(LINKED_PATH).reply(answer(202, { api_id: 'efd83afc', message: 'unlinked' }));
		resetHttp();
		answers();
		const client = sdk();
		await client.campaign.getNumber('CY5NVUA', '14155550100');
		await client.campaign.unlinkNumber('CY5NVUA', '14155550100');
		const bySdk = sent.map(wire).map(noEmptyBody);
		resetHttp();
		answers();
		await node(campaignNode('removeFromCampaign'));
		const byNode = sent.map(wire);
		expect(unexpected).toEqual([]);
		expect(bySdk.map((r) => [r.method, r.path])).toEqual([
			['GET', LINKED_PATH],
			['DELETE', LINKED_PATH],
		]);
		expect(byNode).toEqual(bySdk);
	});

	test('Purchase → Then Configure → Messaging Campaign = numbers.buy, campaign.linkNumber, campaign.getNumber', async () => {
		const answers = () =>
			nock(PLIVO_ORIGIN).post(BUY_PATH).reply(answer(201, plivoPurchased('14155550100'))).post(CAMPAIGN_PATH).reply(answer(202, LINKED)).get(LINKED_PATH).reply(answer(200, numberOf('COMPLETED')));
		resetHttp();
		answers();
		const client = sdk();
		await client.numbers.buy('14155550100');
		await client.campaign.linkNumber('CY5NVUA', ['14155550100']);
		await client.campaign.getNumber('CY5NVUA', '14155550100');
		const bySdk = sent.map(wire).map(noEmptyBody);
		expect(bySdk.map((r) => [r.method, r.path, r.body])).toEqual([
			['POST', BUY_PATH, undefined],
			['POST', CAMPAIGN_PATH, { numbers: ['14155550100'] }],
			['GET', LINKED_PATH, undefined],
		]);
		resetHttp();
		answers();
		await node(purchase({ thenConfigure: { messagingCampaign: campaign } }));
		expect(unexpected).toEqual([]);
		expect(sent.map(wire)).toEqual(bySdk);
	});

	test('Messaging Campaign list (From List) = campaign.list({limit: 20, offset}); the node does not use listNumber, which pages the whole campaign', async () => {
		const page = { api_id: 'x', campaigns: [{ campaign_id: 'CY5NVUA', usecase: 'MIXED', registration_status: 'ACTIVE' }], meta: { limit: 20, offset: 20, next: null } };
		const path = `${PLIVO_ACCOUNT}/10dlc/Campaign/`;
		const bySdk = await captureGet(path, page, () => sdk().campaign.list({ limit: 20, offset: 20 }));
		const byNode = await captureGet(path, page, async () => {
			const { error } = await runListSearch({ parameters: { authentication: 'plivoNumbersApi', operation: 'addToCampaign' }, method: 'searchMessagingCampaigns', paginationToken: '20' });
			expect(error).toBeUndefined();
		});
		expect(bySdk.map((r) => [r.method, r.path, r.query])).toEqual([['GET', path, { limit: '20', offset: '20' }]]);
		expect(byNode).toEqual(bySdk);
		// listNumber is the same path as linkNumber's, read: one request for every number of the campaign.
		const listed = await captureGet(CAMPAIGN_PATH, { api_id: 'x', phone_numbers: [] }, () => sdk().campaign.listNumber('CY5NVUA', { limit: 20, offset: 0 }));
		expect(listed.map((r) => [r.method, r.path, r.query])).toEqual([['GET', CAMPAIGN_PATH, { limit: '20', offset: '0' }]]);
	});
});

/** Runs `act` with Plivo answering GET `path` (with any query) and returns what was sent. */
async function captureGet(path: string, body: unknown, act: () => Promise<unknown>) {
	resetHttp();
	nock(PLIVO_ORIGIN).get(path).query(true).times(3).reply(answer(200, body));
	await act();
	expect(unexpected).toEqual([]);
	return sent.map(wire);
}
