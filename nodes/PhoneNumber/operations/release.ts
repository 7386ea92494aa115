import type { INodeProperties } from 'n8n-workflow';
import { providerRoutes } from '../providers';
import { ownedNumberFields } from './ownedNumber';

/** Release: give a number back to the provider. */
export const releaseFields: INodeProperties[] = [
	...ownedNumberFields('release', { hint: 'With a phone number, the node first looks up its SignalWire ID: one extra request.' }),
	{
		displayName: 'Releasing a number cannot be undone: it leaves your account at once, stops receiving calls and messages, and someone else may buy it. Each input item releases one number.',
		name: 'releaseNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: ['release'] } },
	},
	...providerRoutes('release'),
];
