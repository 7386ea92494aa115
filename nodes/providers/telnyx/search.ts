import type { IDataObject } from 'n8n-workflow';
import type { OwnedNumberList } from '../../shared/listSearch';
import { MAX_LIMIT, numberedPages, type PageInfo, type Paging } from '../../shared/pagination';
import { InvalidSearch, SEARCH_FILTER_NAMES, type SearchCriteria } from '../../shared/search';
import { capabilitiesFrom, e164From, numberTypeFrom, textOrNull, type SimpleNumber } from '../../shared/simplify';
import type { ProviderSearch } from '../types';
import { listOf, PHONE_NUMBERS } from './api';

const NUMBER_TYPES: Partial<Record<SearchCriteria['numberType'], string>> = { local: 'local', tollFree: 'toll_free', mobile: 'mobile' };
const PATTERNS = { startsWith: 'starts_with', contains: 'contains', endsWith: 'ends_with' } as const;
/** Telnyx's number types in the shared vocabulary (it wrote "tollfree" and "longcode" before July 2023). */
const TYPE_WORDS = { toll_free: 'toll-free', tollfree: 'toll-free', longcode: 'local' };

/** Features are `[{name: "sms"}, …]`. */
function capabilities(features: unknown): SimpleNumber['capabilities'] {
	const names = Array.isArray(features) ? features.map((feature) => (feature && typeof feature === 'object' ? (feature as IDataObject).name : feature)) : [];
	return capabilitiesFrom(names);
}

/**
 * GET /available_phone_numbers?filter[...]: a country (filter[country_code]) and, optionally, its
 * number type, national destination code (the area code), a pattern the number starts with,
 * contains or ends with, the state or province, the city, and features (comma-separated, as the
 * official SDK sends them). Telnyx counts a pattern after the area code when both are given.
 */
export const search: ProviderSearch = {
	country: true,
	scope: 'Telnyx searches the country given in Country.',
	numberTypes: ['local', 'tollFree', 'mobile', 'any'],
	filters: ['areaCode', 'region', 'city', 'startsWith', 'contains', 'endsWith', 'services'],
	filterDescriptions: {
		region: 'The state or province (US and Canada), e.g. IL. Telnyx: the administrative area.',
	},
	limitNote: 'Telnyx answers a search with at most 100 numbers',
	query(criteria) {
		const qs: IDataObject = { 'filter[country_code]': criteria.country };
		const numberType = NUMBER_TYPES[criteria.numberType];
		if (numberType) qs['filter[phone_number_type]'] = numberType;
		const { areaCode } = criteria;
		if (areaCode !== undefined) qs['filter[national_destination_code]'] = areaCode;
		for (const key of Object.keys(PATTERNS) as Array<keyof typeof PATTERNS>) {
			let digits = criteria[key];
			if (digits === undefined) continue;
			if (key === 'startsWith' && areaCode !== undefined) {
				if (!digits.startsWith(areaCode)) {
					throw new InvalidSearch(
						`${SEARCH_FILTER_NAMES.areaCode} and ${SEARCH_FILTER_NAMES.startsWith}`,
						undefined,
						`a number cannot start with both ${areaCode} and ${digits}`,
						'Keep one of them, or make Starts With begin with the area code.',
					);
				}
				digits = digits.slice(areaCode.length);
				if (digits === '') continue;
			}
			qs[`filter[phone_number][${PATTERNS[key]}]`] = digits;
		}
		if (criteria.region !== undefined) qs['filter[administrative_area]'] = criteria.region;
		if (criteria.city !== undefined) qs['filter[locality]'] = criteria.city;
		if (criteria.services) qs['filter[features]'] = criteria.services.join(',');
		return qs;
	},
	simplify: (raw, criteria): SimpleNumber => {
		const regions = Array.isArray(raw.region_information) ? (raw.region_information as IDataObject[]) : [];
		return {
			provider: 'telnyx',
			id: null,
			number: e164From(raw.phone_number),
			name: null,
			type: { local: 'local', tollFree: 'toll-free', mobile: 'mobile', any: null }[criteria.numberType] ?? null,
			capabilities: capabilities(raw.features),
			region: textOrNull(regions.find((region) => region.region_type === 'state')?.region_name),
			status: 'available',
		};
	},
};

/** Search has no pages: filter[limit] results, at most 100. */
export const searchPaging: Paging = {
	maxLimit: MAX_LIMIT.search,
	first: (wanted) => ({ 'filter[limit]': wanted ?? MAX_LIMIT.search }),
};

/** Telnyx does not list an owned number's capabilities with it: they show as false. Its name is the customer reference. */
export function simplifyOwned(raw: IDataObject): SimpleNumber {
	return {
		provider: 'telnyx',
		id: textOrNull(raw.id),
		number: e164From(raw.phone_number),
		name: textOrNull(raw.customer_reference),
		type: numberTypeFrom(raw.phone_number_type, TYPE_WORDS),
		capabilities: capabilities(raw.features),
		region: null,
		status: 'owned',
	};
}

/** Lists are `{data, meta: {page_number, page_size, total_pages, total_results}}`. */
export function pageInfo(body: IDataObject): PageInfo {
	const meta = (body.meta ?? {}) as IDataObject;
	const [page, pages, total] = [Number(meta.page_number), Number(meta.total_pages), Number(meta.total_results)];
	return { next: Number.isInteger(page) && Number.isInteger(pages) && page < pages, total: Number.isInteger(total) ? total : undefined };
}

/** Telnyx's largest page. */
export const PAGE_SIZE = 250;

/** Get Many: page[number] and page[size] (up to 250), the pages the Limit needs fetched side by side. */
export const listPaging: Paging = numberedPages({ number: 'page[number]', size: 'page[size]' }, PAGE_SIZE, MAX_LIMIT.getAll, pageInfo);

/**
 * The Phone Number list: GET /phone_numbers, 20 a page, filtered by what the user typed
 * (filter[phone_number]: part of the number, digits only; text: the customer reference). The
 * token is the next page's number. An entry's value is the number's ID.
 */
export const ownedList: OwnedNumberList = {
	request(typed, pageSize, token) {
		const qs: IDataObject = { 'page[number]': token && /^\d+$/.test(token) ? Number(token) : 1, 'page[size]': pageSize };
		if (typed && 'number' in typed) {
			const digits = typed.number.replace('+', '');
			if (digits.length >= 3) qs['filter[phone_number]'] = digits;
		} else if (typed) qs['filter[customer_reference]'] = typed.text;
		return { method: 'GET', url: PHONE_NUMBERS, qs };
	},
	page(body) {
		const meta = (body.meta ?? {}) as IDataObject;
		const numbers = listOf(body).map((raw) => ({ number: e164From(raw.phone_number), name: textOrNull(raw.customer_reference), value: String(raw.id) }));
		return pageInfo(body).next ? { numbers, next: String(Number(meta.page_number) + 1) } : { numbers };
	},
};
