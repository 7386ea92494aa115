/**
 * How often the user's expression in the number field is evaluated per item. n8n's declarative
 * engine resolves every property entry's value twice per item (its walk, then the base-URL
 * check); the node reads the field once more in its preSend step and hands the result on (Get
 * reads it once more after the answer). Purchase's Phone Number, exactly `{{ $json.<path> }}`,
 * is read without evaluating it again (itemParameter, test/itemParameter.test.cts): n8n's two
 * only. More entries of the same name, or more reads, would each cost a full expression
 * evaluation (about 2 ms under n8n's default isolated-vm engine).
 */
import nock from 'nock';
import { Expression, type INodeParameters } from 'n8n-workflow';
import { answer, resetHttp } from './helpers/http.cts';
import { byNumber, fromList, runPhoneNumberNode } from './helpers/n8n.cts';
import { plivoOwnedNumber, plivoPurchased } from './fixtures/providers.cts';

let evaluate: jest.SpyInstance | undefined;
beforeEach(resetHttp);
// A failed case must not leave its calls to the next one.
afterEach(() => evaluate?.mockRestore());
afterAll(() => nock.restore());

const plivo = (fields: INodeParameters): INodeParameters => ({ authentication: 'plivoNumbersApi', resource: 'phoneNumber', ...fields });

test.each([
	['Purchase', 2, plivo({ operation: 'purchase', phoneNumber: '={{ $json.n }}' })],
	['Purchase, not only a field', 3, plivo({ operation: 'purchase', phoneNumber: '={{ $json.n.trim() }}' })],
	['Get, By Number', 4, plivo({ operation: 'get', ownedNumber: byNumber('={{ $json.n }}') })],
	['Update, By Number', 3, plivo({ operation: 'update', ownedNumber: byNumber('={{ $json.n }}'), updateFields: { alias: 'x' } })],
	['Release, By Number', 3, plivo({ operation: 'release', ownedNumber: byNumber('={{ $json.n }}') })],
	['Release, From List with an expression', 3, plivo({ operation: 'release', ownedNumber: fromList('={{ $json.n }}') })],
])('%s: the expression is evaluated %i times per item', async (_name, times, parameters) => {
	nock('https://api.plivo.com')
		.persist()
		.post(/PhoneNumber/)
		.reply(answer(201, plivoPurchased('14155550100')))
		.post(/Number/)
		.reply(answer(202, { api_id: 'x', message: 'changed' }))
		.get(/Number/)
		.reply(answer(200, plivoOwnedNumber('14155550100')))
		.delete(/Number/)
		.reply(answer(204));
	const spy = jest.spyOn(Expression.prototype as unknown as { resolveSimpleParameterValue: (value: unknown) => unknown }, 'resolveSimpleParameterValue');
	evaluate = spy;

	const { error } = await runPhoneNumberNode({ items: [{ n: '+14155550100' }, { n: '+14155550101' }], parameters });

	expect(error).toBeUndefined();
	const ofField = spy.mock.calls.filter(([value]) => typeof value === 'string' && value.includes('$json.n'));
	// (a count, not toHaveLength: printing the calls' data proxies fails with "access to env vars denied")
	expect(ofField.length).toBe(2 * times);
});
