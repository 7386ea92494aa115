import type { INodeProperties } from 'n8n-workflow';
import { pairWithInput } from '../shared/routing';
import { purchaseFields } from './purchase';

/** The operation selector and, below it, each operation's own fields. */
export const operationSelector: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['phoneNumber'] } },
	options: [
		{
			name: 'Purchase',
			value: 'purchase',
			action: 'Purchase a phone number',
			description: 'Buy a phone number and add it to your account',
			routing: { output: { postReceive: [pairWithInput] } },
		},
	],
	default: 'purchase',
};

export const operationFields: INodeProperties[] = [...purchaseFields];
