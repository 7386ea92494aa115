import type { INodeProperties } from 'n8n-workflow';
import { SEND_UNLESS_EMPTY } from '../../shared/routing';
import { HTTP_METHODS, httpMethod, httpUrl, requiredText, sentAsBody, textSetting, type NumberSettings, type SettingRule } from '../../shared/settings';

/** A Twilio SID: two letters naming the kind of resource, then 32 hex digits. */
function sid(prefix: string, what: string): SettingRule {
	return requiredText(34, `The SID of ${what}: "${prefix}" and 32 letters and digits, e.g. ${prefix}0f1e2d3c4b5a69788796a5b4c3d2e1f0.`, {
		pattern: new RegExp(`^${prefix}[0-9a-fA-F]{32}$`),
		otherwise: `it is not a SID starting with ${prefix} and 32 hex digits`,
	});
}

const method = (displayName: string, name: string, of: string): INodeProperties => ({
	displayName,
	name,
	type: 'options',
	default: 'POST',
	options: HTTP_METHODS,
	description: `HTTP method for '${of}'`,
});

/**
 * The regulatory documents some countries require with a number (Twilio's Regulatory Compliance). A
 * search result's `address_requirements` says whether the number needs an address: `none`, or
 * `any`, `local` (in the number's country) or `foreign` (outside it).
 */
const REGULATORY: INodeProperties[] = [
	textSetting(
		'Address SID',
		'AddressSid',
		"An Address of your account (AD…) to register the number with. Needed when the number's address_requirements (in Search Available's full results) is any, local or foreign.",
		'e.g. AD0f1e2d3c4b5a69788796a5b4c3d2e1f0',
	),
	textSetting(
		'Bundle SID',
		'BundleSid',
		'An approved Regulatory Bundle (BU…) for the number\'s country and type: the documents countries with regulations require (Twilio Console → Phone Numbers → Regulatory Compliance)',
		'e.g. BU0f1e2d3c4b5a69788796a5b4c3d2e1f0',
	),
	textSetting('Identity SID', 'IdentitySid', 'An Identity (RI…) to associate with the number, where the country requires one', 'e.g. RI0f1e2d3c4b5a69788796a5b4c3d2e1f0'),
];

const fields: INodeProperties[] = [
	REGULATORY[0],
	REGULATORY[1],
	textSetting('Friendly Name', 'FriendlyName', 'A name for the number, to tell your numbers apart (up to 64 characters)'),
	REGULATORY[2],
	textSetting('SMS Application SID', 'SmsApplicationSid', "The TwiML application (AP…) that handles messages; while it is set Twilio ignores the 'SMS …' URLs", 'e.g. AP0f1e2d3c4b5a69788796a5b4c3d2e1f0'),
	method('SMS Fallback Method', 'SmsFallbackMethod', 'SMS Fallback URL'),
	textSetting('SMS Fallback URL', 'SmsFallbackUrl', "Called when 'SMS URL' fails", 'e.g. https://example.com/sms-fallback'),
	method('SMS Method', 'SmsMethod', 'SMS URL'),
	textSetting('SMS URL', 'SmsUrl', 'The webhook called for each incoming message, answering with TwiML', 'e.g. https://example.com/sms'),
	method('Status Callback Method', 'StatusCallbackMethod', 'Status Callback URL'),
	textSetting('Status Callback URL', 'StatusCallback', 'Receives status changes of calls to the number', 'e.g. https://example.com/status'),
	textSetting('Trunk SID', 'TrunkSid', 'The Elastic SIP Trunk (TK…) that takes calls to the number; setting it removes the Voice Application SID', 'e.g. TK0f1e2d3c4b5a69788796a5b4c3d2e1f0'),
	textSetting('Voice Application SID', 'VoiceApplicationSid', "The TwiML application (AP…) that answers calls; while it is set Twilio ignores the 'Voice …' URLs", 'e.g. AP0f1e2d3c4b5a69788796a5b4c3d2e1f0'),
	method('Voice Fallback Method', 'VoiceFallbackMethod', 'Voice Fallback URL'),
	textSetting('Voice Fallback URL', 'VoiceFallbackUrl', "Called when 'Voice URL' fails", 'e.g. https://example.com/voice-fallback'),
	method('Voice Method', 'VoiceMethod', 'Voice URL'),
	textSetting('Voice URL', 'VoiceUrl', 'The webhook called for each incoming call, answering with TwiML', 'e.g. https://example.com/voice'),
];

/**
 * Update Fields and Then Configure: the form fields of POST IncomingPhoneNumbers/{Sid}.json, which
 * the purchase (POST IncomingPhoneNumbers.json) takes too. Limits from Twilio's spec: URLs, GET/POST,
 * SIDs of their kind, a friendly name of up to 64 characters.
 */
export const settings: NumberSettings = {
	fields,
	rules: {
		AddressSid: sid('AD', 'an Address'),
		BundleSid: sid('BU', 'a Regulatory Bundle'),
		FriendlyName: requiredText(64, 'Up to 64 characters, e.g. Support line.'),
		IdentitySid: sid('RI', 'an Identity'),
		SmsApplicationSid: sid('AP', 'a TwiML application'),
		SmsFallbackMethod: httpMethod,
		SmsFallbackUrl: httpUrl,
		SmsMethod: httpMethod,
		SmsUrl: httpUrl,
		StatusCallback: httpUrl,
		StatusCallbackMethod: httpMethod,
		TrunkSid: sid('TK', 'an Elastic SIP Trunk'),
		VoiceApplicationSid: sid('AP', 'a TwiML application'),
		VoiceFallbackMethod: httpMethod,
		VoiceFallbackUrl: httpUrl,
		VoiceMethod: httpMethod,
		VoiceUrl: httpUrl,
	},
};

/** Purchase → Additional Fields: the regulatory documents, sent with the purchase. */
export const purchaseFields: INodeProperties[] = REGULATORY.map(sentAsBody);

/** Get Many → Filters: the query parameters of GET IncomingPhoneNumbers.json. */
export const listFilters: INodeProperties[] = [
	{
		displayName: 'Friendly Name',
		name: 'friendlyName',
		type: 'string',
		default: '',
		description: 'Numbers with exactly this friendly name',
		routing: { send: { type: 'query', property: 'FriendlyName', value: SEND_UNLESS_EMPTY } },
	},
	{
		displayName: 'Phone Number',
		name: 'number',
		type: 'string',
		default: '',
		placeholder: 'e.g. +1415',
		description: 'Numbers matching this number or part of it, e.g. +1415; * stands for any one digit',
		routing: { send: { type: 'query', property: 'PhoneNumber', value: '={{ String($value).trim().replace(/[\\s().-]/g, "") || undefined }}' } },
	},
];
