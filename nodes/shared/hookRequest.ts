import { NodeOperationError, type IDataObject, type IHookFunctions, type IHttpRequestMethods, type IWebhookFunctions } from 'n8n-workflow';
import { checkedApiRoot, type ProviderAddress } from './address';
import { providerRefusal, type ProviderErrorStyle } from './errors';
import { FORM_HEADERS, type BodyEncoding } from './routing';

/**
 * Requests the Phone Number Trigger's activation hooks send to a provider (outside n8n's
 * declarative routing): to the credential's checked API root, with its authentication, JSON in
 * (or form-encoded fields, `encoding: 'form'`) and JSON out. A refusal reads like the Phone Number node's, plus what the trigger was doing.
 */
export async function hookRequest(
	ctx: IHookFunctions | IWebhookFunctions,
	api: ProviderAddress & ProviderErrorStyle,
	method: IHttpRequestMethods,
	path: string,
	options: { body?: IDataObject; qs?: IDataObject; allow404?: boolean; encoding?: BodyEncoding } = {},
): Promise<IDataObject | undefined> {
	const root = checkedApiRoot(ctx.getNode(), api, await ctx.getCredentials(api.id));
	const response = (await (ctx as IHookFunctions).helpers.httpRequestWithAuthentication.call(ctx as IHookFunctions, api.id, {
		method,
		url: `${root}${path}`,
		qs: options.qs,
		body: options.body,
		json: true,
		headers: { Accept: 'application/json', ...(options.body ? { 'Content-Type': options.encoding === 'form' ? FORM_HEADERS['Content-Type'] : 'application/json' } : {}) },
		ignoreHttpStatusErrors: true,
		returnFullResponse: true,
	})) as { statusCode: number; body: unknown };
	const status = response.statusCode;
	if (status === 404 && options.allow404) return undefined;
	if (status >= 400) {
		// The same words as the Phone Number node's refusals, plus what the trigger was doing.
		const refusal = providerRefusal(ctx.getNode(), api, response, { field: 'Phone Number' });
		if (status !== 401) {
			refusal.description = `The trigger could not set up ${api.name} (${method} ${path}); nothing else was changed. ${refusal.description ?? ''}`.trim();
		}
		throw refusal;
	}
	return response.body && typeof response.body === 'object' ? (response.body as IDataObject) : {};
}

/** The stop when the trigger's number is not in the account. */
export function notInAccount(ctx: IHookFunctions, providerName: string, number: string): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `${number} is not in your ${providerName} account`, {
		description: `Pick one of your ${providerName} numbers in Phone Number.`,
	});
}

/** The given fields of a record, null where it has none. */
export const pickFields = (record: IDataObject, fields: string[]): IDataObject =>
	Object.fromEntries(fields.map((field) => [field, record[field] ?? null]));
