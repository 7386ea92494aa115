import type { INodeProperties } from 'n8n-workflow';
import { providerRoutes } from '../providers';
import { simplifyField } from './listFields';
import { ownedNumberFields } from './ownedNumber';

/** Get: one number in your account. */
export const getFields: INodeProperties[] = [
	...ownedNumberFields('get', {}),
	simplifyField(['get'], false),
	...providerRoutes('get'),
];
