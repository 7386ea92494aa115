import {
	NodeApiError,
	type IDataObject,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type INodeListSearchResult,
} from 'n8n-workflow';
import { checkedApiRoot, type ProviderAddress } from './address';
import { providerRefusal, type ProviderErrorStyle } from './errors';
import { rateText, retryOn429, secondsText, WaitBudget, type Attempt, type WaitCause } from './rateLimit';

/** Numbers per page of the list: a screenful in n8n's list, and a page every provider gives in one request. */
export const LIST_PAGE_SIZE = 20;

/**
 * How long in total the list waits for a provider that answers 429, in ms: someone is waiting for
 * the dropdown, so much less than an operation's Max Wait on Rate Limit (300 s by default).
 */
export const LIST_MAX_RATE_LIMIT_WAIT_MS = 30_000;

export type PageRequest = Pick<IHttpRequestOptions, 'method' | 'url' | 'qs'>;
type FullResponse = { statusCode: number; body: unknown; headers?: IDataObject };

/** What the user typed into the list's search box: part of a number, or text (a name). */
export type TypedFilter = { number: string } | { text: string } | undefined;

/**
 * How a provider lists the account's own numbers for the Phone Number list, one page at a time
 * (each provider module has one, providers/<provider>/search.ts).
 */
export interface OwnedNumberList {
	/** The request for a page of the numbers matching what the user typed: the first, or the one a token from `page` points at. */
	request(typed: TypedFilter, pageSize: number, paginationToken: string | undefined): PageRequest;
	/** The numbers of one page (E.164, name or alias, the value the locator needs), and the next page's token. */
	page(body: IDataObject): { numbers: Array<{ number: string; name: string | null; value: string }>; next?: string };
}

const SEPARATORS = /[\s\-.()/\u00a0]/g;

/** "+1 (415)" is part of a number ("+1415"); anything with other characters is a name. */
export function typedFilter(filter: string | undefined): TypedFilter {
	const text = (filter ?? '').trim();
	if (text === '') return undefined;
	const compact = text.replace(SEPARATORS, '');
	if (/^\+?\d+$/.test(compact)) return { number: compact };
	return compact === '+' ? undefined : { text };
}

/**
 * One page of the Phone Number list (the listSearch method of the Phone Number locator, and of any
 * node that picks one of the account's numbers): the numbers matching what the user typed, filtered
 * and paged at the provider, through the provider's own paths and credential.
 */
export async function listOwnedNumbers(
	this: ILoadOptionsFunctions,
	provider: ProviderAddress & ProviderErrorStyle & { ownedList: OwnedNumberList },
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const send = await listSender(this, provider, { field: 'Phone Number', otherwise: "enter the number 'By Number'" });
	const list = provider.ownedList;
	const { numbers, next } = list.page(await send(list.request(typedFilter(filter), LIST_PAGE_SIZE, paginationToken || undefined)));
	return {
		results: numbers.map(({ number, name, value }) => ({ name: name ? `${number} (${name})` : number, value })),
		...(next ? { paginationToken: next } : {}),
	};
}

/**
 * Requests of a list in the editor (From List), through the provider's own credential and API
 * root: each resolves to the answer's JSON body. A 429 is retried like any operation's request,
 * sharing the account's pace (shared/rateLimit.ts), all of one list's requests within
 * LIST_MAX_RATE_LIMIT_WAIT_MS; a refusal is worded as the provider's, naming `list.field`, and a
 * list stopped by 429s (or by the node's own pace) says what to do `otherwise` meanwhile.
 */
export async function listSender(
	ctx: ILoadOptionsFunctions,
	provider: ProviderAddress & ProviderErrorStyle,
	list: { field: string; otherwise: string },
): Promise<(request: PageRequest) => Promise<IDataObject>> {
	const baseURL = checkedApiRoot(ctx.getNode(), provider, await ctx.getCredentials(provider.id));
	const budget = new WaitBudget(LIST_MAX_RATE_LIMIT_WAIT_MS, undefined, (spent, nextMs, cause) => listRateLimited(ctx, provider.name, list.otherwise, spent, nextMs, cause));
	return async (request) => {
		const response = await retryOn429(baseURL, budget, async (): Promise<Attempt<FullResponse>> => {
			// A fresh request each time: n8n adds the credential's authentication to the object it is given.
			const answer = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, provider.id, {
				...request,
				baseURL,
				headers: { Accept: 'application/json' },
				json: true,
				ignoreHttpStatusErrors: true,
				returnFullResponse: true,
			})) as FullResponse;
			return answer.statusCode === 429 ? { retryAfter: answer.headers?.['retry-after'] } : { done: answer };
		});
		if (response.statusCode >= 400) throw providerRefusal(ctx.getNode(), provider, response, { field: list.field });
		return response.body && typeof response.body === 'object' ? (response.body as IDataObject) : {};
	};
}

/**
 * The stop once the list would wait longer than LIST_MAX_RATE_LIMIT_WAIT_MS; `nextMs` is what the
 * provider still asks, or how long the node's own pace would still hold the request.
 */
function listRateLimited(ctx: ILoadOptionsFunctions, providerName: string, otherwise: string, budget: WaitBudget, nextMs: number, cause: WaitCause): NodeApiError {
	const again = secondsText(Math.max(1000, Math.ceil(nextMs / 1000) * 1000));
	const waited = `The list waited ${Math.round(budget.waitedMs() / 1000)} of at most ${budget.limitMs / 1000} seconds`;
	const meanwhile = `Nothing was changed at ${providerName}. Open the list again in ${again}, or ${otherwise} meanwhile.`;
	if (cause.by === 'pace') {
		return new NodeApiError(ctx.getNode(), {}, {
			message: `The node is pacing its requests to ${providerName}: try again in ${again}`,
			description:
				`${providerName} last answered "too many requests" (HTTP 429) ${secondsText(cause.limitedAgoMs)} ago; since then the node sends the account's requests ` +
				`at most ${rateText(cause.rate)} per second (shared by every execution in this n8n process), and the list's turn would come too late. ${waited}. ${meanwhile}`,
		});
	}
	return new NodeApiError(ctx.getNode(), {}, {
		message: `${providerName} is limiting requests (HTTP 429): try again in ${again}`,
		description: `${waited} for ${providerName} to accept requests again. ${meanwhile}`,
		httpCode: '429',
	});
}
