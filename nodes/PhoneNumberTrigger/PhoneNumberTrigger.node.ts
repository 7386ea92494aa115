import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import { PROVIDER_NAMES, providerById, providerCredentials, providerNameExpression, providers, searchOwnedNumbers, triggerProviderSelector } from '../providers';
import type { MessageReply, Provider, Target } from '../providers/types';
import { checkDelivery, deliveryClock } from '../shared/deliveries';
import { EMPTY_ANSWER, type EventKind, type PhoneEvent } from '../shared/events';
import { hookRequest } from '../shared/hookRequest';
import { InvalidPhoneNumber, toDigits } from '../shared/phoneNumber';
import { PHONE_NUMBER_EXPECTED } from '../shared/routing';
import { calledUrlFromProduction, type SignedRequest } from '../shared/signatures';
import { orList } from '../shared/text';
import { activate, deactivate, isActive } from './activation';

/** The number: typed (By Number), or picked From List (the provider's ID of it, or the number where the provider has no IDs). */
function readNumber(ctx: IHookFunctions, provider: Provider): Target['number'] {
	const locator = ctx.getNodeParameter('phoneNumber', {}) as { mode?: string; value?: unknown };
	const value = typeof locator === 'object' && locator !== null ? locator.value : locator;
	const lookup = provider.owned.lookup;
	if (lookup && locator.mode === 'list' && typeof value === 'string' && lookup.idPattern.test(value.trim())) return { id: lookup.canonicalId(value.trim()) };
	try {
		return { digits: toDigits(value) };
	} catch (error) {
		const reason = error instanceof InvalidPhoneNumber ? error.message : String(error);
		throw new NodeOperationError(ctx.getNode(), `The "Phone Number" value "${String(value)}" is not valid: ${reason}`, {
			description: PHONE_NUMBER_EXPECTED,
		});
	}
}

function readTarget(ctx: IHookFunctions, provider: Provider): Target {
	const events = ctx.getNodeParameter('events', []) as EventKind[];
	if (!events.length) {
		throw new NodeOperationError(ctx.getNode(), 'No event is chosen in "Trigger On"', {
			description: 'Choose Message Received, Call Received, or both.',
		});
	}
	const webhookUrl = ctx.getNodeWebhookUrl('default');
	if (!webhookUrl) throw new NodeOperationError(ctx.getNode(), 'n8n did not give this trigger a webhook URL');
	return { number: readNumber(ctx, provider), events, webhookUrl };
}

/** The chosen provider. */
const chosenProvider = (ctx: IHookFunctions | IWebhookFunctions) => providerById(ctx.getNodeParameter('authentication') as string);

/** The secret the provider signs with; activation stops here, before any change, when it is missing. */
async function signingSecret(ctx: IHookFunctions | IWebhookFunctions, provider: Provider): Promise<string> {
	const credentials = await ctx.getCredentials(provider.id);
	return String(credentials[provider.trigger.signingSecret.field] ?? '').trim();
}

/** A reply sent through the provider's API. A failure does not stop the workflow: n8n's log says what happened. */
async function sendReply(ctx: IWebhookFunctions, provider: Provider, request: Exclude<MessageReply, string>['request']): Promise<void> {
	try {
		await hookRequest(ctx, provider, request.method, request.path, { body: request.body });
	} catch (error) {
		ctx.logger.warn(`Phone Number Trigger "${ctx.getNode().name}" could not send the reply through ${provider.name}: ${(error as Error).message}`);
	}
}

const secondsSince = (ms: number) => Math.round((deliveryClock.now() - ms) / 1000);

export class PhoneNumberTrigger implements INodeType {
	methods = { listSearch: { searchOwnedNumbers } };

	description: INodeTypeDescription = {
		displayName: 'Phone Number Trigger',
		name: 'phoneNumberTrigger',
		icon: { light: 'file:../../icons/phone-number.svg', dark: 'file:../../icons/phone-number.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: `={{ (${providerNameExpression}) + ": " + $parameter["events"].join(", ") }}`,
		description: `Starts the workflow when a message or a call reaches one of your ${PROVIDER_NAMES} numbers`,
		defaults: { name: 'Phone Number Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: providerCredentials(),
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// Calls wait for the workflow only when the user asks for it: for a Respond to Webhook
				// node, or for the last node's `xml` field. Otherwise webhook() answers at once.
				responseMode:
					'={{ $parameter["callAnswer"] === "respondToWebhook" ? "responseNode" : $parameter["callAnswer"] === "lastNode" ? "lastNode" : "onReceived" }}',
				responseData: 'firstEntryJson',
				responsePropertyName: 'xml',
				responseContentType: 'application/xml',
				path: 'phone-number',
			},
		],
		properties: [
			triggerProviderSelector,
			{
				displayName: 'Phone Number',
				name: 'phoneNumber',
				type: 'resourceLocator',
				default: { mode: 'list', value: '' },
				required: true,
				description: 'The number of yours that starts the workflow',
				modes: [
					{
						displayName: 'From List',
						name: 'list',
						type: 'list',
						typeOptions: { searchListMethod: 'searchOwnedNumbers', searchable: true },
					},
					{
						displayName: 'By Number',
						name: 'number',
						type: 'string',
						placeholder: '+14155550100',
						validation: [
							{
								type: 'regex',
								properties: { regex: '^\\s*(\\+|00)?[\\d\\s\\-.()/]{8,}\\s*$', errorMessage: 'Type the number with its country code, e.g. +14155550100' },
							},
						],
					},
				],
			},
			{
				displayName: 'Trigger On',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: [
					{ name: 'Message Received', value: 'message', description: 'An SMS or MMS reaches the number' },
					{ name: 'Call Received', value: 'call', description: 'Someone calls the number' },
				],
				default: ['message'],
			},
			{
				displayName: 'Reply to Messages',
				name: 'messageReply',
				type: 'string',
				default: '',
				placeholder: 'Thanks, we got your message.',
				description:
					'A text sent back to whoever sent the message, at once: in the answer to the provider, or through its API where the provider sends replies that way. Empty: nothing is sent back.',
				displayOptions: { show: { events: ['message'] } },
			},
			{
				displayName: 'Answer Calls',
				name: 'callAnswer',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Hang Up', value: 'hangUp', description: 'End the call at once' },
					{ name: 'Say a Text, Then Hang Up', value: 'say', description: 'Read a text to the caller, then end the call' },
					{
						name: 'With XML From the Last Node',
						value: 'lastNode',
						description: `The workflow runs first; the "xml" field of the last node's first item is the answer (${orList(providers.map((provider) => provider.trigger.callXml))})`,
					},
					{
						name: "Using 'Respond to Webhook' Node",
						value: 'respondToWebhook',
						description: 'A Respond to Webhook node (version 1) in the workflow answers the call with call XML',
					},
				],
				default: 'hangUp',
				description: 'What the caller hears',
				displayOptions: { show: { events: ['call'] } },
			},
			{
				displayName: 'Text to Say',
				name: 'sayText',
				type: 'string',
				default: '',
				required: true,
				displayOptions: { show: { callAnswer: ['say'], events: ['call'] } },
				placeholder: 'Thanks for calling. We will call you back.',
			},
			{
				displayName: `Add a Respond to Webhook node of version 1 that answers with call XML (${providers
					.map((provider) => `${provider.name}: ${provider.trigger.callXml}`)
					.join(', ')}): later versions accept only n8n's own Webhook trigger. Messages are still answered by this trigger.`,
				name: 'respondToWebhookNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { callAnswer: ['respondToWebhook'], events: ['call'] } },
			},
			{
				displayName:
					'The first item of the last node that runs needs an "xml" field with the call XML, e.g. a Set node with xml = &lt;Response&gt;&lt;Say&gt;Hello&lt;/Say&gt;&lt;/Response&gt;. Messages are still answered by this trigger.',
				name: 'lastNodeNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { callAnswer: ['lastNode'], events: ['call'] } },
			},
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const provider = chosenProvider(this);
				return await isActive(this, provider.id, readTarget(this, provider));
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const provider = chosenProvider(this);
				const target = readTarget(this, provider);
				if (!(await signingSecret(this, provider))) {
					const secret = provider.trigger.signingSecret;
					throw new NodeOperationError(this.getNode(), `The ${provider.credentialName} credential has no ${secret.displayName}`, {
						description: `The trigger checks with it that each request comes from ${provider.name}. ${secret.whereToFind} Add it to the credential, then activate again. The number was not changed.`,
					});
				}
				await activate(this, provider.id, target);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				try {
					const refused = await deactivate(this);
					if (refused) {
						this.logger.warn(`Phone Number Trigger "${this.getNode().name}": ${refused}`);
						return false;
					}
					return true;
				} catch (error) {
					this.logger.warn(
						`Phone Number Trigger "${this.getNode().name}" could not restore the number's previous settings: ${(error as Error).message}`,
					);
					return false;
				}
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const provider = chosenProvider(this);
		const req = this.getRequestObject();
		const res = this.getResponseObject();
		const rawBody = Buffer.isBuffer(req.rawBody) ? req.rawBody.toString('utf8') : typeof req.rawBody === 'string' ? req.rawBody : '';
		// The provider signed the URL it called: the test or production URL, with the query it sent.
		// n8n before getWebhookResourceUrl (1.x, early 2.x) names only the production URL.
		const [requestPath] = req.originalUrl.split('?');
		const calledUrl =
			typeof this.getWebhookResourceUrl === 'function'
				? (this.getWebhookResourceUrl('default') ?? '')
				: calledUrlFromProduction(this.getNodeWebhookUrl('default') ?? '', requestPath);
		const query = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?')) : '';
		const signed: SignedRequest = { method: req.method, url: `${calledUrl}${query}`, headers: req.headers, rawBody };

		const secret = await signingSecret(this, provider);
		const verdict = provider.trigger.verify(signed, secret);
		if (!verdict.valid) {
			res.status(403).type('text/plain').send(`Refused: ${verdict.reason}.`);
			return { noWebhookResponse: true };
		}

		const event: PhoneEvent | undefined = provider.trigger.event(signed, new Date().toISOString());
		// One execution per provider event: check and record before anything is awaited again.
		const delivery = checkDelivery(`${this.getWorkflow().id ?? ''}/${this.getNode().id}`, event, provider.trigger.replayNonce?.(signed));
		if (delivery.kind === 'replay') {
			this.logger.debug(`Phone Number Trigger "${this.getNode().name}": refused a replayed request, its nonce ${delivery.nonce} was used ${secondsSince(delivery.firstSeenMs)} s ago`);
			res.status(403).type('text/plain').send('Refused: its nonce was already used by an earlier request (a replay).');
			return { noWebhookResponse: true };
		}
		const repeat = delivery.kind === 'repeat';
		if (repeat) {
			this.logger.debug(
				`Phone Number Trigger "${this.getNode().name}": ${delivery.key} arrived again (first ${secondsSince(delivery.firstSeenMs)} s ago); answered, no execution started`,
			);
		}
		const events = this.getNodeParameter('events', []) as EventKind[];
		const callAnswerMode = this.getNodeParameter('callAnswer', 'hangUp') as string;

		const answer = (xml: string) => res.status(200).type('application/xml').send(xml);
		if (event?.event === 'call' && events.includes('call') && (callAnswerMode === 'respondToWebhook' || callAnswerMode === 'lastNode')) {
			if (!repeat) return { workflowData: [[{ json: event }]] };
			// The workflow's answer went to the first delivery; a repeat gets the empty answer.
			answer(EMPTY_ANSWER);
			return { noWebhookResponse: true };
		}
		if (event?.event === 'call') {
			answer(provider.trigger.callAnswer(callAnswerMode === 'say' ? (this.getNodeParameter('sayText', '') as string) : undefined));
		} else if (event?.event === 'message' && events.includes('message')) {
			const reply = this.getNodeParameter('messageReply', '') as string;
			const sent = reply ? provider.trigger.messageReply(event, reply) : EMPTY_ANSWER;
			answer(typeof sent === 'string' ? sent : EMPTY_ANSWER);
			// A provider that sends replies through its API gets the request once its webhook is answered;
			// a repeat of the event does not text the sender again.
			if (typeof sent !== 'string' && !repeat) await sendReply(this, provider, sent.request);
		} else {
			answer(EMPTY_ANSWER);
		}
		// Events not chosen (some providers send calls and messages to one webhook) and repeats start nothing.
		if (!event || !events.includes(event.event) || repeat) return { noWebhookResponse: true };
		return { noWebhookResponse: true, workflowData: [[{ json: event as unknown as IDataObject }]] };
	}
}
