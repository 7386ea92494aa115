import type { IDataObject } from 'n8n-workflow';
import type { OwnedNumberList } from '../../shared/listSearch';
import type { PageInfo } from '../../shared/pagination';
import { InvalidSearch, SEARCH_FILTER_NAMES, type SearchCriteria } from '../../shared/search';
import { e164From, flag, numberTypeFrom, textOrNull, type Capabilities, type SimpleNumber } from '../../shared/simplify';
import type { ProviderSearch } from '../types';

const NUMBER_TYPES: Record<SearchCriteria['numberType'], string> = { local: 'local', tollFree: 'tollfree', mobile: 'mobile', any: 'any' };

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

export const simplifyOwned = (raw: IDataObject): SimpleNumber => simplified(raw, 'owned');

/**
 * GET PhoneNumber/?country_iso=… Plivo's `pattern` matches the digits right after the country
 * code, so both Area Code and Starts With become `pattern`; it has no "contains" or "ends with".
 */
export const search: ProviderSearch = {
	country: true,
	scope: 'Plivo searches the country given in Country.',
	numberTypes: ['local', 'tollFree', 'mobile', 'any'],
	filters: ['areaCode', 'startsWith', 'region', 'city', 'services'],
	limitNote: 'Plivo pages through all matches, 20 per request',
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

/** Lists are `{meta: {limit, offset, next, previous, total_count}, objects}`; `next` is null on the last page. */
export function pageInfo(body: IDataObject): PageInfo {
	const meta = (body.meta ?? {}) as IDataObject;
	const total = Number(meta.total_count);
	return { next: meta.next, total: meta.total_count !== undefined && Number.isInteger(total) ? total : undefined };
}

/** Plivo's largest page. */
export const PAGE_SIZE = 20;

/**
 * The Phone Number list: GET Number/ with limit/offset. Plivo filters numbers only by their first
 * digits (country code first) and by the exact alias. The token is the next page's offset; n8n
 * sends the filter again with it. An entry's value is the number in E.164.
 */
export const ownedList: OwnedNumberList = {
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
