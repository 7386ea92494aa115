import type { IDataObject } from 'n8n-workflow';
import { signalWireBaseUrl } from '../../../credentials/SignalWireApi.credentials';
import { commonErrorText } from '../shared/errors';
import { purchaseRoute, type PurchaseApi } from '../shared/purchase';
import { mergeBody } from '../shared/routing';
import { phoneNumberField } from '../operations/fields';
import type { Provider } from './types';

const PHONE_NUMBERS = '/api/relay/rest/phone_numbers';

/** Buying is POST {number: "+E164"}; an owned number is found with filter_number. */
const purchase: PurchaseApi = {
	buy(request, digits) {
		request.method = 'POST';
		request.url = PHONE_NUMBERS;
		mergeBody(request, { number: `+${digits}` });
	},
	lookup: (digits) => ({ method: 'GET', url: PHONE_NUMBERS, qs: { filter_number: `+${digits}` } }),
	owned(body, digits) {
		const data = Array.isArray(body.data) ? (body.data as IDataObject[]) : [];
		return data.find((phone) => phone.number === `+${digits}`);
	},
	pending: () => false,
};

/**
 * SignalWire Relay REST (https://{space}.signalwire.com/api/relay/rest).
 * Errors: 400/401/404/500 `{error}`, 422 `{errors:[{detail,title,code,status}]}`.
 */
export const signalWire: Provider = {
	id: 'signalWireApi',
	name: 'SignalWire',
	credentialName: 'SignalWire API',
	description: 'Numbers in your SignalWire space',
	baseURL: signalWireBaseUrl,
	errorText: commonErrorText,
	credentialHint:
		'SignalWire did not accept the credentials. Check the Space URL, Project ID and API Token in the SignalWire API credential; the token needs the "Numbers" scope.',
	addressHint:
		'Check the SignalWire API credential: the Space URL must be your space, e.g. example.signalwire.com, and the API Base URL must be empty or start with http:// or https://.',
	routes: {
		purchase: purchaseRoute(purchase, 'SignalWire', phoneNumberField),
	},
};
