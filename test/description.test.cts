/**
 * What the editor shows, read from the node's description with n8n's own display rules: the
 * fields of every operation in the order they appear, and the Phone Number locator's modes.
 */
import { NodeHelpers, type INodeParameters, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { nodeTypes } from './helpers/n8n.cts';

const nodeType = nodeTypes.getByName('n8n-nodes-phone-numbers.phoneNumber') as INodeType;
const description = nodeType.description as INodeTypeDescription;

/** The fields shown for these parameters, top to bottom (hidden routing entries and n8n's own Request Options left out). */
function shown(parameters: INodeParameters): string[] {
	const all = { resource: 'phoneNumber', ...parameters };
	return description.properties
		.filter((property) => property.type !== 'hidden' && property.name !== 'requestOptions')
		.filter((property) => NodeHelpers.displayParameter(all, property, { typeVersion: 1 } as never, description, all))
		.map((property) => property.displayName);
}

const head = ['Provider', 'Resource', 'Operation'];

describe('Field order: a choice comes before the fields it governs', () => {
	test.each([
		['Purchase, a specific number', { authentication: 'signalWireApi', operation: 'purchase', numberToBuy: 'specific' }, ['Number to Buy', 'Phone Number', 'If Already Owned', 'Then Configure', 'Simplify']],
		['Purchase, a specific number, Plivo', { authentication: 'plivoNumbersApi', operation: 'purchase', numberToBuy: 'specific' }, ['Number to Buy', 'Phone Number', 'If Already Owned', 'Additional Fields', 'Then Configure', 'Simplify']],
		['Purchase, first match', { authentication: 'signalWireApi', operation: 'purchase', numberToBuy: 'firstMatch' }, ['Number to Buy', 'Number Type', 'Filters', 'Then Configure', 'Simplify']],
		['Purchase, first match, Plivo', { authentication: 'plivoNumbersApi', operation: 'purchase', numberToBuy: 'firstMatch' }, ['Number to Buy', 'Country', 'Number Type', 'Filters', 'Additional Fields', 'Then Configure', 'Simplify']],
		['Search Available', { authentication: 'plivoNumbersApi', operation: 'search', returnAll: false }, ['Country', 'Number Type', 'Filters', 'Return All', 'Limit', 'Simplify']],
		['Get Many', { authentication: 'signalWireApi', operation: 'getAll', returnAll: false }, ['Return All', 'Limit', 'Filters', 'Simplify']],
		['Get', { authentication: 'signalWireApi', operation: 'get' }, ['Phone Number', 'Simplify']],
		['Update', { authentication: 'plivoNumbersApi', operation: 'update' }, ['Phone Number', 'Update Fields']],
		['Release', { authentication: 'signalWireApi', operation: 'release' }, ['Phone Number', expect.stringMatching(/^Releasing a number cannot be undone/)]],
	])('%s', (_name, parameters, fields) => {
		expect(shown(parameters)).toEqual([...head, ...fields]);
	});
});

describe('Get, Update and Release pick the number with a Resource Locator', () => {
	const locators = description.properties.filter((property) => property.name === 'ownedNumber');

	test('one entry for all three operations and both providers, From List by default', () => {
		// One entry: n8n resolves every entry's value on every item, so a second would cost two more evaluations.
		expect(locators).toHaveLength(1);
		expect(locators[0]).toMatchObject({ displayName: 'Phone Number', type: 'resourceLocator', required: true, default: { mode: 'list', value: '' } });
		expect(locators[0].displayOptions).toEqual({ show: { operation: ['get', 'update', 'release'] } });
	});

	test('modes: From List, By Number, By ID', () => {
		expect(locators[0].modes?.map((mode) => [mode.displayName, mode.name, mode.type])).toEqual([
			['From List', 'list', 'list'],
			['By Number', 'number', 'string'],
			['By ID', 'id', 'string'],
		]);
	});

	test('the list is searchable and its method exists on the node', () => {
		const list = locators[0].modes?.find((mode) => mode.name === 'list');
		expect(list?.typeOptions).toEqual({ searchListMethod: 'searchOwnedNumbers', searchable: true });
		expect(typeof nodeType.methods?.listSearch?.[list!.typeOptions!.searchListMethod!]).toBe('function');
	});

	test('Purchase keeps its plain Phone Number field', () => {
		const purchase = description.properties.filter((property) => property.name === 'phoneNumber');
		expect(purchase).toHaveLength(1);
		expect(purchase[0]).toMatchObject({ type: 'string', displayOptions: { show: { operation: ['purchase'] } } });
	});
});
