import type { IDataObject } from 'n8n-workflow';
import { twilioApiRoot } from '../../../credentials/TwilioNumbersApi.credentials';
import { commonErrorText } from '../../shared/errors';
import type { OwnedNumberApi } from '../../shared/owned';
import { e164From } from '../../shared/simplify';
import type { ProviderBase } from '../types';

/** Twilio's account path inside its own texts: "/2010-04-01/Accounts/AC…". */
const ACCOUNT_PATH = /\/2010-04-01\/Accounts\/AC[0-9a-fA-F]{32}/g;

/**
 * Twilio's own words from its JSON error, `{code, message, more_info, status}`, with its error code.
 * Twilio names the requested resource in some messages ("The requested resource /2010-04-01/Accounts/
 * AC…/IncomingPhoneNumbers/PN….json was not found"): the account part is left out, as the node never
 * shows the Account SID in an error.
 */
export function twilioErrorText(body: unknown): string | undefined {
	const record = body && typeof body === 'object' ? (body as IDataObject) : undefined;
	const message = typeof record?.message === 'string' ? record.message.replace(ACCOUNT_PATH, '…').trim() : '';
	if (!message) return commonErrorText(body);
	return typeof record?.code === 'number' ? `${message} (Twilio error ${record.code})` : message;
}

/** Twilio's error body as errors keep it: its message without the account path. */
export function twilioErrorDetails(body: unknown): unknown {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
	const record = body as IDataObject;
	return typeof record.message === 'string' ? { ...record, message: record.message.replace(ACCOUNT_PATH, '…') } : record;
}

/** The link of `more_info`: Twilio's page about this error code. */
export function twilioErrorHelp(body: unknown): string | undefined {
	const record = body && typeof body === 'object' ? (body as IDataObject) : undefined;
	const link = typeof record?.more_info === 'string' ? record.more_info.trim() : '';
	return /^https?:\/\/\S+$/i.test(link) ? `Twilio explains this error at ${link}` : undefined;
}

/**
 * Twilio REST API 2010-04-01 (https://api.twilio.com/2010-04-01/Accounts/{AccountSid}): paths end in
 * ".json", request bodies are form-encoded, errors are `{code, message, more_info, status}`, lists are
 * pages linked by `next_page_uri` (a path from the host).
 */
export const twilioBase: ProviderBase = {
	id: 'twilioNumbersApi',
	name: 'Twilio',
	credentialName: 'Twilio Numbers API',
	apiRoot: twilioApiRoot,
	addressHint: 'Check the Twilio Numbers API credential: the API Base URL must be empty or start with http:// or https://.',
	errorText: twilioErrorText,
	errorHelp: twilioErrorHelp,
	errorDetails: twilioErrorDetails,
	credentialHint:
		'Twilio did not accept the credentials. Check the Account SID and, as chosen in Sign In With, the Auth Token or the API Key SID and API Key Secret in the Twilio Numbers API credential.',
};

export const INCOMING_PHONE_NUMBERS = '/IncomingPhoneNumbers';

/** A number's SID at Twilio: "PN" and 32 hex digits. */
const SID_PATTERN = /^PN[0-9a-f]{32}$/i;

/**
 * Owned numbers are addressed by their SID. A number is turned into its SID with
 * GET IncomingPhoneNumbers.json?PhoneNumber=+E164 (Twilio also matches partial numbers, so the exact
 * match is picked).
 */
export const owned: OwnedNumberApi = {
	providerName: 'Twilio',
	path: (sid) => `${INCOMING_PHONE_NUMBERS}/${encodeURIComponent(sid)}.json`,
	idMeaning: "the number's SID (PN…)",
	lookup: {
		idPattern: SID_PATTERN,
		idExample: 'PN0f1e2d3c4b5a69788796a5b4c3d2e1f0',
		canonicalId: (text) => `PN${text.slice(2).toLowerCase()}`,
		request: (digits) => ({ method: 'GET', url: `${INCOMING_PHONE_NUMBERS}.json`, qs: { PhoneNumber: `+${digits}` } }),
		match(body, digits) {
			const numbers = Array.isArray(body.incoming_phone_numbers) ? (body.incoming_phone_numbers as IDataObject[]) : [];
			return numbers.find((phone) => e164From(phone.phone_number) === `+${digits}`);
		},
		key: (record) => String(record.sid),
	},
};
