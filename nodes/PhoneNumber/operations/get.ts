import type { INodeProperties } from 'n8n-workflow';
import { providerRoutes } from '../../providers';
import { simplifyOffField } from './listFields';

/** Get: one number in your account (named by the Phone Number locator, operations/ownedNumber.ts). */
export const getFields: INodeProperties[] = [
	simplifyOffField(['get']),
	...providerRoutes('get'),
];
