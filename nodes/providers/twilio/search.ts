import type { IDataObject } from 'n8n-workflow';
import type { OwnedNumberList } from '../../shared/listSearch';
import { followNextLink, MAX_LIMIT, type Paging } from '../../shared/pagination';
import { InvalidSearch, SEARCH_FIELD, SEARCH_FILTER_NAMES, type SearchCriteria } from '../../shared/search';
import { e164From, numberTypeFrom, textOrNull, type Capabilities, type SimpleNumber } from '../../shared/simplify';
import type { ProviderSearch } from '../types';
import { INCOMING_PHONE_NUMBERS } from './api';

/** Twilio has one resource per number type: AvailablePhoneNumbers/{Country}/{Local|TollFree|Mobile}.json. */
const TYPE_RESOURCES: Partial<Record<SearchCriteria['numberType'], string>> = { local: 'Local', tollFree: 'TollFree', mobile: 'Mobile' };
const SIMPLE_TYPES: Partial<Record<SearchCriteria['numberType'], string>> = { local: 'local', tollFree: 'toll-free', mobile: 'mobile' };
const SERVICE_FLAGS: Record<string, string> = { voice: 'VoiceEnabled', sms: 'SmsEnabled', mms: 'MmsEnabled' };
/** Twilio's area codes are those of the North American Numbering Plan: US and Canada only. */
const AREA_CODE_COUNTRIES = ['US', 'CA'];

/**
 * Capabilities as Twilio writes them: `{voice, sms, mms, fax}` booleans. Its spec has the names in
 * lower case, its XML (and answers seen in the wild) "SMS"/"MMS": either is read.
 */
export function twilioCapabilities(value: unknown): Capabilities {
	const flags = Object.fromEntries(Object.entries(value && typeof value === 'object' ? (value as IDataObject) : {}).map(([key, flag]) => [key.toLowerCase(), flag]));
	return { voice: flags.voice === true, sms: flags.sms === true, mms: flags.mms === true, fax: flags.fax === true };
}

/**
 * GET AvailablePhoneNumbers/{Country}/{Type}.json. The area code is for US and Canadian numbers
 * only; "contains" and "ends with" are both Twilio's one Contains pattern (digits, or digits and "$"
 * for the end), so only one of them at a time.
 */
export const search: ProviderSearch = {
	country: true,
	scope: 'Twilio searches the country given in Country.',
	numberTypes: ['local', 'tollFree', 'mobile'],
	filters: ['areaCode', 'region', 'city', 'contains', 'endsWith', 'services'],
	filterDescriptions: {
		areaCode: 'The 3-digit area code, e.g. 415. At Twilio, US and Canadian numbers only.',
		city: 'Numbers of this city or locality, e.g. San Francisco',
		contains: "Numbers containing these digits (2 to 16). Only one of 'Contains' and 'Ends With'.",
		endsWith: "Numbers ending with these digits (2 to 15). Only one of 'Contains' and 'Ends With'.",
		region: 'The state, province or region, e.g. CA (2-letter code for US and Canadian numbers)',
	},
	limitNote: 'Twilio answers a search with one page of numbers (Return All asks for 100)',
	path(criteria) {
		const resource = TYPE_RESOURCES[criteria.numberType];
		if (!resource) {
			throw new InvalidSearch(SEARCH_FIELD.numberType.displayName, criteria.numberType, 'Twilio searches local, toll-free and mobile numbers, one type at a time', 'Choose Local, Toll-Free or Mobile.');
		}
		return `/AvailablePhoneNumbers/${criteria.country}/${resource}.json`;
	},
	query(criteria) {
		const qs: IDataObject = {};
		if (criteria.startsWith !== undefined) {
			throw new InvalidSearch(SEARCH_FILTER_NAMES.startsWith, criteria.startsWith, 'Twilio cannot search by it', 'Use Area Code, or Contains with the digits.');
		}
		if (criteria.areaCode !== undefined) {
			if (!/^\d{3}$/.test(criteria.areaCode)) {
				throw new InvalidSearch(SEARCH_FILTER_NAMES.areaCode, criteria.areaCode, 'Twilio area codes have 3 digits', 'Type the 3-digit area code, e.g. 415.');
			}
			if (!AREA_CODE_COUNTRIES.includes(criteria.country ?? '')) {
				throw new InvalidSearch(SEARCH_FILTER_NAMES.areaCode, criteria.areaCode, `Twilio searches by area code in the US and Canada only, not in ${criteria.country}`, 'Remove the area code, or search with Contains.');
			}
			qs.AreaCode = criteria.areaCode;
		}
		if (criteria.contains !== undefined && criteria.endsWith !== undefined) {
			const names = `${SEARCH_FILTER_NAMES.contains} and ${SEARCH_FILTER_NAMES.endsWith}`;
			throw new InvalidSearch(names, undefined, 'Twilio searches by only one of them at a time', `Keep one of ${names}.`);
		}
		if (criteria.contains !== undefined) {
			if (criteria.contains.length < 2 || criteria.contains.length > 16) {
				throw new InvalidSearch(SEARCH_FILTER_NAMES.contains, criteria.contains, `it has ${criteria.contains.length} digits; Twilio needs 2 to 16`, 'Type 2 to 16 digits.');
			}
			qs.Contains = criteria.contains;
		}
		if (criteria.endsWith !== undefined) {
			if (criteria.endsWith.length < 2 || criteria.endsWith.length > 15) {
				throw new InvalidSearch(SEARCH_FILTER_NAMES.endsWith, criteria.endsWith, `it has ${criteria.endsWith.length} digits; Twilio needs 2 to 15`, 'Type 2 to 15 digits.');
			}
			qs.Contains = `${criteria.endsWith}$`;
		}
		if (criteria.region !== undefined) qs.InRegion = criteria.region;
		if (criteria.city !== undefined) qs.InLocality = criteria.city;
		for (const service of criteria.services ?? []) {
			const flag = SERVICE_FLAGS[service];
			if (!flag) throw new InvalidSearch(SEARCH_FILTER_NAMES.services, service, 'it is not voice, sms or mms', 'Choose Voice, SMS or MMS.');
			qs[flag] = true;
		}
		return qs;
	},
	/** Items are `{phone_number, friendly_name, locality, region, iso_country, address_requirements, capabilities, …}`. */
	simplify: (raw, criteria): SimpleNumber => ({
		provider: 'twilio',
		id: null,
		number: e164From(raw.phone_number),
		name: null,
		type: SIMPLE_TYPES[criteria.numberType] ?? null,
		capabilities: twilioCapabilities(raw.capabilities),
		region: textOrNull(raw.region),
		status: 'available',
	}),
};

/** A search is one page of at most PageSize numbers. */
export const searchPaging: Paging = {
	maxLimit: MAX_LIMIT.search,
	first: (wanted) => ({ PageSize: wanted ?? MAX_LIMIT.search }),
};

/** Owned numbers carry `type` ("local", "mobile", "toll-free") and no region. */
export function simplifyOwned(raw: IDataObject): SimpleNumber {
	return {
		provider: 'twilio',
		id: textOrNull(raw.sid),
		number: e164From(raw.phone_number),
		name: textOrNull(raw.friendly_name),
		type: numberTypeFrom(raw.type),
		capabilities: twilioCapabilities(raw.capabilities),
		region: null,
		status: 'owned',
	};
}

/** Get Many: PageSize up to 1,000, then each page's next_page_uri (a path from the host). */
export const listPaging: Paging = {
	maxLimit: MAX_LIMIT.getAll,
	first: (wanted) => ({ PageSize: wanted ?? MAX_LIMIT.getAll }),
	...followNextLink('next_page_uri'),
};

/** The query parameters of Twilio's own next-page links; a token passes on only these. */
const LIST_QUERY = ['FriendlyName', 'PhoneNumber', 'PageSize', 'Page', 'PageToken'];

/** The name to show in the list: none when it is Twilio's default, the number formatted ("(415) 555-0100"). */
function ownName(raw: IDataObject): string | null {
	const name = textOrNull(raw.friendly_name);
	if (!name) return null;
	const digits = name.replace(/\D/g, '');
	return digits && String(raw.phone_number ?? '').replace(/\D/g, '').endsWith(digits) && /^[\d\s()+.-]+$/.test(name) ? null : name;
}

/**
 * The Phone Number list: GET IncomingPhoneNumbers.json, filtered by what the user typed (PhoneNumber
 * takes a part of the number, FriendlyName the name). The next page is next_page_uri, whose query is
 * the token; only its query is sent on, to the configured address. An entry's value is the SID.
 */
export const ownedList: OwnedNumberList = {
	request(typed, pageSize, token) {
		const qs: IDataObject = {};
		if (token) {
			for (const [key, value] of new URLSearchParams(token)) if (LIST_QUERY.includes(key)) qs[key] = value;
		} else {
			qs.PageSize = pageSize;
			if (typed && 'number' in typed) qs.PhoneNumber = typed.number;
			else if (typed) qs.FriendlyName = typed.text;
		}
		return { method: 'GET', url: `${INCOMING_PHONE_NUMBERS}.json`, qs };
	},
	page(body) {
		const numbers = Array.isArray(body.incoming_phone_numbers) ? (body.incoming_phone_numbers as IDataObject[]) : [];
		const next = body.next_page_uri;
		return {
			numbers: numbers.map((phone) => ({ number: e164From(phone.phone_number), name: ownName(phone), value: String(phone.sid) })),
			next: typeof next === 'string' && next !== '' ? new URL(next, 'http://link').search.slice(1) : undefined,
		};
	},
};
