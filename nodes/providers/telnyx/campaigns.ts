import type { IDataObject } from 'n8n-workflow';
import type { Assignment, CampaignApi, CampaignEntry, CampaignNumber } from '../../shared/campaign';
import { textOrNull } from '../../shared/simplify';

/**
 * Telnyx's 10DLC API (v2; the official SDK's messaging10dlc.brand.list, campaign.list and
 * phoneNumberCampaigns.create / retrieve / delete): campaigns belong to brands
 * (GET /10dlc/campaign?brandId=…); a number has at most one campaign, and its assignment is
 * addressed by the number itself in E.164 (/10dlc/phone_number_campaigns/{phoneNumber}).
 * POST /10dlc/phone_number_campaigns {phoneNumber, campaignId} asks for it; Telnyx carries it out
 * later (assignmentStatus PENDING_ASSIGNMENT, then ASSIGNED or FAILED_ASSIGNMENT with
 * failureReasons). There is no order ID: the number itself is what to look at again. Unlike the
 * rest of Telnyx's API, these answers have no `{data}` envelope, and lists are
 * `{records, page, totalRecords}`.
 */

const BRANDS = '/10dlc/brand';
const CAMPAIGNS = '/10dlc/campaign';
const ASSIGNMENTS = '/10dlc/phone_number_campaigns';
const PAGE_SIZE = 20;
/** More brands than any account has: a list that never ends stops here. */
const MAX_PAGES = 50;

/** Telnyx's campaign IDs are UUID-shaped (not always hex, e.g. 4b300178-131c-d902-d54e-72d90ba1620j); shared campaigns go by The Campaign Registry's ID (C + 6). */
const TELNYX_ID = /^[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}$/i;
const TCR_ID = /^C[A-Z0-9]{6}$/i;

/** The assignment's path: the number in E.164 (the SDK leaves "+" as it is in a path). */
const assignmentPath = (number: CampaignNumber) => `${ASSIGNMENTS}/+${number.digits}`;

const recordsOf = (body: IDataObject | undefined): IDataObject[] => (Array.isArray(body?.records) ? (body.records as IDataObject[]) : []);

/** Whether an answer's `{page, totalRecords}` has a page after `page` pages of `PAGE_SIZE`. */
const hasMore = (body: IDataObject | undefined, page: number, seen: number) => seen > 0 && page * PAGE_SIZE < Number(body?.totalRecords ?? 0);

/** The campaign an assignment names: its campaignId, or (for a campaign of the account) telnyxCampaignId, or The Campaign Registry's ID. */
const isCampaign = (record: IDataObject, campaignId: string) =>
	[record.campaignId, record.telnyxCampaignId, record.tcrCampaignId].some((id) => typeof id === 'string' && id.toLowerCase() === campaignId.toLowerCase());

/** An assignment (PhoneNumberCampaign) in the node's words, or undefined when it is not in this campaign (any more). */
function fromAssignment(record: IDataObject, campaignId: string, number: CampaignNumber): Assignment | undefined {
	if (!isCampaign(record, campaignId)) return undefined;
	const state = textOrNull(record.assignmentStatus);
	const word = (state ?? '').toUpperCase();
	// On its way out of the campaign: not in it for Add or Get Status.
	if (word === 'PENDING_UNASSIGNMENT') return undefined;
	// A removal that failed leaves the number in the campaign.
	if (word === 'ASSIGNED' || word === 'FAILED_UNASSIGNMENT') return { status: 'assigned', state, orderId: null };
	if (word === 'FAILED_ASSIGNMENT') {
		const reason = textOrNull(record.failureReasons);
		const assignment: Assignment = { status: 'failed', state, orderId: null };
		assignment.message = `Telnyx could not assign +${number.digits} to campaign ${campaignId} (${state}${reason ? `: ${reason}` : ''})`;
		return assignment;
	}
	return { status: 'pending', state, orderId: null };
}

export const telnyxCampaigns: CampaignApi = {
	console: 'the Telnyx Mission Control Portal (Messaging → 10DLC → Campaigns)',
	idPattern: new RegExp(`${TELNYX_ID.source}|${TCR_ID.source}`, 'i'),
	idExample: '4b300178-131c-d902-d54e-72d90ba1620a',
	canonicalId: (text) => (TCR_ID.test(text) ? text.toUpperCase() : text.toLowerCase()),

	/**
	 * Campaigns belong to brands: GET /10dlc/brand (every page), then one brand's campaigns per page
	 * (GET /10dlc/campaign?brandId=…&page=…&recordsPerPage=20). Telnyx filters campaigns by neither
	 * name nor ID, so what was typed filters each page here. The token is "brand index|page".
	 */
	async list(send, typed, token) {
		const brands: IDataObject[] = [];
		for (let page = 1; page <= MAX_PAGES; page++) {
			const body = await send({ method: 'GET', url: BRANDS, qs: { page, recordsPerPage: PAGE_SIZE } });
			const records = recordsOf(body);
			brands.push(...records);
			if (!hasMore(body, page, records.length)) break;
		}
		const [brand, page] = token && /^\d+\|\d+$/.test(token) ? token.split('|').map(Number) : [0, 1];
		const wanted = typed?.trim().toLowerCase();
		let at: { index: number; page: number } | undefined = { index: brand, page };
		for (let step = 0; at && at.index < brands.length && step < MAX_PAGES; step++) {
			const qs = { brandId: String(brands[at.index].brandId), page: at.page, recordsPerPage: PAGE_SIZE };
			const body = await send({ method: 'GET', url: CAMPAIGNS, qs });
			const records = recordsOf(body);
			const all: CampaignEntry[] = records.map((campaign) => ({
				id: String(campaign.campaignId),
				name: textOrNull(campaign.description),
				useCase: textOrNull(campaign.usecase),
				state: textOrNull(campaign.campaignStatus) ?? textOrNull(campaign.status),
			}));
			const campaigns = wanted ? all.filter((campaign) => [campaign.id, campaign.name, campaign.useCase].some((text) => text?.toLowerCase().includes(wanted))) : all;
			at = hasMore(body, at.page, records.length) ? { index: at.index, page: at.page + 1 } : at.index + 1 < brands.length ? { index: at.index + 1, page: 1 } : undefined;
			// A brand without (matching) campaigns is passed over, so a page is empty only at the end.
			if (campaigns.length > 0 || !at) return { campaigns, ...(at ? { next: `${at.index}|${at.page}` } : {}) };
		}
		return { campaigns: [] };
	},

	/** The order's number entry (or the number's record, when it was in the account already) says its country and type. */
	ineligible(record) {
		const numbers = Array.isArray(record.phone_numbers) ? (record.phone_numbers as IDataObject[]) : [];
		const entry = record.record_type === 'number_order' && numbers[0] ? numbers[0] : record;
		const number = textOrNull(entry.phone_number) ?? 'The number';
		const country = textOrNull(entry.country_iso_alpha2);
		if (country && country.toUpperCase() !== 'US') return `${number} is a ${country} number: 10DLC messaging campaigns take US local numbers only`;
		if (entry.phone_number_type === 'toll_free') return `${number} is a toll-free number: toll-free numbers are verified for texting on their own, not put in a 10DLC messaging campaign`;
		return undefined;
	},

	/** GET /10dlc/phone_number_campaigns/{+number}: Telnyx answers 404 for a number in no campaign. */
	async find(send, campaignId, number) {
		const body = await send({ method: 'GET', url: assignmentPath(number), absentIf: [404] });
		return body ? fromAssignment(body, campaignId, number) : undefined;
	},

	/** POST /10dlc/phone_number_campaigns {phoneNumber, campaignId}; Telnyx answers before it has assigned it. */
	async assign(send, campaignId, number) {
		const body = await send({ method: 'POST', url: ASSIGNMENTS, body: { phoneNumber: `+${number.digits}`, campaignId } });
		return (body && fromAssignment(body, campaignId, number)) ?? { status: 'pending', state: null, orderId: null };
	},

	/** The number's assignment again; gone: still pending (Telnyx may not list it yet). */
	async check(send, campaignId, number, pending) {
		return (await telnyxCampaigns.find(send, campaignId, number)) ?? pending;
	},

	/** DELETE /10dlc/phone_number_campaigns/{+number}. */
	async remove(send, _campaignId, number) {
		await send({ method: 'DELETE', url: assignmentPath(number) });
	},
};
