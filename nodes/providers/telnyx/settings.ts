import type { INodeProperties } from 'n8n-workflow';
import { SEND_UNLESS_EMPTY } from '../../shared/routing';
import { requiredText, textSetting, type NumberSettings, type SettingRule } from '../../shared/settings';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const fields: INodeProperties[] = [
	textSetting('Billing Group ID', 'billing_group_id', 'The billing group the number is billed to (a UUID)', 'e.g. f5586561-8ff0-4291-a0ac-84fe544797bd'),
	textSetting(
		'Connection ID',
		'connection_id',
		'The connection or TeXML application that handles calls to the number (Mission Control Portal → Voice)',
		'e.g. 1293384261075731499',
	),
	textSetting('Customer Reference', 'customer_reference', 'Your own reference for the number, to find it again (Get Many → Filters)', 'e.g. customer-42'),
	textSetting(
		'Messaging Profile ID',
		'messaging_profile_id',
		'The messaging profile that handles messages to and from the number (a UUID; Mission Control Portal → Messaging)',
		'e.g. 4001767e-ce0f-4cae-9d5f-0d5e636e7809',
	),
	{
		displayName: 'Tags',
		name: 'tags',
		type: 'string',
		typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Tag' },
		default: [],
		description: 'Tags of the number, to group and filter your numbers. They replace the tags it has.',
	},
];

const id = (example: string) =>
	requiredText(undefined, `The ID as Telnyx shows it, e.g. ${example}, without spaces.`, { pattern: /^\S+$/, otherwise: 'it contains spaces' });

/** A list of tags, each a text that is not empty. */
const tags: SettingRule = {
	expected: 'One or more tags, each a text, e.g. support.',
	reason(value) {
		if (!Array.isArray(value)) return 'it is not a list of tags';
		if (value.length === 0) return 'it is empty';
		const bad = value.find((tag) => typeof tag !== 'string' || tag.trim() === '');
		return bad === undefined ? undefined : 'one of the tags is empty';
	},
};

/**
 * Update Fields and Then Configure: PATCH /phone_numbers/{id} takes billing_group_id,
 * connection_id, customer_reference and tags; the messaging profile goes to
 * PATCH /phone_numbers/{id}/messaging (api.ts, `elsewhere`). A number order takes all but tags.
 */
export const settings: NumberSettings = {
	fields,
	rules: {
		billing_group_id: requiredText(undefined, 'The billing group\'s ID, a UUID such as f5586561-8ff0-4291-a0ac-84fe544797bd.', { pattern: UUID, otherwise: 'it is not a UUID' }),
		connection_id: id('1293384261075731499'),
		messaging_profile_id: requiredText(undefined, 'The messaging profile\'s ID, a UUID such as 4001767e-ce0f-4cae-9d5f-0d5e636e7809.', { pattern: UUID, otherwise: 'it is not a UUID' }),
		tags,
	},
};

/**
 * Purchase → Additional Fields: what a number order takes for the number itself when the country
 * regulates numbers. Sent inside the order's phone_numbers entry (purchase.ts moves them there).
 */
export const purchaseFields: INodeProperties[] = [
	{
		displayName: 'Bundle ID',
		name: 'bundleId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 7c8e3d5a-…',
		description: 'The regulatory bundle to associate the number with (Telnyx numbers in regulated countries)',
		routing: { send: { type: 'body', property: 'bundle_id', value: SEND_UNLESS_EMPTY } },
	},
	{
		displayName: 'Requirement Group ID',
		name: 'requirementGroupId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 2d5e-…',
		description:
			'Your requirement group that satisfies the number\'s regulatory requirements (Mission Control Portal → Numbers → Requirement Groups). Without it, an order for a regulated number waits for documents.',
		routing: { send: { type: 'body', property: 'requirement_group_id', value: SEND_UNLESS_EMPTY } },
	},
];

/** Get Many → Filters: the filter[...] query parameters of GET /phone_numbers. */
export const listFilters: INodeProperties[] = [
	{
		displayName: 'Connection ID',
		name: 'connectionId',
		type: 'string',
		default: '',
		description: 'Numbers of this connection or TeXML application',
		routing: { send: { type: 'query', property: 'filter[connection_id]', value: SEND_UNLESS_EMPTY } },
	},
	{
		displayName: 'Customer Reference',
		name: 'customerReference',
		type: 'string',
		default: '',
		description: 'Numbers with this customer reference',
		routing: { send: { type: 'query', property: 'filter[customer_reference]', value: SEND_UNLESS_EMPTY } },
	},
	{
		displayName: 'Number Contains',
		name: 'phoneNumber',
		type: 'string',
		default: '',
		placeholder: 'e.g. 1415',
		description: 'Numbers containing these digits (at least 3)',
		routing: { send: { type: 'query', property: 'filter[phone_number]', value: '={{ String($value).trim() === "" ? undefined : String($value).replace(/[^0-9]/g, "") }}' } },
	},
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		default: 'active',
		options: [
			{ name: 'Active', value: 'active' },
			{ name: 'Purchase Failed', value: 'purchase-failed' },
			{ name: 'Purchase Pending', value: 'purchase-pending' },
			{ name: 'Port Pending', value: 'port-pending' },
		],
		description: 'Numbers in this state',
		routing: { send: { type: 'query', property: 'filter[status]' } },
	},
	{
		displayName: 'Tag',
		name: 'tag',
		type: 'string',
		default: '',
		description: 'Numbers with this tag',
		routing: { send: { type: 'query', property: 'filter[tag]', value: SEND_UNLESS_EMPTY } },
	},
];
