import type { INodeProperties } from 'n8n-workflow';
import { providerRoutes } from '../../providers';
import { PURCHASE_FIELD } from '../../shared/purchase';
import { phoneNumberProperty } from './fields';
import { cnamLookupField, complianceApplicationIdField, plivoSettings, sentAsBody, signalWireSettings } from './numberSettings';
import { searchFields } from './searchFields';

const show = { operation: ['purchase'] };
const showSpecific = { ...show, [PURCHASE_FIELD.numberToBuy.name]: ['specific'] };

/**
 * Purchase: buy a given number, or the first available number matching a search. Provider-
 * specific request shapes live in providers/; the steps of one purchase in shared/purchase.ts.
 */
export const purchaseFields: INodeProperties[] = [
	{
		...PURCHASE_FIELD.numberToBuy,
		type: 'options',
		noDataExpression: true,
		default: 'specific',
		displayOptions: { show },
		options: [
			{ name: 'A Specific Number', value: 'specific', description: "Buy the number given in 'Phone Number'" },
			{
				name: 'First Available Match of a Search',
				value: 'firstMatch',
				description: 'Search the provider\'s numbers for sale and buy the first one found (one search and one purchase request)',
			},
		],
		description: 'Which number to buy',
		hint: 'Buying a number costs money. Each input item buys one number.',
	},
	phoneNumberProperty,
	{
		...PURCHASE_FIELD.ifAlreadyOwned,
		type: 'options',
		default: 'returnExisting',
		displayOptions: { show: showSpecific },
		options: [
			{
				name: 'Return Existing',
				value: 'returnExisting',
				description: 'Output the record of the number from your account, marked alreadyOwned; nothing is bought',
			},
			{
				name: 'Stop With Error',
				value: 'error',
				description: "Stop the item with the message 'already in your account'; nothing is bought",
			},
		],
		description: 'What to do when the number is already in your account, e.g. when a workflow runs twice',
		hint: 'A number is never bought twice. Only when the provider refuses the purchase or its answer is lost does the node send one extra request to look the number up in your account.',
	},
	...searchFields({ ...show, [PURCHASE_FIELD.numberToBuy.name]: ['firstMatch'] }),
	{
		...PURCHASE_FIELD.additionalFields,
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
			sentAsBody(cnamLookupField),
			sentAsBody(complianceApplicationIdField),
		],
	},
	// The same settings as Update, applied to the number right after it is bought.
	...[
		{ provider: 'signalWireApi', settings: signalWireSettings, hint: 'Sent in one update right after the purchase (one request more). If the update is refused, the number is still bought: the item says so under "configure".' },
		{
			provider: 'plivoNumbersApi',
			settings: plivoSettings,
			hint: 'Application ID, CNAM Lookup and Compliance Application ID go with the purchase itself; the others in one update right after it (one request more). If the update is refused, the number is still bought: the item says so under "configure".',
		},
	].map(
		({ provider, settings, hint }): INodeProperties => ({
			...PURCHASE_FIELD.thenConfigure,
			type: 'collection',
			placeholder: 'Add Setting',
			default: {},
			displayOptions: { show: { ...show, authentication: [provider] } },
			description: 'Settings for the new number, the same as in Update: its name and what happens when it is called or messaged',
			hint,
			options: settings.fields,
		}),
	),
	{
		...PURCHASE_FIELD.simplify,
		type: 'boolean',
		default: false,
		displayOptions: { show },
		description:
			"Whether to return only what was bought and what happened (provider, ID, number, name, 'purchase' and 'configure') instead of the provider's full answer. Turn it on when an AI agent uses this node as a tool.",
	},
	...providerRoutes('purchase'),
];
