import type { INodeProperties } from 'n8n-workflow';

/** Names of fields that provider modules read directly (in preSend hooks). */
export const phoneNumberField = { name: 'phoneNumber', displayName: 'Phone Number' } as const;

/**
 * The one Phone Number field of Purchase, Get, Update and Release. It is a single property on
 * purpose: n8n's declarative engine resolves every property entry's value twice per item, so
 * one entry per operation would evaluate the user's expression eight times instead of twice.
 */
export const phoneNumberProperty: INodeProperties = {
	...phoneNumberField,
	type: 'string',
	default: '',
	required: true,
	placeholder: '+14155550100',
	displayOptions: {
		show: { operation: ['purchase', 'get', 'update', 'release'] },
		hide: { numberToBuy: ['firstMatch'], identifyBy: ['id'] },
	},
	description:
		'The number, with its country code. Any common format works: +1 (415) 555-0100, 14155550100 or +14155550100.',
};
