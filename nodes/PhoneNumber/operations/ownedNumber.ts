import type { INodeProperties } from 'n8n-workflow';
import { providers } from '../../providers';
import { OWNED_FIELD, OWNED_MODE, OWNED_OPERATIONS } from '../../shared/owned';
import { orList } from '../../shared/text';

/** Providers that address numbers by an ID of their own: Update and Release by number look it up first. */
const byId = providers.filter((provider) => provider.owned.lookup);

const byNumberHint = byId.length
	? `At ${orList(byId.map((provider) => provider.name))}, Update and Release first look the number up to find its ID: one extra request. From List and By ID don't need it.`
	: undefined;

/**
 * The Phone Number locator of Get, Update and Release: picked from a list of the account's
 * numbers by default, or typed. One entry for all three operations and every provider, because
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
			...(byNumberHint ? { hint: byNumberHint } : {}),
		},
		{
			displayName: 'By ID',
			name: OWNED_MODE.id,
			type: 'string',
			placeholder: `e.g. ${byId[0]?.owned.lookup?.idExample ?? '14155550100'}`,
			hint: `The 'id' of Get Many or Purchase. ${providers.map((provider) => `${provider.name}: ${provider.owned.idMeaning}`).join('; ')}.`,
		},
	],
	description: 'The number in your account. Typed numbers may be in any common format: +1 (415) 555-0100, 14155550100 or +14155550100.',
};
