import type { INodeProperties } from 'n8n-workflow';
import { providers } from '../../providers';
import { orderWaitOption } from '../../shared/purchase';
import { requestOptionsProperty } from '../../shared/rateLimit';
import { pairWithInput } from '../../shared/routing';
import { orList } from '../../shared/text';
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

/** The operation selector and, below it, each operation's own fields. */
export const operationSelector: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['phoneNumber'] } },
	options: [
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
	],
	default: 'purchase',
};

/** In the order the editor shows them: within an operation, a choice comes before the fields it governs. */
export const operationFields: INodeProperties[] = [
	...purchaseFields,
	...searchOperationFields,
	...getAllFields,
	ownedNumberLocator,
	...getFields,
	...updateFields,
	...releaseFields,
];

/** Options (merged by n8n with its own Batching, Timeout…): Max Wait on Rate Limit, and Max Wait for Order where a provider's purchases are orders. */
const ordering = providers.filter((provider) => provider.purchase.order);
export const requestOptions: INodeProperties = ordering.length
	? {
			...requestOptionsProperty,
			options: [
				...(requestOptionsProperty.options ?? []),
				orderWaitOption(
					orList(ordering.map((provider) => provider.name)),
					ordering.map((provider) => provider.id),
				),
			],
		}
	: requestOptionsProperty;
