import type { INodeProperties } from 'n8n-workflow';
import { providerRoutes } from '../providers';
import { UPDATE_FIELDS } from '../shared/routes';

const show = { operation: ['update'] };

/** A text setting sent as `property` in the body. */
function text(displayName: string, property: string, description: string, placeholder?: string): INodeProperties {
	return {
		displayName,
		name: property,
		type: 'string',
		default: '',
		description,
		...(placeholder ? { placeholder } : {}),
		routing: { send: { type: 'body', property } },
	};
}

/** A choice sent as `property` in the body. */
function choice(displayName: string, property: string, values: Array<[string, string]>, description: string): INodeProperties {
	return {
		displayName,
		name: property,
		type: 'options',
		default: values[0][1],
		options: values.map(([name, value]) => ({ name, value })),
		description,
		routing: { send: { type: 'body', property } },
	};
}

const HTTP_METHODS: Array<[string, string]> = [
	['POST', 'POST'],
	['GET', 'GET'],
];

/** SignalWire's call handlers that an update accepts, and its message handlers (seed enums). */
const CALL_HANDLERS: Array<[string, string]> = [
	['LaML Webhooks', 'laml_webhooks'],
	['LaML Application', 'laml_application'],
	['Relay Application', 'relay_application'],
	['Relay Connector', 'relay_connector'],
	['Relay Context', 'relay_context'],
	['Relay Script (SWML URL)', 'relay_script'],
	['Relay SIP Endpoint', 'relay_sip_endpoint'],
	['Relay Topic', 'relay_topic'],
	['Relay Verto Endpoint', 'relay_verto_endpoint'],
	['Dialogflow', 'dialogflow'],
	['Video Room', 'video_room'],
];
const MESSAGE_HANDLERS: Array<[string, string]> = [
	['LaML Webhooks', 'laml_webhooks'],
	['LaML Application', 'laml_application'],
	['Relay Application', 'relay_application'],
	['Relay Context', 'relay_context'],
	['Relay Topic', 'relay_topic'],
];

const signalWireSettings: INodeProperties[] = [
	choice('Call Handler', 'call_handler', CALL_HANDLERS, 'What runs when the number is called; set the matching Call … field too'),
	text('Call LaML Application ID', 'call_laml_application_id', 'The LaML application that answers calls (Call Handler: LaML Application)'),
	choice('Call Receive Mode', 'call_receive_mode', [['Voice', 'voice'], ['Fax', 'fax']], 'Whether calls are received as voice or fax'),
	text('Call Relay Application', 'call_relay_application', 'The Relay application that answers calls (Call Handler: Relay Application)'),
	text('Call Relay Context', 'call_relay_context', 'The Relay context calls are sent to (Call Handler: Relay Context)'),
	text('Call Relay Script URL', 'call_relay_script_url', 'A URL answering with a SWML script (Call Handler: Relay Script)', 'https://example.com/swml'),
	text('Call Relay Topic', 'call_relay_topic', 'The Relay topic calls are sent to (Call Handler: Relay Topic)'),
	text('Call Fallback URL', 'call_fallback_url', 'Called when the Call Request URL fails (Call Handler: LaML Webhooks)', 'https://example.com/fallback'),
	choice('Call Fallback Method', 'call_fallback_method', HTTP_METHODS, 'HTTP method for the Call Fallback URL'),
	text('Call Request URL', 'call_request_url', 'The webhook called for each incoming call (Call Handler: LaML Webhooks)', 'https://example.com/voice'),
	choice('Call Request Method', 'call_request_method', HTTP_METHODS, 'HTTP method for the Call Request URL'),
	text('Call SIP Endpoint ID', 'call_sip_endpoint_id', 'The SIP endpoint calls are sent to (Call Handler: Relay SIP Endpoint)'),
	text('Call Status Callback URL', 'call_status_callback_url', 'Receives call status changes (Call Handler: LaML Webhooks)', 'https://example.com/status'),
	choice('Call Status Callback Method', 'call_status_callback_method', HTTP_METHODS, 'HTTP method for the Call Status Callback URL'),
	text('Call Video Room ID', 'call_video_room_id', 'The video room calls join (Call Handler: Video Room)'),
	choice('Message Handler', 'message_handler', MESSAGE_HANDLERS, 'What runs when the number receives a message; set the matching Message … field too'),
	text('Message Fallback URL', 'message_fallback_url', 'Called when the Message Request URL fails (Message Handler: LaML Webhooks)', 'https://example.com/fallback'),
	choice('Message Fallback Method', 'message_fallback_method', HTTP_METHODS, 'HTTP method for the Message Fallback URL'),
	text('Message LaML Application ID', 'message_laml_application_id', 'The LaML application that handles messages (Message Handler: LaML Application)'),
	text('Message Relay Application', 'message_relay_application', 'The Relay application that handles messages (Message Handler: Relay Application)'),
	text('Message Relay Context', 'message_relay_context', 'The Relay context messages are sent to (Message Handler: Relay Context)'),
	text('Message Relay Topic', 'message_relay_topic', 'The Relay topic messages are sent to (Message Handler: Relay Topic)'),
	text('Message Request URL', 'message_request_url', 'The webhook called for each incoming message (Message Handler: LaML Webhooks)', 'https://example.com/sms'),
	choice('Message Request Method', 'message_request_method', HTTP_METHODS, 'HTTP method for the Message Request URL'),
	text('Name', 'name', 'A name for the number, to tell your numbers apart'),
];

const plivoSettings: INodeProperties[] = [
	text('Alias', 'alias', 'A name for the number, to tell your numbers apart'),
	text('Application ID', 'app_id', 'The Plivo application that answers calls and messages to the number'),
	choice('CNAM Lookup', 'cnam_lookup', [['Enabled', 'enabled'], ['Disabled', 'disabled']], 'Whether caller names are looked up for incoming calls'),
	text('Subaccount', 'subaccount', 'The Auth ID of the subaccount the number moves to'),
];

/** Update: a number's name and what it does when called or messaged (the number: operations/ownedNumber.ts). */
export const updateFields: INodeProperties[] = [
	...[
		{ provider: 'signalWireApi', options: signalWireSettings },
		{ provider: 'plivoNumbersApi', options: plivoSettings },
	].map(
		({ provider, options }): INodeProperties => ({
			...UPDATE_FIELDS,
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions: { show: { ...show, authentication: [provider] } },
			options,
		}),
	),
	...providerRoutes('update'),
];
