import {
	NodeOperationError,
	type DeclarativeRestApiSettings,
	type IDataObject,
	type IExecutePaginationFunctions,
	type IExecuteSingleFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type INodeExecutionData,
	type PostReceiveAction,
	type PreSendAction,
} from 'n8n-workflow';
import { CAMPAIGN_OPERATIONS } from './campaign';
import { invalidField } from './errors';
import { toDigits } from './phoneNumber';
import { PHONE_NUMBER_EXPECTED } from './routing';

/** The Phone Number locator (a resourceLocator) that names one owned number in Get, Update, Release and the campaign operations. */
export const OWNED_FIELD = { name: 'ownedNumber', displayName: 'Phone Number' } as const;
export const OWNED_OPERATIONS = ['get', 'update', 'release', ...CAMPAIGN_OPERATIONS] as const;

/** The locator's modes: picked from the list, typed as a number, or typed as the provider's ID of it. */
export const OWNED_MODE = { list: 'list', number: 'number', id: 'id' } as const;

/** How a provider addresses one number in its account. */
export interface OwnedNumberApi {
	providerName: string;
	/** The path of an owned number: from its ID, or from its digits when the provider has no IDs. */
	path(key: string): string;
	/** What the locator's By ID takes at this provider, in a few words (e.g. "the number's ID"). */
	idMeaning: string;
	/** For providers that address numbers by an ID of their own: how to find it from the number. */
	lookup?: OwnedNumberLookup;
	/** The property of an answer about one number that holds its record (e.g. "data"); none: the answer is the record. */
	record?: string;
	/**
	 * Settings the provider changes at another endpoint of the number (e.g. its messaging settings):
	 * Update sends them there, one request more per group given, and the rest as usual.
	 */
	elsewhere?: ReadonlyArray<{ fields: readonly string[]; method: IHttpRequestMethods; path(key: string): string }>;
}

/** How a provider that addresses numbers by its own ID finds that ID from a number. */
export interface OwnedNumberLookup {
	/** What the provider's IDs look like, e.g. a UUID; a list value of this form is an ID. */
	idPattern: RegExp;
	/** An example ID, for messages. */
	idExample: string;
	/** The ID as the provider's paths take it, from what the user typed (trimmed, matching idPattern). */
	canonicalId(text: string): string;
	request(digits: string): Pick<IHttpRequestOptions, 'method' | 'url' | 'qs'>;
	/** The record of exactly this number in the lookup's answer, or undefined. */
	match(body: IDataObject, digits: string): IDataObject | undefined;
	key(record: IDataObject): string;
}

export type OwnedTarget = { by: 'id'; id: string } | { by: 'number'; digits: string };

/** The mode and value of the locator; a plain value (e.g. set by an AI agent) is a number. */
function locatorValue(raw: unknown): { mode: string; value: unknown } {
	if (raw && typeof raw === 'object' && 'mode' in raw && 'value' in raw) {
		const { mode, value } = raw as { mode: unknown; value: unknown };
		return { mode: String(mode), value };
	}
	return { mode: OWNED_MODE.number, value: raw };
}

/**
 * Reads which number the item is about; bad input stops the item before any request. From List
 * gives the provider's ID of the number or, at a provider without IDs, the number; an expression in
 * that mode may give either. Where a number's ID is its digits, By ID reads a number.
 */
export function readTarget(ctx: IExecuteSingleFunctions, api: OwnedNumberApi): OwnedTarget {
	const { mode, value } = locatorValue(ctx.getNodeParameter(OWNED_FIELD.name, ''));
	const text = typeof value === 'string' ? value.trim() : '';
	const { lookup } = api;
	if (lookup && (mode === OWNED_MODE.id || (mode === OWNED_MODE.list && lookup.idPattern.test(text)))) {
		if (!lookup.idPattern.test(text)) {
			const reason = text === '' ? 'it is empty' : /^\+?[\d\s\-.()]+$/.test(text) ? 'it looks like a phone number, not an ID' : 'it is not an ID';
			throw invalidField(ctx, `${OWNED_FIELD.displayName} (By ID)`, value, reason, `Use the number's ${api.providerName} ID, e.g. ${lookup.idExample}, or choose the number From List or By Number.`);
		}
		return { by: 'id', id: lookup.canonicalId(text) };
	}
	try {
		return { by: 'number', digits: toDigits(value) };
	} catch (error) {
		const expected = mode === OWNED_MODE.list ? `Pick a number from the list, or choose By Number and type it. ${PHONE_NUMBER_EXPECTED}` : PHONE_NUMBER_EXPECTED;
		throw invalidField(ctx, OWNED_FIELD.displayName, value, error, expected);
	}
}

/**
 * A preSend action: checks the number or ID and points the request at it. A number at a provider
 * that addresses numbers by ID becomes the lookup request when `lookupAnswers` (Get: the lookup's
 * answer is the result); otherwise ownedNumberRunner sends the lookup first.
 */
/** The target the preSend step read, handed to ownedNumberRunner with the request: the field (often an expression) is read once. */
const TARGET = Symbol('owned number target');
type Targeted = IHttpRequestOptions & { [TARGET]?: OwnedTarget };

export function toOwnedNumber(api: OwnedNumberApi, lookupAnswers = false): PreSendAction {
	return async function (this: IExecuteSingleFunctions, request: IHttpRequestOptions) {
		const target = readTarget(this, api);
		(request as Targeted)[TARGET] = target;
		if (target.by === 'id') request.url = api.path(target.id);
		else if (!api.lookup) request.url = api.path(target.digits);
		else if (lookupAnswers) Object.assign(request, api.lookup.request(target.digits));
		return request;
	};
}

function notOwned(ctx: IExecuteSingleFunctions, api: OwnedNumberApi, digits: string): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `+${digits} is not in your ${api.providerName} account`, {
		description: `${api.providerName} has no number equal to +${digits} among yours. Check the number, or list your numbers with Get Many.`,
		itemIndex: ctx.getItemIndex(),
	});
}

/** A postReceive action for Get: from a lookup's answer, the record of exactly that number. */
export function pickOwned(api: OwnedNumberApi): PostReceiveAction {
	return async function (this: IExecuteSingleFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
		const target = readTarget(this, api);
		if (target.by === 'id' || !api.lookup) return items.map((item) => ({ ...item, json: recordOf(api, item.json) }));
		const record = items[0] ? api.lookup.match(items[0].json, target.digits) : undefined;
		if (!record) throw notOwned(this, api, target.digits);
		return [{ json: record }];
	};
}

/** The record in an answer about one number (see OwnedNumberApi.record). */
export function recordOf(api: Pick<OwnedNumberApi, 'record'>, body: IDataObject): IDataObject {
	const record = api.record ? body[api.record] : body;
	return record && typeof record === 'object' && !Array.isArray(record) ? (record as IDataObject) : body;
}

/**
 * What Release outputs: `deleted: true`, the confirmation n8n's UX guidelines ask of a deletion,
 * and which number is gone. `number` is null when released by the provider's ID.
 */
export interface ReleasedNumber extends IDataObject {
	deleted: true;
	provider: string;
	id: string;
	number: string | null;
	released: true;
}

/**
 * Runs one Update or Release item (hooked in as the route's request operation, so it may send two
 * requests): when the provider needs an ID and the item gives a number, one GET finds the ID
 * first; then the update or release itself is sent. `release` shapes the confirmation item.
 */
export function ownedNumberRunner(api: OwnedNumberApi, release?: { provider: string }) {
	return async function (
		this: IExecutePaginationFunctions,
		requestData: DeclarativeRestApiSettings.ResultOptions,
	): Promise<INodeExecutionData[]> {
		const target = (requestData.options as Targeted)[TARGET] ?? readTarget(this, api);
		let key = target.by === 'id' ? target.id : target.digits;
		let number = target.by === 'number' ? `+${target.digits}` : null;
		if (target.by === 'number' && api.lookup) {
			const options = { ...requestData.options, ...api.lookup.request(target.digits), body: undefined };
			const [page] = await this.makeRoutingRequest({ ...requestData, options });
			const record = page ? api.lookup.match(page.json, target.digits) : undefined;
			if (!record) throw notOwned(this, api, target.digits);
			key = api.lookup.key(record);
			number = typeof record.number === 'string' ? record.number : number;
			requestData.options.url = api.path(key);
		}
		const paired = { item: this.getItemIndex() };
		if (!release && api.elsewhere) return [{ json: await updateInParts(this, api, requestData, key), pairedItem: paired }];
		const items = await this.makeRoutingRequest(requestData);
		if (!release) return items.map((item) => ({ ...item, json: recordOf(api, item.json), pairedItem: paired }));
		const json: ReleasedNumber = { deleted: true, provider: release.provider, id: key, number, released: true };
		return [{ json, pairedItem: paired }];
	};
}

/**
 * An update whose settings live at more than one endpoint of the number: each group of
 * `elsewhere` settings given goes to its endpoint, the rest to the number itself (not sent when
 * nothing is left). The item is the number's updated record, with what the other endpoints
 * answered for their own settings.
 */
async function updateInParts(
	ctx: IExecutePaginationFunctions,
	api: OwnedNumberApi,
	requestData: DeclarativeRestApiSettings.ResultOptions,
	key: string,
): Promise<IDataObject> {
	const rest = { ...((requestData.options.body as IDataObject | undefined) ?? {}) };
	const parts: Array<{ fields: readonly string[]; options: DeclarativeRestApiSettings.ResultOptions['options'] }> = [];
	for (const group of api.elsewhere ?? []) {
		const body = Object.fromEntries(group.fields.filter((field) => field in rest).map((field) => [field, rest[field]]));
		if (Object.keys(body).length === 0) continue;
		for (const field of group.fields) delete rest[field];
		parts.push({ fields: group.fields, options: { ...requestData.options, method: group.method, url: group.path(key), body } });
	}
	let record: IDataObject | undefined;
	if (Object.keys(rest).length > 0 || parts.length === 0) {
		const [item] = await ctx.makeRoutingRequest({ ...requestData, options: { ...requestData.options, body: rest } });
		record = item ? recordOf(api, item.json) : {};
	}
	for (const part of parts) {
		const [item] = await ctx.makeRoutingRequest({ ...requestData, options: part.options });
		const answered = item ? recordOf(api, item.json) : {};
		record = record ? { ...record, ...Object.fromEntries(part.fields.filter((field) => field in answered).map((field) => [field, answered[field]])) } : answered;
	}
	return record ?? {};
}
