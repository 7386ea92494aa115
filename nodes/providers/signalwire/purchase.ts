import type { IDataObject } from 'n8n-workflow';
import type { PurchaseApi } from '../../shared/purchase';
import { mergeBody } from '../../shared/routing';
import { e164From, textOrNull } from '../../shared/simplify';
import { owned, PHONE_NUMBERS } from './api';
import { search } from './search';
import { settings } from './settings';

const lookup = owned.lookup!;

/**
 * Buying is POST {number: "+E164"}. An owned number is found the way Get finds it; the first
 * available number comes from a search for one result.
 */
export const purchase: PurchaseApi = {
	buy(request, digits) {
		request.method = 'POST';
		request.url = PHONE_NUMBERS;
		mergeBody(request, { number: `+${digits}` });
	},
	lookup: (digits) => lookup.request(digits),
	owned: (body, digits) => lookup.match(body, digits),
	pending: () => false,
	firstMatch: {
		search,
		request: (qs) => ({ method: 'GET', url: `${PHONE_NUMBERS}/search`, qs: { ...qs, max_results: 1 } }),
		pick: (body) => {
			const [first] = Array.isArray(body.data) ? (body.data as IDataObject[]) : [];
			return first?.number ?? first?.e164;
		},
	},
	brief: (record, digits) => ({ provider: 'signalwire', id: textOrNull(record.id), number: e164From(record.number) ?? `+${digits}`, name: textOrNull(record.name) }),
	/** The purchase takes only the number; the settings are one PUT with the ID from its answer. */
	configure: {
		settings,
		inPurchase: [],
		update: (record) => (typeof record.id === 'string' && record.id ? { method: 'PUT', url: owned.path(record.id) } : undefined),
		// The update answers with the whole number, newer than the purchase's answer.
		updated: (record, answer) => (answer.id === record.id ? answer : record),
	},
};
