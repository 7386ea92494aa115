import type { INodeProperties } from 'n8n-workflow';
import { SEND_UNLESS_EMPTY } from '../../shared/routing';
import { servicesFilter } from '../../shared/search';
import { HTTP_METHODS, httpMethod, httpUrl, oneOf, requiredText, sentAsBody, textSetting, type NumberSettings } from '../../shared/settings';

/** Plivo's Compliance Application ID: Purchase → Additional Fields, Update and Then Configure. */
const complianceApplicationIdField: INodeProperties = {
	displayName: 'Compliance Application ID',
	name: 'compliance_application_id',
	type: 'string',
	default: '',
	placeholder: 'e.g. 7b9d8c1a-…',
	description:
		'Your accepted Plivo compliance application for this country and number type (Plivo console → Phone Numbers → Compliance)',
	hint: 'Plivo needs it for numbers in regulated countries (those that need address or identity documents): given with the purchase, an accepted application makes the number active at once instead of pending. Plivo accepts a change later only while the number\'s compliance status is pending or rejected.',
};

/** Plivo's CNAM Lookup: US local and toll-free numbers only. */
const cnamLookupField: INodeProperties = {
	displayName: 'CNAM Lookup',
	name: 'cnam_lookup',
	type: 'options',
	default: 'enabled',
	options: [
		{ name: 'Enabled', value: 'enabled' },
		{ name: 'Disabled', value: 'disabled' },
	],
	description: 'Whether the names of callers are looked up for incoming calls (US local and toll-free numbers only)',
};

const fields: INodeProperties[] = [
	textSetting('Alias', 'alias', 'A name for the number, to tell your numbers apart'),
	textSetting('Application ID', 'app_id', 'The Plivo application that answers calls and messages to the number'),
	textSetting('Caller Name', 'cnam', 'The caller ID name people see when this number calls them (US numbers), up to 15 characters. Plivo registers it and reports the outcome to the Caller Name Callback URL.', 'e.g. ACME Support'),
	{
		displayName: 'Caller Name Callback Method',
		name: 'cnam_callback_method',
		type: 'options',
		default: 'POST',
		options: HTTP_METHODS,
		description: "HTTP method for 'Caller Name Callback URL'",
	},
	textSetting('Caller Name Callback URL', 'cnam_callback_url', 'Plivo calls this URL when the registration of the Caller Name succeeds or is refused', 'e.g. https://example.com/cnam'),
	cnamLookupField,
	complianceApplicationIdField,
	textSetting('Subaccount', 'subaccount', 'The Auth ID of the subaccount the number moves to'),
];

/**
 * Update Fields and Then Configure: the body properties of POST Number/{digits}/. Plivo's limits
 * (docs "Update an account phone number", plivo 4.79.0 numbers.js): cnam_lookup enabled/disabled,
 * cnam_callback_method GET/POST, the callback a URL. The caller name is the US CNAM display name,
 * 15 characters at most.
 */
export const settings: NumberSettings = {
	fields,
	rules: {
		cnam: requiredText(15, 'Up to 15 characters, e.g. ACME Support: the name people see when this number calls them.'),
		cnam_callback_url: httpUrl,
		cnam_callback_method: httpMethod,
		cnam_lookup: oneOf(['enabled', 'disabled']),
		compliance_application_id: requiredText(undefined, 'The ID of your accepted compliance application, from the Plivo console (Phone Numbers → Compliance), without spaces.', { pattern: /^\S+$/, otherwise: 'it contains spaces' }),
	},
};

/**
 * Purchase → Additional Fields: what POST PhoneNumber/{digits}/ takes besides the number (the same
 * body as the official Plivo SDK's numbers.buy).
 */
export const purchaseFields: INodeProperties[] = [
	{
		displayName: 'Application ID',
		name: 'appId',
		type: 'string',
		default: '',
		description:
			'The Plivo application that handles calls and messages to the new number. Leave empty to use the account\'s default number application.',
		routing: { send: { type: 'body', property: 'app_id' } },
	},
	sentAsBody(cnamLookupField),
	sentAsBody(complianceApplicationIdField),
];

/** Get Many → Filters: the query parameters of GET Number/. */
export const listFilters: INodeProperties[] = [
	{
		displayName: 'Alias',
		name: 'alias',
		type: 'string',
		default: '',
		description: 'Numbers with this alias',
		routing: { send: { type: 'query', property: 'alias', value: SEND_UNLESS_EMPTY } },
	},
	{
		...servicesFilter,
		routing: { send: { type: 'query', property: 'services', value: '={{ [].concat($value).join(",") }}' } },
	},
	{
		displayName: 'Number Starts With',
		name: 'numberStartsWith',
		type: 'string',
		default: '',
		placeholder: 'e.g. 1415',
		description: 'Numbers starting with these digits, country code first (Plivo has no "contains" filter)',
		routing: { send: { type: 'query', property: 'number_startswith', value: '={{ String($value).trim() === "" ? undefined : String($value).replace(/[^0-9]/g, "") }}' } },
	},
	{
		displayName: 'Number Type',
		name: 'type',
		type: 'options',
		default: 'local',
		options: [
			{ name: 'Fixed', value: 'fixed' },
			{ name: 'Local', value: 'local' },
			{ name: 'Mobile', value: 'mobile' },
			{ name: 'National', value: 'national' },
			{ name: 'Toll-Free', value: 'tollfree' },
		],
		routing: { send: { type: 'query', property: 'type' } },
	},
	{
		displayName: 'Subaccount',
		name: 'subaccount',
		type: 'string',
		default: '',
		description: 'Numbers of this subaccount (its Auth ID)',
		routing: { send: { type: 'query', property: 'subaccount', value: SEND_UNLESS_EMPTY } },
	},
];
