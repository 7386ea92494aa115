import type { INodeProperties } from 'n8n-workflow';
import { providerRoutes } from '../providers';
import { phoneNumberField } from './fields';

const show = { operation: ['purchase'] };

/** Purchase: buy one given number. Provider-specific request shapes live in providers/. */
export const purchaseFields: INodeProperties[] = [
	{
		...phoneNumberField,
		type: 'string',
		default: '',
		required: true,
		placeholder: '+14155550100',
		displayOptions: { show },
		description:
			'The number to buy, with its country code. Any common format works: +1 (415) 555-0100, 14155550100 or +14155550100.',
		hint: 'Buying a number costs money. Each input item buys one number.',
	},
	{
		displayName: 'If Already Owned',
		name: 'ifAlreadyOwned',
		type: 'options',
		default: 'returnExisting',
		displayOptions: { show },
		options: [
			{
				name: 'Return Existing',
				value: 'returnExisting',
				description: 'Output the record of the number from your account, marked alreadyOwned; nothing is bought',
			},
			{
				name: 'Stop With Error',
				value: 'error',
				description: 'Fail the item with "already in your account"; nothing is bought',
			},
		],
		description: 'What to do when the number is already in your account, e.g. when a workflow runs twice',
		hint: 'A number is never bought twice. Only when the provider refuses the purchase or its answer is lost does the node send one extra request to look the number up in your account.',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { ...show, authentication: ['plivoNumbersApi'] } },
		options: [
			{
				displayName: 'Application ID',
				name: 'appId',
				type: 'string',
				default: '',
				description:
					'The Plivo application that handles calls and messages to the new number. Leave empty to use the account\'s default number application.',
				routing: { send: { type: 'body', property: 'app_id' } },
			},
		],
	},
	...providerRoutes('purchase'),
];
