import type { INodeProperties } from 'n8n-workflow';
import { SEND_UNLESS_EMPTY } from '../../shared/routing';
import { HTTP_METHODS, httpMethod, httpUrl, oneOf, textSetting, type NumberSettings, type SettingRule } from '../../shared/settings';
import { UUID, UUID_EXAMPLE } from './api';

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

const fields: INodeProperties[] = [
	{
		displayName: 'Call Handler',
		name: 'call_handler',
		type: 'options',
		default: 'laml_webhooks',
		options: CALL_HANDLERS,
		description: "What runs when the number is called; set the matching 'Call …' field too",
	},
	textSetting('Call LaML Application ID', 'call_laml_application_id', "The LaML application that answers calls ('Call Handler': LaML Application)"),
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
	textSetting('Call Relay Application', 'call_relay_application', "The Relay application that answers calls ('Call Handler': Relay Application)"),
	textSetting('Call Relay Context', 'call_relay_context', "The Relay context calls are sent to ('Call Handler': Relay Context)"),
	textSetting('Call Relay Script URL', 'call_relay_script_url', "A URL answering with a SWML script ('Call Handler': Relay Script)", 'e.g. https://example.com/swml'),
	textSetting('Call Relay Topic', 'call_relay_topic', "The Relay topic calls are sent to ('Call Handler': Relay Topic)"),
	textSetting('Call Fallback URL', 'call_fallback_url', "Called when 'Call Request URL' fails ('Call Handler': LaML Webhooks)", 'e.g. https://example.com/fallback'),
	{
		displayName: 'Call Fallback Method',
		name: 'call_fallback_method',
		type: 'options',
		default: 'POST',
		options: HTTP_METHODS,
		description: "HTTP method for 'Call Fallback URL'",
	},
	textSetting('Call Request URL', 'call_request_url', "The webhook called for each incoming call ('Call Handler': LaML Webhooks)", 'e.g. https://example.com/voice'),
	{
		displayName: 'Call Request Method',
		name: 'call_request_method',
		type: 'options',
		default: 'POST',
		options: HTTP_METHODS,
		description: "HTTP method for 'Call Request URL'",
	},
	textSetting('Call SIP Endpoint ID', 'call_sip_endpoint_id', "The ID (a UUID) of the SIP endpoint calls are sent to ('Call Handler': Relay SIP Endpoint)", `e.g. ${UUID_EXAMPLE}`),
	textSetting('Call Status Callback URL', 'call_status_callback_url', "Receives call status changes ('Call Handler': LaML Webhooks)", 'e.g. https://example.com/status'),
	{
		displayName: 'Call Status Callback Method',
		name: 'call_status_callback_method',
		type: 'options',
		default: 'POST',
		options: HTTP_METHODS,
		description: "HTTP method for 'Call Status Callback URL'",
	},
	textSetting('Call Video Room ID', 'call_video_room_id', "The ID (a UUID) of the video room calls join ('Call Handler': Video Room)", `e.g. ${UUID_EXAMPLE}`),
	{
		displayName: 'Message Handler',
		name: 'message_handler',
		type: 'options',
		default: 'laml_webhooks',
		options: MESSAGE_HANDLERS,
		description: "What runs when the number receives a message; set the matching 'Message …' field too",
	},
	textSetting('Message Fallback URL', 'message_fallback_url', "Called when 'Message Request URL' fails ('Message Handler': LaML Webhooks)", 'e.g. https://example.com/fallback'),
	{
		displayName: 'Message Fallback Method',
		name: 'message_fallback_method',
		type: 'options',
		default: 'POST',
		options: HTTP_METHODS,
		description: "HTTP method for 'Message Fallback URL'",
	},
	textSetting('Message LaML Application ID', 'message_laml_application_id', "The LaML application that handles messages ('Message Handler': LaML Application)"),
	textSetting('Message Relay Application', 'message_relay_application', "The Relay application that handles messages ('Message Handler': Relay Application)"),
	textSetting('Message Relay Context', 'message_relay_context', "The Relay context messages are sent to ('Message Handler': Relay Context)"),
	textSetting('Message Relay Topic', 'message_relay_topic', "The Relay topic messages are sent to ('Message Handler': Relay Topic)"),
	textSetting('Message Request URL', 'message_request_url', "The webhook called for each incoming message ('Message Handler': LaML Webhooks)", 'e.g. https://example.com/sms'),
	{
		displayName: 'Message Request Method',
		name: 'message_request_method',
		type: 'options',
		default: 'POST',
		options: HTTP_METHODS,
		description: "HTTP method for 'Message Request URL'",
	},
	textSetting('Name', 'name', 'A name for the number, to tell your numbers apart'),
];

/**
 * An ID SignalWire's spec types as a UUID. The video room's in the update request itself (no
 * null, no empty string: it cannot be cleared); the SIP endpoint's in the number it answers with,
 * so SignalWire cannot take anything else (cleared with an empty string, as text settings are).
 */
function uuidSetting(what: string, clearable: boolean): SettingRule {
	return {
		expected: `The ${what}'s ID, a UUID such as ${UUID_EXAMPLE}.`,
		reason(value) {
			if (value === null) return clearable ? undefined : `SignalWire cannot clear it (it takes only a ${what}'s ID); choose another 'Call Handler' instead`;
			if (typeof value !== 'string') return 'it is not text';
			if (value.trim() === '') return 'it is empty';
			if (UUID.test(value)) return undefined;
			return UUID.test(value.trim()) ? 'it has spaces around it' : 'it is not a UUID';
		},
	};
}

/**
 * Update Fields and Then Configure: the body properties of PUT /phone_numbers/{id}. SignalWire
 * refuses URLs that are not absolute http(s), values outside its enums (notes/providers.md) and
 * video room and SIP endpoint IDs that are not UUIDs (its OpenAPI spec). Its update request has
 * no null: every field is text or a name from a list, so a setting is cleared with an empty
 * string; leaving the field out leaves the setting as it is.
 */
export const settings: NumberSettings = {
	fields,
	clearedAs: '',
	rules: {
		call_handler: oneOf(CALL_HANDLERS.map((handler) => handler.value)),
		call_receive_mode: oneOf(['voice', 'fax']),
		call_relay_script_url: httpUrl,
		call_fallback_url: httpUrl,
		call_fallback_method: httpMethod,
		call_request_url: httpUrl,
		call_request_method: httpMethod,
		call_status_callback_url: httpUrl,
		call_status_callback_method: httpMethod,
		call_sip_endpoint_id: uuidSetting('SIP endpoint', true),
		call_video_room_id: uuidSetting('video room', false),
		message_handler: oneOf(MESSAGE_HANDLERS.map((handler) => handler.value)),
		message_fallback_url: httpUrl,
		message_fallback_method: httpMethod,
		message_request_url: httpUrl,
		message_request_method: httpMethod,
	},
};

/** Get Many → Filters: GET /phone_numbers takes substrings of the name and of the E.164 number. */
export const listFilters: INodeProperties[] = [
	{
		displayName: 'Name Contains',
		name: 'name',
		type: 'string',
		default: '',
		description: 'Numbers whose name contains this text',
		routing: { send: { type: 'query', property: 'filter_name', value: SEND_UNLESS_EMPTY } },
	},
	{
		displayName: 'Number Contains',
		name: 'number',
		type: 'string',
		default: '',
		placeholder: 'e.g. +1415',
		description: 'Numbers whose E.164 form contains this text, e.g. +1415 or 555',
		routing: { send: { type: 'query', property: 'filter_number', value: '={{ String($value).trim() || undefined }}' } },
	},
];
