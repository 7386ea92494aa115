import type { INodeProperties } from 'n8n-workflow';
import { providerRoutes, providers } from '../../providers';
import { MAX_LIMIT } from '../../shared/pagination';
import { returnAllAndLimit, simplifyField } from './listFields';

const show = { operation: ['getAll'] };

/** Get Many: the numbers in your account, one item each. Filters are each provider's own. */
export const getAllFields: INodeProperties[] = [
	...returnAllAndLimit('getAll', MAX_LIMIT.getAll),
	...providers
		.filter((provider) => provider.listFilters.length > 0)
		.map(
			(provider): INodeProperties => ({
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add Filter',
				default: {},
				displayOptions: { show: { ...show, authentication: [provider.id] } },
				options: provider.listFilters,
			}),
		),
	simplifyField(['getAll']),
	...providerRoutes('getAll'),
];
