/**
 * SignalWire's published OpenAPI spec (signalwire/docs, vendored in test/specs/signalwire.openapi.json
 * with its commit) as the judge of the 10DLC campaign requests: every request the node sends to the
 * Campaign Registry, and every answer the stand-in gives it (successes, 422 refusals, 404s), must be
 * what the spec describes, and every registry operation the node uses is exercised.
 */
import type { INodeParameters } from 'n8n-workflow';
import { exchangeProblems, fromNock, loadSpec, operationKey, requestProblems, unexercised, type StandInLogEntry } from './helpers/openapi.cts';
import { runListSearch, runPhoneNumberNode, TEST_CREDENTIALS } from './helpers/n8n.cts';
import { installFakeClock, useRealClock } from './helpers/rateLimitClock.cts';
import { answer, resetHttp, sent } from './helpers/http.cts';
import nock from 'nock';
import { SW_CAMPAIGN, SW_REGISTRY, swList, swOrder } from './fixtures/campaigns.cts';

const { createSandbox } = require('./sandbox/server.js') as {
	createSandbox(options: Record<string, unknown>): {
		listen(port?: number, host?: string): Promise<string>;
		close(): Promise<void>;
		requests: StandInLogEntry[];
	};
};
const standIn = require('./sandbox/providers/signalwire.js') as { campaignIds: Record<string, string> };

const SW = TEST_CREDENTIALS.signalWireApi;
const spec = loadSpec('signalwire');
let sandbox: ReturnType<typeof createSandbox>;
let baseUrl: string;

beforeAll(async () => {
	sandbox = createSandbox({ signalwire: { projectId: SW.projectId, apiToken: SW.apiToken } });
	baseUrl = await sandbox.listen(0, '127.0.0.1');
	installFakeClock(Date.UTC(2026, 10, 23, 8));
	const campaign = (key: string) => ({ __rl: true, mode: 'list', value: standIn.campaignIds[key] });
	const run = (parameters: INodeParameters) => runPhoneNumberNode({ parameters: { authentication: 'signalWireApi', resource: 'phoneNumber', ...parameters }, credentialData: { baseUrl } });
	const number = (value: string) => ({ __rl: true, mode: 'number', value });

	// Every kind of answer: bought and assigned after looks, refused (422), never finishing, refused by the carriers, removed, unknown (404).
	await run({ operation: 'purchase', phoneNumber: '+14155550101', thenConfigure: { name: 'Spec', messagingCampaign: campaign('spring-promotions') } });
	await run({ operation: 'purchase', phoneNumber: '+14155550102', thenConfigure: { messagingCampaign: campaign('appointment-reminders') } });
	await run({ operation: 'purchase', phoneNumber: '+14155550128', thenConfigure: { messagingCampaign: campaign('order-updates') } });
	await run({ operation: 'purchase', phoneNumber: '+14155550103', thenConfigure: { messagingCampaign: campaign('carrier-review') }, requestOptions: { maxCampaignWait: 3 } });
	await run({ operation: 'addToCampaign', ownedNumber: number('+14155550129'), messagingCampaign: campaign('order-updates') });
	await run({ operation: 'getCampaignStatus', ownedNumber: number('+14155550129'), messagingCampaign: campaign('order-updates') });
	await run({ operation: 'removeFromCampaign', ownedNumber: number('+14155550129'), messagingCampaign: campaign('order-updates') });
	await run({ operation: 'getCampaignStatus', ownedNumber: number('+14155550129'), messagingCampaign: { __rl: true, mode: 'id', value: '00000000-0000-4000-8000-000000000000' } });
	await runListSearch({ parameters: { authentication: 'signalWireApi', operation: 'addToCampaign' }, method: 'searchMessagingCampaigns', credentialData: { baseUrl } });
	await runListSearch({ parameters: { authentication: 'signalWireApi', operation: 'addToCampaign' }, method: 'searchMessagingCampaigns', filter: 'remind', paginationToken: '1|', credentialData: { baseUrl } });
}, 120_000);

afterAll(async () => {
	useRealClock();
	nock.restore();
	await sandbox?.close();
});

const registry = () => sandbox.requests.filter((entry) => entry.path.startsWith(SW_REGISTRY));

test('the flows reached every registry operation the node uses, with successes and refusals', () => {
	const keys = registry().map((entry) => operationKey(spec, entry.method, entry.path));
	expect(unexercised(spec, keys).filter((key) => key.includes('/registry/'))).toEqual([]);
	expect(registry().map((entry) => entry.status).sort()).toEqual(expect.arrayContaining([200, 204, 404, 422]));
});

test('every request the node sent to the Campaign Registry is one the spec accepts', () => {
	const problems = registry().flatMap((entry) => exchangeProblems(spec, entry).request.map((problem) => `${entry.method} ${entry.path}: ${problem}`));
	expect(problems).toEqual([]);
});

test('every answer the stand-in gave is one the spec describes (status and body)', () => {
	const problems = registry().flatMap((entry) => exchangeProblems(spec, entry).response.map((problem) => `${entry.status}: ${problem}`));
	expect(problems).toEqual([]);
});

test('the phone-number requests of the same flows (purchase, update) pass too', () => {
	// Their answers are the phone-number suite's to judge (the stand-in adds a `cnam` the spec does not list).
	const numbers = sandbox.requests.filter((entry) => entry.path.startsWith('/api/relay/rest/phone_numbers'));
	expect(numbers.length).toBeGreaterThan(4);
	expect(numbers.flatMap((entry) => exchangeProblems(spec, entry).request)).toEqual([]);
});

test('the requests the node builds from nock answers (an order with Max Wait 0) are checked the same way', async () => {
	resetHttp();
	nock('https://example-space.signalwire.com')
		.get(`${SW_REGISTRY}/campaigns/${SW_CAMPAIGN}/numbers`)
		.reply(answer(200, swList([])))
		.post(`${SW_REGISTRY}/campaigns/${SW_CAMPAIGN}/orders`)
		.reply(answer(200, swOrder('pending')));
	await runPhoneNumberNode({
		parameters: {
			authentication: 'signalWireApi',
			resource: 'phoneNumber',
			operation: 'addToCampaign',
			ownedNumber: { __rl: true, mode: 'number', value: '+14155550100' },
			messagingCampaign: { __rl: true, mode: 'id', value: SW_CAMPAIGN },
			requestOptions: { maxCampaignWait: 0 },
		},
	});
	expect(sent).toHaveLength(2);
	expect(sent.flatMap((request) => requestProblems(spec, fromNock(request)))).toEqual([]);
});
