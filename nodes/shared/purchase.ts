import {
	NodeApiError,
	NodeOperationError,
	type DeclarativeRestApiSettings,
	type IDataObject,
	type IExecutePaginationFunctions,
	type IExecuteSingleFunctions,
	type IHttpRequestOptions,
	type INodeExecutionData,
	type INodeProperties,
	type JsonObject,
} from 'n8n-workflow';
import {
	assignNumber,
	CAMPAIGN_FIELD,
	CAMPAIGN_OPERATION_NAMES,
	campaignRefused,
	campaignSkipped,
	campaignWaitMs,
	notUsLocalNumber,
	readCampaignId,
	routingSend,
	type CampaignApi,
	type CampaignNumber,
	type CampaignProvider,
	type CampaignSummary,
} from './campaign';
import { toDigits } from './phoneNumber';
import { ORDER_POLL_INTERVALS_MS, pollUntilSettled } from './polling';
import { rateLimitClock } from './rateLimit';
import { mergeBody, withPhoneNumber } from './routing';
import { withSearchQuery, type SearchQueryBuilder } from './search';
import { checkSettings, settingsToSend, withoutEmptySettings, type NumberSettings } from './settings';

type RequestShape = Pick<IHttpRequestOptions, 'method' | 'url' | 'qs'>;

/** What an answer about a number order says (see PurchaseOrder.read). */
export interface OrderState {
	/** The order's ID, to read it again and to check it later. */
	id: string;
	/** open: not finished yet; done: the number is bought; failed: the provider did not deliver it. */
	state: 'open' | 'done' | 'failed';
	/** What the item shows: the order as the provider describes it. */
	record: IDataObject;
	/** failed: the provider's own words about why. */
	reason?: string;
	/** open, but waiting will not finish it (e.g. documents are missing): why, in words. Polling stops. */
	stuck?: string;
}

/**
 * For providers where buying is an order that finishes later: the purchase answer is an order,
 * read again (polled) until it is done or failed, within Options → Max Wait for Order. An order
 * whose answer was lost is found again (`find`) before anything is ordered twice.
 */
export interface PurchaseOrder {
	/** The state of the order in an answer (the purchase's, a poll's, or one `found`). */
	read(answer: IDataObject): OrderState | undefined;
	/** The request that reads the order again. */
	poll(id: string): RequestShape;
	/**
	 * The request that finds the order of a purchase whose answer was lost, from the purchase
	 * request as sent (e.g. its reference) and the time just before it was sent (ISO).
	 */
	find(purchase: Pick<IHttpRequestOptions, 'body'>, digits: string, since: string): RequestShape;
	/** The order for this number (and purchase) in find's answer, or undefined. */
	found(body: IDataObject, purchase: Pick<IHttpRequestOptions, 'body'>, digits: string): IDataObject | undefined;
}

/** Options → Max Wait for Order: how long one purchase waits for its order, in seconds. */
export const ORDER_WAIT_OPTION = { name: 'maxOrderWait', displayName: 'Max Wait for Order', default: 60 } as const;

/** The Max Wait for Order option, shown for Purchase at the providers (named, with their ids) whose purchases are orders. */
export function orderWaitOption(providerNames: string, providerIds: string[]): INodeProperties {
	return {
		name: ORDER_WAIT_OPTION.name,
		displayName: ORDER_WAIT_OPTION.displayName,
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 60,
		displayOptions: { show: { '/operation': ['purchase'], '/authentication': providerIds } },
		description: `How many seconds in total each purchase waits for ${providerNames} to finish its number order. Past it the item is output with purchase.status "pending" and the order ID, to check later; 0 does not wait.`,
	};
}

/** How one provider buys a number and finds one it already owns. */
export interface PurchaseApi {
	/** Places the number (digits, country code first) in the purchase request. */
	buy(request: IHttpRequestOptions, digits: string): void;
	/** The request that finds this number among the account's own numbers. */
	lookup(digits: string): Pick<IHttpRequestOptions, 'method' | 'url' | 'qs'>;
	/** The owned record in the lookup's answer, or undefined when the number is not owned. */
	owned(body: IDataObject, digits: string): IDataObject | undefined;
	/** Whether a purchase answer (or an owned record found after a lost answer) says the number is not ready yet (e.g. awaits verification documents). */
	pending(body: IDataObject): boolean;
	/** Buying is an order that finishes later (polled within Max Wait for Order); none: the purchase answer is final. */
	order?: PurchaseOrder;
	/** How "buy the first available number matching a search" finds that number. */
	firstMatch: {
		/** The provider's search query builder (the same one Search Available uses). */
		search: SearchQueryBuilder;
		/**
		 * The search request for one result, given the search's query string and, for providers whose
		 * search path depends on the criteria, the path `search.path` chose.
		 */
		request(qs: IDataObject, path: string | undefined): Pick<IHttpRequestOptions, 'method' | 'url' | 'qs'>;
		/** The first number in the search's answer (E.164 or digits), or undefined. */
		pick(body: IDataObject): unknown;
	};
	/** Simplify: the bought number in a few fields (provider, ID, number, name), from its record. */
	brief(record: IDataObject, digits: string): IDataObject;
	/** How the number just bought gets its Then Configure settings. */
	configure: {
		/** The settings Update offers too, with the provider's limits. */
		settings: NumberSettings;
		/** Settings the purchase request itself takes: they go there instead of in an update. */
		inPurchase: readonly string[];
		/**
		 * The one update request for the bought number, from its record; 'lookup' when the record does
		 * not address the number (e.g. an order) but the owned record found with `lookup` will
		 * (one request more); undefined if neither says.
		 */
		update(record: IDataObject, digits: string): Pick<IHttpRequestOptions, 'method' | 'url' | 'headers'> | 'lookup' | undefined;
		/** The item after the update: the provider's updated record when it answers with one, else the purchase's. */
		updated(record: IDataObject, answer: IDataObject): IDataObject;
	};
}

/** The Purchase fields the runner reads. */
export const PURCHASE_FIELD = {
	numberToBuy: { name: 'numberToBuy', displayName: 'Number to Buy' },
	phoneNumber: { name: 'phoneNumber', displayName: 'Phone Number' },
	ifAlreadyOwned: { name: 'ifAlreadyOwned', displayName: 'If Already Owned' },
	additionalFields: { name: 'additionalFields', displayName: 'Additional Fields' },
	thenConfigure: { name: 'thenConfigure', displayName: 'Then Configure' },
	simplify: { name: 'simplify', displayName: 'Simplify' },
} as const;

export type NumberToBuy = 'specific' | 'firstMatch';

export type IfAlreadyOwned = 'returnExisting' | 'error';

/** What the node adds to every purchase item, the same at every provider, to branch on. */
export interface PurchaseSummary extends IDataObject {
	/** purchased: bought now; pending: bought or ordered, not ready yet (documents, or an order still open); alreadyOwned: was in the account. */
	status: 'purchased' | 'pending' | 'alreadyOwned';
	number: string;
	/** Where buying is an order: its ID, to check it later. */
	orderId?: string;
	/** pending: why, in words, where the provider says. */
	reason?: string;
}

/**
 * What the node adds to a purchase item when Then Configure has anything to do. A failed update or
 * campaign assignment never hides the number that was bought: the item is still the purchase, with
 * this saying so (and, for the Messaging Campaign, the item's `campaign` saying more).
 */
export interface ConfigureSummary extends IDataObject {
	/**
	 * configured: everything asked is done; pending: done but the campaign assignment, which the
	 * provider finishes later; notConfigured: bought, but the settings or the assignment were
	 * refused; skipped: left out on purpose (nothing was bought, or the campaign cannot take the number).
	 */
	status: 'configured' | 'pending' | 'notConfigured' | 'skipped';
	/** The Then Configure settings, as sent (names are the provider's). */
	settings: IDataObject;
	/** The Messaging Campaign asked for (its ID), when one was. */
	campaign?: string;
	/** What was not done: the provider's words (the shared error mapping's text), or why it was left out. */
	message?: string;
	httpCode?: string | null;
	/** How to finish it now. */
	hint?: string;
}

/**
 * Purchases whose outcome this process could not confirm (the answer was lost and the check
 * failed too), by execution, node and item. n8n's Retry On Fail runs the node again in the same
 * execution; the retry then checks this number first instead of buying another one.
 */
const unconfirmed = new Map<string, string>();
const UNCONFIRMED_LIMIT = 1000;

/** Errors after which the provider may have carried out the purchase even so. */
function answerLost(error: unknown): boolean {
	const code = String((error as { httpCode?: unknown }).httpCode ?? '');
	if (/^5\d\d$/.test(code)) return true;
	if (/^2\d\d$/.test(code)) return true; // a success whose body could not be read
	return ['ECONNABORTED', 'ETIMEDOUT', 'ECONNRESET', 'EPIPE', 'ESOCKETTIMEDOUT', 'ERR_CANCELED'].includes(code);
}

/** A refusal that may mean "you own this number already". */
function refused(error: unknown): boolean {
	const code = Number((error as { httpCode?: unknown }).httpCode);
	return [400, 404, 409, 422].includes(code);
}

/**
 * Runs one purchase item (hooked in as the route's request operation, so it can send more than
 * one request): buy; if the provider refuses or its answer is lost, look the number up (one
 * extra request, only then) and report the number the account owns instead of failing or
 * buying again. The happy path sends exactly one request, and one update more when Then
 * Configure has settings the purchase request does not take.
 */
export function purchaseRunner(api: PurchaseApi, providerName: string, campaigns?: CampaignApi) {
	return async function (
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		const ifOwned = this.getNodeParameter(PURCHASE_FIELD.ifAlreadyOwned.name, 'returnExisting') as IfAlreadyOwned;
		// No execution ID: no memory (it could be another execution's); the lookup after a refusal still protects.
		const executionId = this.getExecutionId();
		const key = executionId ? `${executionId}|${this.getNode().id}|${this.getItemIndex()}` : undefined;
		const paired = { item: this.getItemIndex() };

		const lookup = async (digits: string): Promise<IDataObject | undefined> => {
			const options = { ...requestData.options, ...api.lookup(digits), body: undefined };
			try {
				const [item] = await this.makeRoutingRequest({ ...requestData, options });
				return item ? api.owned(item.json, digits) : undefined;
			} catch (error) {
				if (String((error as { httpCode?: unknown }).httpCode) === '404') return undefined;
				throw asNodeError(this, error);
			}
		};
		const settings = (requestData.options as Chosen)[CONFIGURE];
		const campaignId = (requestData.options as Chosen)[CAMPAIGN];
		const campaignProvider = campaigns && campaignId ? { name: providerName, campaigns } : undefined;
		/** The item of a number in the account: the record, the purchase summary and, with Then Configure, its outcome. */
		// Simplify (e.g. for an AI agent): what was bought and what happened, not the provider's whole answer.
		const simplify = this.getNodeParameter(PURCHASE_FIELD.simplify.name, false) === true;
		const finish = async (record: IDataObject, status: PurchaseSummary['status'], digits: string, extra: Partial<PurchaseSummary> = {}): Promise<IDataObject> => {
			const purchase: PurchaseSummary = { status, number: `+${digits}`, ...extra };
			const configured = settings ? await configureNumber(this, api, requestData, settings, record, purchase, providerName) : undefined;
			const number = configured?.record ?? record;
			// After the settings: the number's record is then as new as it gets.
			const campaign = campaignProvider && campaignId ? await campaignStep(this, campaignProvider, api, requestData, campaignId, number, purchase) : undefined;
			const configure = campaign ? withCampaign(configured?.summary, campaign) : configured?.summary;
			return {
				...(simplify ? api.brief(number, digits) : number),
				purchase,
				...(configure ? { configure } : {}),
				...(campaign ? { campaign } : {}),
			};
		};
		const result = async (record: IDataObject, status: PurchaseSummary['status'], digits: string): Promise<INodeExecutionData[]> => [
			{ json: await finish(record, status, digits), pairedItem: paired },
		];
		/** A number found in the account: bought (or, at some providers, still getting ready). */
		const ownedStatus = (record: IDataObject): PurchaseSummary['status'] => (api.pending(record) ? 'pending' : 'purchased');
		/** An order: waited for within Max Wait for Order, then reported as it stands. */
		const settled = async (answer: IDataObject, digits: string): Promise<INodeExecutionData[]> => {
			const outcome = await settleOrder(this, api.order!, requestData, answer, providerName, digits);
			const { state } = outcome;
			const extra = { orderId: state.id, ...(outcome.pendingReason ? { reason: outcome.pendingReason } : {}) };
			return [{ json: await finish(state.record, state.state === 'done' ? 'purchased' : 'pending', digits, extra), pairedItem: paired }];
		};

		// An earlier try of this very item may have bought a number without hearing back.
		const earlier = key === undefined ? undefined : unconfirmed.get(key);
		if (key !== undefined && earlier) {
			const owned = await lookup(earlier);
			unconfirmed.delete(key);
			if (owned) return await result(owned, ownedStatus(owned), earlier);
		}

		// The preSend step read and checked the number (or the search) before anything was sent.
		let digits = (requestData.options as Chosen)[CHOSEN_DIGITS];
		if (digits === undefined) {
			digits = await firstAvailable(this, api, requestData, providerName);
			const options = { ...requestData.options, qs: {} } as IHttpRequestOptions;
			api.buy(options, digits);
			requestData = { ...requestData, options };
		}
		const number = `+${digits}`;
		const sentAt = new Date(rateLimitClock.now() - ORDER_CLOCK_MARGIN_MS).toISOString();

		let items: INodeExecutionData[];
		try {
			items = await this.makeRoutingRequest(requestData);
		} catch (error) {
			const lost = answerLost(error);
			if (!lost && !refused(error)) throw asNodeError(this, error);
			// An order whose answer was lost is found again, and waited for, before anything else.
			if (lost && api.order) {
				const order = await findOrder(this, api.order, requestData, digits, sentAt);
				if (order) return await settled(order, digits);
			}
			let owned: IDataObject | undefined;
			try {
				owned = await lookup(digits);
			} catch {
				// The refusal itself is the clearer error when the check fails too.
				if (!lost) throw asNodeError(this, error);
				if (key !== undefined) remember(key, digits);
				throw withNote(asNodeError(this, error), `${providerName}'s answer was lost and the number could not be checked: the purchase of ${number} may have gone through. Check your numbers before buying again.`);
			}
			if (!owned) throw asNodeError(this, error);
			if (lost) return await result(owned, ownedStatus(owned), digits);
			if (ifOwned === 'error') {
				throw new NodeOperationError(this.getNode(), `${number} is already in your ${providerName} account`, {
					description: "Nothing was bought. Set 'If Already Owned' to 'Return Existing' to get the number's record in the output instead.",
					itemIndex: this.getItemIndex(),
				});
			}
			return await result(owned, 'alreadyOwned', digits);
		}
		// Bought (or ordered): from here on nothing may fail the item, or the purchase would look lost;
		// only an order the provider itself reports as failed does.
		if (api.order && items[0]) return await settled(items[0].json, digits);
		return await Promise.all(
			items.map(async (item) => ({ ...item, json: await finish(item.json, api.pending(item.json) ? 'pending' : 'purchased', digits) })),
		);
	};
}

/**
 * Sends the Then Configure settings that are left after the purchase in ONE update request for
 * the number, and reports the outcome instead of failing: the number is bought either way. A
 * number that was already in the account (nothing bought) is left as it is.
 */
async function configureNumber(
	ctx: IExecutePaginationFunctions,
	api: PurchaseApi,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	settings: ChosenSettings,
	record: IDataObject,
	purchase: PurchaseSummary,
	providerName: string,
): Promise<{ record: IDataObject; summary: ConfigureSummary }> {
	const { number } = purchase;
	const retry = `To apply the settings, run this node with Operation "Update" on ${number} and the same fields.`;
	if (purchase.status === 'alreadyOwned') {
		const message = `${number} was already in your ${providerName} account: nothing was bought and its settings were left as they are`;
		return { record, summary: { status: 'skipped', settings: settings.all, message, hint: retry } };
	}
	if (Object.keys(settings.update).length === 0) return { record, summary: { status: 'configured', settings: settings.all } };
	const notConfigured = (message: string, httpCode: string | null, description?: string | null): { record: IDataObject; summary: ConfigureSummary } => ({
		record,
		summary: {
			status: 'notConfigured',
			settings: settings.all,
			message,
			httpCode,
			hint: [`${number} is bought and in your ${providerName} account; only these settings were not applied.`, description, retry].filter(Boolean).join(' '),
		},
	});
	const digits = purchase.number.slice(1);
	let target = api.configure.update(record, digits);
	try {
		if (target === 'lookup') {
			const options = { ...requestData.options, ...api.lookup(digits), body: undefined };
			const [found] = await ctx.makeRoutingRequest({ ...requestData, options });
			const owned = found ? api.owned(found.json, digits) : undefined;
			target = owned ? api.configure.update(owned, digits) : undefined;
		}
	} catch (error) {
		const mapped = asNodeError(ctx, error);
		return notConfigured(mapped.message, (mapped as NodeApiError).httpCode ?? null, mapped.description);
	}
	if (!target || target === 'lookup') return notConfigured(`${providerName}'s answer to the purchase did not say how to address the number`, null);
	const headers = { ...(requestData.options.headers ?? {}), ...(target.headers ?? {}) };
	const options = { ...requestData.options, ...target, headers, qs: {}, body: settings.update } as IHttpRequestOptions;
	try {
		const [answer] = await ctx.makeRoutingRequest({ ...requestData, options });
		return { record: api.configure.updated(record, answer?.json ?? {}), summary: { status: 'configured', settings: settings.all } };
	} catch (error) {
		const mapped = asNodeError(ctx, error);
		return notConfigured(mapped.message, (mapped as NodeApiError).httpCode ?? null, mapped.description);
	}
}

/** Orders created from this long before the purchase was sent count as its own (clocks differ a little). */
const ORDER_CLOCK_MARGIN_MS = 60_000;

/**
 * Waits for an order to finish: reads it again at growing intervals (shared/polling.ts) within
 * Options → Max Wait for Order. A poll that fails is not the end: the order exists, so the next
 * poll tries again; when the wait is over the order is reported as it stands. A failed order
 * stops the item in the provider's words.
 */
async function settleOrder(
	ctx: IExecutePaginationFunctions,
	order: PurchaseOrder,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	answer: IDataObject,
	providerName: string,
	digits: string,
): Promise<{ state: OrderState; pendingReason?: string }> {
	const first = order.read(answer);
	if (!first) {
		throw new NodeApiError(ctx.getNode(), answer as JsonObject, {
			message: `${providerName}'s answer to the order of +${digits} did not say which order it is`,
			description: `The order may have been placed. Check your orders at ${providerName} before buying again.`,
			itemIndex: ctx.getItemIndex(),
		});
	}
	let state = first;
	if (state.state === 'open' && !state.stuck) {
		const seconds = Number(ctx.getNodeParameter(`requestOptions.${ORDER_WAIT_OPTION.name}`, ORDER_WAIT_OPTION.default));
		const budgetMs = Math.max(0, Number.isFinite(seconds) ? seconds : ORDER_WAIT_OPTION.default) * 1000;
		const polled = await pollUntilSettled<OrderState>({
			first: state,
			settled: (value) => value.state !== 'open' || !!value.stuck,
			look: async (previous) => {
				const options = { ...requestData.options, ...order.poll(first.id), body: undefined };
				try {
					const [item] = await ctx.makeRoutingRequest({ ...requestData, options });
					return (item ? order.read(item.json) : undefined) ?? previous;
				} catch {
					// Not the order's fault: ask again at the next interval.
					return previous;
				}
			},
			budgetMs,
			intervalsMs: ORDER_POLL_INTERVALS_MS,
			signal: ctx.getExecutionCancelSignal(),
		});
		state = polled.value;
	}
	if (state.state === 'failed') {
		throw new NodeApiError(ctx.getNode(), state.record as JsonObject, {
			message: `${providerName} did not complete the order of +${digits}: ${state.reason ?? 'the order failed'}`,
			description: `${providerName} reports order ${state.id} as not completed, so the number was not added to your account. The order's details are below.`,
			itemIndex: ctx.getItemIndex(),
		});
	}
	if (state.state === 'done') return { state };
	return { state, pendingReason: state.stuck ?? `${providerName} had not finished order ${state.id} when the wait ended (Options → ${ORDER_WAIT_OPTION.displayName})` };
}

/** The order of a purchase whose answer was lost, or undefined (not found, or the search failed too). */
async function findOrder(
	ctx: IExecutePaginationFunctions,
	order: PurchaseOrder,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	digits: string,
	since: string,
): Promise<IDataObject | undefined> {
	const options = { ...requestData.options, ...order.find(requestData.options, digits, since), body: undefined };
	try {
		const [item] = await ctx.makeRoutingRequest({ ...requestData, options });
		return item ? order.found(item.json, requestData.options, digits) : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Then Configure → Messaging Campaign, after the purchase and its settings: the number just bought
 * goes into the campaign, or the item says why not. Never throws: the number is bought either way.
 * A number that was already in the account is looked up in the campaign first, so a workflow that
 * runs twice never assigns it twice; a new one cannot be in any campaign yet.
 */
async function campaignStep(
	ctx: IExecutePaginationFunctions,
	provider: CampaignProvider,
	api: PurchaseApi,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	campaignId: string,
	record: IDataObject,
	purchase: PurchaseSummary,
): Promise<CampaignSummary> {
	const { number } = purchase;
	const digits = number.slice(1);
	const retry = `Once it can, run this node with Operation "${CAMPAIGN_OPERATION_NAMES.add}" on ${number}.`;
	if (purchase.status === 'pending') {
		// The provider's own reason when it gave one (e.g. an order not finished within Max Wait for Order).
		const why = purchase.reason ? `: ${purchase.reason.replace(/\.$/, '')}` : '';
		return campaignSkipped(campaignId, `${number} is bought but not active yet${why ? '' : ` (${provider.name} awaits documents)`}, so it was not put into messaging campaign ${campaignId}${why}`, retry);
	}
	const reason = notUsLocalNumber(digits) ?? provider.campaigns.ineligible?.(record);
	if (reason) return campaignSkipped(campaignId, reason, `Nothing was sent for the campaign; ${number} is bought and in your ${provider.name} account.`);
	try {
		// The provider's ID of the number, from the purchase's record: campaign requests that address numbers by it need no look-up.
		const id = api.brief(record, digits).id;
		const bought: CampaignNumber = typeof id === 'string' && id !== '' ? { digits, id } : { digits };
		return await assignNumber(provider, routingSend(ctx, requestData, provider.campaigns), campaignId, bought, {
			waitMs: campaignWaitMs(ctx),
			checkFirst: purchase.status === 'alreadyOwned',
			everyFailure: true,
			signal: ctx.getExecutionCancelSignal(),
		});
	} catch (error) {
		// Only the look-up of an owned number's assignment can get here.
		return campaignRefused(provider, campaignId, number, error);
	}
}

/** Then Configure's summary with the campaign part: whatever is least done decides the status; the messages and hints of what is not done add up. */
function withCampaign(settings: ConfigureSummary | undefined, campaign: CampaignSummary): ConfigureSummary {
	const campaignPart: ConfigureSummary['status'] =
		campaign.status === 'assigned' ? 'configured' : campaign.status === 'pending' ? 'pending' : campaign.status === 'skipped' ? 'skipped' : 'notConfigured';
	const parts = [settings?.status, campaignPart].filter((status): status is ConfigureSummary['status'] => status !== undefined);
	const status = (['notConfigured', 'pending', 'skipped'] as const).find((worst) => parts.includes(worst)) ?? 'configured';
	const open = [settings?.status !== 'configured' ? settings : undefined, campaignPart !== 'configured' ? campaign : undefined].filter((part) => part !== undefined);
	const summary: ConfigureSummary = { status, settings: settings?.settings ?? {}, campaign: campaign.id };
	if (open.length === 0) return summary;
	const httpCode = open.map((part) => part.httpCode).find((code) => code !== undefined && code !== null);
	return {
		...summary,
		message: open.map((part) => part.message).filter(Boolean).join('; '),
		...(httpCode ? { httpCode } : {}),
		hint: open.map((part) => part.hint).filter(Boolean).join(' '),
	};
}

function remember(key: string, digits: string): void {
	if (unconfirmed.size >= UNCONFIRMED_LIMIT) unconfirmed.delete(unconfirmed.keys().next().value as string);
	unconfirmed.set(key, digits);
}

/** One search request for one result; its number, as digits. */
async function firstAvailable(
	ctx: IExecutePaginationFunctions,
	api: PurchaseApi,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	providerName: string,
): Promise<string> {
	// withSearchQuery put the query (and, with `search.path`, the path) on the request.
	const path = api.firstMatch.search.path ? requestData.options.url : undefined;
	const options = { ...requestData.options, ...api.firstMatch.request(requestData.options.qs ?? {}, path), body: undefined };
	const [found] = await ctx.makeRoutingRequest({ ...requestData, options });
	const picked = found ? api.firstMatch.pick(found.json) : undefined;
	try {
		return toDigits(picked);
	} catch {
		throw new NodeOperationError(ctx.getNode(), `${providerName} has no available number matching the search`, {
			description: 'Nothing was bought. Widen the search: another area code or region, fewer filters, or a shorter pattern.',
			itemIndex: ctx.getItemIndex(),
		});
	}
}

/** Errors from the routing engine are already n8n errors; anything else is wrapped as one. */
function asNodeError(ctx: IExecutePaginationFunctions, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeApiError(ctx.getNode(), { message: String((error as Error)?.message ?? error) });
}

function withNote<E extends NodeApiError | NodeOperationError>(error: E, note: string): E {
	error.description = note;
	return error;
}

/**
 * The number the preSend step chose, handed to the runner with the request so the field (often
 * an expression, costly to evaluate) is read once per item.
 */
const CHOSEN_DIGITS = Symbol('purchase digits');
/** The Then Configure settings, checked: all of them, and those left for the update request. */
const CONFIGURE = Symbol('then configure');
/** Then Configure → Messaging Campaign, checked: the campaign's ID. */
const CAMPAIGN = Symbol('then configure campaign');
interface ChosenSettings {
	all: IDataObject;
	update: IDataObject;
}
type Chosen = IHttpRequestOptions & { [CHOSEN_DIGITS]?: string; [CONFIGURE]?: ChosenSettings; [CAMPAIGN]?: string };

/**
 * Checks the purchase's own settings (Additional Fields, already in the body) and Then Configure
 * against the provider's limits, before any request. Then Configure settings that the purchase
 * request takes go in it; the rest wait for the one update after the purchase.
 */
function chooseSettings(ctx: IExecuteSingleFunctions, api: PurchaseApi, request: IHttpRequestOptions, campaigns: CampaignApi | undefined): void {
	const { settings, inPurchase } = api.configure;
	const additional = withoutEmptySettings((request.body as IDataObject | undefined) ?? {}, settings);
	checkSettings(ctx, PURCHASE_FIELD.additionalFields.displayName, additional, settings);
	// n8n sends no body for an empty one, as when no field was added.
	const body = settingsToSend(additional, settings);
	request.body = body;
	const { [CAMPAIGN_FIELD.name]: campaign, ...given } = (ctx.getNodeParameter(PURCHASE_FIELD.thenConfigure.name, {}) ?? {}) as IDataObject;
	if (campaigns && campaign !== undefined) {
		(request as Chosen)[CAMPAIGN] = readCampaignId(ctx, campaigns, campaign, `${PURCHASE_FIELD.thenConfigure.displayName} → ${CAMPAIGN_FIELD.displayName}`);
	}
	const wanted = typeof given === 'object' ? withoutEmptySettings(given, settings) : {};
	if (Object.keys(wanted).length === 0) return;
	checkSettings(ctx, PURCHASE_FIELD.thenConfigure.displayName, wanted, settings);
	const chosen: ChosenSettings = { all: wanted, update: {} };
	for (const [name, value] of Object.entries(settingsToSend(wanted, settings))) {
		if (!inPurchase.includes(name)) {
			chosen.update[name] = value;
			continue;
		}
		if (body[name] !== undefined && body[name] !== value) {
			const field = settings.fields.find((property) => property.name === name)?.displayName ?? name;
			throw new NodeOperationError(ctx.getNode(), `"${PURCHASE_FIELD.additionalFields.displayName}" and "${PURCHASE_FIELD.thenConfigure.displayName}" give two different values for ${field}`, {
				description: `Both go with the purchase. Keep ${field} in one of them, or give both the same value.`,
				itemIndex: ctx.getItemIndex(),
			});
		}
		mergeBody(request, { [name]: value });
	}
	(request as Chosen)[CONFIGURE] = chosen;
}

/**
 * The declarative route of Purchase at one provider: the number (or the search) is read and
 * checked before anything is sent, then the runner above carries out the item.
 */
export function purchaseRoute(api: PurchaseApi, providerName: string, campaigns?: CampaignApi) {
	const specific = withPhoneNumber(PURCHASE_FIELD.phoneNumber, (request, digits) => {
		api.buy(request, digits);
		(request as Chosen)[CHOSEN_DIGITS] = digits;
	});
	const search = withSearchQuery(api.firstMatch.search);
	return {
		send: {
			paginate: true,
			preSend: [
				async function (this: IExecuteSingleFunctions, request: IHttpRequestOptions) {
					const mode = this.getNodeParameter(PURCHASE_FIELD.numberToBuy.name, 'specific') as NumberToBuy;
					const chosen = await (mode === 'firstMatch' ? search : specific).call(this, request);
					chooseSettings(this, api, chosen, campaigns);
					return chosen;
				},
			],
		},
		operations: { pagination: purchaseRunner(api, providerName, campaigns) },
	};
}
