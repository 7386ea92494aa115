import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { campaignProviders, providerRoutes } from '../../providers';
import {
	CAMPAIGN_FIELD,
	CAMPAIGN_MODE,
	CAMPAIGN_OPERATION_NAMES,
	CAMPAIGN_OPERATIONS,
	CAMPAIGN_ORDER_FIELD,
	CAMPAIGN_WAIT_DEFAULT,
	CAMPAIGN_WAIT_OPTION,
} from '../../shared/campaign';
import { orList } from '../../shared/text';

/**
 * US A2P 10DLC messaging campaigns (shared/campaign.ts): three operations on the number, shown only
 * for the providers that have the optional `campaigns` part, and the Messaging Campaign locator
 * they and Purchase → Then Configure share. The number is the Phone Number locator of Get, Update
 * and Release (operations/ownedNumber.ts).
 */

const campaignIds = campaignProviders.map((provider) => provider.id);
const ordered = campaignProviders.filter((provider) => provider.campaigns.orders);
const consoles = orList(campaignProviders.map((provider) => provider.campaigns.console));

/** The three operations, for the Operation selector of providers with campaigns. */
export const campaignOperationOptions: INodePropertyOptions[] = [
	{
		name: CAMPAIGN_OPERATION_NAMES.add,
		value: 'addToCampaign',
		action: 'Add phone number to messaging campaign',
		description: 'Put a phone number of your account into an approved A2P 10DLC campaign, so it can text US phones; never twice',
	},
	{
		name: CAMPAIGN_OPERATION_NAMES.status,
		value: 'getCampaignStatus',
		action: 'Get messaging campaign status of phone number',
		description: 'Retrieve whether a phone number is in an A2P 10DLC campaign: assigned, still pending, or refused',
	},
	{
		name: CAMPAIGN_OPERATION_NAMES.remove,
		value: 'removeFromCampaign',
		action: 'Remove phone number from messaging campaign',
		description: 'Take a phone number out of its A2P 10DLC campaign; it can no longer text US phones',
	},
];

const idHint = `The campaign's ID: ${campaignProviders.map((provider) => `${provider.name}: e.g. ${provider.campaigns.idExample}`).join('; ')}.`;

/** The Messaging Campaign locator: picked from the account's campaigns (name, use case, state) by default, or typed by ID. */
export function campaignLocator(extra: Partial<INodeProperties>): INodeProperties {
	return {
		...CAMPAIGN_FIELD,
		type: 'resourceLocator',
		default: { mode: CAMPAIGN_MODE.list, value: '' },
		modes: [
			{
				displayName: 'From List',
				name: CAMPAIGN_MODE.list,
				type: 'list',
				typeOptions: { searchListMethod: 'searchMessagingCampaigns', searchable: true },
			},
			{
				displayName: 'By ID',
				name: CAMPAIGN_MODE.id,
				type: 'string',
				placeholder: `e.g. ${campaignProviders[0]?.campaigns.idExample ?? ''}`,
				hint: idHint,
			},
		],
		description: `The approved A2P 10DLC campaign. Register your brand and the campaign first in ${consoles}: the node does not register them.`,
		...extra,
	};
}

/** The fields of the three operations (after the Phone Number locator). */
export const campaignFields: INodeProperties[] = campaignProviders.length
	? [
			campaignLocator({ required: true, displayOptions: { show: { operation: [...CAMPAIGN_OPERATIONS] } } }),
			...(ordered.length
				? [
						{
							...CAMPAIGN_ORDER_FIELD,
							type: 'string',
							default: '',
							placeholder: `e.g. ${ordered[0].campaigns.orders?.idExample}`,
							displayOptions: { show: { operation: ['getCampaignStatus'], authentication: ordered.map((provider) => provider.id) } },
							description:
								"Optional: the 'orderId' of an assignment that was still pending. Its order is looked at first; without it, only the campaign's numbers are.",
						} satisfies INodeProperties,
					]
				: []),
			...CAMPAIGN_OPERATIONS.flatMap((operation) => providerRoutes(operation)),
		]
	: [];

/** Options → Max Wait for Campaign Assignment, shown where a number is put into a campaign. */
export const campaignWaitOption: INodeProperties[] = campaignProviders.length
	? [
			{
				...CAMPAIGN_WAIT_OPTION,
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 30,
				displayOptions: { show: { '/operation': ['purchase', 'addToCampaign'], '/authentication': campaignIds } },
				description: `How many seconds in total each item may wait for the provider to finish putting the number into its messaging campaign (checked after 1, 3, 7, 15 s, then every 10 s). Past it the item says 'pending' and what to check later. 0: do not wait. Default ${CAMPAIGN_WAIT_DEFAULT}.`,
			},
		]
	: [];
