import type { IDataObject } from 'n8n-workflow';
import type { Assignment, CampaignApi, CampaignEntry, CampaignSend } from '../../shared/campaign';
import { FORM_HEADERS } from '../../shared/routing';
import { e164From, textOrNull } from '../../shared/simplify';

/**
 * Twilio's US A2P 10DLC campaigns (Messaging API v1, https://messaging.twilio.com/v1; the twilio
 * SDK's messaging.v1.services(sid).usAppToPerson and .phoneNumbers): a campaign belongs to a
 * Messaging Service (one campaign per service, GET /Services/{MG…}/Compliance/Usa2p: its
 * campaign_status IN_PROGRESS, VERIFIED or FAILED), and a number is in the campaign by being in that
 * service's sender pool: POST /Services/{MG…}/PhoneNumbers with the number's SID (PhoneNumberSid),
 * final at once; GET and DELETE /Services/{MG…}/PhoneNumbers/{PN…} check and remove it. So the
 * campaign the node is given is the Messaging Service's SID, and a number in it is ready to text
 * once the service's campaign is VERIFIED: until then it is pending, and after FAILED it failed.
 */

const SERVICES = '/v1/Services';
const SERVICE_SID = /^MG[0-9a-f]{32}$/i;
/** Services per page of the Messaging Campaign list (a screenful, as the other lists). */
const LIST_PAGE_SIZE = 20;
/** More pages than any account has: a link that never ends stops here. */
const MAX_PAGES = 50;

const servicePath = (serviceSid: string) => `${SERVICES}/${encodeURIComponent(serviceSid)}`;
const phoneNumberPath = (serviceSid: string, phoneNumberSid: string) => `${servicePath(serviceSid)}/PhoneNumbers/${encodeURIComponent(phoneNumberSid)}`;

/**
 * The Messaging API's root, from the credential's API root ({origin}/2010-04-01/Accounts/{AccountSid}):
 * Twilio's own hosts (api.twilio.com, api.{edge}.{region}.twilio.com) become messaging.…; any other
 * API Base URL (a proxy, a test server) serves both APIs, told apart by their paths (/2010-04-01/…, /v1/…).
 */
export function twilioMessagingRoot(apiRoot: string): string {
	const origin = apiRoot.replace(/\/2010-04-01\/Accounts\/[^/]*$/, '');
	try {
		const url = new URL(origin);
		if (/^api(\.[a-z0-9-]+)*\.twilio\.com$/i.test(url.hostname)) {
			url.hostname = url.hostname.replace(/^api\./i, 'messaging.');
			return url.toString().replace(/\/+$/, '');
		}
	} catch {
		// Not a URL: the address check (shared/address.ts) has already refused it.
	}
	return origin;
}

/** The query of a page's meta.next_page_url (a full URL at Twilio: only its query is sent on, to the configured address). */
function nextQuery(body: IDataObject | undefined): IDataObject | undefined {
	const next = (body?.meta as IDataObject | undefined)?.next_page_url;
	return typeof next === 'string' && next !== '' ? Object.fromEntries(new URL(next, 'http://link').searchParams) : undefined;
}

/** The service's US A2P campaign (a service has one at most), or undefined. */
async function campaignOf(send: CampaignSend, serviceSid: string): Promise<IDataObject | undefined> {
	const body = await send({ method: 'GET', url: `${servicePath(serviceSid)}/Compliance/Usa2p` });
	const campaigns = Array.isArray(body?.compliance) ? (body.compliance as IDataObject[]) : [];
	return campaigns[0];
}

/** Twilio's words on a failed campaign registration (its `errors`), if it gave any. */
function campaignErrors(campaign: IDataObject): string {
	const errors = Array.isArray(campaign.errors) ? (campaign.errors as unknown[]) : [];
	const words = errors
		.map((error) => {
			if (typeof error === 'string') return error;
			const record = (error ?? {}) as IDataObject;
			const text = textOrNull(record.description) ?? textOrNull(record.message) ?? textOrNull(record.error_message);
			return text && record.error_code !== undefined ? `${text} (Twilio error ${String(record.error_code)})` : text;
		})
		.filter((text): text is string => Boolean(text));
	return words.length ? `: ${words.join('; ')}` : '';
}

/** Where a number in the service stands: as far as the service's campaign is (VERIFIED: ready to text). */
function fromCampaign(serviceSid: string, digits: string, campaign: IDataObject | undefined, phoneNumberSid: string | undefined): Assignment {
	const ids = phoneNumberSid ? { assignmentId: phoneNumberSid } : {};
	if (!campaign) {
		return {
			status: 'failed',
			state: null,
			orderId: null,
			...ids,
			message: `Messaging Service ${serviceSid} has no US A2P 10DLC campaign, so +${digits} cannot text US phones through it`,
		};
	}
	const state = textOrNull(campaign.campaign_status);
	const word = (state ?? '').toUpperCase();
	if (word === 'VERIFIED') return { status: 'assigned', state, orderId: null, ...ids };
	if (['FAILED', 'SUSPENDED', 'EXPIRED'].includes(word)) {
		return {
			status: 'failed',
			state,
			orderId: null,
			...ids,
			message: `Twilio did not approve the A2P 10DLC campaign of Messaging Service ${serviceSid} (campaign_status: ${state})${campaignErrors(campaign)}`,
		};
	}
	return { status: 'pending', state, orderId: null, ...ids };
}

/** The number's SID (PN…): campaign requests address numbers by it (addressesNumbersById: the node looks it up when given digits). */
function phoneNumberSidOf(number: { digits: string; id?: string }): string {
	if (number.id) return number.id;
	throw new Error(`The SID of +${number.digits} is not known: choose the number From List or By ID`);
}

export const twilioCampaigns: CampaignApi = {
	console: 'the Twilio Console (Messaging → Services: the Messaging Service that carries the A2P 10DLC campaign, its SID starts with MG)',
	idPattern: SERVICE_SID,
	idExample: 'MG0f1e2d3c4b5a69788796a5b4c3d2e1f0 (the SID of the Messaging Service that carries the campaign)',
	canonicalId: (text) => `MG${text.slice(2).toLowerCase()}`,
	apiRoot: twilioMessagingRoot,
	addressesNumbersById: true,

	/**
	 * The account's Messaging Services with a US A2P campaign (us_app_to_person_registered), one page
	 * of GET /v1/Services at a time, each with its campaign (GET …/Compliance/Usa2p: use case, status).
	 * Twilio filters services by nothing, so what was typed filters them here, before their campaigns
	 * are read. The token is the next page's query.
	 */
	async list(send, typed, token) {
		let query: IDataObject | undefined = token ? Object.fromEntries(new URLSearchParams(token)) : { PageSize: LIST_PAGE_SIZE };
		const wanted = typed?.toLowerCase();
		for (let page = 0; query && page < MAX_PAGES; page++) {
			const body = await send({ method: 'GET', url: SERVICES, qs: query });
			const services = (Array.isArray(body?.services) ? (body.services as IDataObject[]) : [])
				.filter((service) => service.us_app_to_person_registered === true)
				.filter((service) => !wanted || [service.sid, service.friendly_name, service.usecase].some((text) => typeof text === 'string' && text.toLowerCase().includes(wanted)));
			const campaigns: CampaignEntry[] = [];
			for (const service of services) {
				const campaign = await campaignOf(send, String(service.sid));
				campaigns.push({
					id: String(service.sid),
					name: textOrNull(service.friendly_name),
					useCase: textOrNull(campaign?.us_app_to_person_usecase) ?? textOrNull(service.usecase),
					state: textOrNull(campaign?.campaign_status),
				});
			}
			const next = nextQuery(body);
			// A page without (matching) campaigns is passed over, so a page is empty only at the end.
			if (campaigns.length > 0 || !next) return { campaigns, ...(next ? { next: new URLSearchParams(next as Record<string, string>).toString() } : {}) };
			query = next;
		}
		return { campaigns: [] };
	},

	/** The bought number's record: Twilio says whether it can text. */
	ineligible(record) {
		const capabilities = (record.capabilities ?? undefined) as IDataObject | undefined;
		if (capabilities && typeof capabilities === 'object' && capabilities.sms === false) {
			return `${e164From(record.phone_number) || 'The number'} cannot send text messages (Twilio lists no SMS among its capabilities)`;
		}
		return undefined;
	},

	/** GET /Services/{MG…}/PhoneNumbers/{PN…} (404: not in the service), then the service's campaign. */
	async find(send, serviceSid, number) {
		const phoneNumberSid = phoneNumberSidOf(number);
		const inService = await send({ method: 'GET', url: phoneNumberPath(serviceSid, phoneNumberSid), absentIf: [404] });
		if (!inService) return undefined;
		return fromCampaign(serviceSid, number.digits, await campaignOf(send, serviceSid), phoneNumberSid);
	},

	/**
	 * The service's campaign first: without one, or with one Twilio did not approve, the number is not
	 * added (it could not text anyway). Otherwise POST /Services/{MG…}/PhoneNumbers (PhoneNumberSid,
	 * form-encoded): the number is in the service at once, and as ready as the campaign is.
	 */
	async assign(send, serviceSid, number) {
		const phoneNumberSid = phoneNumberSidOf(number);
		const campaign = await campaignOf(send, serviceSid);
		const before = fromCampaign(serviceSid, number.digits, campaign, undefined);
		if (before.status === 'failed') return before;
		await send({ method: 'POST', url: `${servicePath(serviceSid)}/PhoneNumbers`, body: { PhoneNumberSid: phoneNumberSid }, headers: { ...FORM_HEADERS } });
		return { ...before, assignmentId: phoneNumberSid };
	},

	/** The service's campaign again (the number is in the service already). */
	async check(send, serviceSid, number, pending) {
		return fromCampaign(serviceSid, number.digits, await campaignOf(send, serviceSid), pending.assignmentId ?? number.id);
	},

	/** DELETE /Services/{MG…}/PhoneNumbers/{PN…}: out of the sender pool, so out of the campaign. */
	async remove(send, serviceSid, number, assignment) {
		await send({ method: 'DELETE', url: phoneNumberPath(serviceSid, assignment.assignmentId ?? phoneNumberSidOf(number)) });
	},
};
