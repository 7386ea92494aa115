import type { IDataObject } from 'n8n-workflow';
import { signalWireApiRoot } from '../../../credentials/SignalWireApi.credentials';
import { commonErrorText } from '../../shared/errors';
import type { OwnedNumberApi } from '../../shared/owned';
import { e164From } from '../../shared/simplify';
import type { ProviderBase } from '../types';

/**
 * SignalWire Relay REST (https://{space}.signalwire.com/api/relay/rest).
 * Errors: 400/401/404/500 `{error}`, 422 `{errors:[{detail,title,code,status}]}`.
 */
export const signalWireBase: ProviderBase = {
	id: 'signalWireApi',
	name: 'SignalWire',
	credentialName: 'SignalWire API',
	apiRoot: signalWireApiRoot,
	addressHint:
		'Check the SignalWire API credential: the Space URL must be your space, e.g. example.signalwire.com, and the API Base URL must be empty or start with http:// or https://.',
	errorText: commonErrorText,
	credentialHint:
		'SignalWire did not accept the credentials. Check the Space URL, Project ID and API Token in the SignalWire API credential; the token needs the "Numbers" scope.',
};

export const PHONE_NUMBERS = '/api/relay/rest/phone_numbers';

/** SignalWire's IDs (numbers, video rooms, …) are UUIDs. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const UUID_EXAMPLE = '4c3f1e2a-7a52-4b5b-9a3e-2f1d0c9b8a71';

/**
 * Owned numbers are addressed by their uuid. A number is turned into its ID with
 * GET /phone_numbers?filter_number=+E164 (a substring filter, so the exact match is picked).
 */
export const owned: OwnedNumberApi = {
	providerName: 'SignalWire',
	path: (id) => `${PHONE_NUMBERS}/${encodeURIComponent(id)}`,
	idMeaning: "the number's ID",
	lookup: {
		idPattern: UUID,
		idExample: UUID_EXAMPLE,
		canonicalId: (text) => text.toLowerCase(),
		request: (digits) => ({ method: 'GET', url: PHONE_NUMBERS, qs: { filter_number: `+${digits}` } }),
		match(body, digits) {
			const data = Array.isArray(body.data) ? (body.data as IDataObject[]) : [];
			return data.find((phone) => e164From(phone.number) === `+${digits}`);
		},
		key: (record) => String(record.id),
	},
};
