import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteSingleFunctions,
	type IN8nHttpFullResponse,
	type INode,
	type INodeExecutionData,
	type JsonObject,
	type PostReceiveAction,
} from 'n8n-workflow';
import { InvalidPhoneNumber } from './phoneNumber';

/** What a provider module tells the shared error mapping about itself. */
export interface ProviderErrorStyle {
	/** The provider's name: how the user knows which service answered. */
	name: string;
	/** The provider's own words from an error body, or undefined when the body has none. */
	errorText(body: unknown): string | undefined;
	/** What to check when the provider refuses the credentials. */
	credentialHint: string;
	/**
	 * More the provider's error body says that helps (e.g. its documentation link for the error, or
	 * what a known refusal means), added to the refusal's description after the status hint;
	 * undefined when nothing.
	 */
	errorHelp?(body: unknown, status: number): string | undefined;
	/**
	 * The error body as the error keeps it (n8n shows it with the error's details), when the
	 * provider echoes something there that errors never show (e.g. the account's ID in a path).
	 */
	errorDetails?(body: unknown): unknown;
}

/**
 * How to get unstuck after a refusal, by HTTP status. `field` is the field the request came from
 * (e.g. 'Phone Number'), when the operation has one.
 */
function statusHint(status: number, style: ProviderErrorStyle, field?: string): string {
	const check = field ? `Check '${field}'.` : 'Check the fields named in the message.';
	if (status === 401) return style.credentialHint;
	if (status === 403) return `The credentials are valid but not allowed to do this. Check the permissions of your ${style.name} account.`;
	if (status === 404) return `${style.name} does not know this number or resource. ${check}`;
	if (status === 405) return `${style.name} does not allow this operation here.`;
	if (status >= 500) {
		return `${style.name} could not handle the request on its side. Try again later; if this was a purchase, check the numbers you own before buying again.`;
	}
	if (status === 422) return `${style.name} refused the values sent. ${check}`;
	return `${style.name} could not accept the request as sent. ${check}`;
}

/**
 * The error for a provider's 4xx/5xx answer: what happened in the provider's own words, with the
 * HTTP status (also as httpCode); the description says how to get unstuck. Formats:
 * "<Provider> refused the request (HTTP 422): <words>" (4xx) and
 * "<Provider> could not complete the request (HTTP 500): <words>" (5xx).
 */
export function providerRefusal(
	node: INode,
	style: ProviderErrorStyle,
	answer: { statusCode: number; body: unknown; headers?: IDataObject },
	context: { field?: string; itemIndex?: number } = {},
): NodeApiError {
	const status = answer.statusCode;
	const words = style.errorText(answer.body) ?? 'no explanation given';
	const what = status >= 500 ? 'could not complete the request' : 'refused the request';
	const help = style.errorHelp?.(answer.body, status);
	return new NodeApiError(node, toJsonObject(style.errorDetails ? style.errorDetails(answer.body) : answer.body), {
		message: `${style.name} ${what} (HTTP ${status}): ${words}`,
		description: help ? `${statusHint(status, style, context.field)} ${help}` : statusHint(status, style, context.field),
		httpCode: String(status),
		...(context.itemIndex === undefined ? {} : { itemIndex: context.itemIndex }),
	});
}

/** The field a refused request came from, by operation, for the description of the refusal. */
function fieldOf(ctx: IExecuteSingleFunctions, status: number): string | undefined {
	const operation = ctx.getNodeParameter('operation', '') as string;
	if (operation === 'search' || operation === 'getAll') return 'Filters';
	if (operation === 'update' && status !== 404) return 'Update Fields';
	// The campaign operations (shared/campaign.ts CAMPAIGN_OPERATIONS): what a refusal is about is the campaign, or the number in it.
	if (['addToCampaign', 'getCampaignStatus', 'removeFromCampaign'].includes(operation)) return 'Messaging Campaign';
	if (operation === 'purchase' && ctx.getNodeParameter('numberToBuy', 'specific') === 'firstMatch') return undefined;
	return operation ? 'Phone Number' : undefined;
}

/**
 * A postReceive action for the provider's responses: requests are sent with
 * ignoreHttpStatusErrors, so a 4xx/5xx arrives here and is turned into an error that carries the
 * provider's own words and the HTTP status (n8n's default would say only "Bad request").
 */
export function providerErrors(style: ProviderErrorStyle): PostReceiveAction {
	return async function (
		this: IExecuteSingleFunctions,
		items: INodeExecutionData[],
		response: IN8nHttpFullResponse,
	): Promise<INodeExecutionData[]> {
		const status = response.statusCode;
		if (status >= 400) {
			throw providerRefusal(this.getNode(), style, response, { field: fieldOf(this, status), itemIndex: this.getItemIndex() });
		}
		// A success must carry a JSON object or list (only 204 has no body). Anything else would
		// become a meaningless string item, so it is reported, in words, as an unreadable answer.
		if (status !== 204 && (typeof response.body !== 'object' || response.body === null)) {
			const body = typeof response.body === 'string' ? response.body.trim() : '';
			throw new NodeApiError(this.getNode(), { body: clip(body, 200) }, {
				message: `${style.name} answered HTTP ${status} ${body ? 'with a body that is not JSON' : 'with an empty body'}`,
				description: `The request may have been carried out even so. Check your ${style.name} account before trying again.`,
				httpCode: String(status),
				itemIndex: this.getItemIndex(),
			});
		}
		return items;
	};
}

/** Retry-After is either seconds or an HTTP date; returns whole seconds, or undefined (429s: shared/rateLimit.ts). */
export function retryAfterSeconds(header: unknown, now = Date.now()): number | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const text = String(value).trim();
	if (/^\d+$/.test(text)) return Number(text);
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}


/**
 * Field-level input errors, thrown before any request is sent. The message names the field and
 * the value (clipped: it may be a long expression result) and says why; the description says
 * what form is expected.
 */
export function invalidField(
	ctx: IExecuteSingleFunctions,
	field: string,
	value: unknown,
	error: unknown,
	expected: string,
): NodeOperationError {
	const reason = error instanceof InvalidPhoneNumber ? error.message : String(error);
	const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	const message = text
		? `The "${field}" value "${clip(text, 40)}" is not valid: ${reason}`
		: `The "${field}" field is not valid: ${reason}`;
	return new NodeOperationError(ctx.getNode(), message, {
		description: expected,
		itemIndex: ctx.getItemIndex(),
	});
}

/** Text from a JSON error body: `{error: "..."}`, `{message: "..."}` or `{errors: [{detail}]}`. */
export function commonErrorText(body: unknown): string | undefined {
	if (typeof body === 'string') return body.trim() ? clip(body.trim()) : undefined;
	if (!body || typeof body !== 'object') return undefined;
	const record = body as Record<string, unknown>;
	if (Array.isArray(record.errors)) {
		const texts = record.errors
			.map((entry) => {
				if (!entry || typeof entry !== 'object') return typeof entry === 'string' ? entry : undefined;
				const e = entry as Record<string, unknown>;
				return [e.detail, e.title, e.message].find((t) => typeof t === 'string' && t) as string | undefined;
			})
			.filter((t): t is string => !!t);
		if (texts.length) return clip(texts.join('; '));
	}
	for (const key of ['error', 'message', 'detail']) {
		const value = record[key];
		if (typeof value === 'string' && value.trim()) return clip(value.trim());
		if (value && typeof value === 'object') {
			const nested = commonErrorText(value);
			if (nested) return nested;
		}
	}
	return undefined;
}

function clip(text: string, max = 500): string {
	return text.length > max ? `${text.slice(0, max)}…` : text;
}

function toJsonObject(body: unknown): JsonObject {
	if (body && typeof body === 'object' && !Array.isArray(body)) return body as JsonObject;
	return { body: typeof body === 'string' ? clip(body) : (body as JsonObject[keyof JsonObject]) ?? null };
}
