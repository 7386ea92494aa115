import type { INodeProperties } from 'n8n-workflow';
import { providerRoutes, providers } from '../../providers';
import { MAX_LIMIT } from '../../shared/pagination';
import { returnAllAndLimit, simplifyField } from './listFields';
import { searchFields } from './searchFields';

/** Search Available: numbers for sale, one item each. Nothing is bought. */
export const searchOperationFields: INodeProperties[] = [
	...searchFields({ operation: ['search'] }),
	...returnAllAndLimit(
		'search',
		MAX_LIMIT.search,
		providers.map((provider) => provider.search.limitNote).join('; '),
	),
	simplifyField(['search']),
	...providerRoutes('search'),
];
