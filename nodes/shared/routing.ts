import type {
	IDataObject,
	IExecuteSingleFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	PreSendAction,
} from 'n8n-workflow';
import { invalidField } from './errors';
import { itemParameter } from './parameters';
import { toDigits } from './phoneNumber';

export const PHONE_NUMBER_EXPECTED =
	'Use the international format: country code and number, 8 to 15 digits, e.g. +14155550100. Spaces, dashes, dots and brackets are fine.';

/**
 * Reads a phone-number field, normalises it to digits (country code first) and lets the
 * provider place it where its API wants it. Bad input stops the item here, before any request.
 */
export function withPhoneNumber(
	field: { name: string; displayName: string },
	place: (request: IHttpRequestOptions, digits: string) => void,
): PreSendAction {
	return async function (this: IExecuteSingleFunctions, request: IHttpRequestOptions) {
		const value = itemParameter(this, field.name);
		let digits: string;
		try {
			digits = toDigits(value);
		} catch (error) {
			throw invalidField(this, field.displayName, value, error, PHONE_NUMBER_EXPECTED);
		}
		place(request, digits);
		return request;
	};
}

/**
 * A `send` value for an optional text filter: added but left empty, it filters nothing, so it is
 * not sent (n8n leaves an undefined query value out). Providers would otherwise filter for "" or
 * refuse the empty value.
 */
export const SEND_UNLESS_EMPTY = '={{ String($value).trim() === "" ? undefined : $value }}';

/** Sets the JSON body, keeping what declarative `send` fields already put there. */
export function mergeBody(request: IHttpRequestOptions, values: IDataObject): void {
	request.body = { ...((request.body as IDataObject | undefined) ?? {}), ...values };
}

/** How a provider wants request bodies: JSON (the default), or form-encoded fields. */
export type BodyEncoding = 'json' | 'form';

/**
 * The headers that make n8n send a body object form-encoded (@n8n/backend-network sends the object
 * with this Content-Type through axios, which encodes each field as `name=value`).
 */
export const FORM_HEADERS = { 'Content-Type': 'application/x-www-form-urlencoded' } as const;

/** The request headers for a body in `encoding`; none for JSON, which n8n sends by default. */
export const bodyHeaders = (encoding: BodyEncoding): IDataObject => (encoding === 'form' ? { ...FORM_HEADERS } : {});

/** Sets form-encoded body fields, keeping what declarative `send` fields already put there. */
export function mergeFormBody(request: IHttpRequestOptions, values: IDataObject): void {
	mergeBody(request, values);
	request.headers = { ...(request.headers ?? {}), ...FORM_HEADERS };
}

/** Ties every output item to the input item it came from, so later nodes can look back. */
export async function pairWithInput(
	this: IExecuteSingleFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const pairedItem = { item: this.getItemIndex() };
	for (const item of items) item.pairedItem = pairedItem;
	return items;
}
