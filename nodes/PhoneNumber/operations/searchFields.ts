import type { IDisplayOptions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { providers } from '../../providers';
import { SEARCH_FIELD, SEARCH_FILTER_NAMES, servicesFilter, type SearchFilter, type SearchNumberType } from '../../shared/search';

const NUMBER_TYPE_OPTIONS: Record<SearchNumberType, INodePropertyOptions> = {
	local: { name: 'Local', value: 'local', description: 'Numbers with a geographic area code' },
	tollFree: { name: 'Toll-Free', value: 'tollFree', description: 'Numbers free for the caller, e.g. 800 or 888 numbers' },
	mobile: { name: 'Mobile', value: 'mobile', description: 'Mobile numbers' },
	any: { name: 'Any', value: 'any', description: 'Every type the provider has' },
};

const FILTER_OPTIONS: Record<SearchFilter, INodeProperties> = {
	areaCode: {
		displayName: SEARCH_FILTER_NAMES.areaCode,
		name: 'areaCode',
		type: 'string',
		default: '',
		placeholder: 'e.g. 415',
		description: 'The area code, e.g. 415 for San Francisco: the digits right after the country code',
	},
	city: {
		displayName: SEARCH_FILTER_NAMES.city,
		name: 'city',
		type: 'string',
		default: '',
		placeholder: 'e.g. Austin',
		description: 'Numbers of this city',
	},
	contains: {
		displayName: SEARCH_FILTER_NAMES.contains,
		name: 'contains',
		type: 'string',
		default: '',
		placeholder: 'e.g. 2024',
		description: 'Numbers containing these digits',
	},
	endsWith: {
		displayName: SEARCH_FILTER_NAMES.endsWith,
		name: 'endsWith',
		type: 'string',
		default: '',
		placeholder: 'e.g. 0100',
		description: 'Numbers ending with these digits',
	},
	region: {
		displayName: SEARCH_FILTER_NAMES.region,
		name: 'region',
		type: 'string',
		default: '',
		placeholder: 'e.g. TX',
		description: 'The state, province or region',
	},
	services: servicesFilter,
	startsWith: {
		displayName: SEARCH_FILTER_NAMES.startsWith,
		name: 'startsWith',
		type: 'string',
		default: '',
		placeholder: 'e.g. 415555',
		description: 'Numbers whose digits after the country code start with these (area code included)',
	},
};

/**
 * The fields that describe which numbers to search for, for any operation that searches: Search
 * Available, and Purchase when it buys the first number matching a search. `show` is the
 * operation's displayOptions.show; each provider gets only the types and filters it has, each
 * filter described in the provider's own words where it has limits of its own.
 * Read the values with readSearchCriteria (shared/search.ts), or let withSearchQuery(provider.search)
 * put the provider's query on the request.
 */
export function searchFields(show: NonNullable<IDisplayOptions['show']>): INodeProperties[] {
	const needCountry = providers.filter((provider) => provider.search.country).map((provider) => provider.id);
	return [
		{
			...SEARCH_FIELD.country,
			type: 'string',
			default: 'US',
			required: true,
			placeholder: 'e.g. US',
			displayOptions: { show: { ...show, authentication: needCountry } },
			description: 'The 2-letter ISO code of the country to search, e.g. US, GB, DE',
		},
		...providers.map(
			(provider): INodeProperties => ({
				...SEARCH_FIELD.numberType,
				type: 'options',
				default: 'local',
				displayOptions: { show: { ...show, authentication: [provider.id] } },
				options: provider.search.numberTypes.map((type) => NUMBER_TYPE_OPTIONS[type]),
				description: `The kind of number to look for. ${provider.search.scope}`,
			}),
		),
		...providers.map(
			(provider): INodeProperties => ({
				...SEARCH_FIELD.filters,
				type: 'collection',
				placeholder: 'Add Filter',
				default: {},
				displayOptions: { show: { ...show, authentication: [provider.id] } },
				options: provider.search.filters
					.map((filter): INodeProperties => {
						const description = provider.search.filterDescriptions?.[filter];
						return description ? { ...FILTER_OPTIONS[filter], description } : FILTER_OPTIONS[filter];
					})
					.sort((a, b) => a.displayName.localeCompare(b.displayName)),
			}),
		),
	];
}
