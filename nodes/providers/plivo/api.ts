import { plivoApiRoot } from '../../../credentials/PlivoNumbersApi.credentials';
import { commonErrorText } from '../../shared/errors';
import type { OwnedNumberApi } from '../../shared/owned';
import type { ProviderBase } from '../types';

/**
 * Plivo (https://api.plivo.com/v1/Account/{auth_id}). Numbers go in paths as digits only,
 * country code first, with a trailing "/". Errors are `{api_id, error}`. Lists are pages of at
 * most 20 (`limit`/`offset`, `meta.next` null on the last page).
 */
export const plivoBase: ProviderBase = {
	id: 'plivoNumbersApi',
	name: 'Plivo',
	credentialName: 'Plivo Numbers API',
	apiRoot: plivoApiRoot,
	addressHint: 'Check the Plivo Numbers API credential: the API Base URL must be empty or start with http:// or https://.',
	errorText: commonErrorText,
	credentialHint:
		'Plivo did not accept the credentials. Check the Auth ID and Auth Token in the Plivo Numbers API credential.',
};

/** Owned numbers are addressed by their digits: Number/{digits}/ (GET, POST to update, DELETE). */
export const owned: OwnedNumberApi = {
	providerName: 'Plivo',
	path: (digits) => `/Number/${digits}/`,
	idMeaning: "the number's digits, country code first",
};
