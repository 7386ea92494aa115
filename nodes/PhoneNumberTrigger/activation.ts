import {
	NodeOperationError,
	type IDataObject,
	type IHookFunctions,
	type IHttpRequestMethods,
} from 'n8n-workflow';
import { providers } from '../providers';
import { checkedApiRoot } from '../shared/address';
import { providerRefusal } from '../shared/errors';
import type { EventKind } from './events';

/**
 * Pointing a number at the workflow and back. What the number had before is kept in the node's
 * static data (`Activation`), written before anything changes; deactivation puts exactly that
 * back, and only when the number still has what the trigger set. A number someone changed
 * meanwhile is left as they left it.
 */

export type ProviderId = 'signalWireApi' | 'plivoNumbersApi';

/** What the trigger remembers between activation and deactivation (static data, plain JSON). */
export interface Activation extends IDataObject {
	provider: ProviderId;
	/** E.164 */
	number: string;
	webhookUrl: string;
	/** SignalWire: the number's ID. Plivo: its digits. */
	numberKey: string;
	/** The number's settings before the trigger changed them. */
	previous: IDataObject;
	/** The settings the trigger set; anything else found at deactivation means someone changed them. */
	applied: IDataObject;
	/** Plivo: the Application the trigger created (deleted at deactivation). */
	createdApplicationId?: string;
}

/** Which number (its digits, or SignalWire's ID of it when picked from the list), which events, which URL. */
export interface Target {
	number: { digits: string } | { id: string };
	events: EventKind[];
	webhookUrl: string;
}

const sameNumber = (activation: Activation, target: Target) =>
	'id' in target.number ? activation.numberKey === target.number.id : activation.number === `+${target.number.digits}`;

/** The Phone Number node's provider: its API root, names and error words serve the trigger too. */
const nodeProvider = (id: ProviderId) => providers.find((candidate) => candidate.id === id)!;

/** What the trigger does at one provider. */
interface ProviderApi {
	/** Changes the number; returns what to remember. */
	activate(ctx: IHookFunctions, target: Target): Promise<Activation>;
	/** The number's current settings in the form `applied` was recorded in; undefined when it is gone. */
	current(ctx: IHookFunctions, activation: Activation): Promise<IDataObject | undefined>;
	restore(ctx: IHookFunctions, activation: Activation): Promise<void>;
	/** Removes what the trigger created, whether or not the number was restored. */
	cleanUp(ctx: IHookFunctions, activation: Activation): Promise<void>;
}

async function request(
	ctx: IHookFunctions,
	provider: ProviderId,
	method: IHttpRequestMethods,
	path: string,
	options: { body?: IDataObject; qs?: IDataObject; allow404?: boolean } = {},
): Promise<IDataObject | undefined> {
	const api = nodeProvider(provider);
	const root = checkedApiRoot(ctx.getNode(), api, await ctx.getCredentials(provider));
	const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, provider, {
		method,
		url: `${root}${path}`,
		qs: options.qs,
		body: options.body,
		json: true,
		headers: { Accept: 'application/json', ...(options.body ? { 'Content-Type': 'application/json' } : {}) },
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

function notOwned(ctx: IHookFunctions, name: string, number: string): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `${number} is not in your ${name} account`, {
		description: `Pick one of your ${name} numbers in Phone Number.`,
	});
}

const pick = (record: IDataObject, fields: string[]): IDataObject =>
	Object.fromEntries(fields.map((field) => [field, record[field] ?? null]));

// ---------------------------------------------------------------------------------------------
// SignalWire: the number's message and/or call handler become LaML webhooks at the workflow URL.
// ---------------------------------------------------------------------------------------------

const SW_NUMBERS = '/api/relay/rest/phone_numbers';
const SW_FIELDS: Record<EventKind, string[]> = {
	message: ['message_handler', 'message_request_url', 'message_request_method'],
	call: ['call_handler', 'call_request_url', 'call_request_method'],
};

const signalWire: ProviderApi = {
	async activate(ctx, target) {
		let record: IDataObject | undefined;
		if ('id' in target.number) {
			record = await request(ctx, 'signalWireApi', 'GET', `${SW_NUMBERS}/${encodeURIComponent(target.number.id)}`, { allow404: true });
			if (!record) throw notOwned(ctx, 'SignalWire', `The number with ID ${target.number.id}`);
		} else {
			const number = `+${target.number.digits}`;
			const list = await request(ctx, 'signalWireApi', 'GET', SW_NUMBERS, { qs: { filter_number: number } });
			record = (Array.isArray(list?.data) ? (list!.data as IDataObject[]) : []).find((entry) => entry.number === number);
			if (!record) throw notOwned(ctx, 'SignalWire', number);
		}
		const fields = target.events.flatMap((event) => SW_FIELDS[event]);
		const applied: IDataObject = {};
		for (const event of target.events) {
			const [handler, url, method] = SW_FIELDS[event];
			Object.assign(applied, { [handler]: 'laml_webhooks', [url]: target.webhookUrl, [method]: 'POST' });
		}
		const activation: Activation = {
			provider: 'signalWireApi',
			number: String(record.number),
			webhookUrl: target.webhookUrl,
			numberKey: String(record.id),
			previous: pick(record, fields),
			applied,
		};
		saveActivation(ctx, activation);
		await request(ctx, 'signalWireApi', 'PUT', `${SW_NUMBERS}/${encodeURIComponent(activation.numberKey)}`, { body: applied });
		return activation;
	},
	async current(ctx, activation) {
		const record = await request(ctx, 'signalWireApi', 'GET', `${SW_NUMBERS}/${encodeURIComponent(activation.numberKey)}`, { allow404: true });
		return record && pick(record, Object.keys(activation.applied));
	},
	async restore(ctx, activation) {
		await request(ctx, 'signalWireApi', 'PUT', `${SW_NUMBERS}/${encodeURIComponent(activation.numberKey)}`, { body: activation.previous });
	},
	async cleanUp() {},
};

// ---------------------------------------------------------------------------------------------
// Plivo: a new Application whose message and answer URLs are the workflow URL, assigned to the
// number. A Plivo number has one application for calls and messages, so both reach the trigger;
// the events not chosen are answered (nothing sent back, calls hung up) without starting the workflow.
// ---------------------------------------------------------------------------------------------

/** "/v1/Account/MA…/Application/1234/" → "1234" */
function plivoAppId(application: unknown): string | null {
	if (typeof application !== 'string' || application === '') return null;
	const match = /Application\/([^/]+)\/?$/.exec(application);
	return match ? match[1] : application;
}

const plivo: ProviderApi = {
	async activate(ctx, target) {
		if ('id' in target.number) throw notOwned(ctx, 'Plivo', target.number.id);
		const { digits } = target.number;
		const path = `/Number/${digits}/`;
		const record = await request(ctx, 'plivoNumbersApi', 'GET', path, { allow404: true });
		if (!record) throw notOwned(ctx, 'Plivo', `+${digits}`);
		const activation: Activation = {
			provider: 'plivoNumbersApi',
			number: `+${digits}`,
			webhookUrl: target.webhookUrl,
			numberKey: digits,
			previous: { app_id: plivoAppId(record.application) },
			applied: {},
		};
		saveActivation(ctx, activation);
		const created = await request(ctx, 'plivoNumbersApi', 'POST', '/Application/', {
			body: {
				app_name: `n8n Phone Number Trigger +${digits}`,
				answer_url: target.webhookUrl,
				answer_method: 'POST',
				message_url: target.webhookUrl,
				message_method: 'POST',
			},
		});
		const appId = String(created?.app_id ?? '');
		if (!appId) {
			throw new NodeOperationError(ctx.getNode(), 'Plivo created the application but did not say its ID', {
				description: 'Look for "n8n Phone Number Trigger" among your Plivo applications, delete it, and activate again.',
			});
		}
		activation.createdApplicationId = appId;
		activation.applied = { app_id: appId };
		saveActivation(ctx, activation);
		try {
			await request(ctx, 'plivoNumbersApi', 'POST', path, { body: { app_id: appId } });
		} catch (error) {
			// The number was not changed: the application is not needed.
			await request(ctx, 'plivoNumbersApi', 'DELETE', `/Application/${appId}/`, { allow404: true });
			throw new NodeOperationError(ctx.getNode(), error as Error, {
				description: `Plivo did not assign the new application to +${digits}; the application was deleted again and the number was not changed.`,
			});
		}
		return activation;
	},
	async current(ctx, activation) {
		const record = await request(ctx, 'plivoNumbersApi', 'GET', `/Number/${activation.numberKey}/`, { allow404: true });
		return record && { app_id: plivoAppId(record.application) };
	},
	async restore(ctx, activation) {
		await request(ctx, 'plivoNumbersApi', 'POST', `/Number/${activation.numberKey}/`, { body: { app_id: activation.previous.app_id ?? null } });
	},
	async cleanUp(ctx, activation) {
		if (activation.createdApplicationId) {
			await request(ctx, 'plivoNumbersApi', 'DELETE', `/Application/${activation.createdApplicationId}/`, { allow404: true });
		}
	},
};

export const PROVIDERS: Record<ProviderId, ProviderApi> = { signalWireApi: signalWire, plivoNumbersApi: plivo };

const STATIC_KEY = 'activation';

export function loadActivation(ctx: Pick<IHookFunctions, 'getWorkflowStaticData'>): Activation | undefined {
	const value = ctx.getWorkflowStaticData('node')[STATIC_KEY];
	return value && typeof value === 'object' ? (value as Activation) : undefined;
}

function saveActivation(ctx: IHookFunctions, activation: Activation | undefined): void {
	const data = ctx.getWorkflowStaticData('node');
	if (activation) data[STATIC_KEY] = { ...activation };
	else delete data[STATIC_KEY];
}

const sameSettings = (a: IDataObject, b: IDataObject) =>
	Object.keys(a).length === Object.keys(b).length && Object.keys(a).every((key) => (a[key] ?? null) === (b[key] ?? null));

/** checkExists: the number points at this URL with what the trigger set, and the trigger knows what to restore. */
export async function isActive(ctx: IHookFunctions, provider: ProviderId, target: Target): Promise<boolean> {
	const activation = loadActivation(ctx);
	if (!activation || activation.provider !== provider || !sameNumber(activation, target) || activation.webhookUrl !== target.webhookUrl) {
		return false;
	}
	const current = await PROVIDERS[provider].current(ctx, activation);
	return !!current && sameSettings(current, activation.applied);
}

export async function activate(ctx: IHookFunctions, provider: ProviderId, target: Target): Promise<void> {
	await PROVIDERS[provider].activate(ctx, target);
}

/**
 * Puts the number back. Returns what happened in words when it was NOT restored (changed by
 * someone else, or no longer in the account); undefined when it was.
 */
export async function deactivate(ctx: IHookFunctions): Promise<string | undefined> {
	const activation = loadActivation(ctx);
	if (!activation) return undefined;
	const api = PROVIDERS[activation.provider];
	const { name } = nodeProvider(activation.provider);
	const current = await api.current(ctx, activation);
	let refused: string | undefined;
	if (!current) {
		refused = `${activation.number} is no longer in your ${name} account, so its previous settings were not restored.`;
	} else if (!sameSettings(current, activation.applied)) {
		refused =
			`${activation.number} was changed at ${name} while the workflow was active, so the Phone Number Trigger left it as it is ` +
			`and did not restore its previous settings (${JSON.stringify(activation.previous)}). Now: ${JSON.stringify(current)}.`;
	} else {
		await api.restore(ctx, activation);
	}
	await api.cleanUp(ctx, activation);
	saveActivation(ctx, undefined);
	return refused;
}
