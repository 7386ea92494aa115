import type { INodeProperties } from 'n8n-workflow';
import { providerRoutes, providers } from '../../providers';
import type { Provider } from '../../providers/types';
import { CAMPAIGN_FIELD } from '../../shared/campaign';
import { PURCHASE_FIELD } from '../../shared/purchase';
import { andList } from '../../shared/text';
import { campaignLocator } from './campaign';
import { searchFields } from './searchFields';

const show = { operation: ['purchase'] };
const showSpecific = { ...show, [PURCHASE_FIELD.numberToBuy.name]: ['specific'] };

const CONFIGURE_REFUSED = 'If the update is refused, the number is still bought: the item says so under "configure".';

const CAMPAIGN_STEP = 'Messaging Campaign is last: the number goes into the campaign after the update.';

/** Then Configure's hint: which settings go with the purchase itself at this provider, and that the rest is one update. */
function thenConfigureHint(provider: Provider): string {
	const { settings, inPurchase } = provider.purchase.configure;
	const inPurchaseNames = inPurchase.map((name) => settings.fields.find((field) => field.name === name)?.displayName ?? name);
	const campaign = provider.campaigns ? ` ${CAMPAIGN_STEP}` : '';
	if (!inPurchaseNames.length) return `Sent in one update right after the purchase (one request more). ${CONFIGURE_REFUSED}${campaign}`;
	return `${andList(inPurchaseNames)} go with the purchase itself; the others in one update right after it (one request more). ${CONFIGURE_REFUSED}${campaign}`;
}

/**
 * Then Configure's options: the provider's settings and, where it has campaigns, Messaging
 * Campaign (US numbers only; the rest are skipped, with the reason in the item).
 */
function thenConfigureOptions(provider: Provider): INodeProperties[] {
	if (!provider.campaigns) return provider.settings.fields;
	const campaign = campaignLocator({
		description:
			"Put the number into this approved A2P 10DLC campaign after buying it, so it can text US phones. Only US local numbers are sent; others are skipped, with the reason in the item's 'campaign'.",
	});
	return [...provider.settings.fields, campaign];
}

/**
 * Purchase: buy a given number, or the first available number matching a search. Provider-
 * specific request shapes live in providers/<provider>/; the steps of one purchase in shared/purchase.ts.
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
	// The number to buy (Get, Update and Release pick an owned number with the locator in
	// ownedNumber.ts instead). One property entry: n8n's declarative engine resolves every entry's
	// value twice per item, shown or not.
	{
		...PURCHASE_FIELD.phoneNumber,
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. +14155550100',
		displayOptions: { show: showSpecific },
		description:
			'The number to buy, with its country code. Any common format works: +1 (415) 555-0100, 14155550100 or +14155550100.',
	},
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
	// What only a provider's purchase request takes.
	...providers
		.filter((provider) => provider.purchaseFields.length > 0)
		.map(
			(provider): INodeProperties => ({
				...PURCHASE_FIELD.additionalFields,
				type: 'collection',
				placeholder: 'Add Field',
				default: {},
				displayOptions: { show: { ...show, authentication: [provider.id] } },
				options: provider.purchaseFields,
			}),
		),
	// The same settings as Update, applied to the number right after it is bought.
	...providers.map(
		(provider): INodeProperties => ({
			...PURCHASE_FIELD.thenConfigure,
			type: 'collection',
			placeholder: 'Add Setting',
			default: {},
			displayOptions: { show: { ...show, authentication: [provider.id] } },
			description: provider.campaigns
				? `Settings for the new number, the same as in Update (its name and what happens when it is called or messaged), and the ${CAMPAIGN_FIELD.displayName} to put it in`
				: 'Settings for the new number, the same as in Update: its name and what happens when it is called or messaged',
			hint: thenConfigureHint(provider),
			options: thenConfigureOptions(provider),
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
