import { signalWireBaseUrl } from '../../../credentials/SignalWireApi.credentials';
import { commonErrorText } from '../shared/errors';
import { mergeBody, withPhoneNumber } from '../shared/routing';
import { phoneNumberField } from '../operations/fields';
import type { Provider } from './types';

/**
 * SignalWire Relay REST (https://{space}.signalwire.com/api/relay/rest).
 * Errors: 400/401/404/500 `{error}`, 422 `{errors:[{detail,title,code,status}]}`.
 */
export const signalWire: Provider = {
	id: 'signalWireApi',
	name: 'SignalWire',
	description: 'Numbers in your SignalWire space',
	baseURL: signalWireBaseUrl,
	errorText: commonErrorText,
	credentialHint:
		'SignalWire did not accept the credentials. Check the Space URL, Project ID and API Token in the SignalWire API credential; the token needs the "Numbers" scope.',
	routes: {
		purchase: {
			request: { method: 'POST', url: '/api/relay/rest/phone_numbers' },
			send: {
				preSend: [withPhoneNumber(phoneNumberField, (request, digits) => mergeBody(request, { number: `+${digits}` }))],
			},
		},
	},
};
