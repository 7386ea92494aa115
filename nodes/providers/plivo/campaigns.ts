import type { IDataObject } from 'n8n-workflow';
import type { Assignment, CampaignApi, CampaignEntry } from '../../shared/campaign';
import { textOrNull } from '../../shared/simplify';

/**
 * Plivo's 10DLC campaigns (https://api.plivo.com/v1/Account/{auth_id}/10dlc/Campaign/, the
 * official SDK's campaign.list / getNumber / linkNumber / unlinkNumber): numbers are linked to a
 * campaign by their digits (POST …/Campaign/{id}/Number/ with `numbers`), Plivo links them later
 * (GET …/Campaign/{id}/Number/{digits}/: PROCESSING, COMPLETED or FAILED), and DELETE on that
 * path unlinks one. Campaign IDs are The Campaign Registry's, e.g. CY5NVUA. There is no order ID:
 * the number itself is what to look at again.
 */

const CAMPAIGNS = '/10dlc/Campaign/';
const PAGE_SIZE = 20;

const numberPath = (campaignId: string, digits: string) => `${CAMPAIGNS}${campaignId}/Number/${digits}/`;

/** The number's status in the campaign's answer (`phone_numbers: [{number, status}]`). */
function fromNumbers(body: IDataObject, digits: string): Assignment | undefined {
	const numbers = Array.isArray(body.phone_numbers) ? (body.phone_numbers as IDataObject[]) : [];
	const entry = numbers.find((candidate) => String(candidate.number ?? '').replace(/^\+/, '') === digits);
	if (!entry) return undefined;
	const state = textOrNull(entry.status);
	const word = (state ?? '').toUpperCase();
	const status = ['COMPLETED', 'SUCCESS', 'ACTIVE'].includes(word) ? 'assigned' : ['FAILED', 'REJECTED'].includes(word) ? 'failed' : 'pending';
	const reason = textOrNull(entry.failure_reason) ?? textOrNull(entry.reason);
	const assignment: Assignment = { status, state, orderId: null };
	if (status === 'failed') assignment.message = `Plivo could not link +${digits} to the campaign (${state}${reason ? `: ${reason}` : ''})`;
	return assignment;
}

export const plivoCampaigns: CampaignApi = {
	console: 'the Plivo console (Messaging → 10DLC → Campaigns)',
	idPattern: /^C[A-Z0-9]{6}$/i,
	idExample: 'CY5NVUA',
	canonicalId: (text) => text.toUpperCase(),

	/** GET 10dlc/Campaign/ with limit/offset; Plivo filters campaigns by neither name nor ID, so what was typed filters each page here. */
	async list(send, typed, token) {
		const offset = token && /^\d+$/.test(token) ? Number(token) : 0;
		const body = (await send({ method: 'GET', url: CAMPAIGNS, qs: { limit: PAGE_SIZE, offset } })) ?? {};
		const all: CampaignEntry[] = (Array.isArray(body.campaigns) ? (body.campaigns as IDataObject[]) : []).map((campaign) => ({
			id: String(campaign.campaign_id),
			name: textOrNull(campaign.campaign_alias),
			useCase: textOrNull(campaign.usecase),
			state: textOrNull(campaign.registration_status),
		}));
		const wanted = typed?.toLowerCase();
		const campaigns = wanted ? all.filter((campaign) => [campaign.id, campaign.name, campaign.useCase].some((text) => text?.toLowerCase().includes(wanted))) : all;
		const more = Boolean((body.meta as IDataObject | undefined)?.next) && all.length > 0;
		return { campaigns, ...(more ? { next: String(offset + all.length) } : {}) };
	},

	/** GET 10dlc/Campaign/{id}/Number/{digits}/; Plivo refuses it for a number the campaign does not have. */
	async find(send, campaignId, number) {
		const body = await send({ method: 'GET', url: numberPath(campaignId, number.digits), absentIf: [400, 404] });
		return body ? fromNumbers(body, number.digits) : undefined;
	},

	/** POST 10dlc/Campaign/{id}/Number/ with the number's digits; Plivo answers before it has linked it. */
	async assign(send, campaignId, number) {
		await send({ method: 'POST', url: `${CAMPAIGNS}${campaignId}/Number/`, body: { numbers: [number.digits] } });
		return { status: 'pending', state: null, orderId: null };
	},

	/** The number in the campaign again; not listed yet: still pending. */
	async check(send, campaignId, number, pending) {
		return (await plivoCampaigns.find(send, campaignId, number)) ?? pending;
	},

	/** DELETE 10dlc/Campaign/{id}/Number/{digits}/. */
	async remove(send, campaignId, number) {
		await send({ method: 'DELETE', url: numberPath(campaignId, number.digits) });
	},
};
