/**
 * Runs the Phone Number Trigger through n8n-core's own contexts, the way n8n's server does:
 * activation and deactivation call the node's webhookMethods with a HookContext (checkExists, then
 * create; delete), and every request that reaches the webhook server below is handed to the node's
 * webhook() in a WebhookContext. Provider calls go over HTTP to the stand-in (test/sandbox).
 *
 * The webhook server is a small loopback HTTP server that gives the node what n8n's express app
 * gives it (raw body, original URL, headers; status/type/send on the response) and records each
 * webhook() result: `workflowData` is what n8n would start an execution with.
 */
import 'reflect-metadata';
import * as http from 'node:http';
import { HookContext, WebhookContext } from 'n8n-core';
import {
	Workflow,
	type ICredentialDataDecryptedObject,
	type INode,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IWebhookData,
	type IWebhookResponseData,
	type WorkflowActivateMode,
} from 'n8n-workflow';
import { PhoneNumberTrigger } from '../../nodes/PhoneNumberTrigger/PhoneNumberTrigger.node';
import { additionalData, TEST_CREDENTIALS, type CredentialName } from './n8n.cts';

const { assertLoopbackOnly } = require('./loopback') as { assertLoopbackOnly(pid: number, label: string): void };

export const TRIGGER_TYPE = 'n8n-nodes-phone-numbers.phoneNumberTrigger';
export const WEBHOOK_ID = '5b0c7d3e-0000-4000-8000-00000000a11e';

const triggerType = new PhoneNumberTrigger();
const nodeTypes: INodeTypes = {
	getByName: () => triggerType as INodeType,
	getByNameAndVersion: () => triggerType as INodeType,
	getKnownTypes: () => ({}),
};

/** What the stand-in's simulateInbound answers (test/sandbox/server.js): what it sent, and what the webhook answered. */
export interface Inbound {
	/** The URL the number points at (the one signed). */
	url: string;
	status: number;
	body: string;
	headers: Record<string, string>;
	/** The form fields sent. */
	payload: Record<string, string>;
	/** The request's own headers (signature included), to send the very same request again. */
	requestHeaders: Record<string, string>;
}

/** What one request to the webhook got back, and what n8n would have run. */
export interface WebhookCall {
	path: string;
	status: number;
	contentType: string | undefined;
	body: string;
	result?: IWebhookResponseData;
	error?: Error;
}

interface FakeResponse {
	statusCode: number;
	contentType?: string;
	body?: string;
	sent: boolean;
}

export class TriggerHarness {
	readonly workflow: Workflow;
	readonly node: INode;
	readonly calls: WebhookCall[] = [];
	/**
	 * As n8n 1.x (and 2.x before summer 2026): a WebhookContext without getWebhookResourceUrl, whose
	 * getNodeWebhookUrl names the production URL whatever endpoint the request came through.
	 */
	olderN8n = false;
	private server?: http.Server;
	private baseUrl = '';

	constructor(
		readonly credential: CredentialName,
		parameters: INodeParameters,
		private readonly credentialData: ICredentialDataDecryptedObject,
	) {
		this.node = {
			id: 'trigger',
			name: 'Phone Number Trigger',
			type: TRIGGER_TYPE,
			typeVersion: 1,
			position: [0, 0],
			webhookId: WEBHOOK_ID,
			parameters: { authentication: credential, ...parameters },
			credentials: { [credential]: { id: '1', name: 'Test credential' } },
		};
		this.workflow = new Workflow({
			id: 'trigger-workflow',
			name: 'trigger',
			nodes: [this.node],
			connections: {},
			active: true,
			nodeTypes,
			staticData: {},
			settings: { executionOrder: 'v1' },
		});
	}

	/** Starts the loopback webhook server (n8n's /webhook and /webhook-test). */
	async listen(): Promise<string> {
		this.server = http.createServer((req, res) => void this.serve(req, res));
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		assertLoopbackOnly(process.pid, 'trigger webhook server');
		this.baseUrl = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
		return this.baseUrl;
	}

	async close(): Promise<void> {
		if (!this.server) return;
		this.server.closeAllConnections();
		await new Promise((resolve) => this.server!.close(resolve));
	}

	url(isTest = false): string {
		return `${this.baseUrl}/${isTest ? 'webhook-test' : 'webhook'}/${WEBHOOK_ID}/phone-number`;
	}

	private data(extra: Record<string, unknown> = {}) {
		const credentials = { [this.credential]: { ...TEST_CREDENTIALS[this.credential], ...this.credentialData } };
		return {
			...additionalData(credentials),
			webhookBaseUrl: `${this.baseUrl}/webhook`,
			webhookTestBaseUrl: `${this.baseUrl}/webhook-test`,
			...extra,
		} as never;
	}

	private webhookData(isTest: boolean): IWebhookData {
		const [webhookDescription] = triggerType.description.webhooks!;
		return {
			httpMethod: 'POST',
			node: this.node.name,
			path: `${WEBHOOK_ID}/phone-number`,
			webhookDescription,
			workflowId: this.workflow.id,
			workflowExecuteAdditionalData: this.data(),
			webhookId: WEBHOOK_ID,
			isTest,
		};
	}

	private hook(isTest: boolean, activation: WorkflowActivateMode = 'activate'): HookContext {
		return new HookContext(this.workflow, this.node, this.data(), isTest ? 'manual' : 'trigger', activation, this.webhookData(isTest));
	}

	/** What n8n does on activation (or "Listen for test event"): checkExists, then create if needed. */
	async activate(isTest = false): Promise<{ existed: boolean }> {
		const methods = triggerType.webhookMethods.default;
		const existed = await methods.checkExists.call(this.hook(isTest));
		if (!existed) await methods.create.call(this.hook(isTest));
		return { existed };
	}

	/** What n8n does on deactivation (or when a test listen ends). */
	async deactivate(isTest = false): Promise<boolean> {
		return await triggerType.webhookMethods.default.delete.call(this.hook(isTest, 'update' as WorkflowActivateMode));
	}

	/** The node's static data; `activation` is what the trigger remembers between activation and deactivation. */
	get staticData(): { activation?: Record<string, any> } {
		return this.workflow.getStaticData('node', this.node) as { activation?: Record<string, any> };
	}

	/** Calls with workflowData: each would start one execution. */
	get executions(): WebhookCall[] {
		return this.calls.filter((call) => call.result?.workflowData);
	}

	private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const rawBody = Buffer.concat(chunks);
		const path = (req.url ?? '').split('?')[0];
		const isTest = path.startsWith('/webhook-test/');
		const fake: FakeResponse = { statusCode: 200, sent: false };
		const response = {
			status(code: number) {
				fake.statusCode = code;
				return response;
			},
			type(type: string) {
				fake.contentType = type;
				return response;
			},
			send(body: string) {
				fake.body = body;
				fake.sent = true;
				return response;
			},
			end() {
				return response;
			},
		};
		const request = Object.assign(req, {
			rawBody,
			originalUrl: req.url ?? '',
			body: {},
			query: {},
			header: (name: string) => req.headers[name.toLowerCase()],
		});
		const call: WebhookCall = { path, status: 0, contentType: undefined, body: '' };
		try {
			const context = new WebhookContext(
				this.workflow,
				this.node,
				this.data({ httpRequest: request, httpResponse: response }),
				isTest ? 'manual' : 'webhook',
				this.webhookData(isTest),
				[],
				null,
			);
			if (this.olderN8n) Object.defineProperty(context, 'getWebhookResourceUrl', { value: undefined });
			call.result = await triggerType.webhook.call(context);
		} catch (error) {
			call.error = error as Error;
			fake.statusCode = 500;
			fake.body = (error as Error).message;
			fake.sent = true;
		}
		// n8n answers for the node when it did not (a Respond to Webhook node would, later).
		call.status = fake.sent ? fake.statusCode : 200;
		call.contentType = fake.contentType;
		call.body = fake.body ?? '';
		this.calls.push(call);
		res.writeHead(call.status, fake.contentType ? { 'content-type': fake.contentType } : {});
		res.end(call.body);
	}
}

