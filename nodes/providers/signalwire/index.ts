import type { IDataObject } from 'n8n-workflow';
import { signalWireApiRoot } from '../../../credentials/SignalWireApi.credentials';
import { commonErrorText } from '../../shared/errors';
import type { OwnedNumberList } from '../../shared/listSearch';
import { purchaseRoute, type PurchaseApi } from '../../shared/purchase';
import { mergeBody } from '../../shared/routing';
import { phoneNumberField } from '../../PhoneNumber/operations/fields';
import { signalWireSettings } from '../../PhoneNumber/operations/numberSettings';
import type { OwnedNumberApi } from '../../shared/owned';
import { followNextLink, MAX_LIMIT, type Paging } from '../../shared/pagination';
import { getRoute, listRoute, releaseRoute, searchRoute, updateRoute } from '../../shared/routes';
import { InvalidSearch, SEARCH_FIELD, SEARCH_FILTER_NAMES, type SearchCriteria } from '../../shared/search';
import { capabilitiesFrom, e164From, numberTypeFrom, textOrNull, type SimpleNumber } from '../../shared/simplify';
import type { Provider, ProviderSearch } from '../types';

const PHONE_NUMBERS = '/api/relay/rest/phone_numbers';

/**
 * Owned numbers are addressed by their uuid. A number is turned into its ID with
 * GET /phone_numbers?filter_number=+E164 (a substring filter, so the exact match is picked).
 */
const owned: OwnedNumberApi = {
	providerName: 'SignalWire',
	path: (id) => `${PHONE_NUMBERS}/${encodeURIComponent(id)}`,
	lookup: {
		request: (digits) => ({ method: 'GET', url: PHONE_NUMBERS, qs: { filter_number: `+${digits}` } }),
		match(body, digits) {
			const data = Array.isArray(body.data) ? (body.data as IDataObject[]) : [];
			return data.find((phone) => e164From(phone.number) === `+${digits}`);
		},
		key: (record) => String(record.id),
	},
};

const NUMBER_TYPES: Partial<Record<SearchCriteria['numberType'], string>> = { local: 'local', tollFree: 'toll-free' };
const PATTERNS = { startsWith: 'starts_with', contains: 'contains', endsWith: 'ends_with' } as const;

/**
 * GET /phone_numbers/search searches SignalWire's own inventory (US and Canadian numbers; there is
 * no country parameter). At most one of starts_with / contains / ends_with, 3 to 7 digits each.
 */
const search: ProviderSearch = {
	country: false,
	scope: 'SignalWire searches its own inventory of US and Canadian numbers; there is no country to choose.',
	numberTypes: ['local', 'tollFree'],
	filters: ['areaCode', 'region', 'city', 'startsWith', 'contains', 'endsWith'],
	query(criteria) {
		const numberType = NUMBER_TYPES[criteria.numberType];
		if (!numberType) {
			throw new InvalidSearch(SEARCH_FIELD.numberType.displayName, criteria.numberType, 'SignalWire sells local and toll-free numbers only', 'Choose Local or Toll-Free.');
		}
		if (criteria.services) {
			throw new InvalidSearch(SEARCH_FILTER_NAMES.services, criteria.services.join(', '), 'SignalWire cannot search by it', 'Remove the filter.');
		}
		const qs: IDataObject = { number_type: numberType };
		if (criteria.areaCode !== undefined) {
			if (!/^\d{3}$/.test(criteria.areaCode)) {
				throw new InvalidSearch(SEARCH_FILTER_NAMES.areaCode, criteria.areaCode, 'SignalWire area codes have 3 digits', 'Type the 3-digit area code, e.g. 415.');
			}
			qs.areacode = criteria.areaCode;
		}
		const patterns = (Object.keys(PATTERNS) as Array<keyof typeof PATTERNS>).filter((key) => criteria[key] !== undefined);
		if (patterns.length > 1) {
			const names = patterns.map((key) => SEARCH_FILTER_NAMES[key]);
			throw new InvalidSearch(names.join(' and '), undefined, 'SignalWire searches by only one of them at a time', `Keep one of ${names.join(', ')}.`);
		}
		for (const key of patterns) {
			const digits = criteria[key] as string;
			if (digits.length < 3 || digits.length > 7) {
				throw new InvalidSearch(SEARCH_FILTER_NAMES[key], digits, `it has ${digits.length} digits; SignalWire needs 3 to 7`, 'Type 3 to 7 digits.');
			}
			qs[PATTERNS[key]] = digits;
		}
		if (criteria.region !== undefined) {
			if (!/^[A-Za-z]{2}$/.test(criteria.region)) {
				throw new InvalidSearch(SEARCH_FILTER_NAMES.region, criteria.region, 'SignalWire wants the 2-letter state or province code', 'Type the code, e.g. TX or ON.');
			}
			qs.region = criteria.region.toUpperCase();
		}
		if (criteria.city !== undefined) qs.city = criteria.city;
		return qs;
	},
	/** Items are `{number, region, city, capabilities: {…}}` or, in older documents, `{e164, capabilities: […]}`. */
	simplify: (raw, criteria): SimpleNumber => ({
		provider: 'signalwire',
		id: null,
		number: e164From(raw.number ?? raw.e164),
		name: null,
		type: criteria.numberType === 'tollFree' ? 'toll-free' : 'local',
		capabilities: capabilitiesFrom(raw.capabilities),
		region: textOrNull(raw.region),
		status: 'available',
	}),
};

/**
 * Buying is POST {number: "+E164"}. An owned number is found the way Get finds it; the first
 * available number comes from a search for one result.
 */
const purchase: PurchaseApi = {
	buy(request, digits) {
		request.method = 'POST';
		request.url = PHONE_NUMBERS;
		mergeBody(request, { number: `+${digits}` });
	},
	lookup: (digits) => owned.lookup!.request(digits),
	owned: (body, digits) => owned.lookup!.match(body, digits),
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
		settings: signalWireSettings,
		inPurchase: [],
		update: (record) => (typeof record.id === 'string' && record.id ? { method: 'PUT', url: owned.path(record.id) } : undefined),
		// The update answers with the whole number, newer than the purchase's answer.
		updated: (record, answer) => (answer.id === record.id ? answer : record),
	},
};

function simplifyOwned(raw: IDataObject): SimpleNumber {
	return {
		provider: 'signalwire',
		id: textOrNull(raw.id),
		number: e164From(raw.number),
		name: textOrNull(raw.name),
		type: numberTypeFrom(raw.number_type),
		capabilities: capabilitiesFrom(raw.capabilities),
		region: null,
		status: 'owned',
	};
}

/** The query parameters SignalWire's own next-page links carry; a token passes on only these. */
const LIST_QUERY = ['filter_name', 'filter_number', 'page_number', 'page_size', 'page_token'];

/**
 * The Phone Number list: GET /phone_numbers, filtered by what the user typed (filter_number is a
 * substring of the E.164 number, filter_name of the name). The next page is links.next, whose query
 * is the token; only its query is sent on, to the configured address. An entry's value is the ID.
 */
const ownedList: OwnedNumberList = {
	request(typed, pageSize, token) {
		const qs: IDataObject = {};
		if (token) {
			for (const [key, value] of new URLSearchParams(token)) if (LIST_QUERY.includes(key)) qs[key] = value;
		} else {
			qs.page_size = pageSize;
			if (typed && 'number' in typed) qs.filter_number = typed.number;
			else if (typed) qs.filter_name = typed.text;
		}
		return { method: 'GET', url: PHONE_NUMBERS, qs };
	},
	page(body) {
		const data = Array.isArray(body.data) ? (body.data as IDataObject[]) : [];
		const next = (body.links as IDataObject | undefined)?.next;
		return {
			numbers: data.map((phone) => ({ number: e164From(phone.number), name: textOrNull(phone.name), value: String(phone.id) })),
			next: typeof next === 'string' && next !== '' ? new URL(next, 'http://link').search.slice(1) : undefined,
		};
	},
};

/** Search has no pages beyond max_results (100 at most); the list follows links.next. */
const searchPaging: Paging = {
	maxLimit: MAX_LIMIT.search,
	first: (wanted) => ({ max_results: wanted ?? MAX_LIMIT.search }),
};
const listPaging: Paging = {
	maxLimit: MAX_LIMIT.getAll,
	first: (wanted) => ({ page_size: wanted ?? MAX_LIMIT.getAll }),
	...followNextLink('links.next'),
};

/**
 * SignalWire Relay REST (https://{space}.signalwire.com/api/relay/rest).
 * Errors: 400/401/404/500 `{error}`, 422 `{errors:[{detail,title,code,status}]}`.
 */
export const signalWire: Provider = {
	id: 'signalWireApi',
	slug: 'signalwire',
	name: 'SignalWire',
	credentialName: 'SignalWire API',
	description: 'Numbers in your SignalWire space',
	apiRoot: signalWireApiRoot,
	errorText: commonErrorText,
	credentialHint:
		'SignalWire did not accept the credentials. Check the Space URL, Project ID and API Token in the SignalWire API credential; the token needs the "Numbers" scope.',
	addressHint:
		'Check the SignalWire API credential: the Space URL must be your space, e.g. example.signalwire.com, and the API Base URL must be empty or start with http:// or https://.',
	search,
	simplifyOwned,
	ownedList,
	routes: {
		purchase: purchaseRoute(purchase, 'SignalWire', phoneNumberField),
		search: searchRoute({ url: `${PHONE_NUMBERS}/search`, property: 'data', paging: searchPaging }, search),
		getAll: listRoute({ url: PHONE_NUMBERS, property: 'data', paging: listPaging, simplify: simplifyOwned }),
		get: getRoute(owned, simplifyOwned),
		update: updateRoute(owned, 'PUT', signalWireSettings),
		release: releaseRoute(owned, 'signalwire'),
	},
};
