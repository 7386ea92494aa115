import type { IDataObject } from 'n8n-workflow';
import type { PurchaseApi } from '../../shared/purchase';
import { FORM_HEADERS, mergeFormBody } from '../../shared/routing';
import { e164From, textOrNull } from '../../shared/simplify';
import { INCOMING_PHONE_NUMBERS, owned } from './api';
import { search } from './search';
import { settings } from './settings';

const lookup = owned.lookup!;

/**
 * Buying is POST IncomingPhoneNumbers.json with the form field PhoneNumber (+E164). An owned number
 * is found the way Get finds it; the first available number comes from a search for one result.
 */
export const purchase: PurchaseApi = {
	buy(request, digits) {
		request.method = 'POST';
		request.url = `${INCOMING_PHONE_NUMBERS}.json`;
		mergeFormBody(request, { PhoneNumber: `+${digits}` });
	},
	lookup: (digits) => lookup.request(digits),
	owned: (body, digits) => lookup.match(body, digits),
	// A number that needs documents is refused until they are approved (Regulatory Bundles): never pending.
	pending: () => false,
	firstMatch: {
		search,
		// search.path gives the path (country and number type) for every search.
		request: (qs, path) => ({ method: 'GET', url: path!, qs: { ...qs, PageSize: 1 } }),
		pick: (body) => {
			const [first] = Array.isArray(body.available_phone_numbers) ? (body.available_phone_numbers as IDataObject[]) : [];
			return first?.phone_number;
		},
	},
	brief: (record, digits) => ({ provider: 'twilio', id: textOrNull(record.sid), number: e164From(record.phone_number) || `+${digits}`, name: textOrNull(record.friendly_name) }),
	/**
	 * The purchase takes every setting Update has (Twilio's create and update requests have the same
	 * fields), so Then Configure goes with the purchase itself: one request.
	 */
	configure: {
		settings,
		inPurchase: settings.fields.map((field) => field.name),
		update: (record) => (typeof record.sid === 'string' && record.sid ? { method: 'POST', url: owned.path(record.sid), headers: { ...FORM_HEADERS } } : undefined),
		// The update answers with the whole number, newer than the purchase's answer.
		updated: (record, answer) => (answer.sid === record.sid ? answer : record),
	},
};
