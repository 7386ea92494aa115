/**
 * How often the user's expression in the number field is evaluated per item. n8n's declarative
 * engine resolves every property entry's value twice per item (its walk, then the base-URL
 * check); the node reads the field once more in its preSend step and hands the result on (Get
 * reads it once more after the answer). More entries of the same name, or more reads, would
 * each cost a full expression evaluation (about 2 ms under n8n's default isolated-vm engine).
 */
import nock from 'nock';
import { Expression, type INodeParameters } from 'n8n-workflow';
import { answer, resetHttp } from './helpers/http.cts';
import { byNumber, fromList, runPhoneNumberNode } from './helpers/n8n.cts';
import { plivoOwnedNumber, plivoPurchased } from './fixtures/providers.cts';

beforeEach(resetHttp);
afterAll(() => nock.restore());

const plivo = (fields: INodeParameters): INodeParameters => ({ authentication: 'plivoNumbersApi', resource: 'phoneNumber', ...fields });

test.each([
	['Purchase', 3, plivo({ operation: 'purchase', phoneNumber: '={{ $json.n }}' })],
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
	const evaluate = jest.spyOn(Expression.prototype as unknown as { resolveSimpleParameterValue: (value: unknown) => unknown }, 'resolveSimpleParameterValue');

	const { error } = await runPhoneNumberNode({ items: [{ n: '+14155550100' }, { n: '+14155550101' }], parameters });

	expect(error).toBeUndefined();
	const ofField = evaluate.mock.calls.filter(([value]) => typeof value === 'string' && value.includes('$json.n'));
	expect(ofField).toHaveLength(2 * times);
	evaluate.mockRestore();
});
