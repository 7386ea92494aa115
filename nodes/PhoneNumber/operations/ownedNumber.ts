import type { INodeProperties } from 'n8n-workflow';
import { OWNED_FIELD } from '../shared/owned';
import type { OperationId } from '../providers/types';

/**
 * The fields that name one number in your account (Get, Update, Release). Plivo addresses numbers
 * by the number itself; SignalWire by its own ID, or by the number, which the node looks up. The
 * Phone Number field itself is shared by all operations (operations/fields.ts).
 */
export function ownedNumberFields(operation: OperationId, text: { hint?: string }): INodeProperties[] {
	return [
		{
			...OWNED_FIELD.identifyBy,
			type: 'options',
			default: 'number',
			displayOptions: { show: { operation: [operation], authentication: ['signalWireApi'] } },
			options: [
				{ name: 'Phone Number', value: 'number', description: 'The number itself, e.g. +14155550100' },
				{ name: 'ID', value: 'id', description: "SignalWire's ID of the number, e.g. from Get Many" },
			],
			description: 'How to name the number',
			...(text.hint ? { hint: text.hint } : {}),
		},
		{
			...OWNED_FIELD.id,
			type: 'string',
			default: '',
			required: true,
			placeholder: '4c3f1e2a-7a52-4b5b-9a3e-2f1d0c9b8a71',
			displayOptions: { show: { operation: [operation], authentication: ['signalWireApi'], [OWNED_FIELD.identifyBy.name]: ['id'] } },
			description: `SignalWire's ID of the number (the "id" of Get Many or Purchase)`,
		},
	];
}
