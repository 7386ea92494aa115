import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodePropertyRouting,
	PreSendAction,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { ownedNumberRunner, pickOwned, toOwnedNumber, type OwnedNumberApi } from './owned';
import { firstPage, listItems, pageInfo, type Paging } from './pagination';
import { bodyHeaders, pairWithInput, type BodyEncoding } from './routing';
import { SEARCH_FIELD, withSearchQuery, type SearchCriteria, type SearchQueryBuilder } from './search';
import { checkSettings, settingsToSend, type NumberSettings } from './settings';
import { simplifyItems, type SimpleNumber } from './simplify';

/**
 * Route builders for the lifecycle operations. Each provider module fills in its paths, list
 * property, paging and mapping; the order of steps is the same at every provider.
 */

type Simplify = (this: IExecuteSingleFunctions, raw: IDataObject) => SimpleNumber;

/** Search Available and Get Many: one item per listed number, over as many pages as needed. */
export function listRoute(list: { url: string; property: string; paging: Paging; query?: PreSendAction; simplify: Simplify }): INodePropertyRouting {
	const { info, run } = list.paging;
	return {
		request: { method: 'GET', url: list.url },
		send: { preSend: [...(list.query ? [list.query] : []), firstPage(list.paging)] },
		output: { postReceive: [listItems(list.property), simplifyItems(list.simplify), pairWithInput, ...(info ? [pageInfo(info)] : [])] },
		...(run ? { operations: { pagination: run } } : {}),
	};
}

/** Search Available: the provider builds the query from the search fields and maps each result. */
export function searchRoute(
	list: { url: string; property: string; paging: Paging },
	search: SearchQueryBuilder & { simplify(raw: IDataObject, criteria: Pick<SearchCriteria, 'numberType'>): SimpleNumber },
): INodePropertyRouting {
	return listRoute({
		...list,
		query: withSearchQuery(search),
		simplify(raw) {
			const numberType = this.getNodeParameter(SEARCH_FIELD.numberType.name, 'local') as SearchCriteria['numberType'];
			return search.simplify(raw, { numberType });
		},
	});
}

/** Get: one owned number, by ID or by number. */
export function getRoute(api: OwnedNumberApi, simplify: Simplify): INodePropertyRouting {
	return {
		request: { method: 'GET' },
		send: { preSend: [toOwnedNumber(api, true)] },
		output: { postReceive: [pickOwned(api), simplifyItems(simplify), pairWithInput] },
	};
}

export const UPDATE_FIELDS = { name: 'updateFields', displayName: 'Update Fields' } as const;

/**
 * Update with nothing to change would still be a request that changes nothing: refuse it. The
 * settings (already in the body through each field's own `send` routing) are checked against the
 * provider's limits before any request.
 */
function checkUpdateFields(settings: NumberSettings): PreSendAction {
	return async function (this: IExecuteSingleFunctions, request: IHttpRequestOptions) {
		const fields = this.getNodeParameter(UPDATE_FIELDS.name, {}) as IDataObject;
		if (!fields || Object.keys(fields).length === 0) {
			throw new NodeOperationError(this.getNode(), `The "${UPDATE_FIELDS.displayName}" field is empty: there is nothing to update`, {
				description: 'Add at least one field under Update Fields, e.g. Name or what happens when the number is called.',
				itemIndex: this.getItemIndex(),
			});
		}
		const body = (request.body as IDataObject | undefined) ?? {};
		checkSettings(this, UPDATE_FIELDS.displayName, body, settings);
		request.body = settingsToSend(body, settings);
		return request;
	};
}

/** Update: the changed settings go in the body (JSON, or form-encoded) through each field's own `send` routing. */
export function updateRoute(api: OwnedNumberApi, method: 'PUT' | 'POST' | 'PATCH', settings: NumberSettings, encoding: BodyEncoding = 'json'): INodePropertyRouting {
	const headers = bodyHeaders(encoding);
	return {
		request: { method, ...(Object.keys(headers).length ? { headers } : {}) },
		send: { paginate: true, preSend: [toOwnedNumber(api), checkUpdateFields(settings)] },
		operations: { pagination: ownedNumberRunner(api) },
	};
}

/** Release: DELETE, then one item saying which number was released. */
export function releaseRoute(api: OwnedNumberApi, provider: SimpleNumber['provider']): INodePropertyRouting {
	return {
		request: { method: 'DELETE' },
		send: { paginate: true, preSend: [toOwnedNumber(api)] },
		operations: { pagination: ownedNumberRunner(api, { provider }) },
	};
}
