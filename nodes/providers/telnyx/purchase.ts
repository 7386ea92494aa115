import type { IDataObject } from 'n8n-workflow';
import type { OrderState, PurchaseApi } from '../../shared/purchase';
import { e164From, textOrNull } from '../../shared/simplify';
import { dataOf, listOf, owned } from './api';
import { search } from './search';
import { settings } from './settings';

const lookup = owned.lookup!;
const NUMBER_ORDERS = '/number_orders';
/** The Additional Fields that belong to the number inside the order, not to the order. */
const PER_NUMBER = ['requirement_group_id', 'bundle_id'];

const numbersOf = (order: IDataObject): IDataObject[] => (Array.isArray(order.phone_numbers) ? (order.phone_numbers as IDataObject[]) : []);

/** "+14155550100: failure (requirements: requirement-info-exception)" for each number of an order. */
function numberStates(order: IDataObject): string {
	return numbersOf(order)
		.map((entry) => {
			const requirements = textOrNull(entry.requirements_status);
			return `${e164From(entry.phone_number)}: ${textOrNull(entry.status) ?? 'no status'}${requirements ? ` (requirements: ${requirements})` : ''}`;
		})
		.join('; ');
}

/**
 * A number order (`{data: {id, status: pending | success | failure, phone_numbers: [...],
 * requirements_met, …}}`): done on success, failed on failure (or cancelled), otherwise open.
 * An open order that waits for the customer's documents does not finish by waiting: it is
 * reported pending at once, with what Telnyx says it needs.
 */
export function readOrder(answer: IDataObject): OrderState | undefined {
	const order = answer.data && typeof answer.data === 'object' && !Array.isArray(answer.data) ? dataOf(answer) : answer;
	const id = textOrNull(order.id);
	if (!id) return undefined;
	const status = textOrNull(order.status);
	if (status === 'success') return { id, state: 'done', record: order };
	if (status === 'failure' || status === 'cancelled') {
		const states = numberStates(order);
		return { id, state: 'failed', record: order, reason: `order ${id} has status "${status}"${states ? ` (${states})` : ''}` };
	}
	const waiting = numbersOf(order).some((entry) => entry.requirements_status === 'requirement-info-pending');
	return {
		id,
		state: 'open',
		record: order,
		...(order.requirements_met === false && waiting
			? {
					stuck: `Telnyx needs regulatory information for this number before it completes order ${id} (${numberStates(order)}). Give it in the Mission Control Portal (Numbers → Number Orders), or buy again with a Requirement Group ID in Additional Fields.`,
				}
			: {}),
	};
}

/**
 * Buying is an order: POST /number_orders with `{phone_numbers: [{phone_number, requirement_group_id?,
 * bundle_id?}], connection_id?, messaging_profile_id?, billing_group_id?, customer_reference?}`;
 * the order is read again (GET /number_orders/{id}) until it succeeds or fails. An order whose
 * answer was lost is found among the orders created since just before it (filtered by its
 * customer reference, when it has one) by its number. An owned number is found the way Get finds it.
 */
export const purchase: PurchaseApi = {
	buy(request, digits) {
		request.method = 'POST';
		request.url = NUMBER_ORDERS;
		const body = { ...((request.body as IDataObject | undefined) ?? {}) };
		const entry: IDataObject = { phone_number: `+${digits}` };
		for (const field of PER_NUMBER) {
			const value = body[field];
			delete body[field];
			if (typeof value === 'string' && value.trim() !== '') entry[field] = value.trim();
		}
		request.body = { ...body, phone_numbers: [entry] };
	},
	lookup: (digits) => lookup.request(digits),
	owned: (body, digits) => lookup.match(body, digits),
	/** An owned number still being delivered or waiting for documents. */
	pending: (record) => typeof record.status === 'string' && ['purchase-pending', 'requirement-info-pending', 'requirement-info-under-review'].includes(record.status),
	order: {
		read: readOrder,
		poll: (id) => ({ method: 'GET', url: `${NUMBER_ORDERS}/${encodeURIComponent(id)}` }),
		find(request, _digits, since) {
			const reference = textOrNull((request.body as IDataObject | undefined)?.customer_reference);
			return { method: 'GET', url: NUMBER_ORDERS, qs: { 'filter[created_at][gt]': since, ...(reference ? { 'filter[customer_reference]': reference } : {}) } };
		},
		found(body, _request, digits) {
			const orders = listOf(body).filter((order) => numbersOf(order).some((entry) => e164From(entry.phone_number) === `+${digits}`));
			// The newest one: an older order of the same number would be from before this purchase.
			return orders.sort((a, b) => String(b.created_at ?? '').localeCompare(String(a.created_at ?? '')))[0];
		},
	},
	firstMatch: {
		search,
		request: (qs) => ({ method: 'GET', url: '/available_phone_numbers', qs: { ...qs, 'filter[limit]': 1 } }),
		pick: (body) => listOf(body)[0]?.phone_number,
	},
	/** The item is the order (or, found in the account, the number): the number's ID only in the latter. */
	brief: (record, digits) => ({
		provider: 'telnyx',
		id: record.record_type === 'phone_number' ? textOrNull(record.id) : null,
		number: `+${digits}`,
		name: textOrNull(record.customer_reference),
	}),
	/**
	 * The order takes the connection, messaging profile, billing group and customer reference; the
	 * tags are one PATCH /phone_numbers/{id}, whose ID is looked up first (an order does not name it).
	 */
	configure: {
		settings,
		inPurchase: ['billing_group_id', 'connection_id', 'customer_reference', 'messaging_profile_id'],
		update: (record) => (record.record_type === 'phone_number' && typeof record.id === 'string' && record.id ? { method: 'PATCH', url: owned.path(record.id) } : 'lookup'),
		// The item stays the order: its ID and status are what the purchase reports.
		updated: (record) => record,
	},
};
