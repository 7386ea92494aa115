/**
 * What the editor shows, read from the node's description with n8n's own display rules: the
 * fields of every operation in the order they appear, and the Phone Number locator's modes.
 */
import { NodeHelpers, type INodeParameters, type INodeProperties, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
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
		['Add to Messaging Campaign', { authentication: 'plivoNumbersApi', operation: 'addToCampaign' }, ['Phone Number', 'Messaging Campaign']],
		['Get Messaging Campaign Status, SignalWire (orders)', { authentication: 'signalWireApi', operation: 'getCampaignStatus' }, ['Phone Number', 'Messaging Campaign', 'Assignment Order ID']],
		['Get Messaging Campaign Status, Plivo (no orders)', { authentication: 'plivoNumbersApi', operation: 'getCampaignStatus' }, ['Phone Number', 'Messaging Campaign']],
		['Remove From Messaging Campaign', { authentication: 'signalWireApi', operation: 'removeFromCampaign' }, ['Phone Number', 'Messaging Campaign']],
	])('%s', (_name, parameters, fields) => {
		expect(shown(parameters)).toEqual([...head, ...fields]);
	});
});

describe('Get, Update, Release and the campaign operations pick the number with a Resource Locator', () => {
	const locators = description.properties.filter((property) => property.name === 'ownedNumber');

	test('one entry for all six operations and both providers, From List by default', () => {
		// One entry: n8n resolves every entry's value on every item, so a second would cost two more evaluations.
		expect(locators).toHaveLength(1);
		expect(locators[0]).toMatchObject({ displayName: 'Phone Number', type: 'resourceLocator', required: true, default: { mode: 'list', value: '' } });
		expect(locators[0].displayOptions).toEqual({ show: { operation: ['get', 'update', 'release', 'addToCampaign', 'getCampaignStatus', 'removeFromCampaign'] } });
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

describe('Messaging Campaign (US A2P 10DLC)', () => {
	const locators = description.properties.filter((property) => property.name === 'messagingCampaign');

	test('one locator for the three campaign operations: From List (the account\'s campaigns) by default, or By ID', () => {
		expect(locators).toHaveLength(1);
		expect(locators[0]).toMatchObject({ displayName: 'Messaging Campaign', type: 'resourceLocator', required: true, default: { mode: 'list', value: '' } });
		expect(locators[0].displayOptions).toEqual({ show: { operation: ['addToCampaign', 'getCampaignStatus', 'removeFromCampaign'] } });
		expect(locators[0].modes?.map((mode) => [mode.displayName, mode.name, mode.type])).toEqual([
			['From List', 'list', 'list'],
			['By ID', 'id', 'string'],
		]);
		const list = locators[0].modes?.find((mode) => mode.name === 'list');
		expect(list?.typeOptions).toEqual({ searchListMethod: 'searchMessagingCampaigns', searchable: true });
		expect(typeof nodeType.methods?.listSearch?.searchMessagingCampaigns).toBe('function');
		expect(locators[0].modes?.find((mode) => mode.name === 'id')?.hint).toBe(
			"The campaign's ID: SignalWire: e.g. 3fa85f64-5717-4562-b3fc-2c963f66afa6; Plivo: e.g. CY5NVUA; Twilio: e.g. MG0f1e2d3c4b5a69788796a5b4c3d2e1f0 (the SID of the Messaging Service that carries the campaign); Telnyx: e.g. 4b300178-131c-d902-d54e-72d90ba1620a.",
		);
	});

	test.each(['signalWireApi', 'plivoNumbersApi', 'telnyxNumbersApi'])('%s: Purchase → Then Configure offers Messaging Campaign, the same locator, last', (authentication) => {
		const thenConfigure = description.properties.find(
			(property) => property.name === 'thenConfigure' && property.displayOptions?.show?.authentication?.includes(authentication),
		)!;
		const options = thenConfigure.options as INodeProperties[];
		expect(options[options.length - 1]).toMatchObject({ name: 'messagingCampaign', displayName: 'Messaging Campaign', type: 'resourceLocator', default: { mode: 'list', value: '' } });
		expect(thenConfigure.hint).toContain('Messaging Campaign is last: the number goes into the campaign after the update.');
	});

	test('Options → Max Wait for Campaign Assignment: 30 s, for Purchase and Add to Messaging Campaign, next to Max Wait for Order and Max Wait on Rate Limit', () => {
		// n8n's loader adds its own (Batching, Timeout, Proxy…) and sorts them all by name.
		const options = (description.properties.find((property) => property.name === 'requestOptions')!.options as INodeProperties[]).filter((option) => option.displayName.startsWith('Max Wait'));
		expect(options.map((option) => option.displayName)).toEqual(['Max Wait for Campaign Assignment', 'Max Wait for Order', 'Max Wait on Rate Limit']);
		expect(options[0]).toMatchObject({
			name: 'maxCampaignWait',
			type: 'number',
			default: 30,
			typeOptions: { minValue: 0 },
			displayOptions: { show: { '/operation': ['purchase', 'addToCampaign'], '/authentication': ['signalWireApi', 'plivoNumbersApi', 'twilioNumbersApi', 'telnyxNumbersApi'] } },
		});
		const shownFor = (parameters: INodeParameters) => NodeHelpers.displayParameter(parameters, options[0], { typeVersion: 1 } as never, description, parameters);
		expect(shownFor({ authentication: 'plivoNumbersApi', operation: 'addToCampaign' })).toBe(true);
		expect(shownFor({ authentication: 'twilioNumbersApi', operation: 'purchase' })).toBe(true);
		expect(shownFor({ authentication: 'telnyxNumbersApi', operation: 'purchase' })).toBe(true);
		expect(shownFor({ authentication: 'signalWireApi', operation: 'get' })).toBe(false);
	});

	test('every provider has messaging campaigns, so there is one Operation selector, with all nine operations in alphabetical order', () => {
		const selectors = description.properties.filter((property) => property.name === 'operation');
		expect(selectors.map((selector) => selector.displayOptions)).toEqual([
			{ show: { resource: ['phoneNumber'] } },
		]);
		expect((selectors[0].options as Array<{ name: string }>).map((option) => option.name)).toEqual([
			'Add to Messaging Campaign',
			'Get',
			'Get Many',
			'Get Messaging Campaign Status',
			'Purchase',
			'Release',
			'Remove From Messaging Campaign',
			'Search Available',
			'Update',
		]);
	});
});
