import { MAX_LIMIT, offsetPages } from '../../shared/pagination';
import { purchaseRoute } from '../../shared/purchase';
import { getRoute, listRoute, releaseRoute, searchRoute, updateRoute } from '../../shared/routes';
import type { Provider } from '../types';
import { owned, plivoBase } from './api';
import { plivoCampaigns } from './campaigns';
import { purchase } from './purchase';
import { ownedList, PAGE_SIZE, pageInfo, search, simplifyOwned } from './search';
import { listFilters, purchaseFields, settings } from './settings';
import { trigger } from './trigger';

/**
 * Plivo: numbers in an account (api.ts), addressed by their digits. Search and the owned-number
 * list: search.ts; settings, Additional Fields and Get Many filters: settings.ts; buying:
 * purchase.ts; the Phone Number Trigger (an Application per trigger, signature V3, Plivo XML):
 * trigger.ts; 10DLC messaging campaigns (linked numbers): campaigns.ts.
 */
export const plivo: Provider = {
	...plivoBase,
	slug: 'plivo',
	account: 'your Plivo account',
	search,
	owned,
	ownedList,
	simplifyOwned,
	settings,
	purchase,
	purchaseFields,
	listFilters,
	routes: {
		purchase: purchaseRoute(purchase, plivoBase.name, plivoCampaigns),
		search: searchRoute({ url: '/PhoneNumber/', property: 'objects', paging: offsetPages(PAGE_SIZE, MAX_LIMIT.search, pageInfo) }, search),
		getAll: listRoute({ url: '/Number/', property: 'objects', paging: offsetPages(PAGE_SIZE, MAX_LIMIT.getAll, pageInfo), simplify: simplifyOwned }),
		get: getRoute(owned, simplifyOwned),
		update: updateRoute(owned, 'POST', settings),
		release: releaseRoute(owned, 'plivo'),
	},
	campaigns: plivoCampaigns,
	trigger,
};
