import type { INodeProperties } from 'n8n-workflow';
import { providerRoutes } from '../providers';
import { simplifyField } from './listFields';

/** Get: one number in your account (named by the Phone Number locator, operations/ownedNumber.ts). */
export const getFields: INodeProperties[] = [
	simplifyField(['get'], false),
	...providerRoutes('get'),
];
