import type {
	ICredentialDataDecryptedObject,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

/**
 * The account root every Plivo number endpoint hangs off: {origin}/v1/Account/{auth_id}.
 * A non-empty API Base URL replaces "https://api.plivo.com" (proxy, region, local stand-in).
 * The credential test uses this expression; the node uses plivoApiRoot below, the same rules
 * in plain code (an expression costs too much on every item). Keep the two in step.
 */
export const plivoBaseUrl =
	'={{ (String($credentials.baseUrl || "").trim().replace(/\\/+$/, "") || "https://api.plivo.com") + "/v1/Account/" + encodeURIComponent(String($credentials.authId || "").trim()) }}';

export function plivoApiRoot(credentials: ICredentialDataDecryptedObject): string {
	const origin = String(credentials.baseUrl ?? '').trim().replace(/\/+$/, '') || 'https://api.plivo.com';
	return `${origin}/v1/Account/${encodeURIComponent(String(credentials.authId ?? '').trim())}`;
}

export class PlivoNumbersApi implements ICredentialType {
	name = 'plivoNumbersApi';

	displayName = 'Plivo Numbers API';

	icon: Icon = { light: 'file:../icons/plivo.svg', dark: 'file:../icons/plivo.dark.svg' };

	documentationUrl = 'https://www.plivo.com/docs/getting-started/authentication';

	properties: INodeProperties[] = [
		{
			displayName: 'Auth ID',
			name: 'authId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. MAXXXXXXXXXXXXXXXXXX',
			description: 'The Auth ID shown on the overview page of the Plivo console',
		},
		{
			displayName: 'Auth Token',
			name: 'authToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The Auth Token shown next to the Auth ID in the Plivo console',
		},
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://api.plivo.com',
			description:
				'Advanced: leave empty to use Plivo\'s API. Set it only to send requests through a proxy or to a test server; it replaces "https://api.plivo.com".',
		},
	];

	// HTTP Basic auth_id:auth_token, as a function: no expression to evaluate on every request.
	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => ({
		...requestOptions,
		auth: { username: String(credentials.authId ?? '').trim(), password: String(credentials.authToken ?? '').trim() },
	});

	// Account details: a cheap authenticated GET that every valid Auth ID/Token pair may call.
	test: ICredentialTestRequest = {
		request: {
			baseURL: plivoBaseUrl,
			url: '/',
			method: 'GET',
		},
	};
}
