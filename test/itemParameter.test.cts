/**
 * itemParameter (nodes/shared/parameters.ts): the code steps' shortcut for a parameter that is
 * exactly `={{ $json.<path> }}`. Judged against n8n's own evaluation: each case builds n8n-core's
 * ExecuteSingleContext (the `this` of a preSend step) for the Phone Number node's Purchase in an
 * n8n-workflow Workflow, and compares itemParameter with `getNodeParameter` (n8n evaluating the
 * expression). It also counts the evaluations itemParameter asked n8n for: none on the shortcut,
 * one (n8n's, as before) for everything else.
 */
import { ExecuteSingleContext } from 'n8n-core';
import { createEmptyRunExecutionData, NodeConnectionTypes, Workflow, type IDataObject, type INode, type INodeExecutionData, type NodeParameterValueType } from 'n8n-workflow';
import { itemParameter } from '../nodes/shared/parameters';
import { additionalData, nodeTypes, NODE_NAME, TEST_CREDENTIALS } from './helpers/n8n.cts';

/** The `this` of a preSend step for item `itemIndex`, as n8n's RoutingNode builds it. */
function itemContext(phoneNumber: NodeParameterValueType, items: IDataObject[], itemIndex = 0): ExecuteSingleContext {
	const node: INode = {
		id: 'phone-number',
		name: NODE_NAME,
		type: 'n8n-nodes-phone-numbers.phoneNumber',
		typeVersion: 1,
		position: [0, 0],
		parameters: { authentication: 'signalWireApi', resource: 'phoneNumber', operation: 'purchase', numberToBuy: 'specific', phoneNumber },
		credentials: { signalWireApi: { id: '1', name: 'Test credential' } },
	};
	const workflow = new Workflow({ id: 'test', name: 'test', nodes: [node], connections: {}, active: false, nodeTypes, settings: { executionOrder: 'v1' } });
	const input: INodeExecutionData[] = items.map((json, index) => ({ json, pairedItem: { item: index } }));
	const inputData = { [NodeConnectionTypes.Main]: [input] };
	return new ExecuteSingleContext(
		workflow,
		node,
		additionalData({ signalWireApi: TEST_CREDENTIALS.signalWireApi }),
		'manual',
		createEmptyRunExecutionData(),
		0,
		input,
		inputData,
		itemIndex,
		{ node, data: inputData, source: null },
	);
}

/** itemParameter's answer, and how many times it had n8n evaluate the parameter (calls without rawExpressions). */
function viaItemParameter(ctx: ExecuteSingleContext): { value?: unknown; error?: string; evaluations: number } {
	let evaluations = 0;
	const evaluate = ctx.getNodeParameter.bind(ctx) as (...args: unknown[]) => unknown;
	const counting = new Proxy(ctx, {
		get(target, key, receiver) {
			if (key !== 'getNodeParameter') return Reflect.get(target, key, receiver) as unknown;
			return (...args: unknown[]) => {
				if (!(args[2] as { rawExpressions?: boolean } | undefined)?.rawExpressions) evaluations++;
				return evaluate(...args);
			};
		},
	});
	try {
		return { value: itemParameter(counting, 'phoneNumber'), evaluations };
	} catch (error) {
		return { error: (error as Error).message, evaluations };
	}
}

/** n8n's own evaluation of the parameter. */
function viaN8n(ctx: ExecuteSingleContext): { value?: unknown; error?: string } {
	try {
		return { value: ctx.getNodeParameter('phoneNumber') };
	} catch (error) {
		return { error: (error as Error).message };
	}
}

describe('itemParameter: the shortcut gives what n8n evaluates, without evaluating', () => {
	test.each<[string, string, IDataObject]>([
		['a text', '={{ $json.number }}', { number: '+14155550100' }],
		['no spaces', '={{$json.number}}', { number: '+1 (415) 555-0100' }],
		['spaces and a line break', '={{\n  $json.number  }}', { number: '14155550100' }],
		['a number', '={{ $json.number }}', { number: 14155550100 }],
		['an empty text', '={{ $json.number }}', { number: '' }],
		['a nested field', '={{ $json.body.phone.number }}', { body: { phone: { number: '+442079460000' } } }],
		['a $-named field', '={{ $json.$number }}', { $number: '+14155550100' }],
	])('%s: %s', (_label, expression, json) => {
		const expected = viaN8n(itemContext(expression, [json]));
		expect(expected.error).toBeUndefined();
		expect(viaItemParameter(itemContext(expression, [json]))).toEqual({ ...expected, evaluations: 0 });
	});

	test('reads the item being routed, not the first one', () => {
		const items = [{ number: '+14155550100' }, { number: '+14155550101' }, { number: '+14155550102' }];
		for (const index of [0, 1, 2]) {
			const got = viaItemParameter(itemContext('={{ $json.number }}', items, index));
			expect(got).toEqual({ value: items[index].number, evaluations: 0 });
			expect(viaN8n(itemContext('={{ $json.number }}', items, index)).value).toBe(items[index].number);
		}
	});
});

describe('itemParameter: everything else is evaluated by n8n, as before', () => {
	test.each<[string, NodeParameterValueType, IDataObject]>([
		['a missing field', '={{ $json.number }}', { other: '+14155550100' }],
		['a missing parent', '={{ $json.body.number }}', { number: '+14155550100' }],
		['a parent that is text', '={{ $json.body.number }}', { body: '+14155550100' }],
		['an object', '={{ $json.number }}', { number: { e164: '+14155550100' } }],
		['a list', '={{ $json.number }}', { number: ['+14155550100'] }],
		['null', '={{ $json.number }}', { number: null }],
		['a boolean', '={{ $json.number }}', { number: true }],
		['a field of a list', '={{ $json.numbers.length }}', { numbers: ['+14155550100'] }],
		['an inherited property', '={{ $json.toString }}', { number: '+14155550100' }],
		['a method call', '={{ $json.number.trim() }}', { number: ' +14155550100 ' }],
		['brackets', '={{ $json["number"] }}', { number: '+14155550100' }],
		['text around it', '=+{{ $json.number }}', { number: '14155550100' }],
		['two expressions', '={{ $json.cc }}{{ $json.number }}', { cc: '+1', number: '4155550100' }],
		['another node', "={{ $('Items').item.json.number }}", { number: '+14155550100' }],
		['$input', '={{ $input.item.json.number }}', { number: '+14155550100' }],
		['no expression', '+14155550100', { number: '+14155550200' }],
		['a text that looks like one, without "="', '{{ $json.number }}', { number: '+14155550100' }],
	])('%s: %s', (_label, parameter, json) => {
		const expected = viaN8n(itemContext(parameter, [json]));
		expect(viaItemParameter(itemContext(parameter, [json]))).toEqual({ ...expected, evaluations: 1 });
	});

	test("n8n's own refusals stay: `.constructor` is refused, as n8n refuses it", () => {
		const expected = viaN8n(itemContext('={{ $json.constructor }}', [{ number: '+14155550100' }]));
		expect(expected.error).toMatch(/constructor/);
		expect(viaItemParameter(itemContext('={{ $json.constructor }}', [{ number: '+14155550100' }]))).toEqual({ ...expected, evaluations: 1 });
	});
});
