import type { IDataObject } from 'n8n-workflow';
import { plivoBaseUrl } from '../../../credentials/PlivoNumbersApi.credentials';
import { commonErrorText } from '../shared/errors';
import { purchaseRoute, type PurchaseApi } from '../shared/purchase';
import { phoneNumberField } from '../operations/fields';
import type { Provider } from './types';

/** Buying is POST PhoneNumber/{digits}/; an owned number answers GET Number/{digits}/ (404 if not). */
const purchase: PurchaseApi = {
	buy(request, digits) {
		request.method = 'POST';
		request.url = `/PhoneNumber/${digits}/`;
	},
	lookup: (digits) => ({ method: 'GET', url: `/Number/${digits}/` }),
	owned: (body) => (body.number ? body : undefined),
	pending(body) {
		const numbers = Array.isArray(body.numbers) ? (body.numbers as IDataObject[]) : [];
		return body.status === 'pending' || numbers.some((entry) => entry.status === 'pending');
	},
};

/**
 * Plivo (https://api.plivo.com/v1/Account/{auth_id}). Numbers go in paths as digits only,
 * country code first, with a trailing "/". Errors are `{api_id, error}`.
 */
export const plivo: Provider = {
	id: 'plivoNumbersApi',
	name: 'Plivo',
	credentialName: 'Plivo Numbers API',
	description: 'Numbers in your Plivo account',
	baseURL: plivoBaseUrl,
	errorText: commonErrorText,
	credentialHint:
		'Plivo did not accept the credentials. Check the Auth ID and Auth Token in the Plivo Numbers API credential.',
	addressHint: 'Check the Plivo Numbers API credential: the API Base URL must be empty or start with http:// or https://.',
	routes: {
		purchase: purchaseRoute(purchase, 'Plivo', phoneNumberField),
	},
};
