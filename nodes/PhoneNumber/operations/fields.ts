import type { INodeProperties } from 'n8n-workflow';
import { PURCHASE_FIELD } from '../../shared/purchase';

/** Names of fields that provider modules read directly (in preSend hooks). */
export const phoneNumberField = { name: 'phoneNumber', displayName: 'Phone Number' } as const;

/**
 * Purchase's Phone Number field: the number to buy (Get, Update and Release pick an owned number
 * with the locator in ownedNumber.ts instead). One property entry: n8n's declarative engine
 * resolves every entry's value twice per item, shown or not.
 */
export const phoneNumberProperty: INodeProperties = {
	...phoneNumberField,
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. +14155550100',
	displayOptions: { show: { operation: ['purchase'], [PURCHASE_FIELD.numberToBuy.name]: ['specific'] } },
	description:
		'The number to buy, with its country code. Any common format works: +1 (415) 555-0100, 14155550100 or +14155550100.',
};
