import type { INodeProperties } from 'n8n-workflow';
import { providerRoutes } from '../../providers';
import { UPDATE_FIELDS } from '../../shared/routes';
import { plivoSettings, sentAsBody, signalWireSettings } from './numberSettings';

const show = { operation: ['update'] };

/** Update: a number's name and what it does when called or messaged (the number: operations/ownedNumber.ts). */
export const updateFields: INodeProperties[] = [
	...[
		{ provider: 'signalWireApi', settings: signalWireSettings },
		{ provider: 'plivoNumbersApi', settings: plivoSettings },
	].map(
		({ provider, settings }): INodeProperties => ({
			...UPDATE_FIELDS,
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions: { show: { ...show, authentication: [provider] } },
			options: settings.fields.map(sentAsBody),
		}),
	),
	...providerRoutes('update'),
];
