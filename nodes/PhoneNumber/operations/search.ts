import type { INodeProperties } from 'n8n-workflow';
import { providerRoutes } from '../../providers';
import { MAX_LIMIT } from '../../shared/pagination';
import { returnAllAndLimit, simplifyField } from './listFields';
import { searchFields } from './searchFields';

/** Search Available: numbers for sale, one item each. Nothing is bought. */
export const searchOperationFields: INodeProperties[] = [
	...searchFields({ operation: ['search'] }),
	...returnAllAndLimit(
		'search',
		MAX_LIMIT.search,
		'SignalWire answers a search with at most 100 numbers; Plivo pages through all matches, 20 per request',
	),
	simplifyField(['search']),
	...providerRoutes('search'),
];
