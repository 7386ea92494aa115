import type {
	DeclarativeRestApiSettings,
	IDataObject,
	IExecutePaginationFunctions,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	PostReceiveAction,
	PreSendAction,
} from 'n8n-workflow';
import { invalidField } from './errors';

/**
 * How a list endpoint is paged. The first request's page size comes from Return All / Limit; the
 * route then runs `run` as its request operation, which asks for the further pages through n8n's
 * makeRoutingRequest, so every page goes through the same postReceive steps (error mapping, list
 * extraction, Simplify) as the first, and through the rate-limit retries (shared/rateLimit.ts).
 */
export interface Paging {
	/** The largest Limit the operation accepts. */
	maxLimit: number;
	/** Query parameters of the first request; `wanted` is undefined for Return All. */
	first(wanted: number | undefined): IDataObject;
	/** What a page's answer says about the next pages; none when the endpoint has one page. */
	info?(body: IDataObject): PageInfo;
	/** Fetches the pages after the first; none when the endpoint has one page. */
	run?: PageRunner;
}

export interface PageInfo {
	/** The next page's link, or whether there is one. */
	next?: unknown;
	/** How many entries the whole list has, when the answer says. */
	total?: number;
}

type PageRunner = (this: IExecutePaginationFunctions, requestData: DeclarativeRestApiSettings.ResultOptions) => Promise<INodeExecutionData[]>;

/** A page's items, with what its answer said about the next pages (set by `pageInfo`). */
const PAGE = Symbol('page info');
type Page = INodeExecutionData[] & { [PAGE]?: PageInfo };

/** A postReceive action, the list route's last: keeps the page's paging facts with its items. */
export function pageInfo(info: (body: IDataObject) => PageInfo): PostReceiveAction {
	return async function (items: INodeExecutionData[], response: IN8nHttpFullResponse): Promise<INodeExecutionData[]> {
		const body = (response.body && typeof response.body === 'object' ? response.body : {}) as IDataObject;
		return Object.assign(items, { [PAGE]: info(body) });
	};
}

function infoOf(page: Page): PageInfo {
	const info = page[PAGE];
	if (!info) throw new Error('a list page came back without its paging facts');
	return info;
}

export const RETURN_ALL_FIELD = 'returnAll';
/** The largest Limit per operation (Search Available 100, Get Many 1,000); providers page up to it. */
export const MAX_LIMIT = { search: 100, getAll: 1000 } as const;
export const LIMIT_FIELD = { name: 'limit', displayName: 'Limit' } as const;

/** How many items the user wants: undefined for Return All, else the checked Limit. */
export function wantedCount(ctx: Pick<IExecuteSingleFunctions, 'getNodeParameter'>, maxLimit: number): number | undefined {
	if (ctx.getNodeParameter(RETURN_ALL_FIELD, false)) return undefined;
	const value = ctx.getNodeParameter(LIMIT_FIELD.name, 50);
	const limit = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > maxLimit) {
		throw new RangeError(`it must be a whole number from 1 to ${maxLimit}`);
	}
	return limit;
}

/** A preSend action: checks Return All / Limit and sets the first request's page size. */
export function firstPage(paging: Paging): PreSendAction {
	return async function (this: IExecuteSingleFunctions, request: IHttpRequestOptions) {
		let wanted: number | undefined;
		try {
			wanted = wantedCount(this, paging.maxLimit);
		} catch (error) {
			const value = this.getNodeParameter(LIMIT_FIELD.name, undefined);
			throw invalidField(this, LIMIT_FIELD.displayName, value, (error as Error).message, 'Set a Limit within the range, or turn on Return All.');
		}
		request.qs = { ...(request.qs ?? {}), ...paging.first(wanted) };
		return request;
	};
}

/** A postReceive action: one item per entry of the list at `property` (none if it is missing). */
export function listItems(property: string): PostReceiveAction {
	return async function (items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
		return items.flatMap((item) => {
			const list = (item.json as IDataObject)[property];
			return Array.isArray(list) ? list.map((json) => ({ json: json as IDataObject })) : [];
		});
	};
}

/**
 * The part of a next-page link to request on the API root `baseURL`: the link's path and query,
 * without its scheme and host, and without the root's own path when the link repeats it (links
 * given as paths from the host, e.g. "/v1/Accounts/A1/Numbers?page=2", under a root that has a path,
 * e.g. "https://api.example.com/v1/Accounts/A1").
 */
export function nextLinkPath(link: string, baseURL: string | undefined): string {
	const path = link.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]+/i, '');
	let rootPath = '';
	try {
		rootPath = baseURL ? new URL(baseURL).pathname.replace(/\/+$/, '') : '';
	} catch {
		rootPath = '';
	}
	const rest = path.slice(rootPath.length);
	return rootPath && path.startsWith(rootPath) && /^([/?#]|$)/.test(rest) ? rest : path;
}

/**
 * Pages that link to the next one with a URL (at `path` in the answer, e.g. `links.next`), followed
 * one after the other with Return All. The link's path and query are requested on the configured API
 * address, so the credentials only ever go to the host the credential names (the same host the
 * provider links to, unless a proxy is configured); a link that repeats the API root's own path is
 * requested without it (nextLinkPath).
 */
export function followNextLink(path: string): Pick<Paging, 'info' | 'run'> {
	const nextOf = (body: IDataObject): unknown => path.split('.').reduce<unknown>((value, key) => (value as IDataObject | undefined)?.[key], body);
	return {
		info: (body) => ({ next: nextOf(body) }),
		run: async function (requestData) {
			let page: Page = await this.makeRoutingRequest(requestData);
			const items = [...page];
			if (!this.getNodeParameter(RETURN_ALL_FIELD, false)) return items;
			for (let next = infoOf(page).next; typeof next === 'string' && next !== ''; next = infoOf(page).next) {
				const url = nextLinkPath(next, requestData.options.baseURL);
				page = await this.makeRoutingRequest({ ...requestData, options: { ...requestData.options, url, qs: {} } });
				items.push(...page);
			}
			return items;
		},
	};
}

/** Pages of one list fetched at the same time, at most this many at once. */
export const PAGE_CONCURRENCY = 20;

/** Runs `fetch` for every input, at most `concurrency` at a time; the results keep the inputs' order. */
async function inOrder<T, R>(inputs: T[], concurrency: number, fetch: (input: T) => Promise<R>): Promise<R[]> {
	const results = new Array<R>(inputs.length);
	let next = 0;
	let stopped = false;
	const worker = async () => {
		while (!stopped && next < inputs.length) {
			const index = next++;
			const fetched = fetch(inputs[index]);
			// No new pages once one has failed; Promise.all reports that one.
			fetched.catch(() => (stopped = true));
			results[index] = await fetched;
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, inputs.length) }, worker));
	return results;
}

/**
 * Pages asked for by `limit` and `offset`, `pageSize` at a time; `info` reads a page's answer (is
 * there a next page, how many entries in all). With the total known from the first page, the rest
 * are fetched up to PAGE_CONCURRENCY at a time, in order in the output. With a Limit, only the
 * pages the Limit needs are asked for, the last one for exactly the rest. Without a total in the
 * answer, pages are followed one by one until `info` says there is no next one.
 */
export function offsetPages(pageSize: number, maxLimit: number, info: (body: IDataObject) => PageInfo): Paging {
	return {
		maxLimit,
		first: (wanted) => ({ limit: Math.min(pageSize, wanted ?? pageSize), offset: 0 }),
		info,
		run: async function (requestData) {
			const wanted = wantedCount(this, maxLimit) ?? Infinity;
			const pageAt = async (offset: number): Promise<Page> => {
				const qs = { ...requestData.options.qs, offset, limit: Math.min(pageSize, wanted - offset) };
				return await this.makeRoutingRequest({ ...requestData, options: { ...requestData.options, qs } });
			};
			const first: Page = await this.makeRoutingRequest(requestData);
			const { total } = infoOf(first);
			if (total === undefined) {
				const items = [...first];
				for (let page = first, offset = pageSize; infoOf(page).next && offset < wanted; offset += pageSize) {
					page = await pageAt(offset);
					items.push(...page);
				}
				return items;
			}
			const offsets: number[] = [];
			for (let offset = pageSize; offset < Math.min(total, wanted); offset += pageSize) offsets.push(offset);
			if (!infoOf(first).next) offsets.length = 0;
			const rest = await inOrder(offsets, PAGE_CONCURRENCY, pageAt);
			return [...first, ...rest.flat()];
		},
	};
}

/**
 * Pages asked for by number (1, 2, 3…) and size, with the query parameter names the provider uses
 * (e.g. `page[number]`, `page[size]`), `pageSize` at most per page. With the total known from the
 * first page, the pages the Limit (or Return All) needs are fetched up to PAGE_CONCURRENCY at a
 * time, in order in the output, and the output stops at the Limit. Without a total, pages are
 * followed one by one while `info` says there is a next one.
 */
export function numberedPages(params: { number: string; size: string }, pageSize: number, maxLimit: number, info: (body: IDataObject) => PageInfo): Paging {
	return {
		maxLimit,
		first: (wanted) => ({ [params.number]: 1, [params.size]: Math.min(pageSize, wanted ?? pageSize) }),
		info,
		run: async function (requestData) {
			const wanted = wantedCount(this, maxLimit) ?? Infinity;
			const size = Number(requestData.options.qs?.[params.size] ?? pageSize);
			const pageAt = async (page: number): Promise<Page> => {
				const qs = { ...requestData.options.qs, [params.number]: page, [params.size]: size };
				return await this.makeRoutingRequest({ ...requestData, options: { ...requestData.options, qs } });
			};
			const first: Page = await this.makeRoutingRequest(requestData);
			const items = [...first];
			const { total } = infoOf(first);
			if (total === undefined) {
				for (let page = first, number = 2; infoOf(page).next && items.length < wanted; number++) {
					page = await pageAt(number);
					items.push(...page);
				}
			} else if (infoOf(first).next) {
				const pages: number[] = [];
				for (let number = 2; (number - 1) * size < Math.min(total, wanted); number++) pages.push(number);
				items.push(...(await inOrder(pages, PAGE_CONCURRENCY, pageAt)).flat());
			}
			return wanted === Infinity ? items : items.slice(0, wanted);
		},
	};
}
