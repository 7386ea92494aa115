/**
 * The Messaging Campaign list (From List), called as n8n's editor backend calls a listSearch
 * method: the account's campaigns as "name (use case, state)" with the campaign's ID as the value,
 * what the user typed as a filter, and the next page's token.
 */
import nock from 'nock';
import type { INodeParameters } from 'n8n-workflow';
import { answer, resetHttp, sent, unexpected } from './helpers/http.cts';
import { runListSearch, TEST_CREDENTIALS } from './helpers/n8n.cts';
import {
	PLIVO_CAMPAIGN,
	SW_BRAND,
	SW_BRAND_2,
	SW_CAMPAIGN,
	SW_CAMPAIGN_2,
	SW_REGISTRY,
	plivoCampaign,
	plivoCampaignList,
	swBrand,
	swCampaign,
	swList,
} from './fixtures/campaigns.cts';

const SW = 'https://example-space.signalwire.com';
const PLIVO = 'https://api.plivo.com';
const CAMPAIGNS = `/v1/Account/${TEST_CREDENTIALS.plivoNumbersApi.authId}/10dlc/Campaign/`;
const parameters = (authentication: string): INodeParameters => ({ authentication, resource: 'phoneNumber', operation: 'addToCampaign' });
const list = (authentication: string, filter?: string, paginationToken?: string) =>
	runListSearch({ parameters: parameters(authentication), method: 'searchMessagingCampaigns', filter, paginationToken });
const requests = () => sent.map((r) => `${r.method} ${new URL(r.url).pathname}${new URL(r.url).search}`);

beforeEach(resetHttp);
afterEach(() => expect(unexpected).toEqual([]));
afterAll(() => nock.restore());

describe('SignalWire: campaigns belong to brands', () => {
	test('the brands, then the first brand\'s campaigns; the next brand is the next page', async () => {
		nock(SW)
			.get(`${SW_REGISTRY}/brands`)
			.reply(answer(200, swList([swBrand(SW_BRAND, 'Sandbox Coffee'), swBrand(SW_BRAND_2, 'Sandbox Clinic')])))
			.get(`${SW_REGISTRY}/brands/${SW_BRAND}/campaigns`)
			.reply(answer(200, swList([swCampaign(SW_CAMPAIGN, 'Order updates', 'ACCOUNT_NOTIFICATION', 'active')])));

		const { result, error } = await list('signalWireApi');

		expect(error).toBeUndefined();
		expect(requests()).toEqual([`GET ${SW_REGISTRY}/brands`, `GET ${SW_REGISTRY}/brands/${SW_BRAND}/campaigns`]);
		expect(result).toEqual({ results: [{ name: 'Order updates (ACCOUNT_NOTIFICATION, active)', value: SW_CAMPAIGN }], paginationToken: '1|' });
	});

	test('the next page: the second brand\'s campaigns, filtered at SignalWire by what was typed; no more pages', async () => {
		nock(SW)
			.get(`${SW_REGISTRY}/brands`)
			.reply(answer(200, swList([swBrand(SW_BRAND, 'Sandbox Coffee'), swBrand(SW_BRAND_2, 'Sandbox Clinic')])))
			.get(`${SW_REGISTRY}/brands/${SW_BRAND_2}/campaigns`)
			.query({ filter_name: 'remind' })
			.reply(answer(200, swList([swCampaign(SW_CAMPAIGN_2, 'Appointment reminders', 'CUSTOMER_CARE', 'pending')])));

		const { result } = await list('signalWireApi', ' remind ', '1|');

		expect(requests()).toEqual([`GET ${SW_REGISTRY}/brands`, `GET ${SW_REGISTRY}/brands/${SW_BRAND_2}/campaigns?filter_name=remind`]);
		expect(result).toEqual({ results: [{ name: 'Appointment reminders (CUSTOMER_CARE, pending)', value: SW_CAMPAIGN_2 }] });
	});

	test('a brand with no matching campaign is passed over in the same call', async () => {
		nock(SW)
			.get(`${SW_REGISTRY}/brands`)
			.reply(answer(200, swList([swBrand(SW_BRAND, 'Sandbox Coffee'), swBrand(SW_BRAND_2, 'Sandbox Clinic')])))
			.get(`${SW_REGISTRY}/brands/${SW_BRAND}/campaigns`)
			.query({ filter_name: 'remind' })
			.reply(answer(200, swList([])))
			.get(`${SW_REGISTRY}/brands/${SW_BRAND_2}/campaigns`)
			.query({ filter_name: 'remind' })
			.reply(answer(200, swList([swCampaign(SW_CAMPAIGN_2, 'Appointment reminders', 'CUSTOMER_CARE', 'pending')])));

		const { result } = await list('signalWireApi', 'remind');

		expect(requests()).toHaveLength(3);
		expect(result?.results.map((entry) => entry.value)).toEqual([SW_CAMPAIGN_2]);
	});

	test('a brand\'s campaigns over two pages: the token carries links.next\'s query', async () => {
		const next = `${SW}${SW_REGISTRY}/brands/${SW_BRAND}/campaigns?page_number=1&page_token=PAxyz`;
		nock(SW)
			.get(`${SW_REGISTRY}/brands`)
			.reply(answer(200, swList([swBrand(SW_BRAND, 'Sandbox Coffee')])))
			.get(`${SW_REGISTRY}/brands/${SW_BRAND}/campaigns`)
			.reply(answer(200, swList([swCampaign(SW_CAMPAIGN, 'Order updates', 'ACCOUNT_NOTIFICATION', 'active')], next)));

		const { result } = await list('signalWireApi');

		expect(result?.paginationToken).toBe('0|page_number=1&page_token=PAxyz');
	});

	test('no brands: an empty list', async () => {
		nock(SW).get(`${SW_REGISTRY}/brands`).reply(answer(200, swList([])));
		const { result } = await list('signalWireApi');
		expect(result).toEqual({ results: [] });
	});

	test('a token without the "Messaging" scope (401): SignalWire\'s refusal, with the credential hint', async () => {
		nock(SW).get(`${SW_REGISTRY}/brands`).reply(answer(401, { error: 'Unauthorized' }));
		const { error } = await list('signalWireApi');
		expect(error?.message).toBe('SignalWire refused the request (HTTP 401): Unauthorized');
	});
});

describe('Plivo: one page of 20 campaigns per request', () => {
	test('campaigns with alias, use case and registration status; the ID when there is no alias; the next offset', async () => {
		nock(PLIVO)
			.get(CAMPAIGNS)
			.query({ limit: '20', offset: '0' })
			.reply(
				answer(
					200,
					plivoCampaignList([plivoCampaign(PLIVO_CAMPAIGN, 'MIXED', 'ACTIVE', 'marketing messages'), plivoCampaign('C6ARA53', 'STARTER', 'FAILED')], { limit: 20, offset: 0, next: true }),
				),
			);

		const { result, error } = await list('plivoNumbersApi');

		expect(error).toBeUndefined();
		expect(result).toEqual({
			results: [
				{ name: 'marketing messages (MIXED, ACTIVE)', value: PLIVO_CAMPAIGN },
				{ name: 'C6ARA53 (STARTER, FAILED)', value: 'C6ARA53' },
			],
			paginationToken: '2',
		});
	});

	test('the next page, filtered here by what was typed (ID, alias or use case, any case)', async () => {
		nock(PLIVO)
			.get(CAMPAIGNS)
			.query({ limit: '20', offset: '2' })
			.reply(answer(200, plivoCampaignList([plivoCampaign('C4GD5Q3', '2FA', 'ACTIVE'), plivoCampaign('CXXGDCC', 'MARKETING', 'ACTIVE', 'Spring sale')], { limit: 20, offset: 2, next: false })));

		const { result } = await list('plivoNumbersApi', 'sale', '2');

		expect(result).toEqual({ results: [{ name: 'Spring sale (MARKETING, ACTIVE)', value: 'CXXGDCC' }] });
	});
});
