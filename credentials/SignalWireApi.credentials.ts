import type {
	ICredentialDataDecryptedObject,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

/**
 * The REST root of a SignalWire space. Users paste the space in many forms ("example",
 * "example.signalwire.com", "https://example.signalwire.com/"), so the host is rebuilt from its
 * first label. A non-empty API Base URL replaces the whole origin (proxy, region, local stand-in).
 * The credential test uses this expression; the node uses signalWireApiRoot below, the same
 * rules in plain code (an expression costs too much on every item). Keep the two in step.
 */
export const signalWireBaseUrl =
	'={{ String($credentials.baseUrl || "").trim().replace(/\\/+$/, "") || "https://" + String($credentials.spaceUrl || "").trim().replace(/^[a-z]+:\\/\\//i, "").replace(/[\\/?#].*$/, "").replace(/\\.signalwire\\.com$/i, "") + ".signalwire.com" }}';

export function signalWireApiRoot(credentials: ICredentialDataDecryptedObject): string {
	const override = String(credentials.baseUrl ?? '').trim().replace(/\/+$/, '');
	if (override) return override;
	const space = String(credentials.spaceUrl ?? '')
		.trim()
		.replace(/^[a-z]+:\/\//i, '')
		.replace(/[/?#].*$/, '')
		.replace(/\.signalwire\.com$/i, '');
	return `https://${space}.signalwire.com`;
}

export class SignalWireApi implements ICredentialType {
	name = 'signalWireApi';

	displayName = 'SignalWire API';

	icon: Icon = { light: 'file:../icons/signalwire.svg', dark: 'file:../icons/signalwire.dark.svg' };

	documentationUrl = 'https://developer.signalwire.com/platform/dashboard/get-started/navigating-your-space';

	properties: INodeProperties[] = [
		{
			displayName: 'Space URL',
			name: 'spaceUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. example.signalwire.com',
			description:
				'Your SignalWire space, as shown in the dashboard under API. "example", "example.signalwire.com" and "https://example.signalwire.com" all work.',
		},
		{
			displayName: 'Project ID',
			name: 'projectId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. a1b2c3d4-0000-0000-0000-000000000000',
			description: 'The Project ID shown on the API page of your SignalWire space',
		},
		{
			displayName: 'API Token',
			name: 'apiToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'An API token of the project (starts with "PT"). It needs the "Numbers" scope to search for, buy and manage numbers.',
		},
		{
			displayName: 'Signing Key',
			name: 'signingSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Needed only by the Phone Number Trigger, to check that each request comes from SignalWire. Find it on the API page of your SignalWire space, under "Signing Key".',
		},
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://example.signalwire.com',
			description:
				'Advanced: leave empty to use your space. Set it only to send requests through a proxy or to a test server; it replaces "https://your-space.signalwire.com".',
		},
	];

	// HTTP Basic project_id:api_token. A function rather than a generic block: n8n would evaluate
	// the block's two expressions on every request, which the benchmark showed to be costly.
	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => ({
		...requestOptions,
		auth: { username: String(credentials.projectId ?? '').trim(), password: String(credentials.apiToken ?? '').trim() },
	});

	// The cheapest authenticated call that needs the same "Numbers" scope the node needs.
	test: ICredentialTestRequest = {
		request: {
			baseURL: signalWireBaseUrl,
			url: '/api/relay/rest/phone_numbers',
			method: 'GET',
			qs: { page_size: 1 },
		},
	};
}
