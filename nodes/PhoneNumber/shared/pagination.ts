import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	IN8nRequestOperationPaginationGeneric,
	INodeExecutionData,
	PostReceiveAction,
	PreSendAction,
} from 'n8n-workflow';
import { invalidField } from './errors';

/**
 * How a list endpoint is paged. The first request's page size comes from Return All / Limit;
 * further pages are fetched by n8n's own generic paginator (declarative `continue` and `request`
 * expressions evaluated against each raw response), so every page goes through the same
 * postReceive steps (error mapping, list extraction, Simplify) as the first.
 */
export interface Paging {
	/** The largest Limit the operation accepts. */
	maxLimit: number;
	/** Query parameters of the first request; `wanted` is undefined for Return All. */
	first(wanted: number | undefined): IDataObject;
	/** Whether n8n's paginator runs (an expression, or false when the endpoint has one page). */
	paginate: string | boolean;
	pagination?: IN8nRequestOperationPaginationGeneric;
}

export const RETURN_ALL_FIELD = 'returnAll';
/** The largest Limit per operation: what SignalWire gives in one answer (search 100, list 1000). */
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

/** An expression where n8n's types expect an object: the paginator resolves it to one. */
function expression(code: string): IDataObject {
	return `={{ ${code} }}` as unknown as IDataObject;
}

/**
 * Pages that link to the next one with a full URL (SignalWire `links.next`). The link's path and
 * query are requested on the configured API address, so the credentials only ever go to the
 * host the credential names (the same host SignalWire links to, unless a proxy is configured).
 */
export function followNextLink(path: string): IN8nRequestOperationPaginationGeneric {
	const next = `$response.body?.${path.split('.').join('?.')}`;
	return {
		type: 'generic',
		properties: {
			continue: `={{ typeof ${next} === "string" && ${next} !== "" }}`,
			request: {
				url: `={{ typeof ${next} === "string" ? ${next}.replace(/^[a-z][a-z0-9+.-]*:\\/\\/[^/]+/i, "") : $request.url }}`,
				qs: expression(`typeof ${next} === "string" ? {} : $request.qs`),
			},
		},
	};
}

/**
 * Limit/offset pages (Plivo): ask for `pageSize` at a time, move the offset on by what the page
 * held, and stop when the answer's `meta.next` is null, or as soon as Limit items have come (the
 * last page asks for exactly the rest, so no request is wasted).
 */
export function offsetPages(pageSize: number, maxLimit: number): Paging {
	const meta = '$response.body.meta';
	const done = `(Number(${meta}.offset) + Number(${meta}.limit))`;
	const rest = `($parameter.${RETURN_ALL_FIELD} ? ${pageSize} : Math.min(${pageSize}, $parameter.${LIMIT_FIELD.name} - ${done}))`;
	return {
		maxLimit,
		first: (wanted) => ({ limit: Math.min(pageSize, wanted ?? pageSize), offset: 0 }),
		paginate: true,
		pagination: {
			type: 'generic',
			properties: {
				continue: `={{ !!$response.body?.meta?.next && ($parameter.${RETURN_ALL_FIELD} || ${done} < $parameter.${LIMIT_FIELD.name}) }}`,
				request: {
					qs: expression(`$response.body?.meta ? Object.assign({}, $request.qs, { offset: ${done}, limit: ${rest} }) : $request.qs`),
				},
			},
		},
	};
}
