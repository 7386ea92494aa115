import type { IDataObject } from 'n8n-workflow';
import type { PurchaseApi } from '../../shared/purchase';
import { textOrNull } from '../../shared/simplify';
import { owned } from './api';
import { search } from './search';
import { settings } from './settings';

/**
 * Buying is POST PhoneNumber/{digits}/; an owned number answers GET Number/{digits}/ (404 if
 * not). The first available number comes from a search for one result.
 */
export const purchase: PurchaseApi = {
	buy(request, digits) {
		request.method = 'POST';
		request.url = `/PhoneNumber/${digits}/`;
	},
	lookup: (digits) => ({ method: 'GET', url: owned.path(digits) }),
	owned: (body) => (body.number ? body : undefined),
	pending(body) {
		const numbers = Array.isArray(body.numbers) ? (body.numbers as IDataObject[]) : [];
		return body.status === 'pending' || numbers.some((entry) => entry.status === 'pending');
	},
	firstMatch: {
		search,
		request: (qs) => ({ method: 'GET', url: '/PhoneNumber/', qs: { ...qs, limit: 1 } }),
		pick: (body) => {
			const [first] = Array.isArray(body.objects) ? (body.objects as IDataObject[]) : [];
			return first?.number;
		},
	},
	// A purchase answer names no alias; a number found already owned does.
	brief: (record, digits) => ({ provider: 'plivo', id: digits, number: `+${digits}`, name: textOrNull(record.alias) }),
	/** The purchase takes app_id, cnam_lookup and compliance_application_id; the rest is POST Number/{digits}/. */
	configure: {
		settings,
		inPurchase: ['app_id', 'cnam_lookup', 'compliance_application_id'],
		update: (_record, digits) => ({ method: 'POST', url: owned.path(digits) }),
		// Plivo answers an update with {api_id, message: "changed"}: the purchase answer stays the item.
		updated: (record) => record,
	},
};
