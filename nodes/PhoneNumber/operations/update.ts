import type { INodeProperties } from 'n8n-workflow';
import { providerRoutes, providers } from '../../providers';
import { UPDATE_FIELDS } from '../../shared/routes';
import { sentAsBody } from '../../shared/settings';

const show = { operation: ['update'] };

/** Update: a number's name and what it does when called or messaged (the number: operations/ownedNumber.ts). */
export const updateFields: INodeProperties[] = [
	...providers.map(
		(provider): INodeProperties => ({
			...UPDATE_FIELDS,
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions: { show: { ...show, authentication: [provider.id] } },
			options: provider.settings.fields.map(sentAsBody),
		}),
	),
	...providerRoutes('update'),
];
