import type { IDataObject } from 'n8n-workflow';
import type { OwnedNumberList } from '../../shared/listSearch';
import { followNextLink, MAX_LIMIT, type Paging } from '../../shared/pagination';
import { InvalidSearch, SEARCH_FIELD, SEARCH_FILTER_NAMES, type SearchCriteria } from '../../shared/search';
import { capabilitiesFrom, e164From, numberTypeFrom, textOrNull, type SimpleNumber } from '../../shared/simplify';
import type { ProviderSearch } from '../types';
import { PHONE_NUMBERS } from './api';

const NUMBER_TYPES: Partial<Record<SearchCriteria['numberType'], string>> = { local: 'local', tollFree: 'toll-free' };
const PATTERNS = { startsWith: 'starts_with', contains: 'contains', endsWith: 'ends_with' } as const;

/**
 * GET /phone_numbers/search searches SignalWire's own inventory (US and Canadian numbers; there is
 * no country parameter). At most one of starts_with / contains / ends_with, 3 to 7 digits each.
 */
export const search: ProviderSearch = {
	country: false,
	scope: 'SignalWire searches its own inventory of US and Canadian numbers; there is no country to choose.',
	numberTypes: ['local', 'tollFree'],
	filters: ['areaCode', 'region', 'city', 'startsWith', 'contains', 'endsWith'],
	filterDescriptions: {
		city: "Numbers of this city. At SignalWire, local numbers only and together with 'Region'.",
		contains: "Numbers containing these digits (3 to 7). Only one of 'Contains', 'Starts With', 'Ends With'.",
		endsWith: "Numbers ending with these digits (3 to 7). Only one of 'Contains', 'Starts With', 'Ends With'.",
		region: 'The state, province or region. SignalWire: the 2-letter code, e.g. TX, local numbers only.',
	},
	limitNote: 'SignalWire answers a search with at most 100 numbers',
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

/** Search has no pages beyond max_results (100 at most). */
export const searchPaging: Paging = {
	maxLimit: MAX_LIMIT.search,
	first: (wanted) => ({ max_results: wanted ?? MAX_LIMIT.search }),
};

/** SignalWire calls local numbers "longcode". */
export function simplifyOwned(raw: IDataObject): SimpleNumber {
	return {
		provider: 'signalwire',
		id: textOrNull(raw.id),
		number: e164From(raw.number),
		name: textOrNull(raw.name),
		type: numberTypeFrom(raw.number_type, { longcode: 'local' }),
		capabilities: capabilitiesFrom(raw.capabilities),
		region: null,
		status: 'owned',
	};
}

/** Get Many: page_size up to 1,000, then each page's links.next. */
export const listPaging: Paging = {
	maxLimit: MAX_LIMIT.getAll,
	first: (wanted) => ({ page_size: wanted ?? MAX_LIMIT.getAll }),
	...followNextLink('links.next'),
};

/** The query parameters SignalWire's own next-page links carry; a token passes on only these. */
const LIST_QUERY = ['filter_name', 'filter_number', 'page_number', 'page_size', 'page_token'];

/**
 * The Phone Number list: GET /phone_numbers, filtered by what the user typed (filter_number is a
 * substring of the E.164 number, filter_name of the name). The next page is links.next, whose query
 * is the token; only its query is sent on, to the configured address. An entry's value is the ID.
 */
export const ownedList: OwnedNumberList = {
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
