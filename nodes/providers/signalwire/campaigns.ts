import type { IDataObject } from 'n8n-workflow';
import type { Assignment, CampaignApi, CampaignEntry, CampaignNumber, CampaignSend } from '../../shared/campaign';
import { e164From, textOrNull } from '../../shared/simplify';

/**
 * SignalWire's Campaign Registry (Relay REST, /api/relay/rest/registry/beta; signalwire/docs
 * specs/signalwire-rest/relay-rest/campaign-registry): campaigns belong to brands; numbers go into
 * a campaign through an assignment order (POST …/campaigns/{id}/orders), which SignalWire carries
 * out later (GET …/orders/{id}: pending, processing, processed or failed); each number then has an
 * assignment in the campaign (GET …/campaigns/{id}/numbers: pending, completed or failed), which
 * DELETE …/numbers/{assignment id} removes. Every ID is a UUID.
 */

const REGISTRY = '/api/relay/rest/registry/beta';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EXAMPLE_ID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';
/** More pages than any campaign or account has: a link that never ends stops here. */
const MAX_PAGES = 200;

const list = (body: IDataObject | undefined): IDataObject[] => (Array.isArray(body?.data) ? (body.data as IDataObject[]) : []);

/** The query of a page's links.next (SignalWire gives full URLs; only the query is sent on, to the configured address). */
function nextQuery(body: IDataObject | undefined): string | undefined {
	const next = (body?.links as IDataObject | undefined)?.next;
	return typeof next === 'string' && next !== '' ? new URL(next, 'http://link').search.slice(1) : undefined;
}

/** Every page of a list, following links.next. */
async function* pages(send: CampaignSend, url: string, qs: IDataObject = {}): AsyncGenerator<IDataObject[]> {
	let query: IDataObject = qs;
	for (let page = 0; page < MAX_PAGES; page++) {
		const body = await send({ method: 'GET', url, qs: query });
		yield list(body);
		const next = nextQuery(body);
		if (next === undefined) return;
		query = Object.fromEntries(new URLSearchParams(next));
	}
}

/** An assignment's state (AssignmentState: pending, completed, failed). */
function fromAssignment(record: IDataObject): Assignment {
	const state = textOrNull(record.state);
	const word = (state ?? '').toLowerCase();
	const status = ['completed', 'complete', 'active'].includes(word) ? 'assigned' : word === 'failed' ? 'failed' : 'pending';
	return { status, state, assignmentId: String(record.id) };
}

/** An order's answer (OrderState: pending, processing, processed, failed); processed: the assignment decides. */
async function fromOrder(send: CampaignSend, campaignId: string, number: CampaignNumber, order: IDataObject): Promise<Assignment> {
	const orderId = textOrNull(order.id);
	const state = textOrNull(order.state);
	const word = (state ?? '').toLowerCase();
	if (word === 'failed') {
		return {
			status: 'failed',
			state,
			orderId,
			message: `SignalWire did not carry out assignment order ${orderId} (state: ${state})`,
		};
	}
	if (word !== 'processed') return { status: 'pending', state, orderId };
	const assignment = await signalWireCampaigns.find(send, campaignId, number);
	if (!assignment) {
		return {
			status: 'failed',
			state,
			orderId,
			message: `SignalWire processed assignment order ${orderId}, but does not list +${number.digits} in campaign ${campaignId}`,
		};
	}
	return { ...assignment, orderId };
}

export const signalWireCampaigns: CampaignApi = {
	console: 'your SignalWire space (Messaging → Campaign Registry)',
	idPattern: UUID,
	idExample: EXAMPLE_ID,
	canonicalId: (text) => text.toLowerCase(),
	orders: { idPattern: UUID, idExample: EXAMPLE_ID },

	/**
	 * Campaigns belong to brands: GET /brands (every page), then one brand's campaigns per page
	 * (GET /brands/{id}/campaigns, filter_name = what was typed). The token is "brand index|next query".
	 */
	async list(send, typed, token) {
		const brands: IDataObject[] = [];
		for await (const page of pages(send, `${REGISTRY}/brands`)) brands.push(...page);
		const [brand, query] = token?.includes('|') ? token.split('|', 2) : ['0', ''];
		let at: { index: number; query: string } | undefined = { index: Number(brand), query };
		for (let page = 0; at && Number.isInteger(at.index) && at.index < brands.length && page < MAX_PAGES; page++) {
			const qs: IDataObject = at.query ? Object.fromEntries(new URLSearchParams(at.query)) : typed ? { filter_name: typed } : {};
			const body = await send({ method: 'GET', url: `${REGISTRY}/brands/${encodeURIComponent(String(brands[at.index].id))}/campaigns`, qs });
			const campaigns: CampaignEntry[] = list(body).map((campaign) => ({
				id: String(campaign.id),
				name: textOrNull(campaign.name),
				useCase: textOrNull(campaign.sms_use_case),
				state: textOrNull(campaign.state),
			}));
			const next = nextQuery(body);
			at = next !== undefined ? { index: at.index, query: next } : at.index + 1 < brands.length ? { index: at.index + 1, query: '' } : undefined;
			// A brand without (matching) campaigns is passed over, so a page is empty only at the end.
			if (campaigns.length > 0 || !at) return { campaigns, ...(at ? { next: `${at.index}|${at.query}` } : {}) };
		}
		return { campaigns: [] };
	},

	/** The bought number's record says where it is and what it can do. */
	ineligible(record) {
		const number = e164From(record.number) ?? 'The number';
		const country = textOrNull(record.country_code);
		if (country && country.toUpperCase() !== 'US') return `${number} is a ${country} number: 10DLC messaging campaigns take US local numbers only`;
		if (record.number_type === 'toll-free') return `${number} is a toll-free number: toll-free numbers are verified for texting on their own, not put in a 10DLC messaging campaign`;
		const capabilities = Array.isArray(record.capabilities) ? (record.capabilities as unknown[]) : undefined;
		if (capabilities && !capabilities.includes('sms')) return `${number} cannot send text messages (its capabilities: ${capabilities.join(', ') || 'none'})`;
		return undefined;
	},

	/** GET /campaigns/{id}/numbers, every page, until the number (by its E.164, or by its ID when known). */
	async find(send, campaignId, number) {
		const e164 = `+${number.digits}`;
		for await (const page of pages(send, `${REGISTRY}/campaigns/${campaignId}/numbers`)) {
			const match = page.find((entry) => {
				const phone = (entry.phone_number ?? {}) as IDataObject;
				return e164From(phone.number) === e164 || (number.id !== undefined && phone.id === number.id);
			});
			if (match) return fromAssignment(match);
		}
		return undefined;
	},

	/** POST /campaigns/{id}/orders with the number in E.164. */
	async assign(send, campaignId, number) {
		const order = await send({ method: 'POST', url: `${REGISTRY}/campaigns/${campaignId}/orders`, body: { phone_numbers: [`+${number.digits}`] } });
		return await fromOrder(send, campaignId, number, order ?? {});
	},

	/** GET /orders/{id}; without an order, the number's assignment. */
	async check(send, campaignId, number, pending) {
		if (!pending.orderId) return (await signalWireCampaigns.find(send, campaignId, number)) ?? pending;
		const order = await send({ method: 'GET', url: `${REGISTRY}/orders/${pending.orderId}` });
		return await fromOrder(send, campaignId, number, { id: pending.orderId, ...order });
	},

	/** DELETE /numbers/{assignment id}. */
	async remove(send, _campaignId, _number, assignment) {
		await send({ method: 'DELETE', url: `${REGISTRY}/numbers/${assignment.assignmentId}` });
	},
};
