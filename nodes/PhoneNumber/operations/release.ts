import type { INodeProperties } from 'n8n-workflow';
import { providerRoutes } from '../../providers';

/** Release: give a number back to the provider (named by the Phone Number locator, operations/ownedNumber.ts). */
export const releaseFields: INodeProperties[] = [
	{
		displayName: 'Releasing a number cannot be undone: it leaves your account at once, stops receiving calls and messages, and someone else may buy it. Each input item releases one number.',
		name: 'releaseNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: ['release'] } },
	},
	...providerRoutes('release'),
];
