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
import { withPhoneNumber } from './routing';
import { withSearchQuery, type SearchQueryBuilder } from './search';

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
}

/** The Purchase fields the runner reads. */
export const PURCHASE_FIELD = {
	numberToBuy: { name: 'numberToBuy', displayName: 'Number to Buy' },
	ifAlreadyOwned: { name: 'ifAlreadyOwned', displayName: 'If Already Owned' },
} as const;

export type NumberToBuy = 'specific' | 'firstMatch';

export type IfAlreadyOwned = 'returnExisting' | 'error';

/** What the node adds to every purchase item, the same for both providers, to branch on. */
export interface PurchaseSummary extends IDataObject {
	/** purchased: bought now; pending: bought, awaiting documents; alreadyOwned: was in the account. */
	status: 'purchased' | 'pending' | 'alreadyOwned';
	number: string;
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
 * buying again. The happy path sends exactly one request.
 */
export function purchaseRunner(api: PurchaseApi, providerName: string) {
	return async function (
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		const ifOwned = this.getNodeParameter(PURCHASE_FIELD.ifAlreadyOwned.name, 'returnExisting') as IfAlreadyOwned;
		const key = `${this.getExecutionId()}|${this.getNode().id}|${this.getItemIndex()}`;
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
		const result = (record: IDataObject, status: PurchaseSummary['status'], number: string): INodeExecutionData[] => [
			{ json: { ...record, purchase: { status, number } satisfies PurchaseSummary }, pairedItem: paired },
		];

		// An earlier try of this very item may have bought a number without hearing back.
		const earlier = unconfirmed.get(key);
		if (earlier) {
			const owned = await lookup(earlier);
			unconfirmed.delete(key);
			if (owned) return result(owned, 'purchased', `+${earlier}`);
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

		try {
			const items = await this.makeRoutingRequest(requestData);
			return items.map((item) => ({
				...item,
				json: { ...item.json, purchase: { status: api.pending(item.json) ? 'pending' : 'purchased', number } },
			}));
		} catch (error) {
			const lost = answerLost(error);
			if (!lost && !refused(error)) throw asNodeError(this, error);
			let owned: IDataObject | undefined;
			try {
				owned = await lookup(digits);
			} catch {
				// The refusal itself is the clearer error when the check fails too.
				if (!lost) throw asNodeError(this, error);
				remember(key, digits);
				throw withNote(asNodeError(this, error), `${providerName}'s answer was lost and the number could not be checked: the purchase of ${number} may have gone through. Check your numbers before buying again.`);
			}
			if (!owned) throw asNodeError(this, error);
			if (lost) return result(owned, 'purchased', number);
			if (ifOwned === 'error') {
				throw new NodeOperationError(this.getNode(), `${number} is already in your ${providerName} account`, {
					description: "Nothing was bought. Set 'If Already Owned' to 'Return Existing' to get the number's record in the output instead.",
					itemIndex: this.getItemIndex(),
				});
			}
			return result(owned, 'alreadyOwned', number);
		}
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
type Chosen = IHttpRequestOptions & { [CHOSEN_DIGITS]?: string };

/**
 * The declarative route of Purchase at one provider: the number (or the search) is read and
 * checked before anything is sent, then the runner above carries out the item.
 */
export function purchaseRoute(api: PurchaseApi, providerName: string, numberField: { name: string; displayName: string }) {
	const specific = withPhoneNumber(numberField, (request, digits) => {
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
					return await (mode === 'firstMatch' ? search : specific).call(this, request);
				},
			],
		},
		operations: { pagination: purchaseRunner(api, providerName) },
	};
}
