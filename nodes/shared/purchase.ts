import {
	NodeApiError,
	NodeOperationError,
	type DeclarativeRestApiSettings,
	type IDataObject,
	type IExecutePaginationFunctions,
	type IExecuteSingleFunctions,
	type IHttpRequestOptions,
	type INodeExecutionData,
} from 'n8n-workflow';
import { toDigits } from './phoneNumber';
import { mergeBody, withPhoneNumber } from './routing';
import { withSearchQuery, type SearchQueryBuilder } from './search';
import { checkSettings, settingsToSend, withoutEmptySettings, type NumberSettings } from './settings';

/** How one provider buys a number and finds one it already owns. */
export interface PurchaseApi {
	/** Places the number (digits, country code first) in the purchase request. */
	buy(request: IHttpRequestOptions, digits: string): void;
	/** The request that finds this number among the account's own numbers. */
	lookup(digits: string): Pick<IHttpRequestOptions, 'method' | 'url' | 'qs'>;
	/** The owned record in the lookup's answer, or undefined when the number is not owned. */
	owned(body: IDataObject, digits: string): IDataObject | undefined;
	/** Whether a purchase answer says the number still awaits verification documents. */
	pending(body: IDataObject): boolean;
	/** How "buy the first available number matching a search" finds that number. */
	firstMatch: {
		/** The provider's search query builder (the same one Search Available uses). */
		search: SearchQueryBuilder;
		/** The search request for one result, given the search's query string. */
		request(qs: IDataObject): Pick<IHttpRequestOptions, 'method' | 'url' | 'qs'>;
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
		/** The one update request for the bought number, from its record; undefined if the record does not say. */
		update(record: IDataObject, digits: string): Pick<IHttpRequestOptions, 'method' | 'url'> | undefined;
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
	/** purchased: bought now; pending: bought, awaiting documents; alreadyOwned: was in the account. */
	status: 'purchased' | 'pending' | 'alreadyOwned';
	number: string;
}

/**
 * What the node adds to a purchase item when Then Configure has settings. A failed update never
 * hides the number that was bought: the item is still the purchase, with this saying so.
 */
export interface ConfigureSummary extends IDataObject {
	/** configured: applied; notConfigured: bought, but the settings were not applied; skipped: nothing was bought. */
	status: 'configured' | 'notConfigured' | 'skipped';
	/** The Then Configure settings, as sent (names are the provider's). */
	settings: IDataObject;
	/** notConfigured: the provider's words (the shared error mapping's text); skipped: why. */
	message?: string;
	httpCode?: string | null;
	/** How to apply the settings now. */
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
export function purchaseRunner(api: PurchaseApi, providerName: string) {
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
		/** The item of a number in the account: the record, the purchase summary and, with Then Configure, its outcome. */
		// Simplify (e.g. for an AI agent): what was bought and what happened, not the provider's whole answer.
		const simplify = this.getNodeParameter(PURCHASE_FIELD.simplify.name, false) === true;
		const finish = async (record: IDataObject, status: PurchaseSummary['status'], digits: string): Promise<IDataObject> => {
			const purchase: PurchaseSummary = { status, number: `+${digits}` };
			const configured = settings ? await configureNumber(this, api, requestData, settings, record, purchase, providerName) : undefined;
			const number = configured?.record ?? record;
			return {
				...(simplify ? api.brief(number, digits) : number),
				purchase,
				...(configured ? { configure: configured.summary } : {}),
			};
		};
		const result = async (record: IDataObject, status: PurchaseSummary['status'], digits: string): Promise<INodeExecutionData[]> => [
			{ json: await finish(record, status, digits), pairedItem: paired },
		];

		// An earlier try of this very item may have bought a number without hearing back.
		const earlier = key === undefined ? undefined : unconfirmed.get(key);
		if (key !== undefined && earlier) {
			const owned = await lookup(earlier);
			unconfirmed.delete(key);
			if (owned) return await result(owned, 'purchased', earlier);
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

		let items: INodeExecutionData[];
		try {
			items = await this.makeRoutingRequest(requestData);
		} catch (error) {
			const lost = answerLost(error);
			if (!lost && !refused(error)) throw asNodeError(this, error);
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
			if (lost) return await result(owned, 'purchased', digits);
			if (ifOwned === 'error') {
				throw new NodeOperationError(this.getNode(), `${number} is already in your ${providerName} account`, {
					description: "Nothing was bought. Set 'If Already Owned' to 'Return Existing' to get the number's record in the output instead.",
					itemIndex: this.getItemIndex(),
				});
			}
			return await result(owned, 'alreadyOwned', digits);
		}
		// Bought: from here on nothing may fail the item, or the purchase would look lost.
		// EXTENSION (asynchronous purchases, e.g. number orders that finish later): a PurchaseApi step
		// that turns this answer into the bought number, polling within a budget, belongs here.
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
	const target = api.configure.update(record, purchase.number.slice(1));
	if (!target) return notConfigured(`${providerName}'s answer to the purchase did not say how to address the number`, null);
	const options = { ...requestData.options, ...target, qs: {}, body: settings.update } as IHttpRequestOptions;
	try {
		const [answer] = await ctx.makeRoutingRequest({ ...requestData, options });
		return { record: api.configure.updated(record, answer?.json ?? {}), summary: { status: 'configured', settings: settings.all } };
	} catch (error) {
		const mapped = asNodeError(ctx, error);
		return notConfigured(mapped.message, (mapped as NodeApiError).httpCode ?? null, mapped.description);
	}
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
	const options = { ...requestData.options, ...api.firstMatch.request(requestData.options.qs ?? {}), body: undefined };
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
interface ChosenSettings {
	all: IDataObject;
	update: IDataObject;
}
type Chosen = IHttpRequestOptions & { [CHOSEN_DIGITS]?: string; [CONFIGURE]?: ChosenSettings };

/**
 * Checks the purchase's own settings (Additional Fields, already in the body) and Then Configure
 * against the provider's limits, before any request. Then Configure settings that the purchase
 * request takes go in it; the rest wait for the one update after the purchase.
 */
function chooseSettings(ctx: IExecuteSingleFunctions, api: PurchaseApi, request: IHttpRequestOptions): void {
	const { settings, inPurchase } = api.configure;
	const additional = withoutEmptySettings((request.body as IDataObject | undefined) ?? {}, settings);
	checkSettings(ctx, PURCHASE_FIELD.additionalFields.displayName, additional, settings);
	// n8n sends no body for an empty one, as when no field was added.
	const body = settingsToSend(additional, settings);
	request.body = body;
	const given = ctx.getNodeParameter(PURCHASE_FIELD.thenConfigure.name, {}) as IDataObject;
	const wanted = given && typeof given === 'object' ? withoutEmptySettings(given, settings) : {};
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
export function purchaseRoute(api: PurchaseApi, providerName: string) {
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
					chooseSettings(this, api, chosen);
					return chosen;
				},
			],
		},
		operations: { pagination: purchaseRunner(api, providerName) },
	};
}
