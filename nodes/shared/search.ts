import { NodeOperationError, type IDataObject, type IExecuteSingleFunctions, type IHttpRequestOptions, type INodeProperties, type PreSendAction } from 'n8n-workflow';
import { invalidField } from './errors';

/** Number types offered by the Number Type field; each provider lists the ones it sells. */
export type SearchNumberType = 'local' | 'tollFree' | 'mobile' | 'any';

/** Search filters offered by the Filters collection; each provider lists the ones it understands. */
export type SearchFilter = 'areaCode' | 'region' | 'city' | 'startsWith' | 'contains' | 'endsWith' | 'services';

/** What to search for, read from the search fields and checked; providers turn it into a query. */
export interface SearchCriteria {
	/** ISO 3166-1 alpha-2, upper case (only for providers that search by country). */
	country?: string;
	numberType: SearchNumberType;
	areaCode?: string;
	region?: string;
	city?: string;
	startsWith?: string;
	contains?: string;
	endsWith?: string;
	/** "voice", "sms", "mms": numbers must have all of them. */
	services?: string[];
}

/** Names of the search fields (see operations/searchFields.ts), shared by the reader below. */
export const SEARCH_FIELD = {
	country: { name: 'country', displayName: 'Country' },
	numberType: { name: 'numberType', displayName: 'Number Type' },
	filters: { name: 'searchFilters', displayName: 'Filters' },
} as const;

export const SEARCH_FILTER_NAMES: Record<SearchFilter, string> = {
	areaCode: 'Area Code',
	region: 'Region',
	city: 'City',
	startsWith: 'Starts With',
	contains: 'Contains',
	endsWith: 'Ends With',
	services: 'Capabilities',
};

/** "Capabilities": numbers that can do all of the chosen services (Search's filter, and a provider's Get Many filter). */
export const servicesFilter: INodeProperties = {
	displayName: SEARCH_FILTER_NAMES.services,
	name: 'services',
	type: 'multiOptions',
	default: [],
	options: [
		{ name: 'MMS', value: 'mms' },
		{ name: 'SMS', value: 'sms' },
		{ name: 'Voice', value: 'voice' },
	],
	description: 'Numbers that can do all of these',
};

/** A criterion the provider cannot search by, or a value it cannot take. */
export class InvalidSearch extends Error {
	constructor(
		readonly field: string,
		readonly value: unknown,
		reason: string,
		readonly expected: string,
	) {
		super(reason);
	}
}

const DIGIT_FILTERS = ['areaCode', 'startsWith', 'contains', 'endsWith'] as const;
const SEPARATORS = /[\s\-.()]/g;

/**
 * Reads and checks the search fields of the current item (pure apart from reading parameters).
 * Digit filters accept separators ("415-555"); text filters are trimmed; empty values are left out.
 */
export function readSearchCriteria(ctx: Pick<IExecuteSingleFunctions, 'getNodeParameter'>, withCountry: boolean): SearchCriteria {
	const numberType = ctx.getNodeParameter(SEARCH_FIELD.numberType.name, 'local') as SearchNumberType;
	const filters = (ctx.getNodeParameter(SEARCH_FIELD.filters.name, {}) ?? {}) as IDataObject;
	const criteria: SearchCriteria = { numberType };

	if (withCountry) {
		const raw = ctx.getNodeParameter(SEARCH_FIELD.country.name, '');
		const country = typeof raw === 'string' ? raw.trim() : '';
		if (!/^[A-Za-z]{2}$/.test(country)) {
			throw new InvalidSearch(
				SEARCH_FIELD.country.displayName,
				raw,
				country === '' ? 'it is empty' : 'it must be a 2-letter ISO country code',
				'Use the 2-letter ISO 3166 code of the country, e.g. US, GB or DE.',
			);
		}
		criteria.country = country.toUpperCase();
	}

	for (const key of DIGIT_FILTERS) {
		const raw = filters[key];
		if (raw === undefined || raw === null || String(raw).trim() === '') continue;
		const digits = String(raw).replace(SEPARATORS, '');
		if (!/^\d+$/.test(digits)) {
			throw new InvalidSearch(SEARCH_FILTER_NAMES[key], raw, 'it may only contain digits', 'Type digits only, e.g. 415.');
		}
		criteria[key] = digits;
	}
	for (const key of ['region', 'city'] as const) {
		const raw = filters[key];
		if (typeof raw === 'string' && raw.trim() !== '') criteria[key] = raw.trim();
		else if (typeof raw === 'number') criteria[key] = String(raw);
	}
	if (Array.isArray(filters.services) && filters.services.length) criteria.services = filters.services.map(String);
	return criteria;
}

/** How a provider turns search criteria into its query string (see providers/<provider>/search.ts). */
export interface SearchQueryBuilder {
	/** Whether the provider needs a country (the Country field is shown only then). */
	country: boolean;
	/** The query string of a search (pure); throws InvalidSearch naming the field. */
	query(criteria: SearchCriteria): IDataObject;
	/**
	 * The search's path, for providers whose path depends on the criteria (e.g. the country and the
	 * number type); pure, may throw InvalidSearch. Without it the route's own URL is used.
	 */
	path?(criteria: SearchCriteria): string;
}

/**
 * A preSend action: reads the search fields, lets the provider build its query string (and its
 * path, when the provider has `path`) and adds it to the request. Bad or unsupported criteria stop
 * the item here, before any request.
 */
export function withSearchQuery(search: SearchQueryBuilder): PreSendAction {
	return async function (this: IExecuteSingleFunctions, request: IHttpRequestOptions) {
		let qs: IDataObject;
		try {
			const criteria = readSearchCriteria(this, search.country);
			qs = search.query(criteria);
			if (search.path) request.url = search.path(criteria);
		} catch (error) {
			if (error instanceof InvalidSearch) throw invalidField(this, error.field, error.value, error.message, error.expected);
			throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: this.getItemIndex() });
		}
		request.qs = { ...(request.qs ?? {}), ...qs };
		return request;
	};
}
