import { purchaseRoute } from '../../shared/purchase';
import { getRoute, listRoute, releaseRoute, searchRoute, updateRoute } from '../../shared/routes';
import type { Provider } from '../types';
import { owned, PHONE_NUMBERS, signalWireBase } from './api';
import { signalWireCampaigns } from './campaigns';
import { purchase } from './purchase';
import { listPaging, ownedList, search, searchPaging, simplifyOwned } from './search';
import { listFilters, settings } from './settings';
import { trigger } from './trigger';

/**
 * SignalWire: numbers in a space, Relay REST (api.ts), addressed by their uuid. Search and the
 * owned-number list: search.ts; settings and Get Many filters: settings.ts; buying: purchase.ts;
 * the Phone Number Trigger (LaML webhooks on the number, signatures, cXML answers): trigger.ts;
 * 10DLC messaging campaigns (the Campaign Registry, assignment orders): campaigns.ts.
 */
export const signalWire: Provider = {
	...signalWireBase,
	slug: 'signalwire',
	account: 'your SignalWire space',
	search,
	owned,
	ownedList,
	simplifyOwned,
	settings,
	purchase,
	purchaseFields: [],
	listFilters,
	routes: {
		purchase: purchaseRoute(purchase, signalWireBase.name, signalWireCampaigns),
		search: searchRoute({ url: `${PHONE_NUMBERS}/search`, property: 'data', paging: searchPaging }, search),
		getAll: listRoute({ url: PHONE_NUMBERS, property: 'data', paging: listPaging, simplify: simplifyOwned }),
		get: getRoute(owned, simplifyOwned),
		update: updateRoute(owned, 'PUT', settings),
		release: releaseRoute(owned, 'signalwire'),
	},
	campaigns: signalWireCampaigns,
	trigger,
};
