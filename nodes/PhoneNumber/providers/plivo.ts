import { plivoBaseUrl } from '../../../credentials/PlivoNumbersApi.credentials';
import { commonErrorText } from '../shared/errors';
import { withPhoneNumber } from '../shared/routing';
import { phoneNumberField } from '../operations/fields';
import type { Provider } from './types';

/**
 * Plivo (https://api.plivo.com/v1/Account/{auth_id}). Numbers go in paths as digits only,
 * country code first, with a trailing "/". Errors are `{api_id, error}`.
 */
export const plivo: Provider = {
	id: 'plivoNumbersApi',
	name: 'Plivo',
	description: 'Numbers in your Plivo account',
	baseURL: plivoBaseUrl,
	errorText: commonErrorText,
	credentialHint:
		'Plivo did not accept the credentials. Check the Auth ID and Auth Token in the Plivo Numbers API credential.',
	routes: {
		purchase: {
			request: { method: 'POST' },
			send: {
				preSend: [
					withPhoneNumber(phoneNumberField, (request, digits) => {
						request.url = `/PhoneNumber/${digits}/`;
					}),
				],
			},
		},
	},
};
