import type { INodeProperties } from 'n8n-workflow';
import { OWNED_FIELD, OWNED_MODE, OWNED_OPERATIONS } from '../../shared/owned';

/**
 * The Phone Number locator of Get, Update and Release: picked from a list of the account's
 * numbers by default, or typed. One entry for all three operations and both providers, because
 * n8n's declarative engine resolves every entry's value on every item, shown or not: a second
 * entry would evaluate the user's expression twice more per item (measured). shared/owned.ts
 * reads the value.
 */
export const ownedNumberLocator: INodeProperties = {
	...OWNED_FIELD,
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	displayOptions: { show: { operation: [...OWNED_OPERATIONS] } },
	modes: [
		{
			displayName: 'From List',
			name: OWNED_MODE.list,
			type: 'list',
			typeOptions: { searchListMethod: 'searchOwnedNumbers', searchable: true },
		},
		{
			displayName: 'By Number',
			name: OWNED_MODE.number,
			type: 'string',
			placeholder: 'e.g. +14155550100',
			hint: "At SignalWire, Update and Release first look the number up to find its ID: one extra request. From List and By ID don't need it.",
		},
		{
			displayName: 'By ID',
			name: OWNED_MODE.id,
			type: 'string',
			placeholder: 'e.g. 4c3f1e2a-7a52-4b5b-9a3e-2f1d0c9b8a71',
			hint: "The 'id' of Get Many or Purchase. SignalWire: the number's ID; Plivo: the number's digits, country code first.",
		},
	],
	description: 'The number in your account. Typed numbers may be in any common format: +1 (415) 555-0100, 14155550100 or +14155550100.',
};
