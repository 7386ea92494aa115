import type {
	ICredentialDataDecryptedObject,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

/**
 * The root of Telnyx's API v2: {origin}/v2. A non-empty API Base URL replaces
 * "https://api.telnyx.com" (proxy, local stand-in). The credential test uses this expression; the
 * node uses telnyxApiRoot below, the same rules in plain code (an expression costs too much on
 * every item). Keep the two in step.
 */
export const telnyxBaseUrl = '={{ (String($credentials.baseUrl || "").trim().replace(/\\/+$/, "") || "https://api.telnyx.com") + "/v2" }}';

export function telnyxApiRoot(credentials: ICredentialDataDecryptedObject): string {
	const origin = String(credentials.baseUrl ?? '').trim().replace(/\/+$/, '') || 'https://api.telnyx.com';
	return `${origin}/v2`;
}

export class TelnyxApi implements ICredentialType {
	// Not "telnyxApi": a name n8n could give a credential of its own one day.
	name = 'telnyxNumbersApi';

	displayName = 'Telnyx API';

	icon: Icon = { light: 'file:../icons/telnyx.svg', dark: 'file:../icons/telnyx.dark.svg' };

	documentationUrl = 'https://developers.telnyx.com/docs/overview/authentication';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'e.g. KEY0123…',
			description: 'An API key of your Telnyx account (Mission Control Portal → Account Settings → Keys & Credentials → API Keys). It is sent as a Bearer token.',
		},
		{
			displayName: 'Public Key',
			name: 'publicKey',
			type: 'string',
			default: '',
			placeholder: 'e.g. 3v4bJ…= (base64)',
			description:
				'Needed only by the Phone Number Trigger, to check that each request comes from Telnyx (Telnyx signs its webhooks with Ed25519). Find it in the Mission Control Portal → Account Settings → Keys & Credentials → Public Key.',
		},
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://api.telnyx.com',
			description:
				'Advanced: leave empty to talk to Telnyx. Set it only to send requests through a proxy or to a test server; it replaces "https://api.telnyx.com" (the node adds /v2).',
		},
	];

	// A Bearer token. A function rather than a generic block: n8n would evaluate the block's
	// expression on every request.
	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => ({
		...requestOptions,
		headers: { ...(requestOptions.headers ?? {}), Authorization: `Bearer ${String(credentials.apiKey ?? '').trim()}` },
	});

	// The cheapest authenticated call that needs the same number permissions the node needs.
	test: ICredentialTestRequest = {
		request: {
			baseURL: telnyxBaseUrl,
			url: '/phone_numbers',
			method: 'GET',
			qs: { 'page[size]': 1 },
		},
	};
}
