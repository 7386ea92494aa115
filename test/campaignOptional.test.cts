/**
 * Messaging campaigns are an OPTIONAL part of the provider contract. Here Plivo is registered
 * without it (the module registry is rebuilt with a Plivo whose `campaigns` is left out, as a new
 * provider would be): the node's description must then offer the campaign operations, Then
 * Configure → Messaging Campaign and the campaign wait only where a provider has them, and the
 * Messaging Campaign list must say so for the other.
 */
import type { INodeProperties, INodePropertyOptions, INodeType, INodeTypeDescription } from 'n8n-workflow';
import type { Provider } from '../nodes/providers/types';

type NodeModule = { PhoneNumber: new () => INodeType };
type PurchaseModule = { purchaseRoute: (...args: unknown[]) => unknown };

let description: INodeTypeDescription;
let nodeType: INodeType;

beforeAll(() => {
	jest.isolateModules(() => {
		jest.doMock('../nodes/providers/plivo', () => {
			const actual = jest.requireActual('../nodes/providers/plivo') as { plivo: Provider };
			const { purchaseRoute } = jest.requireActual('../nodes/shared/purchase') as PurchaseModule;
			const { campaigns: _left, ...withoutCampaigns } = actual.plivo;
			return { plivo: { ...withoutCampaigns, routes: { ...actual.plivo.routes, purchase: purchaseRoute(actual.plivo.purchase, actual.plivo.name) } } };
		});
		const { PhoneNumber } = require('../nodes/PhoneNumber/PhoneNumber.node') as NodeModule;
		nodeType = new PhoneNumber();
		description = nodeType.description;
	});
});

afterAll(() => jest.dontMock('../nodes/providers/plivo'));

const ofOperation = (operation: string) => description.properties.filter((property) => property.displayOptions?.show?.operation?.includes(operation));

test('two Operation selectors: the nine operations for SignalWire, Twilio and Telnyx first (the nodes panel lists the first), the six others for Plivo, here without campaigns', () => {
	const selectors = description.properties.filter((property) => property.name === 'operation');
	expect(selectors.map((selector) => [selector.displayOptions?.show?.authentication, (selector.options as INodePropertyOptions[]).length])).toEqual([
		[['signalWireApi', 'twilioNumbersApi', 'telnyxNumbersApi'], 9],
		[['plivoNumbersApi'], 6],
	]);
	expect((selectors[1].options as INodePropertyOptions[]).map((option) => option.value)).toEqual(['get', 'getAll', 'purchase', 'release', 'search', 'update']);
	expect(selectors.every((selector) => selector.default === 'purchase')).toBe(true);
});

test('the campaign operations are routed for SignalWire, Twilio and Telnyx only', () => {
	for (const operation of ['addToCampaign', 'getCampaignStatus', 'removeFromCampaign']) {
		const routes = ofOperation(operation).filter((property) => property.type === 'hidden');
		expect(routes.map((route) => route.displayOptions?.show?.authentication)).toEqual([['signalWireApi'], ['twilioNumbersApi'], ['telnyxNumbersApi']]);
	}
});

test('Then Configure: Messaging Campaign at SignalWire, not at Plivo', () => {
	const thenConfigure = description.properties.filter((property) => property.name === 'thenConfigure');
	const names = (authentication: string) =>
		(thenConfigure.find((property) => property.displayOptions?.show?.authentication?.includes(authentication))!.options as INodeProperties[]).map((option) => option.name);
	expect(names('signalWireApi')).toContain('messagingCampaign');
	expect(names('plivoNumbersApi')).not.toContain('messagingCampaign');
	expect(names('plivoNumbersApi')).toContain('alias');
});

test('Options → Max Wait for Campaign Assignment is shown for SignalWire, Twilio and Telnyx only', () => {
	const options = description.properties.find((property) => property.name === 'requestOptions')!.options as INodeProperties[];
	expect(options.find((option) => option.name === 'maxCampaignWait')?.displayOptions?.show?.['/authentication']).toEqual(['signalWireApi', 'twilioNumbersApi', 'telnyxNumbersApi']);
});

test('the Messaging Campaign list at Plivo says the provider has no campaigns here, and where they are', async () => {
	const context = {
		getNodeParameter: () => 'plivoNumbersApi',
		getNode: () => ({ id: '1', name: 'Phone Number', type: 'n8n-nodes-phone-numbers.phoneNumber', typeVersion: 1, position: [0, 0], parameters: {} }),
	};
	const search = nodeType.methods!.listSearch!.searchMessagingCampaigns;
	await expect(search.call(context as never)).rejects.toMatchObject({
		message: 'Plivo has no messaging campaigns in this node',
		description: 'Messaging campaigns are available at SignalWire, Twilio or Telnyx.',
	});
});
