import { purchaseRoute } from '../../shared/purchase';
import { getRoute, listRoute, releaseRoute, searchRoute, updateRoute } from '../../shared/routes';
import type { Provider } from '../types';
import { owned, PHONE_NUMBERS, telnyxBase } from './api';
import { telnyxCampaigns } from './campaigns';
import { purchase } from './purchase';
import { listPaging, ownedList, search, searchPaging, simplifyOwned } from './search';
import { listFilters, purchaseFields, settings } from './settings';
import { trigger } from './trigger';

/**
 * Telnyx: numbers in an account, API v2 (api.ts), addressed by their ID. Buying is a number order
 * that finishes later (purchase.ts); the Phone Number Trigger works through a TeXML application
 * and a messaging profile it creates, with Ed25519 signatures and replies through the API
 * (trigger.ts). Search and the owned-number list: search.ts; settings, Additional Fields and Get
 * Many filters: settings.ts; 10DLC messaging campaigns (assignments by number): campaigns.ts.
 */
export const telnyx: Provider = {
	...telnyxBase,
	slug: 'telnyx',
	account: 'your Telnyx account',
	search,
	owned,
	ownedList,
	simplifyOwned,
	settings,
	purchase,
	purchaseFields,
	listFilters,
	routes: {
		purchase: purchaseRoute(purchase, telnyxBase.name, telnyxCampaigns),
		search: searchRoute({ url: '/available_phone_numbers', property: 'data', paging: searchPaging }, search),
		getAll: listRoute({ url: PHONE_NUMBERS, property: 'data', paging: listPaging, simplify: simplifyOwned }),
		get: getRoute(owned, simplifyOwned),
		update: updateRoute(owned, 'PATCH', settings),
		release: releaseRoute(owned, 'telnyx'),
	},
	campaigns: telnyxCampaigns,
	trigger,
};
