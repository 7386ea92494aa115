import type { INodeProperties } from 'n8n-workflow';
import { providerRoutes } from '../providers';
import { UPDATE_FIELDS } from '../shared/routes';
import { plivoSettings, sentAsBody, signalWireSettings } from './numberSettings';
import { ownedNumberFields } from './ownedNumber';

const show = { operation: ['update'] };

/** Update: a number's name and what it does when called or messaged. */
export const updateFields: INodeProperties[] = [
	...ownedNumberFields('update', {
		hint: 'With a phone number, the node first looks up its SignalWire ID: one extra request. Use ID to send only the update.',
	}),
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
