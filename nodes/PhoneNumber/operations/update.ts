import type { INodeProperties } from 'n8n-workflow';
import { providerRoutes } from '../providers';
import { UPDATE_FIELDS } from '../shared/routes';
import { ownedNumberFields } from './ownedNumber';

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

/** A choice sent as its own name in the body. Each call site writes its default as a literal. */
function choice(param: INodeProperties): INodeProperties {
	return { ...param, routing: { send: { type: 'body', property: param.name } } };
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

const signalWireSettings: INodeProperties[] = [
	choice({
		displayName: 'Call Handler',
		name: 'call_handler',
		type: 'options',
		default: 'laml_webhooks',
		options: CALL_HANDLERS,
		description: 'What runs when the number is called; set the matching Call … field too',
	}),
	text('Call LaML Application ID', 'call_laml_application_id', 'The LaML application that answers calls (Call Handler: LaML Application)'),
	choice({
		displayName: 'Call Receive Mode',
		name: 'call_receive_mode',
		type: 'options',
		default: 'voice',
		options: [{ name: 'Voice', value: 'voice' }, { name: 'Fax', value: 'fax' }],
		description: 'Whether calls are received as voice or fax',
	}),
	text('Call Relay Application', 'call_relay_application', 'The Relay application that answers calls (Call Handler: Relay Application)'),
	text('Call Relay Context', 'call_relay_context', 'The Relay context calls are sent to (Call Handler: Relay Context)'),
	text('Call Relay Script URL', 'call_relay_script_url', 'A URL answering with a SWML script (Call Handler: Relay Script)', 'https://example.com/swml'),
	text('Call Relay Topic', 'call_relay_topic', 'The Relay topic calls are sent to (Call Handler: Relay Topic)'),
	text('Call Fallback URL', 'call_fallback_url', 'Called when the Call Request URL fails (Call Handler: LaML Webhooks)', 'https://example.com/fallback'),
	choice({
		displayName: 'Call Fallback Method',
		name: 'call_fallback_method',
		type: 'options',
		default: 'POST',
		options: HTTP_METHODS,
		description: 'HTTP method for the Call Fallback URL',
	}),
	text('Call Request URL', 'call_request_url', 'The webhook called for each incoming call (Call Handler: LaML Webhooks)', 'https://example.com/voice'),
	choice({
		displayName: 'Call Request Method',
		name: 'call_request_method',
		type: 'options',
		default: 'POST',
		options: HTTP_METHODS,
		description: 'HTTP method for the Call Request URL',
	}),
	text('Call SIP Endpoint ID', 'call_sip_endpoint_id', 'The SIP endpoint calls are sent to (Call Handler: Relay SIP Endpoint)'),
	text('Call Status Callback URL', 'call_status_callback_url', 'Receives call status changes (Call Handler: LaML Webhooks)', 'https://example.com/status'),
	choice({
		displayName: 'Call Status Callback Method',
		name: 'call_status_callback_method',
		type: 'options',
		default: 'POST',
		options: HTTP_METHODS,
		description: 'HTTP method for the Call Status Callback URL',
	}),
	text('Call Video Room ID', 'call_video_room_id', 'The video room calls join (Call Handler: Video Room)'),
	choice({
		displayName: 'Message Handler',
		name: 'message_handler',
		type: 'options',
		default: 'laml_webhooks',
		options: MESSAGE_HANDLERS,
		description: 'What runs when the number receives a message; set the matching Message … field too',
	}),
	text('Message Fallback URL', 'message_fallback_url', 'Called when the Message Request URL fails (Message Handler: LaML Webhooks)', 'https://example.com/fallback'),
	choice({
		displayName: 'Message Fallback Method',
		name: 'message_fallback_method',
		type: 'options',
		default: 'POST',
		options: HTTP_METHODS,
		description: 'HTTP method for the Message Fallback URL',
	}),
	text('Message LaML Application ID', 'message_laml_application_id', 'The LaML application that handles messages (Message Handler: LaML Application)'),
	text('Message Relay Application', 'message_relay_application', 'The Relay application that handles messages (Message Handler: Relay Application)'),
	text('Message Relay Context', 'message_relay_context', 'The Relay context messages are sent to (Message Handler: Relay Context)'),
	text('Message Relay Topic', 'message_relay_topic', 'The Relay topic messages are sent to (Message Handler: Relay Topic)'),
	text('Message Request URL', 'message_request_url', 'The webhook called for each incoming message (Message Handler: LaML Webhooks)', 'https://example.com/sms'),
	choice({
		displayName: 'Message Request Method',
		name: 'message_request_method',
		type: 'options',
		default: 'POST',
		options: HTTP_METHODS,
		description: 'HTTP method for the Message Request URL',
	}),
	text('Name', 'name', 'A name for the number, to tell your numbers apart'),
];

const plivoSettings: INodeProperties[] = [
	text('Alias', 'alias', 'A name for the number, to tell your numbers apart'),
	text('Application ID', 'app_id', 'The Plivo application that answers calls and messages to the number'),
	choice({
		displayName: 'CNAM Lookup',
		name: 'cnam_lookup',
		type: 'options',
		default: 'enabled',
		options: [{ name: 'Enabled', value: 'enabled' }, { name: 'Disabled', value: 'disabled' }],
		description: 'Whether caller names are looked up for incoming calls',
	}),
	text('Subaccount', 'subaccount', 'The Auth ID of the subaccount the number moves to'),
];

/** Update: a number's name and what it does when called or messaged. */
export const updateFields: INodeProperties[] = [
	...ownedNumberFields('update', {
		hint: 'With a phone number, the node first looks up its SignalWire ID: one extra request. Use ID to send only the update.',
	}),
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
