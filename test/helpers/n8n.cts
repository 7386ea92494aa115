/**
 * Runs the Phone Number node through n8n's own execution engine (n8n-core WorkflowExecute on an
 * n8n-workflow Workflow), the way a real n8n runs a workflow: a start node emits the input items,
 * the node under test routes them declaratively, credentials are applied by a credentials helper
 * that resolves the credential type's `authenticate` block like n8n's CLI does.
 */
import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import { DirectoryLoader, ExecuteContext, ExecutionLifecycleHooks, LoadOptionsContext, RoutingNode, WorkflowExecute } from 'n8n-core';
import {
	createEmptyRunExecutionData,
	ICredentialsHelper,
	NodeConnectionTypes,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type ICredentialType,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeProperties,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IVersionedNodeType,
	type IWorkflowExecuteAdditionalData,
	type IExecuteData,
	type INodeListSearchResult,
} from 'n8n-workflow';
import { PhoneNumber } from '../../nodes/PhoneNumber/PhoneNumber.node';
import { SignalWireApi } from '../../credentials/SignalWireApi.credentials';
import { PlivoNumbersApi } from '../../credentials/PlivoNumbersApi.credentials';
import { TwilioNumbersApi } from '../../credentials/TwilioNumbersApi.credentials';
import { TelnyxApi } from '../../credentials/TelnyxApi.credentials';

/** Obviously fake secrets; the no-secret scans look for these exact strings. */
export const TEST_CREDENTIALS = {
	signalWireApi: {
		spaceUrl: 'example-space',
		projectId: 'sw-test-project',
		apiToken: 'sw-test-token',
		baseUrl: '',
	},
	plivoNumbersApi: {
		authId: 'MATESTACCOUNT0000001',
		authToken: 'plivo-test-token',
		baseUrl: '',
	},
	twilioNumbersApi: {
		accountSid: 'AC00000000000000000000000000000001',
		authType: 'authToken',
		authToken: 'twilio-test-token',
		apiKeySid: '',
		apiKeySecret: '',
		baseUrl: '',
	},
	telnyxNumbersApi: {
		apiKey: 'telnyx-test-key',
		publicKey: '',
		baseUrl: '',
	},
} satisfies Record<string, ICredentialDataDecryptedObject>;

export type CredentialName = keyof typeof TEST_CREDENTIALS;

/** Values of the Phone Number locator (Get, Update, Release), as n8n stores a resourceLocator. */
export const fromList = (value: string) => ({ __rl: true as const, mode: 'list', value });
export const byNumber = (value: string) => ({ __rl: true as const, mode: 'number', value });
export const byId = (value: string) => ({ __rl: true as const, mode: 'id', value });

const credentialTypes: Record<string, ICredentialType> = {
	signalWireApi: new SignalWireApi(),
	plivoNumbersApi: new PlivoNumbersApi(),
	twilioNumbersApi: new TwilioNumbersApi(),
	telnyxNumbersApi: new TelnyxApi(),
};

/** Emits the items given in its `items` parameter: the start of every test workflow. */
class ItemsSource implements INodeType {
	description = {
		displayName: 'Items',
		name: 'itemsSource',
		group: ['input'],
		version: 1,
		description: 'Emits test items',
		defaults: { name: 'Items' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }] as INodeProperties[],
	} as INodeType['description'];

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = JSON.parse(this.getNodeParameter('items', 0) as string) as IDataObject[];
		return [items.map((json, index) => ({ json, pairedItem: { item: index } }))];
	}
}

const phoneNumberNodeType = new PhoneNumber();
// n8n's loader adds the "Request Options" (batching, timeout, proxy) to every declarative node.
DirectoryLoader.applyDeclarativeNodeOptionParameters(phoneNumberNodeType);

const nodeTypeInstances: Record<string, INodeType> = {
	'test.itemsSource': new ItemsSource(),
	'n8n-nodes-phone-numbers.phoneNumber': phoneNumberNodeType,
};

export const nodeTypes: INodeTypes = {
	getByName: (name) => nodeTypeInstances[name] as INodeType | IVersionedNodeType,
	getByNameAndVersion: (name) => nodeTypeInstances[name],
	getKnownTypes: () => ({}),
};

/** Hands out the test credentials and applies `authenticate` the way n8n's CLI helper does. */
export class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly data: Partial<Record<string, ICredentialDataDecryptedObject>>) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = credentialTypes[typeName];
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (typeof authenticate !== 'object' || authenticate.type !== 'generic') return requestOptions;
		if (!workflow || !node) throw new Error('declarative authentication needs workflow and node');
		const resolve = (value: string) =>
			String(workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '') ?? '');
		const target = requestOptions as unknown as Record<string, Record<string, string>>;
		for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
			target[outerKey] ??= {};
			for (const [key, value] of Object.entries(outerValue as Record<string, string>)) {
				target[outerKey][resolve(key)] = resolve(value);
			}
		}
		return requestOptions;
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used by these tests');
	}

	async getDecrypted(_additionalData: unknown, _nodeCredentials: unknown, type: string) {
		const data = this.data[type];
		if (!data) throw new Error(`no test credentials of type ${type}`);
		return { ...data };
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return credentialTypes[type].properties;
	}
}

let executions = 0;

export function additionalData(
	credentials: Partial<Record<string, ICredentialDataDecryptedObject>>,
	hooks?: ExecutionLifecycleHooks,
	executionId = `test-execution-${++executions}`,
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: new TestCredentialsHelper(credentials),
		hooks,
		executeWorkflow: async () => {
			throw new Error('not used');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		executionId,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678',
		formBaseUrl: 'http://localhost:5678/form',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		formTestBaseUrl: 'http://localhost:5678/form-test',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		mcpBaseUrl: 'http://localhost:5678/mcp',
		mcpTestBaseUrl: 'http://localhost:5678/mcp-test',
		variables: {},
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('not used');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

export interface RunOptions {
	/** The Phone Number node's parameters. */
	parameters: INodeParameters;
	/** Input items; one item `{}` by default. */
	items?: IDataObject[];
	/** Which credential the node uses (must match parameters.authentication). */
	credential?: CredentialName;
	/** Overrides of the test credential's fields, e.g. { baseUrl: 'http://127.0.0.1:1234' }. */
	credentialData?: ICredentialDataDecryptedObject;
	continueOnFail?: boolean;
	retryOnFail?: { maxTries: number; waitBetweenTries: number };
	/** The execution's ID; '' runs it as n8n does when it has none. A new one per run by default. */
	executionId?: string;
}

export interface RunResult {
	/** The node's output items (json, and error for continue-on-fail items). */
	items: INodeExecutionData[];
	/** The error that stopped the node, if it stopped. */
	error?: Error & { description?: string; httpCode?: string; context?: IDataObject };
	run: IRun;
	/** What n8n logged during the run. */
	logs: string;
}

export const NODE_NAME = 'Phone Number';

/** Runs [Items] -> [Phone Number] with WorkflowExecute and returns the Phone Number node's result. */
export async function runPhoneNumberNode(options: RunOptions): Promise<RunResult> {
	const credential = options.credential ?? ((options.parameters.authentication as CredentialName) || 'signalWireApi');
	const nodes: INode[] = [
		{
			id: 'items',
			name: 'Items',
			type: 'test.itemsSource',
			typeVersion: 1,
			position: [0, 0],
			parameters: { items: JSON.stringify(options.items ?? [{}]) },
		},
		{
			id: 'phone-number',
			name: NODE_NAME,
			type: 'n8n-nodes-phone-numbers.phoneNumber',
			typeVersion: 1,
			position: [200, 0],
			parameters: options.parameters,
			credentials: { [credential]: { id: '1', name: 'Test credential' } },
			continueOnFail: options.continueOnFail,
			...(options.retryOnFail
				? { retryOnFail: true, maxTries: options.retryOnFail.maxTries, waitBetweenTries: options.retryOnFail.waitBetweenTries }
				: {}),
		},
	];
	const workflow = new Workflow({
		id: 'test',
		name: 'test',
		nodes,
		connections: { Items: { main: [[{ node: NODE_NAME, type: NodeConnectionTypes.Main, index: 0 }]] } },
		active: false,
		nodeTypes,
		settings: { executionOrder: 'v1' },
	});
	const executionId = options.executionId ?? `test-execution-${++executions}`;
	const hooks = new ExecutionLifecycleHooks('manual', executionId, {
		id: 'test',
		name: 'test',
		nodes,
		connections: {},
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as never);
	const data = additionalData({ [credential]: { ...TEST_CREDENTIALS[credential], ...options.credentialData } }, hooks, executionId);
	const logs = captureLogs();
	let run: IRun;
	try {
		run = await new WorkflowExecute(data, 'manual').run({ workflow, startNode: workflow.getNode('Items')!, destinationNode: { nodeName: NODE_NAME, mode: 'inclusive' } });
	} finally {
		await logs.stop();
	}
	const task = run.data.resultData.runData[NODE_NAME]?.[0];
	const result: RunResult = {
		items: task?.data?.main?.[0] ?? [],
		error: (task?.error ?? run.data.resultData.error) as RunResult['error'],
		run,
		logs: logs.text(),
	};
	assertNoSecrets(result, { ...TEST_CREDENTIALS[credential], ...options.credentialData });
	return result;
}

/** Everything n8n has logged in this jest worker (see setup.cts). */
export function logText(): string {
	const file = process.env.N8N_LOG_FILE_LOCATION;
	return file && existsSync(file) ? readFileSync(file, 'utf8') : '';
}

/**
 * n8n's log since `from`, once it says `text`: winston writes on later ticks, and later still on a
 * busy machine, so this waits for the line rather than a fixed time (what is there after
 * `timeoutMs` otherwise, for the assertion to show).
 */
export async function logOnceItSays(text: string, from: number, timeoutMs = 20_000): Promise<string> {
	for (const deadline = Date.now() + timeoutMs; Date.now() < deadline && !logText().slice(from).includes(text); ) {
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	return logText().slice(from);
}

/** What n8n logs while a workflow runs. */
function captureLogs() {
	const from = logText().length;
	let text = '';
	return {
		// winston writes to its file on later ticks, through libuv's thread pool, so a busy machine
		// delays the lines: wait until the file stops growing (at most half a second).
		stop: async () => {
			for (let tick = 0; tick < 5; tick++) await new Promise((resolve) => setImmediate(resolve));
			let size = logText().length;
			for (const deadline = Date.now() + 500; Date.now() < deadline; ) {
				await new Promise((resolve) => setTimeout(resolve, 10));
				const now = logText().length;
				if (now === size) break;
				size = now;
			}
			text = logText().slice(from);
		},
		text: () => text,
	};
}

/**
 * Every run in the suite is scanned: no secret may appear in any output item, error (message,
 * description, cause, context, stack) or log line, nor the Basic auth header built from it. Identifiers that
 * are also usernames (Project ID, Auth ID, Account SID, API Key SID) may appear in what the provider
 * returned, but never in an error.
 */
export function assertNoSecrets(result: RunResult, credentials: ICredentialDataDecryptedObject): void {
	const tokens = [credentials.apiToken, credentials.authToken, credentials.apiKeySecret, credentials.apiKey].filter((v): v is string => typeof v === 'string' && v.length > 3);
	const usernames = [credentials.projectId, credentials.authId, credentials.accountSid, credentials.apiKeySid].filter((v): v is string => typeof v === 'string' && v.length > 3);
	const basic = usernames.flatMap((user) => tokens.map((token) => Buffer.from(`${user}:${token}`).toString('base64')));
	const errors = [result.error, ...result.items.map((item) => item.error)].filter(Boolean);
	// Log lines count as errors here: n8n logs every node error.
	const errorText = [...errors.map((error) => describeFully(error)), result.logs].join('\n');
	const itemText = JSON.stringify(result.items.map((item) => item.json));
	for (const secret of [...tokens, ...basic]) {
		if (itemText.includes(secret) || errorText.includes(secret)) throw new Error(`a credential secret leaked into the node's output or errors: ${secret}`);
	}
	for (const user of usernames) {
		if (errorText.includes(user)) throw new Error(`a credential identifier leaked into an error: ${user}`);
	}
}

/** Everything an error carries that n8n may show or store: own fields, cause chain, stack. */
function describeFully(error: unknown, depth = 0): string {
	if (!error || typeof error !== 'object' || depth > 4) return String(error);
	const record = error as Record<string, unknown>;
	const parts = [String(record.message ?? ''), String(record.description ?? ''), String(record.stack ?? '')];
	try {
		parts.push(JSON.stringify(error));
	} catch {
		parts.push('[unserialisable]');
	}
	for (const key of Object.getOwnPropertyNames(error)) {
		const value = record[key];
		if (value && typeof value === 'object') parts.push(describeFully(value, depth + 1));
		else if (typeof value === 'string') parts.push(value);
	}
	return parts.join('\n');
}

/** Runs a credential type's `test` request the way n8n's credential tester does (RoutingNode). */
export async function testCredential(
	type: CredentialName,
	data: ICredentialDataDecryptedObject,
): Promise<{ status: 'OK' | 'Error'; message: string }> {
	const credentialType = credentialTypes[type];
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: 'test.credentialTest',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [type]: { id: '1', name: 'Test credential' } },
	};
	const testNodeType: INodeType = {
		description: {
			displayName: 'Temp',
			name: 'test.credentialTest',
			group: ['input'],
			version: 1,
			description: '',
			defaults: {},
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			credentials: [{ name: type, required: true }],
			properties: [
				{ displayName: 'Temp', name: 'temp', type: 'string', default: '', routing: { request: credentialType.test!.request } },
			],
		},
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: { ...nodeTypes, getByNameAndVersion: () => testNodeType, getByName: () => testNodeType },
	});
	const executeData: IExecuteData = { node, data: {}, source: null };
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData({ [type]: data }),
		'internal',
		createEmptyRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		executeData,
		[],
	);
	const routingNode = new RoutingNode(context, testNodeType, { id: '1', name: 'Test credential', type, data });
	try {
		await routingNode.runNode();
		return { status: 'OK', message: 'Connection tested successfully' };
	} catch (error) {
		const cause = (error as { cause?: { response?: { status: number; statusText?: string }; code?: string } }).cause;
		if (cause?.response) {
			return { status: 'Error', message: cause.response.statusText || `Received HTTP status code: ${cause.response.status}` };
		}
		return { status: 'Error', message: cause?.code ?? (error as Error).message };
	}
}

export interface ListSearchOptions {
	/** The node's current parameters, as the editor sends them (authentication picks the provider). */
	parameters: INodeParameters;
	/** The listSearch method named by the locator's mode (searchListMethod). */
	method: string;
	filter?: string;
	paginationToken?: string;
	credential?: CredentialName;
	credentialData?: ICredentialDataDecryptedObject;
}

/**
 * Calls a listSearch method the way n8n's editor backend does (DynamicNodeParametersService in
 * n8n's CLI): a temporary workflow holding one "Temp-Node" with the current parameters and the
 * credential, a LoadOptionsContext on it, then method.call(context, filter, paginationToken).
 * The result, or the error, is scanned for secrets like a run's.
 */
export async function runListSearch(options: ListSearchOptions): Promise<{ result?: INodeListSearchResult; error?: RunResult['error'] }> {
	const credential = options.credential ?? ((options.parameters.authentication as CredentialName) || 'signalWireApi');
	const data = { ...TEST_CREDENTIALS[credential], ...options.credentialData };
	const node: INode = {
		parameters: options.parameters,
		id: 'uuid-1234',
		name: 'Temp-Node',
		type: 'n8n-nodes-phone-numbers.phoneNumber',
		typeVersion: 1,
		position: [0, 0],
		credentials: { [credential]: { id: '1', name: 'Test credential' } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const context = new LoadOptionsContext(workflow, workflow.nodes['Temp-Node'], additionalData({ [credential]: data }), 'parameters.ownedNumber');
	const method = (nodeTypes.getByName(node.type) as INodeType).methods?.listSearch?.[options.method];
	if (!method) throw new Error(`the node has no listSearch method "${options.method}"`);
	const logs = captureLogs();
	let outcome: { result?: INodeListSearchResult; error?: RunResult['error'] };
	try {
		outcome = { result: await method.call(context, options.filter, options.paginationToken) };
	} catch (error) {
		outcome = { error: error as RunResult['error'] };
	} finally {
		await logs.stop();
	}
	assertNoSecrets({ items: outcome.result ? [{ json: outcome.result as unknown as IDataObject }] : [], error: outcome.error, run: undefined as never, logs: logs.text() }, data);
	return outcome;
}
