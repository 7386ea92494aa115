import type { INodeProperties } from 'n8n-workflow';
import { httpUrl, oneOf, requiredText, type NumberSettings } from '../../shared/settings';

/**
 * A number's settings at each provider, defined once: Update offers them under Update Fields
 * (each sent as the body property of its own name), Purchase under Then Configure (sent in one
 * update right after the purchase). Every `default:` is a literal: n8n's scanner reads them
 * statically.
 */

/** A setting sent as the body property of its own name (Update, Purchase → Additional Fields). */
export const sentAsBody = (setting: INodeProperties): INodeProperties => ({
	...setting,
	routing: { send: { type: 'body', property: setting.name } },
});

/** A text setting; its name is the provider's body property. */
function text(displayName: string, name: string, description: string, placeholder?: string): INodeProperties {
	return { displayName, name, type: 'string', default: '', description, ...(placeholder ? { placeholder } : {}) };
}

const HTTP_METHODS = [
	{ name: 'POST', value: 'POST' },
	{ name: 'GET', value: 'GET' },
];

/** SignalWire's call handlers that an update accepts, and its message handlers (seed enums). */
const CALL_HANDLERS = [
	{ name: 'LaML Webhooks', value: 'laml_webhooks' },
	{ name: 'LaML Application', value: 'laml_application' },
	{ name: 'Relay Application', value: 'relay_application' },
	{ name: 'Relay Connector', value: 'relay_connector' },
	{ name: 'Relay Context', value: 'relay_context' },
	{ name: 'Relay Script (SWML URL)', value: 'relay_script' },
	{ name: 'Relay SIP Endpoint', value: 'relay_sip_endpoint' },
	{ name: 'Relay Topic', value: 'relay_topic' },
	{ name: 'Relay Verto Endpoint', value: 'relay_verto_endpoint' },
	{ name: 'Dialogflow', value: 'dialogflow' },
	{ name: 'Video Room', value: 'video_room' },
];
const MESSAGE_HANDLERS = [
	{ name: 'LaML Webhooks', value: 'laml_webhooks' },
	{ name: 'LaML Application', value: 'laml_application' },
	{ name: 'Relay Application', value: 'relay_application' },
	{ name: 'Relay Context', value: 'relay_context' },
	{ name: 'Relay Topic', value: 'relay_topic' },
];

const signalWireFields: INodeProperties[] = [
	{
		displayName: 'Call Handler',
		name: 'call_handler',
		type: 'options',
		default: 'laml_webhooks',
		options: CALL_HANDLERS,
		description: "What runs when the number is called; set the matching 'Call …' field too",
	},
	text('Call LaML Application ID', 'call_laml_application_id', "The LaML application that answers calls ('Call Handler': LaML Application)"),
	{
		displayName: 'Call Receive Mode',
		name: 'call_receive_mode',
		type: 'options',
		default: 'voice',
		options: [
			{ name: 'Voice', value: 'voice' },
			{ name: 'Fax', value: 'fax' },
		],
		description: 'Whether calls are received as voice or fax',
	},
	text('Call Relay Application', 'call_relay_application', "The Relay application that answers calls ('Call Handler': Relay Application)"),
	text('Call Relay Context', 'call_relay_context', "The Relay context calls are sent to ('Call Handler': Relay Context)"),
	text('Call Relay Script URL', 'call_relay_script_url', "A URL answering with a SWML script ('Call Handler': Relay Script)", 'e.g. https://example.com/swml'),
	text('Call Relay Topic', 'call_relay_topic', "The Relay topic calls are sent to ('Call Handler': Relay Topic)"),
	text('Call Fallback URL', 'call_fallback_url', "Called when 'Call Request URL' fails ('Call Handler': LaML Webhooks)", 'e.g. https://example.com/fallback'),
	{
		displayName: 'Call Fallback Method',
		name: 'call_fallback_method',
		type: 'options',
		default: 'POST',
		options: HTTP_METHODS,
		description: "HTTP method for 'Call Fallback URL'",
	},
	text('Call Request URL', 'call_request_url', "The webhook called for each incoming call ('Call Handler': LaML Webhooks)", 'e.g. https://example.com/voice'),
	{
		displayName: 'Call Request Method',
		name: 'call_request_method',
		type: 'options',
		default: 'POST',
		options: HTTP_METHODS,
		description: "HTTP method for 'Call Request URL'",
	},
	text('Call SIP Endpoint ID', 'call_sip_endpoint_id', "The SIP endpoint calls are sent to ('Call Handler': Relay SIP Endpoint)"),
	text('Call Status Callback URL', 'call_status_callback_url', "Receives call status changes ('Call Handler': LaML Webhooks)", 'e.g. https://example.com/status'),
	{
		displayName: 'Call Status Callback Method',
		name: 'call_status_callback_method',
		type: 'options',
		default: 'POST',
		options: HTTP_METHODS,
		description: "HTTP method for 'Call Status Callback URL'",
	},
	text('Call Video Room ID', 'call_video_room_id', "The video room calls join ('Call Handler': Video Room)"),
	{
		displayName: 'Message Handler',
		name: 'message_handler',
		type: 'options',
		default: 'laml_webhooks',
		options: MESSAGE_HANDLERS,
		description: "What runs when the number receives a message; set the matching 'Message …' field too",
	},
	text('Message Fallback URL', 'message_fallback_url', "Called when 'Message Request URL' fails ('Message Handler': LaML Webhooks)", 'e.g. https://example.com/fallback'),
	{
		displayName: 'Message Fallback Method',
		name: 'message_fallback_method',
		type: 'options',
		default: 'POST',
		options: HTTP_METHODS,
		description: "HTTP method for 'Message Fallback URL'",
	},
	text('Message LaML Application ID', 'message_laml_application_id', "The LaML application that handles messages ('Message Handler': LaML Application)"),
	text('Message Relay Application', 'message_relay_application', "The Relay application that handles messages ('Message Handler': Relay Application)"),
	text('Message Relay Context', 'message_relay_context', "The Relay context messages are sent to ('Message Handler': Relay Context)"),
	text('Message Relay Topic', 'message_relay_topic', "The Relay topic messages are sent to ('Message Handler': Relay Topic)"),
	text('Message Request URL', 'message_request_url', "The webhook called for each incoming message ('Message Handler': LaML Webhooks)", 'e.g. https://example.com/sms'),
	{
		displayName: 'Message Request Method',
		name: 'message_request_method',
		type: 'options',
		default: 'POST',
		options: HTTP_METHODS,
		description: "HTTP method for 'Message Request URL'",
	},
	text('Name', 'name', 'A name for the number, to tell your numbers apart'),
];

const METHOD_RULE = oneOf(HTTP_METHODS.map((method) => method.value));

/** SignalWire refuses URLs that are not absolute http(s) and values outside its enums (notes/providers.md). */
export const signalWireSettings: NumberSettings = {
	fields: signalWireFields,
	rules: {
		call_handler: oneOf(CALL_HANDLERS.map((handler) => handler.value)),
		call_receive_mode: oneOf(['voice', 'fax']),
		call_relay_script_url: httpUrl,
		call_fallback_url: httpUrl,
		call_fallback_method: METHOD_RULE,
		call_request_url: httpUrl,
		call_request_method: METHOD_RULE,
		call_status_callback_url: httpUrl,
		call_status_callback_method: METHOD_RULE,
		message_handler: oneOf(MESSAGE_HANDLERS.map((handler) => handler.value)),
		message_fallback_url: httpUrl,
		message_fallback_method: METHOD_RULE,
		message_request_url: httpUrl,
		message_request_method: METHOD_RULE,
	},
};

/** Plivo's Compliance Application ID: Purchase → Additional Fields, Update and Then Configure. */
export const complianceApplicationIdField: INodeProperties = {
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
export const cnamLookupField: INodeProperties = {
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

const plivoFields: INodeProperties[] = [
	text('Alias', 'alias', 'A name for the number, to tell your numbers apart'),
	text('Application ID', 'app_id', 'The Plivo application that answers calls and messages to the number'),
	text('Caller Name', 'cnam', 'The caller ID name people see when this number calls them (US numbers), up to 15 characters. Plivo registers it and reports the outcome to the Caller Name Callback URL.', 'e.g. ACME Support'),
	{
		displayName: 'Caller Name Callback Method',
		name: 'cnam_callback_method',
		type: 'options',
		default: 'POST',
		options: HTTP_METHODS,
		description: "HTTP method for 'Caller Name Callback URL'",
	},
	text('Caller Name Callback URL', 'cnam_callback_url', 'Plivo calls this URL when the registration of the Caller Name succeeds or is refused', 'e.g. https://example.com/cnam'),
	cnamLookupField,
	complianceApplicationIdField,
	text('Subaccount', 'subaccount', 'The Auth ID of the subaccount the number moves to'),
];

/**
 * Plivo's limits (docs "Update an account phone number", plivo 4.79.0 numbers.js): cnam_lookup
 * enabled/disabled, cnam_callback_method GET/POST, the callback a URL. The caller name is the US
 * CNAM display name, 15 characters at most.
 */
export const plivoSettings: NumberSettings = {
	fields: plivoFields,
	rules: {
		cnam: requiredText(15, 'Up to 15 characters, e.g. ACME Support: the name people see when this number calls them.'),
		cnam_callback_url: httpUrl,
		cnam_callback_method: METHOD_RULE,
		cnam_lookup: oneOf(['enabled', 'disabled']),
		compliance_application_id: requiredText(undefined, 'The ID of your accepted compliance application, from the Plivo console (Phone Numbers → Compliance), without spaces.', { pattern: /^\S+$/, otherwise: 'it contains spaces' }),
	},
};
