import type { INodeProperties } from 'n8n-workflow';
import { servicesFilter } from './searchFields';
import { providerRoutes } from '../../providers';
import { MAX_LIMIT } from '../../shared/pagination';
import { returnAllAndLimit, simplifyField } from './listFields';

const show = { operation: ['getAll'] };

/**
 * A text filter added but left empty filters nothing, so it is not sent (an undefined query value
 * is left out): Plivo would list only numbers whose alias is "", or refuse an empty number_startswith.
 */
const UNLESS_EMPTY = '={{ String($value).trim() === "" ? undefined : $value }}';

/** Get Many: the numbers in your account, one item each. Filters are each provider's own. */
export const getAllFields: INodeProperties[] = [
	...returnAllAndLimit('getAll', MAX_LIMIT.getAll),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: { ...show, authentication: ['signalWireApi'] } },
		options: [
			{
				displayName: 'Name Contains',
				name: 'name',
				type: 'string',
				default: '',
				description: 'Numbers whose name contains this text',
				routing: { send: { type: 'query', property: 'filter_name', value: UNLESS_EMPTY } },
			},
			{
				displayName: 'Number Contains',
				name: 'number',
				type: 'string',
				default: '',
				placeholder: 'e.g. +1415',
				description: 'Numbers whose E.164 form contains this text, e.g. +1415 or 555',
				routing: { send: { type: 'query', property: 'filter_number', value: '={{ String($value).trim() || undefined }}' } },
			},
		],
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: { ...show, authentication: ['plivoNumbersApi'] } },
		options: [
			{
				displayName: 'Alias',
				name: 'alias',
				type: 'string',
				default: '',
				description: 'Numbers with this alias',
				routing: { send: { type: 'query', property: 'alias', value: UNLESS_EMPTY } },
			},
			{
				...servicesFilter,
				routing: { send: { type: 'query', property: 'services', value: '={{ [].concat($value).join(",") }}' } },
			},
			{
				displayName: 'Number Starts With',
				name: 'numberStartsWith',
				type: 'string',
				default: '',
				placeholder: 'e.g. 1415',
				description: 'Numbers starting with these digits, country code first (Plivo has no "contains" filter)',
				routing: { send: { type: 'query', property: 'number_startswith', value: '={{ String($value).trim() === "" ? undefined : String($value).replace(/[^0-9]/g, "") }}' } },
			},
			{
				displayName: 'Number Type',
				name: 'type',
				type: 'options',
				default: 'local',
				options: [
					{ name: 'Fixed', value: 'fixed' },
					{ name: 'Local', value: 'local' },
					{ name: 'Mobile', value: 'mobile' },
					{ name: 'National', value: 'national' },
					{ name: 'Toll-Free', value: 'tollfree' },
				],
				routing: { send: { type: 'query', property: 'type' } },
			},
			{
				displayName: 'Subaccount',
				name: 'subaccount',
				type: 'string',
				default: '',
				description: 'Numbers of this subaccount (its Auth ID)',
				routing: { send: { type: 'query', property: 'subaccount', value: UNLESS_EMPTY } },
			},
		],
	},
	simplifyField(['getAll']),
	...providerRoutes('getAll'),
];
