import { purchaseRoute } from '../../shared/purchase';
import { getRoute, listRoute, releaseRoute, searchRoute, updateRoute } from '../../shared/routes';
import type { Provider } from '../types';
import { INCOMING_PHONE_NUMBERS, owned, twilioBase } from './api';
import { twilioCampaigns } from './campaigns';
import { purchase } from './purchase';
import { listPaging, ownedList, search, searchPaging, simplifyOwned } from './search';
import { listFilters, purchaseFields, settings } from './settings';
import { trigger } from './trigger';

/**
 * Twilio: numbers in an account, REST API 2010-04-01 (api.ts), addressed by their SID (PN…), bodies
 * form-encoded. Search and the owned-number list: search.ts; settings, regulatory Additional Fields
 * and Get Many filters: settings.ts; buying: purchase.ts; the Phone Number Trigger (Voice/SMS URL on
 * the number, X-Twilio-Signature, TwiML answers): trigger.ts; US A2P 10DLC messaging campaigns
 * (a number in the Messaging Service that carries the campaign, at the Messaging API): campaigns.ts.
 */
export const twilio: Provider = {
	...twilioBase,
	slug: 'twilio',
	account: 'your Twilio account',
	search,
	owned,
	ownedList,
	simplifyOwned,
	settings,
	purchase,
	purchaseFields,
	listFilters,
	routes: {
		purchase: purchaseRoute(purchase, twilioBase.name, twilioCampaigns),
		// The search path (country and number type) comes from search.path.
		search: searchRoute({ url: '', property: 'available_phone_numbers', paging: searchPaging }, search),
		getAll: listRoute({ url: `${INCOMING_PHONE_NUMBERS}.json`, property: 'incoming_phone_numbers', paging: listPaging, simplify: simplifyOwned }),
		get: getRoute(owned, simplifyOwned),
		update: updateRoute(owned, 'POST', settings, 'form'),
		release: releaseRoute(owned, 'twilio'),
	},
	campaigns: twilioCampaigns,
	trigger,
};
