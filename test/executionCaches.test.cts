/**
 * What the node keeps between items (the API root read from the credential, the memory of a
 * purchase whose answer was lost) belongs to one execution. When n8n gives no execution ID there
 * is nothing to tell two executions apart, so nothing is kept: a corrected credential is used at
 * once, and one execution's lost purchase is never reported as another's.
 */
import nock from 'nock';
import type { INodeParameters } from 'n8n-workflow';
import { answer, resetHttp, sent, unexpected } from './helpers/http.cts';
import { runPhoneNumberNode } from './helpers/n8n.cts';
import { signalWirePhoneNumber, summary } from './fixtures/providers.cts';

const SW_PATH = '/api/relay/rest/phone_numbers';
const purchase = (phoneNumber: string): INodeParameters => ({
	authentication: 'signalWireApi',
	resource: 'phoneNumber',
	operation: 'purchase',
	phoneNumber,
});

beforeEach(resetHttp);
afterEach(() => expect(unexpected).toEqual([]));
afterAll(() => nock.restore());

/** Buys two numbers in two runs, the credential's API Base URL corrected in between; returns the URLs hit. */
async function twoRunsWithCorrectedCredential(executionId: string): Promise<string[]> {
	const first = 'http://first.example.test';
	const second = 'http://second.example.test';
	// Both hosts can answer both purchases: where the second one goes is what is measured.
	nock(first).post(SW_PATH).times(2).reply(answer(200, signalWirePhoneNumber('+14155550100')));
	nock(second).post(SW_PATH).times(2).reply(answer(200, signalWirePhoneNumber('+14155550111')));
	await runPhoneNumberNode({ parameters: purchase('+14155550100'), credentialData: { baseUrl: first }, executionId });
	await runPhoneNumberNode({ parameters: purchase('+14155550111'), credentialData: { baseUrl: second }, executionId });
	nock.cleanAll();
	return sent.map((r) => r.url.replace(/:80\//, '/').replace(SW_PATH, ''));
}

test('without an execution ID, a corrected credential is used at once', async () => {
	expect(await twoRunsWithCorrectedCredential('')).toEqual(['http://first.example.test', 'http://second.example.test']);
});

test('within one execution the API root is read once (the cache the test above must not hit)', async () => {
	expect(await twoRunsWithCorrectedCredential('one-execution')).toEqual(['http://first.example.test', 'http://first.example.test']);
});

test("without an execution ID, one run's unconfirmed purchase is not checked by the next run", async () => {
	const SW = 'https://example-space.signalwire.com';
	const bought = signalWirePhoneNumber('+14155550111');
	nock(SW)
		// Run 1: the answer is lost and the check fails too: the purchase is unconfirmed.
		.post(SW_PATH)
		.reply(answer(502, { error: 'Bad Gateway' }))
		.get(SW_PATH)
		.query({ filter_number: '+14155550100' })
		.reply(answer(503, { error: 'Service Unavailable' }))
		// Run 2: another number, bought with one request.
		.post(SW_PATH)
		.reply(answer(200, bought));

	const first = await runPhoneNumberNode({ parameters: purchase('+14155550100'), executionId: '' });
	expect(first.error?.description).toContain('may have gone through');
	const second = await runPhoneNumberNode({ parameters: purchase('+14155550111'), executionId: '' });

	expect(second.error).toBeUndefined();
	expect(sent.map((r) => `${r.method} ${r.url}`).slice(2)).toEqual([`POST ${SW}:443${SW_PATH}`]);
	expect(sent[2].body).toEqual({ number: '+14155550111' });
	expect(second.items).toEqual([{ json: { ...bought, ...summary('+14155550111') }, pairedItem: { item: 0 } }]);
});
