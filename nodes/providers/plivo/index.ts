import type { IDataObject } from 'n8n-workflow';
import { plivoApiRoot } from '../../../credentials/PlivoNumbersApi.credentials';
import { commonErrorText } from '../../shared/errors';
import type { OwnedNumberList } from '../../shared/listSearch';
import { purchaseRoute, type PurchaseApi } from '../../shared/purchase';
import { phoneNumberField } from '../../PhoneNumber/operations/fields';
import { plivoSettings } from '../../PhoneNumber/operations/numberSettings';
import type { OwnedNumberApi } from '../../shared/owned';
import { MAX_LIMIT, offsetPages } from '../../shared/pagination';
import { getRoute, listRoute, releaseRoute, searchRoute, updateRoute } from '../../shared/routes';
import { InvalidSearch, SEARCH_FILTER_NAMES, type SearchCriteria } from '../../shared/search';
import { e164From, flag, numberTypeFrom, textOrNull, type Capabilities, type SimpleNumber } from '../../shared/simplify';
import type { Provider, ProviderSearch } from '../types';

/** Owned numbers are addressed by their digits: Number/{digits}/ (GET, POST to update, DELETE). */
const owned: OwnedNumberApi = {
	providerName: 'Plivo',
	path: (digits) => `/Number/${digits}/`,
};

const NUMBER_TYPES: Record<SearchCriteria['numberType'], string> = { local: 'local', tollFree: 'tollfree', mobile: 'mobile', any: 'any' };

/**
 * GET PhoneNumber/?country_iso=… Plivo's `pattern` matches the digits right after the country
 * code, so both Area Code and Starts With become `pattern`; it has no "contains" or "ends with".
 */
const search: ProviderSearch = {
	country: true,
	scope: 'Plivo searches the country given in Country.',
	numberTypes: ['local', 'tollFree', 'mobile', 'any'],
	filters: ['areaCode', 'startsWith', 'region', 'city', 'services'],
	query(criteria) {
		const qs: IDataObject = { country_iso: criteria.country, type: NUMBER_TYPES[criteria.numberType] ?? criteria.numberType };
		for (const key of ['contains', 'endsWith'] as const) {
			if (criteria[key] !== undefined) {
				throw new InvalidSearch(SEARCH_FILTER_NAMES[key], criteria[key], 'Plivo cannot search by it', 'Remove it; Plivo searches by Area Code or Starts With.');
			}
		}
		const { areaCode, startsWith } = criteria;
		if (areaCode !== undefined && startsWith !== undefined && !startsWith.startsWith(areaCode)) {
			throw new InvalidSearch(
				`${SEARCH_FILTER_NAMES.areaCode} and ${SEARCH_FILTER_NAMES.startsWith}`,
				undefined,
				`a number cannot start with both ${areaCode} and ${startsWith}`,
				'At Plivo both become the pattern the number starts with: keep one, or make Starts With begin with the area code.',
			);
		}
		const pattern = startsWith ?? areaCode;
		if (pattern !== undefined) qs.pattern = pattern;
		if (criteria.region !== undefined) qs.region = criteria.region;
		if (criteria.city !== undefined) qs.city = criteria.city;
		if (criteria.services) qs.services = criteria.services.join(',');
		return qs;
	},
	simplify: (raw): SimpleNumber => ({ ...simplified(raw, 'available'), type: numberTypeFrom(raw.type) }),
};

/**
 * Buying is POST PhoneNumber/{digits}/; an owned number answers GET Number/{digits}/ (404 if
 * not). The first available number comes from a search for one result.
 */
const purchase: PurchaseApi = {
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
		settings: plivoSettings,
		inPurchase: ['app_id', 'cnam_lookup', 'compliance_application_id'],
		update: (_record, digits) => ({ method: 'POST', url: owned.path(digits) }),
		// Plivo answers an update with {api_id, message: "changed"}: the purchase answer stays the item.
		updated: (record) => record,
	},
};

function capabilities(raw: IDataObject): Capabilities {
	return { voice: flag(raw.voice_enabled), sms: flag(raw.sms_enabled), mms: flag(raw.mms_enabled), fax: false };
}

/** Plivo writes numbers as digits ("14155550100"); the digits are also the number's ID. */
function simplified(raw: IDataObject, status: SimpleNumber['status']): SimpleNumber {
	const number = e164From(raw.number);
	return {
		provider: 'plivo',
		id: number ? number.slice(1) : null,
		number,
		name: textOrNull(raw.alias),
		type: numberTypeFrom(raw.number_type),
		capabilities: capabilities(raw),
		region: textOrNull(raw.region),
		status,
	};
}

const simplifyOwned = (raw: IDataObject): SimpleNumber => simplified(raw, 'owned');

/**
 * The Phone Number list: GET Number/ with limit/offset. Plivo filters numbers only by their first
 * digits (country code first) and by the exact alias. The token is the next page's offset; n8n
 * sends the filter again with it. An entry's value is the number in E.164.
 */
const ownedList: OwnedNumberList = {
	request(typed, pageSize, token) {
		const qs: IDataObject = { limit: pageSize, offset: token && /^\d+$/.test(token) ? Number(token) : 0 };
		if (typed && 'number' in typed) {
			const digits = typed.number.replace('+', '');
			if (digits) qs.number_startswith = digits;
		} else if (typed) qs.alias = typed.text;
		return { method: 'GET', url: '/Number/', qs };
	},
	page(body) {
		const objects = Array.isArray(body.objects) ? (body.objects as IDataObject[]) : [];
		const meta = (body.meta ?? {}) as IDataObject;
		const numbers = objects.map((raw) => ({ number: e164From(raw.number), name: textOrNull(raw.alias), value: e164From(raw.number) }));
		const next = Number(meta.offset ?? 0) + objects.length;
		return meta.next && objects.length ? { numbers, next: String(next) } : { numbers };
	},
};

/**
 * Plivo (https://api.plivo.com/v1/Account/{auth_id}). Numbers go in paths as digits only,
 * country code first, with a trailing "/". Errors are `{api_id, error}`. Lists are pages of at
 * most 20 (`limit`/`offset`, `meta.next` null on the last page).
 */
export const plivo: Provider = {
	id: 'plivoNumbersApi',
	slug: 'plivo',
	name: 'Plivo',
	credentialName: 'Plivo Numbers API',
	description: 'Numbers in your Plivo account',
	apiRoot: plivoApiRoot,
	errorText: commonErrorText,
	credentialHint:
		'Plivo did not accept the credentials. Check the Auth ID and Auth Token in the Plivo Numbers API credential.',
	addressHint: 'Check the Plivo Numbers API credential: the API Base URL must be empty or start with http:// or https://.',
	search,
	simplifyOwned,
	ownedList,
	routes: {
		purchase: purchaseRoute(purchase, 'Plivo', phoneNumberField),
		search: searchRoute({ url: '/PhoneNumber/', property: 'objects', paging: offsetPages(20, MAX_LIMIT.search) }, search),
		getAll: listRoute({ url: '/Number/', property: 'objects', paging: offsetPages(20, MAX_LIMIT.getAll), simplify: simplifyOwned }),
		get: getRoute(owned, simplifyOwned),
		update: updateRoute(owned, 'POST', plivoSettings),
		release: releaseRoute(owned, 'plivo'),
	},
};
