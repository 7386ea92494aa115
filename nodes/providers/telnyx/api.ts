import type { IDataObject } from 'n8n-workflow';
import { telnyxApiRoot } from '../../../credentials/TelnyxApi.credentials';
import { commonErrorText } from '../../shared/errors';
import type { OwnedNumberApi } from '../../shared/owned';
import { e164From } from '../../shared/simplify';
import type { ProviderBase } from '../types';

/**
 * Telnyx API v2 (https://api.telnyx.com/v2), JSON in and out, a Bearer API key. Answers about one
 * thing are `{data: {...}}`, lists `{data: [...], meta: {...}}`. Errors are
 * `{errors: [{code, title, detail, source: {pointer}, meta: {url}}]}` (url: Telnyx's page about
 * that error code).
 */

interface TelnyxError {
	code?: unknown;
	title?: unknown;
	detail?: unknown;
	meta?: { url?: unknown };
}

function telnyxErrors(body: unknown): TelnyxError[] {
	const errors = body && typeof body === 'object' ? (body as { errors?: unknown }).errors : undefined;
	return Array.isArray(errors) ? errors.filter((entry): entry is TelnyxError => !!entry && typeof entry === 'object') : [];
}

const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : typeof value === 'number' ? String(value) : undefined);

/** "Bad Request: +14155550100 is not available (code 10015)" for each error; any other body as the other providers read it. */
export function telnyxErrorText(body: unknown): string | undefined {
	const words = telnyxErrors(body)
		.map((error) => {
			const [title, detail, code] = [text(error.title), text(error.detail), text(error.code)];
			const said = title && detail && title !== detail ? `${title}: ${detail}` : detail ?? title;
			return said && code ? `${said} (code ${code})` : said;
		})
		.filter((said): said is string => !!said);
	return words.length ? words.join('; ') : commonErrorText(body);
}

const DELETION_LOCK = /deletion[ _-]?lock/i;

/** A deletion lock said as such, and Telnyx's documentation of each error code it gave. */
export function telnyxErrorHelp(body: unknown): string | undefined {
	const errors = telnyxErrors(body);
	const help: string[] = [];
	if (errors.some((error) => DELETION_LOCK.test(`${text(error.title) ?? ''} ${text(error.detail) ?? ''} ${text(error.code) ?? ''}`))) {
		help.push(
			'The number has Telnyx\'s deletion lock on ("deletion_lock_enabled"), which protects it from being released through the API or the portal. Nothing was released. To release it, turn the lock off first in the Telnyx Mission Control Portal (Numbers → My Numbers → the number), then run this again.',
		);
	}
	const links = [...new Set(errors.map((error) => text(error.meta?.url)).filter((url): url is string => !!url && /^https:\/\//.test(url)))];
	if (links.length) help.push(`Telnyx explains ${links.length === 1 ? 'this error' : 'these errors'}: ${links.join(', ')}.`);
	return help.length ? help.join(' ') : undefined;
}

export const telnyxBase: ProviderBase = {
	id: 'telnyxNumbersApi',
	name: 'Telnyx',
	credentialName: 'Telnyx API',
	apiRoot: telnyxApiRoot,
	addressHint: 'Check the Telnyx API credential: the API Base URL must be empty or start with http:// or https://.',
	errorText: telnyxErrorText,
	errorHelp: telnyxErrorHelp,
	credentialHint:
		'Telnyx did not accept the API key. Check the API Key in the Telnyx API credential (Mission Control Portal → Account Settings → Keys & Credentials → API Keys).',
};

export const PHONE_NUMBERS = '/phone_numbers';

/**
 * A number's ID at Telnyx: an int64 as text (Telnyx's spec: `format: int64`), e.g.
 * 1293384261075731499; 16 to 19 digits, so longer than any phone number (15 at most).
 */
const ID_PATTERN = /^\d{16,19}$/;

/** The record of an answer about one thing: `{data: {...}}`. */
export const dataOf = (body: IDataObject | undefined): IDataObject => {
	const data = body?.data;
	return data && typeof data === 'object' && !Array.isArray(data) ? (data as IDataObject) : {};
};

/** The list of a list answer: `{data: [...]}`. */
export const listOf = (body: IDataObject | undefined): IDataObject[] => (Array.isArray(body?.data) ? (body!.data as IDataObject[]) : []);

/**
 * Owned numbers are addressed by their ID. A number is turned into its ID with
 * GET /phone_numbers?filter[phone_number]=<digits> (Telnyx matches part of the number, digits
 * only), and the exact match is picked. Its messaging profile is changed at
 * PATCH /phone_numbers/{id}/messaging, everything else at PATCH /phone_numbers/{id}.
 */
export const owned: OwnedNumberApi = {
	providerName: 'Telnyx',
	path: (id) => `${PHONE_NUMBERS}/${encodeURIComponent(id)}`,
	idMeaning: "the number's ID",
	record: 'data',
	lookup: {
		idPattern: ID_PATTERN,
		idExample: '1293384261075731499',
		canonicalId: (typed) => typed,
		request: (digits) => ({ method: 'GET', url: PHONE_NUMBERS, qs: { 'filter[phone_number]': digits } }),
		match: (body, digits) => listOf(body).find((phone) => e164From(phone.phone_number) === `+${digits}`),
		key: (record) => String(record.id),
	},
	elsewhere: [{ fields: ['messaging_profile_id'], method: 'PATCH', path: (id) => `${PHONE_NUMBERS}/${encodeURIComponent(id)}/messaging` }],
};
