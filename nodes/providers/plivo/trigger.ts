import { createHmac } from 'crypto';
import { NodeOperationError } from 'n8n-workflow';
import { e164OrText, escapeXml, hangUpAnswer, mediaUrls, payloadOf, payloadText, XML_DECLARATION, type PhoneEvent } from '../../shared/events';
import { hookRequest, notInAccount } from '../../shared/hookRequest';
import { bodyParams, header, invalid, sameText, urlParts, VALID, type SignedRequest, type Verdict } from '../../shared/signatures';
import type { Activation, ProviderTrigger } from '../types';
import { owned, plivoBase } from './api';

/**
 * A new Application whose message and answer URLs are the workflow URL, assigned to the number. A
 * Plivo number has one application for calls and messages, so both reach the trigger; the events
 * not chosen are answered (nothing sent back, calls hung up) without starting the workflow.
 */
interface PlivoActivation extends Activation {
	/** The Application the trigger created (deleted at deactivation). */
	createdApplicationId?: string;
}

/** "/v1/Account/MA…/Application/1234/" → "1234" */
function plivoAppId(application: unknown): string | null {
	if (typeof application !== 'string' || application === '') return null;
	const match = /Application\/([^/]+)\/?$/.exec(application);
	return match ? match[1] : application;
}

function sortedValues(params: Map<string, string[]>): Array<[string, string[]]> {
	return [...params.keys()].sort().map((key) => [key, [...params.get(key)!].sort()]);
}

/**
 * The text Plivo signs (plivo SDK `validateV3Signature`): scheme://host[:port]/path, then for a GET
 * "?" and the query and body parameters merged and sorted as "name=value" joined by "&"; for a
 * POST the URL's own query sorted the same way after "?", a "." when there is both a query and a
 * body, and the body parameters sorted as "namevalue" with nothing between them.
 */
export function plivoSignedText(request: SignedRequest): string | undefined {
	const parts = urlParts(request.url);
	if (!parts) return undefined;
	const base = `${parts.scheme}${parts.host}${parts.port ? `:${parts.port}` : ''}${parts.path}`;
	const query = new Map<string, string[]>();
	for (const [key, value] of new URLSearchParams(parts.query)) query.set(key, [...(query.get(key) ?? []), value]);
	const body = bodyParams(request);
	const queryText = (params: Map<string, string[]>) =>
		sortedValues(params)
			.flatMap(([key, values]) => values.map((value) => `${key}=${value}`))
			.join('&');

	if (request.method.toUpperCase() === 'GET') {
		for (const [key, values] of body) query.set(key, [...(query.get(key) ?? []), ...values]);
		const text = queryText(query);
		return text ? `${base}?${text}` : base;
	}
	const queryPart = queryText(query);
	const bodyPart = sortedValues(body)
		.flatMap(([key, values]) => values.map((value) => `${key}${value}`))
		.join('');
	let text = base;
	if (queryPart || body.size) text += `?${queryPart}`;
	if (queryPart && body.size) text += '.';
	return text + bodyPart;
}

/**
 * X-Plivo-Signature-V3 is base64 HMAC-SHA256, keyed with the Auth Token, over the signed text, a
 * "." and X-Plivo-Signature-V3-Nonce. The header may carry several signatures separated by ","
 * (one per valid token); one match is enough.
 */
export function verifyPlivo(request: SignedRequest, authToken: string): Verdict {
	const signatures = header(request, 'x-plivo-signature-v3');
	const nonce = header(request, 'x-plivo-signature-v3-nonce');
	if (!signatures) return invalid('it has no X-Plivo-Signature-V3 header');
	if (!nonce) return invalid('it has no X-Plivo-Signature-V3-Nonce header');
	if (!authToken) return invalid('no Auth Token is set in the credential');
	const text = plivoSignedText(request);
	if (text === undefined) return invalid('its URL cannot be read');
	const expected = createHmac('sha256', authToken).update(Buffer.from(`${text}.${nonce}`, 'utf8')).digest('base64');
	const matches = signatures.split(',').some((signature) => sameText(signature.trim(), expected));
	return matches ? VALID : invalid('the signature does not match the request');
}

export const trigger: ProviderTrigger = {
	signingSecret: {
		field: 'authToken',
		displayName: 'Auth Token',
		whereToFind: 'Find it next to the Auth ID on the overview page of the Plivo console.',
	},
	callXml: 'Plivo XML',

	async activate(ctx, target, save) {
		if ('id' in target.number) throw notInAccount(ctx, 'Plivo', target.number.id);
		const { digits } = target.number;
		const path = owned.path(digits);
		const record = await hookRequest(ctx, plivoBase, 'GET', path, { allow404: true });
		if (!record) throw notInAccount(ctx, 'Plivo', `+${digits}`);
		const activation: PlivoActivation = {
			provider: plivoBase.id,
			number: `+${digits}`,
			webhookUrl: target.webhookUrl,
			numberKey: digits,
			previous: { app_id: plivoAppId(record.application) },
			applied: {},
		};
		save(activation);
		const created = await hookRequest(ctx, plivoBase, 'POST', '/Application/', {
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
		save(activation);
		try {
			await hookRequest(ctx, plivoBase, 'POST', path, { body: { app_id: appId } });
		} catch (error) {
			// The number was not changed: the application is not needed.
			await hookRequest(ctx, plivoBase, 'DELETE', `/Application/${appId}/`, { allow404: true });
			throw new NodeOperationError(ctx.getNode(), error as Error, {
				description: `Plivo did not assign the new application to +${digits}; the application was deleted again and the number was not changed.`,
			});
		}
		return activation;
	},
	async current(ctx, activation) {
		const record = await hookRequest(ctx, plivoBase, 'GET', owned.path(activation.numberKey), { allow404: true });
		return record && { app_id: plivoAppId(record.application) };
	},
	async restore(ctx, activation) {
		await hookRequest(ctx, plivoBase, 'POST', owned.path(activation.numberKey), { body: { app_id: activation.previous.app_id ?? null } });
	},
	async cleanUp(ctx, activation: PlivoActivation) {
		if (activation.createdApplicationId) {
			await hookRequest(ctx, plivoBase, 'DELETE', `/Application/${activation.createdApplicationId}/`, { allow404: true });
		}
	},

	verify: verifyPlivo,
	/** Plivo signs a fresh nonce into every request (X-Plivo-Signature-V3-Nonce): one seen before is a replay. */
	replayNonce: (request) => header(request, 'x-plivo-signature-v3-nonce'),

	/**
	 * A message carries MessageUUID, Text and Type (sms/mms), media as Media0…; a call carries
	 * CallUUID. Plivo writes numbers as digits without "+".
	 */
	event(request, receivedAt): PhoneEvent | undefined {
		const payload = payloadOf(request);
		const base = { provider: 'plivo' as const, from: e164OrText(payload.From), to: e164OrText(payload.To), receivedAt, raw: { ...payload } };
		if (payload.MessageUUID !== undefined) {
			return { ...base, event: 'message', text: payload.Text ?? '', media: mediaUrls(payload, 'Media'), messageId: payloadText(payload.MessageUUID) };
		}
		if (payload.CallUUID !== undefined) return { ...base, event: 'call', callId: payloadText(payload.CallUUID) };
		return undefined;
	},
	/** Plivo's <Message> names the sender (src, our number) and the receiver (dst) as digits. */
	messageReply(event, reply) {
		const digits = (value: string | null) => escapeXml((value ?? '').replace(/^\+/, '')).replace(/"/g, '&quot;');
		return `${XML_DECLARATION}<Response><Message src="${digits(event.to)}" dst="${digits(event.from)}" type="sms">${escapeXml(reply)}</Message></Response>`;
	},
	/** Plivo XML speaks with <Speak>. */
	callAnswer: (sayText) => hangUpAnswer('Speak', sayText),
};
