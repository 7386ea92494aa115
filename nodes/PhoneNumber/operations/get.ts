import type { INodeProperties } from 'n8n-workflow';
import { providerRoutes } from '../providers';
import { simplifyOffField } from './listFields';
import { ownedNumberFields } from './ownedNumber';

/** Get: one number in your account. */
export const getFields: INodeProperties[] = [
	...ownedNumberFields('get', {}),
	simplifyOffField(['get']),
	...providerRoutes('get'),
];
