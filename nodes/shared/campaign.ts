import {
	NodeApiError,
	NodeOperationError,
	type DeclarativeRestApiSettings,
	type IDataObject,
	type IExecutePaginationFunctions,
	type IExecuteSingleFunctions,
	type IHttpRequestOptions,
} from 'n8n-workflow';
import { pollUntilSettled } from './polling';
import { invalidField } from './errors';

/**
 * US A2P 10DLC messaging campaigns: carriers block texts from US local numbers that are not in an
 * approved campaign. A provider that can put numbers into campaigns has the optional `campaigns`
 * part of the contract (providers/types.ts); the campaign operations and Purchase → Then Configure
 * → Messaging Campaign are shown only for those providers. Brand and campaign registration stay in
 * the provider's console: the node only assigns, checks and removes numbers.
 *
 * A provider's part says how (requests and answers); this file says what happens, the same at
 * every provider: a number already in the campaign is never assigned again, an assignment the
 * provider finishes later is looked at again within Options → Max Wait for Campaign Assignment, and
 * every outcome becomes the same `campaign` summary.
 */

// The fields ----------------------------------------------------------------------------------

export const CAMPAIGN_OPERATIONS = ['addToCampaign', 'getCampaignStatus', 'removeFromCampaign'] as const;
export type CampaignOperationId = (typeof CAMPAIGN_OPERATIONS)[number];

/** The Messaging Campaign locator (the three operations) and Purchase → Then Configure's option of the same name. */
export const CAMPAIGN_FIELD = { name: 'messagingCampaign', displayName: 'Messaging Campaign' } as const;
export const CAMPAIGN_MODE = { list: 'list', id: 'id' } as const;
/** Get Messaging Campaign Status: the order an earlier assignment answered with, at providers that assign through orders. */
export const CAMPAIGN_ORDER_FIELD = { name: 'campaignOrderId', displayName: 'Assignment Order ID' } as const;
/** Options → Max Wait for Campaign Assignment (seconds). */
export const CAMPAIGN_WAIT_OPTION = { name: 'maxCampaignWait', displayName: 'Max Wait for Campaign Assignment' } as const;
export const CAMPAIGN_WAIT_DEFAULT = 30;

// The contract ---------------------------------------------------------------------------------

/** A request a provider's campaign code has the node send (through n8n: credential, 429 retries, the provider's error words). */
export interface CampaignRequest extends Pick<IHttpRequestOptions, 'method' | 'url' | 'qs' | 'body' | 'headers'> {
	/** HTTP statuses that mean "there is none": the request then resolves to undefined instead of failing. */
	absentIf?: number[];
}

/** Sends one request; resolves to the answer's JSON body (`{}` for an empty one). */
export type CampaignSend = (request: CampaignRequest) => Promise<IDataObject | undefined>;

/** One campaign of the account, for the Messaging Campaign list. */
export interface CampaignEntry {
	id: string;
	/** Its name (or alias), if it has one. */
	name: string | null;
	/** The use case it was registered for, e.g. MARKETING. */
	useCase: string | null;
	/** The provider's word for its registration state, e.g. active, PROCESSING. */
	state: string | null;
}

/** The number a campaign operation is about: its digits and, when the user picked it so, the provider's ID of it. */
export interface CampaignNumber {
	digits: string;
	id?: string;
}

/** Where one number stands in one campaign, as the provider says it. */
export interface Assignment {
	status: 'assigned' | 'pending' | 'failed';
	/** The provider's own word for it (e.g. "completed", "PROCESSING"), or null. */
	state: string | null;
	/** The order the provider carries the assignment out with, when it uses orders: look at it again later. */
	orderId?: string | null;
	/** The provider's ID of the assignment itself (what a removal names), when it has one. */
	assignmentId?: string;
	/** failed: the provider's words, or what the node saw. */
	message?: string;
}

/** The optional `campaigns` part of a provider. */
export interface CampaignApi {
	/** What the provider calls the place where campaigns are registered, e.g. "Messaging → 10DLC in the Acme console". */
	console: string;
	/** A campaign ID as the provider writes it (By ID is checked against it before any request). */
	idPattern: RegExp;
	idExample: string;
	/** The ID as the provider's paths take it, from what the user typed (trimmed, matching idPattern). */
	canonicalId(text: string): string;
	/**
	 * Optional: where campaign requests go, from the provider's API root (the credential's), when the
	 * provider keeps campaigns in another API (e.g. on another host). Pure. Without it: the API root.
	 */
	apiRoot?(providerRoot: string): string;
	/**
	 * Optional: campaign requests address numbers by the provider's own ID (CampaignNumber.id), so a
	 * number given by its digits is looked up first (the provider's `owned.lookup`, one request).
	 */
	addressesNumbersById?: boolean;
	/**
	 * One page of the account's campaigns for the list, filtered by what the user typed (at the
	 * provider where it can, else here), and the next page's token.
	 */
	list(send: CampaignSend, typed: string | undefined, token: string | undefined): Promise<{ campaigns: CampaignEntry[]; next?: string }>;
	/** Why the campaign cannot take a number just bought, read from the provider's record of it (e.g. its country or type), or undefined. */
	ineligible?(record: IDataObject): string | undefined;
	/** When the provider assigns through orders: what their IDs look like (Get Messaging Campaign Status then takes one). */
	orders?: { idPattern: RegExp; idExample: string };
	/** The number's assignment in the campaign now, or undefined when it is not in it. Sends no order. */
	find(send: CampaignSend, campaignId: string, number: CampaignNumber): Promise<Assignment | undefined>;
	/** Asks the provider to put the number into the campaign: one request. Pending: look again with `check`. */
	assign(send: CampaignSend, campaignId: string, number: CampaignNumber): Promise<Assignment>;
	/** One more look at a pending assignment (its order, when it has one). */
	check(send: CampaignSend, campaignId: string, number: CampaignNumber, pending: Assignment): Promise<Assignment>;
	/** Takes the number out of the campaign, given its assignment as `find` gave it. */
	remove(send: CampaignSend, campaignId: string, number: CampaignNumber, assignment: Assignment): Promise<void>;
}

/** The part of a provider campaign steps need: its name and its campaign part. */
export interface CampaignProvider {
	name: string;
	campaigns: CampaignApi;
}

// What the item says ---------------------------------------------------------------------------

/** The `campaign` field of an item: the same for the three operations and Purchase → Then Configure, to branch on. */
export interface CampaignSummary extends IDataObject {
	/**
	 * assigned: in the campaign, ready to text; pending: the provider has not finished (orderId says
	 * what to look at later); failed: the provider refused or gave up (message: its words);
	 * skipped: not sent, the campaign cannot take this number (message: why); notAssigned: not in
	 * the campaign (Get Messaging Campaign Status); removed: taken out (Remove From Messaging Campaign).
	 */
	status: 'assigned' | 'pending' | 'failed' | 'skipped' | 'notAssigned' | 'removed';
	/** The campaign's ID. */
	id: string;
	/** The provider's order, when it assigns through orders; null otherwise. */
	orderId: string | null;
	/** The provider's own word for the assignment, or null. */
	state: string | null;
	/** Whether the number was in the campaign already, so nothing was sent to assign it. */
	alreadyInCampaign: boolean;
	message?: string;
	httpCode?: string | null;
	hint?: string;
}

export const CAMPAIGN_OPERATION_NAMES = {
	add: 'Add to Messaging Campaign',
	status: 'Get Messaging Campaign Status',
	remove: 'Remove From Messaging Campaign',
} as const;

/** The summary of an assignment (or of none: notAssigned), with what to do next. */
export function campaignSummary(
	provider: CampaignProvider,
	campaignId: string,
	number: string,
	found: Assignment | undefined,
	context: { alreadyInCampaign?: boolean; waitedSeconds?: number } = {},
): CampaignSummary {
	const base = { id: campaignId, orderId: found?.orderId ?? null, state: found?.state ?? null, alreadyInCampaign: context.alreadyInCampaign ?? false };
	if (!found) return { status: 'notAssigned', ...base, message: `${number} is not in messaging campaign ${campaignId}`, hint: `Run "${CAMPAIGN_OPERATION_NAMES.add}" to put it in.` };
	const { status } = found;
	if (status === 'assigned') return { status, ...base };
	if (status === 'pending') {
		const waited = context.waitedSeconds === undefined ? '' : ` within ${context.waitedSeconds} seconds`;
		const look = found.orderId ? `, Assignment Order ID ${found.orderId}` : '';
		return {
			status,
			...base,
			message: `${provider.name} has not finished putting ${number} into messaging campaign ${campaignId}${waited}${found.state ? ` (state: ${found.state})` : ''}`,
			hint: `Nothing more is needed from you: ${provider.name} finishes it by itself (carriers may take hours for a new campaign). Check later with "${CAMPAIGN_OPERATION_NAMES.status}" (Messaging Campaign ${campaignId}${look}); running "${CAMPAIGN_OPERATION_NAMES.add}" again sends no second order.`,
		};
	}
	return {
		status,
		...base,
		message: found.message ?? `${provider.name} did not put ${number} into messaging campaign ${campaignId}${found.state ? ` (state: ${found.state})` : ''}`,
		hint: `Check the campaign and the number in ${provider.campaigns.console} (the campaign must be approved, the number a US local number able to text), then run "${CAMPAIGN_OPERATION_NAMES.add}" again.`,
	};
}

/** A refused or lost request while assigning: the item says so instead of failing. */
export function campaignRefused(provider: CampaignProvider, campaignId: string, number: string, error: unknown, orderId: string | null = null): CampaignSummary {
	const mapped = error as { message?: string; httpCode?: string };
	const summary = campaignSummary(provider, campaignId, number, {
		status: 'failed',
		state: null,
		orderId,
		message: String(mapped.message ?? error),
	});
	return { ...summary, httpCode: mapped.httpCode ?? null };
}

/** A campaign step left out on purpose (the campaign cannot take the number, or the purchase is not finished). */
export function campaignSkipped(campaignId: string, reason: string, hint: string): CampaignSummary {
	return { status: 'skipped', id: campaignId, orderId: null, state: null, alreadyInCampaign: false, message: reason, hint };
}

// Which numbers a campaign can take ------------------------------------------------------------

/** Toll-free area codes: such numbers are verified for texting on their own, never put in a 10DLC campaign. */
const TOLL_FREE_AREA_CODES = ['800', '833', '844', '855', '866', '877', '888'];

/**
 * Area codes of the North American Numbering Plan (+1) outside the United States (NANPA's
 * assignments): Canada, then the Caribbean and Atlantic countries. US territories are US numbers.
 */
const NON_US_AREA_CODES = new Set([
	// Canada
	'204', '226', '236', '249', '250', '257', '263', '289', '306', '343', '354', '365', '367', '368', '382', '387', '403', '416', '418', '428',
	'431', '437', '438', '450', '460', '468', '474', '506', '514', '519', '548', '579', '581', '584', '587', '600', '604', '613', '622', '633',
	'639', '644', '647', '655', '672', '677', '683', '688', '705', '709', '742', '753', '778', '780', '782', '807', '819', '825', '867', '873',
	'879', '902', '905', '942',
	// The Caribbean and the Atlantic
	'242', '246', '264', '268', '284', '345', '441', '473', '649', '658', '664', '721', '758', '767', '784', '809', '829', '849', '868', '869', '876',
]);

/** Why a number cannot be in a US 10DLC campaign, from its digits alone, or undefined when it can. */
export function notUsLocalNumber(digits: string): string | undefined {
	if (!/^1\d{10}$/.test(digits)) return `+${digits} is not a US number: 10DLC messaging campaigns take US local numbers only (+1 and 10 digits)`;
	const areaCode = digits.slice(1, 4);
	if (TOLL_FREE_AREA_CODES.includes(areaCode)) {
		return `+${digits} is a toll-free number: toll-free numbers are verified for texting on their own, not put in a 10DLC messaging campaign`;
	}
	if (NON_US_AREA_CODES.has(areaCode)) return `+${digits} is not a US number (area code ${areaCode} is in Canada or the Caribbean): 10DLC messaging campaigns take US local numbers only`;
	return undefined;
}

// Reading the fields ---------------------------------------------------------------------------

/** The campaign ID of a Messaging Campaign value (a resource locator, or plain text from an AI agent or an expression). */
export function readCampaignId(ctx: IExecuteSingleFunctions, api: CampaignApi, raw: unknown, field: string): string {
	const value = raw && typeof raw === 'object' && 'value' in raw ? (raw as { value: unknown }).value : raw;
	const text = typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
	if (api.idPattern.test(text)) return api.canonicalId(text);
	const reason = text === '' ? 'it is empty' : /^\+?[\d\s\-.()]+$/.test(text) ? 'it looks like a phone number, not a campaign ID' : 'it is not a campaign ID';
	throw invalidField(ctx, field, value, reason, `Pick the campaign from the list, or give its ID, e.g. ${api.idExample} (in ${api.console}).`);
}

/** Options → Max Wait for Campaign Assignment, in ms. */
export function campaignWaitMs(ctx: IExecuteSingleFunctions | IExecutePaginationFunctions): number {
	const seconds = Number(ctx.getNodeParameter(`requestOptions.${CAMPAIGN_WAIT_OPTION.name}`, CAMPAIGN_WAIT_DEFAULT));
	return Math.max(0, Number.isFinite(seconds) ? seconds : CAMPAIGN_WAIT_DEFAULT) * 1000;
}

// Sending --------------------------------------------------------------------------------------

/** A CampaignSend over n8n's routing requests of the running item (the route's credential, 429 retries and error mapping), to the campaign part's API root. */
export function routingSend(ctx: IExecutePaginationFunctions, requestData: DeclarativeRestApiSettings.ResultOptions, api?: Pick<CampaignApi, 'apiRoot'>): CampaignSend {
	const root = String(requestData.options.baseURL ?? '');
	const baseURL = api?.apiRoot && root ? api.apiRoot(root) : requestData.options.baseURL;
	return async ({ absentIf, headers, ...request }) => {
		const options = {
			...requestData.options,
			...request,
			baseURL,
			headers: { ...(requestData.options.headers ?? {}), ...(headers ?? {}) },
			qs: request.qs ?? {},
			body: request.body,
		} as IHttpRequestOptions;
		try {
			const [item] = await ctx.makeRoutingRequest({ ...requestData, options });
			return item?.json ?? {};
		} catch (error) {
			if (absentIf?.includes(Number((error as { httpCode?: unknown }).httpCode))) return undefined;
			throw error instanceof NodeApiError || error instanceof NodeOperationError ? error : new NodeApiError(ctx.getNode(), { message: String((error as Error)?.message ?? error) });
		}
	};
}

// The steps ------------------------------------------------------------------------------------

/** Refusals of the assignment itself (the provider's words on the campaign or the number), as opposed to credentials, missing paths or outages. */
const ASSIGNMENT_REFUSALS = ['400', '409', '422'];

/**
 * Puts a number into a campaign: an assignment the provider finishes later is looked at again
 * within `waitMs`. When `checkFirst`, the number's assignment is looked up first and, if it has
 * one, reported as it is with no new order (a number is never assigned twice). A refused
 * assignment (400, 409, 422) becomes a `failed` summary, and so does any other failed request when
 * `everyFailure` (after a purchase, where nothing may hide the number bought); a failed look at a
 * pending assignment leaves it `pending`.
 */
export async function assignNumber(
	provider: CampaignProvider,
	send: CampaignSend,
	campaignId: string,
	number: CampaignNumber,
	options: { waitMs: number; checkFirst: boolean; everyFailure: boolean; signal?: AbortSignal },
): Promise<CampaignSummary> {
	const { campaigns } = provider;
	const e164 = `+${number.digits}`;
	if (options.checkFirst) {
		const existing = await campaigns.find(send, campaignId, number);
		if (existing) return campaignSummary(provider, campaignId, e164, existing, { alreadyInCampaign: true });
	}
	// A refusal becomes the item's answer; any other error (already n8n's, from the send) goes on unchanged.
	const attempt = await campaigns.assign(send, campaignId, number).then(
		(assignment): { started: Assignment } | { refused: unknown } => ({ started: assignment }),
		(error: unknown) =>
			options.everyFailure || ASSIGNMENT_REFUSALS.includes(String((error as { httpCode?: unknown }).httpCode)) ? { refused: error } : Promise.reject(error),
	);
	if ('refused' in attempt) return campaignRefused(provider, campaignId, e164, attempt.refused);
	const { started } = attempt;
	let lookFailed: unknown;
	const outcome = await pollUntilSettled<Assignment>({
		first: started,
		settled: (assignment) => assignment.status !== 'pending' || lookFailed !== undefined,
		look: async (pending) => {
			try {
				return await campaigns.check(send, campaignId, number, pending);
			} catch (error) {
				// The assignment was asked for: a failed look leaves it pending, never failed.
				lookFailed = error;
				return pending;
			}
		},
		budgetMs: options.waitMs,
		signal: options.signal,
	});
	const summary = campaignSummary(provider, campaignId, e164, outcome.value, { waitedSeconds: Math.round(outcome.waitedMs / 1000) });
	if (lookFailed !== undefined && summary.status === 'pending') {
		summary.message = `${summary.message}; the last look was refused: ${String((lookFailed as Error)?.message ?? lookFailed)}`;
	}
	return summary;
}
