import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { campaignProviders, providers } from '../../providers';
import { orderWaitOption } from '../../shared/purchase';
import { requestOptionsProperty } from '../../shared/rateLimit';
import { pairWithInput } from '../../shared/routing';
import { orList } from '../../shared/text';
import { campaignFields, campaignOperationOptions, campaignWaitOption } from './campaign';
import { getFields } from './get';
import { getAllFields } from './getAll';
import { ownedNumberLocator } from './ownedNumber';
import { purchaseFields } from './purchase';
import { releaseFields } from './release';
import { searchOperationFields } from './search';
import { updateFields } from './update';

/** One resource: phone numbers. */
export const resourceSelector: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [{ name: 'Phone Number', value: 'phoneNumber' }],
	default: 'phoneNumber',
};

/** The operations every provider has. */
const coreOperationOptions: INodePropertyOptions[] = [
	{
		name: 'Get',
		value: 'get',
		action: 'Get phone number',
		description: 'Retrieve one phone number in your account',
	},
	{
		name: 'Get Many',
		value: 'getAll',
		action: 'Get many phone numbers',
		description: 'Retrieve a list of the phone numbers in your account',
	},
	{
		name: 'Purchase',
		value: 'purchase',
		action: 'Purchase phone number',
		description: 'Buy a phone number and add it to your account',
		routing: { output: { postReceive: [pairWithInput] } },
	},
	{
		name: 'Release',
		value: 'release',
		action: 'Release phone number',
		description: 'Give a phone number in your account back to the provider, permanently',
	},
	{
		name: 'Search Available',
		value: 'search',
		action: 'Search available phone numbers',
		description: 'Find phone numbers for sale; nothing is bought',
	},
	{
		name: 'Update',
		value: 'update',
		action: 'Update phone number',
		description: "Change a phone number's name and what happens when it is called or messaged",
	},
];

const byName = (a: INodePropertyOptions, b: INodePropertyOptions) => a.name.localeCompare(b.name);

/**
 * The Operation selector: one for the providers with messaging campaigns (the core operations and
 * the campaign ones) and, when some provider has none, one for those (the core operations only).
 * Campaign providers come first: n8n's nodes panel lists the actions of the first selector of a
 * resource. With one kind of provider only, the selector is shown for every provider.
 */
function operationSelector(options: INodePropertyOptions[], ids: string[] | undefined): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['phoneNumber'], ...(ids ? { authentication: ids } : {}) } },
		options: [...options].sort(byName),
		default: 'purchase',
	};
}

const withoutCampaigns = providers.filter((provider) => !provider.campaigns).map((provider) => provider.id);
const split = campaignProviders.length > 0 && withoutCampaigns.length > 0;

export const operationSelectors: INodeProperties[] = [
	...(campaignProviders.length
		? [operationSelector([...coreOperationOptions, ...campaignOperationOptions], split ? campaignProviders.map((provider) => provider.id) : undefined)]
		: []),
	...(withoutCampaigns.length ? [operationSelector(coreOperationOptions, split ? withoutCampaigns : undefined)] : []),
];

/** In the order the editor shows them: within an operation, a choice comes before the fields it governs. */
export const operationFields: INodeProperties[] = [
	...purchaseFields,
	...searchOperationFields,
	...getAllFields,
	ownedNumberLocator,
	...getFields,
	...updateFields,
	...releaseFields,
	...campaignFields,
];

/**
 * Options (merged by n8n with its own Batching, Timeout…): Max Wait for Campaign Assignment where
 * a provider has messaging campaigns, Max Wait for Order where a provider's purchases are orders,
 * and Max Wait on Rate Limit.
 */
const ordering = providers.filter((provider) => provider.purchase.order);
export const requestOptions: INodeProperties = {
	...requestOptionsProperty,
	options: [
		...campaignWaitOption,
		...(ordering.length
			? [
					orderWaitOption(
						orList(ordering.map((provider) => provider.name)),
						ordering.map((provider) => provider.id),
					),
				]
			: []),
		...(requestOptionsProperty.options ?? []),
	],
};
