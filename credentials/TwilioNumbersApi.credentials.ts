import type {
	ICredentialDataDecryptedObject,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

/**
 * The account root every Twilio number endpoint hangs off: {origin}/2010-04-01/Accounts/{AccountSid}.
 * A non-empty API Base URL replaces "https://api.twilio.com" (proxy, edge location, local stand-in).
 * The credential test uses the expressions below; the node uses twilioApiRoot, the same rules in
 * plain code (an expression costs too much on every item). Keep them in step.
 */
export const twilioOrigin = '={{ String($credentials.baseUrl || "").trim().replace(/\\/+$/, "") || "https://api.twilio.com" }}';
export const twilioNumbersPath = '=/2010-04-01/Accounts/{{ encodeURIComponent(String($credentials.accountSid || "").trim()) }}/IncomingPhoneNumbers.json';

export function twilioApiRoot(credentials: ICredentialDataDecryptedObject): string {
	const origin = String(credentials.baseUrl ?? '').trim().replace(/\/+$/, '') || 'https://api.twilio.com';
	return `${origin}/2010-04-01/Accounts/${encodeURIComponent(String(credentials.accountSid ?? '').trim())}`;
}

/** Twilio's two ways to sign in (its spec's `accountSid_authToken`): the Auth Token, or an API key with its secret. */
export function twilioLogin(credentials: ICredentialDataDecryptedObject): { username: string; password: string } {
	const text = (value: unknown) => String(value ?? '').trim();
	if (credentials.authType === 'apiKey') return { username: text(credentials.apiKeySid), password: text(credentials.apiKeySecret) };
	return { username: text(credentials.accountSid), password: text(credentials.authToken) };
}

export class TwilioNumbersApi implements ICredentialType {
	// Not "twilioApi": n8n ships a credential of that name for its own Twilio node.
	name = 'twilioNumbersApi';

	displayName = 'Twilio Numbers API';

	icon: Icon = { light: 'file:../icons/twilio.svg', dark: 'file:../icons/twilio.dark.svg' };

	documentationUrl = 'https://www.twilio.com/docs/iam/api-keys';

	properties: INodeProperties[] = [
		{
			displayName: 'Account SID',
			name: 'accountSid',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
			description: 'The Account SID shown on the dashboard of the Twilio Console (starts with "AC")',
		},
		{
			displayName: 'Sign In With',
			name: 'authType',
			type: 'options',
			default: 'authToken',
			options: [
				{ name: 'Auth Token', value: 'authToken', description: "The account's Auth Token" },
				{ name: 'API Key', value: 'apiKey', description: 'An API key SID and its secret (Twilio Console → Account → API keys)' },
			],
		},
		{
			displayName: 'Auth Token',
			name: 'authToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'The Auth Token shown next to the Account SID in the Twilio Console. Needed to sign in with "Auth Token", and always by the Phone Number Trigger: Twilio signs every webhook with the Auth Token, and the trigger checks each request with it.',
		},
		{
			displayName: 'API Key SID',
			name: 'apiKeySid',
			type: 'string',
			default: '',
			placeholder: 'e.g. SKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
			description: 'The SID of a Standard or Main API key of this account (starts with "SK")',
			displayOptions: { show: { authType: ['apiKey'] } },
		},
		{
			displayName: 'API Key Secret',
			name: 'apiKeySecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'The secret Twilio showed once, when the API key was created',
			displayOptions: { show: { authType: ['apiKey'] } },
		},
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://api.twilio.com',
			description:
				'Advanced: leave empty to use Twilio\'s API. Set it only to send requests through a proxy or to a test server; it replaces "https://api.twilio.com", and "https://messaging.twilio.com" for messaging campaigns (both APIs go to this address, told apart by their paths).',
		},
	];

	// HTTP Basic, as a function: no expression to evaluate on every request.
	authenticate = async (
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> => ({ ...requestOptions, auth: twilioLogin(credentials) });

	// Lists one of the account's numbers: the cheapest call that needs the access the node needs.
	// Not the account itself (GET …/Accounts/{Sid}.json): Twilio lets only Main API keys read
	// Account resources, so a Standard key, which the node works with, would fail the test.
	test: ICredentialTestRequest = {
		request: {
			baseURL: twilioOrigin,
			url: twilioNumbersPath,
			method: 'GET',
			qs: { PageSize: 1 },
		},
	};
}
