import { createPublicKey, verify } from 'crypto';
import { NodeOperationError, type IDataObject, type IHookFunctions } from 'n8n-workflow';
import { hangUpAnswer, lamlEvent, payloadOf, type EventKind, type PhoneEvent } from '../../shared/events';
import { hookRequest, notInAccount, pickFields } from '../../shared/hookRequest';
import { header, invalid, VALID, type SignedRequest, type Verdict } from '../../shared/signatures';
import { e164From, textOrNull } from '../../shared/simplify';
import type { Activation, ProviderTrigger, Target } from '../types';
import { dataOf, owned, telnyxBase } from './api';

/**
 * At Telnyx webhooks do not live on the number: calls go to the connection or TeXML application
 * the number names (`connection_id`), messages to its messaging profile (`messaging_profile_id`).
 * Activation creates a TeXML application (calls) and/or a messaging profile (messages) whose
 * webhook URL is the workflow's, and assigns them to the number; deactivation puts the number's
 * previous ones back and deletes only what the trigger created.
 */
interface TelnyxActivation extends Activation {
	/** The TeXML application the trigger created (deleted at deactivation). */
	createdTexmlApplicationId?: string;
	/** The messaging profile the trigger created (deleted at deactivation). */
	createdMessagingProfileId?: string;
}

/** What each event needs on the number, and where it is set. */
const SETTING: Record<EventKind, { field: string; method: 'PATCH'; path: (id: string) => string }> = {
	call: { field: 'connection_id', method: 'PATCH', path: (id) => owned.path(id) },
	message: { field: 'messaging_profile_id', method: 'PATCH', path: (id) => owned.elsewhere![0].path(id) },
};

/** An ID in an answer ({data: {id}}), or a clear stop naming what to clean up by hand. */
function createdId(ctx: IHookFunctions, answer: IDataObject | undefined, what: string): string {
	const id = textOrNull(dataOf(answer).id);
	if (id) return id;
	throw new NodeOperationError(ctx.getNode(), `Telnyx created the ${what} but did not say its ID`, {
		description: `Look for "n8n Phone Number Trigger" among your Telnyx ${what}s, delete it, and activate again.`,
	});
}

async function numberRecord(ctx: IHookFunctions, target: Target): Promise<IDataObject> {
	if ('id' in target.number) {
		const answer = await hookRequest(ctx, telnyxBase, 'GET', owned.path(target.number.id), { allow404: true });
		if (!answer) throw notInAccount(ctx, 'Telnyx', `The number with ID ${target.number.id}`);
		return dataOf(answer);
	}
	const { digits } = target.number;
	const { url, qs } = owned.lookup!.request(digits);
	const record = owned.lookup!.match((await hookRequest(ctx, telnyxBase, 'GET', url!, { qs })) ?? {}, digits);
	if (!record) throw notInAccount(ctx, 'Telnyx', `+${digits}`);
	return record;
}

async function deleteCreated(ctx: IHookFunctions, activation: TelnyxActivation): Promise<void> {
	if (activation.createdTexmlApplicationId) {
		await hookRequest(ctx, telnyxBase, 'DELETE', `/texml_applications/${encodeURIComponent(activation.createdTexmlApplicationId)}`, { allow404: true });
	}
	if (activation.createdMessagingProfileId) {
		await hookRequest(ctx, telnyxBase, 'DELETE', `/messaging_profiles/${encodeURIComponent(activation.createdMessagingProfileId)}`, { allow404: true });
	}
}

/** Puts the given settings on the number, each at its own endpoint. */
async function setOnNumber(ctx: IHookFunctions, id: string, values: IDataObject): Promise<void> {
	for (const event of ['call', 'message'] as const) {
		const { field, method, path } = SETTING[event];
		if (!(field in values)) continue;
		// Telnyx's spec types both as text (no null): "" takes the number off its connection or messaging profile.
		const value = values[field] ?? '';
		await hookRequest(ctx, telnyxBase, method, path(id), { body: { [field]: value } });
	}
}

const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const STRICT_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
/** How far a webhook's timestamp may be from now, in seconds (the official SDK's tolerance). */
export const TIMESTAMP_TOLERANCE_S = 300;

function strictBase64(value: string): Buffer | undefined {
	return value.length > 0 && value.length % 4 === 0 && STRICT_BASE64.test(value) ? Buffer.from(value, 'base64') : undefined;
}

/**
 * Telnyx signs every webhook with Ed25519: `telnyx-signature-ed25519` (base64, 64 bytes) over
 * `${telnyx-timestamp}|${raw body}`, verified with the account's public key (base64, 32 bytes).
 * A timestamp more than 5 minutes from now is refused (replays), as the official SDK does.
 */
export function verifyTelnyx(request: SignedRequest, publicKey: string, now = Date.now()): Verdict {
	const signature = header(request, 'telnyx-signature-ed25519');
	const timestamp = header(request, 'telnyx-timestamp');
	if (!signature) return invalid('it has no Telnyx-Signature-Ed25519 header');
	if (!timestamp) return invalid('it has no Telnyx-Timestamp header');
	if (!publicKey) return invalid('no Public Key is set in the credential');
	if (!/^\d+$/.test(timestamp) || !Number.isSafeInteger(Number(timestamp))) return invalid('its Telnyx-Timestamp is not a time');
	if (Math.abs(Math.floor(now / 1000) - Number(timestamp)) > TIMESTAMP_TOLERANCE_S) return invalid('its Telnyx-Timestamp is more than 5 minutes from now');
	const signatureBytes = strictBase64(signature);
	if (!signatureBytes || signatureBytes.length !== 64) return invalid('its signature is not a base64 Ed25519 signature');
	const keyBytes = strictBase64(publicKey.trim());
	if (!keyBytes || keyBytes.length !== 32) return invalid('the Public Key in the credential is not a base64 Ed25519 key (32 bytes)');
	try {
		const key = createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, keyBytes]), format: 'der', type: 'spki' });
		const signed = Buffer.from(`${timestamp}|${request.rawBody}`, 'utf8');
		return verify(null, signed, key, signatureBytes) ? VALID : invalid('the signature does not match the request');
	} catch {
		return invalid('the signature could not be checked with the Public Key');
	}
}

/**
 * A message (API v2 webhook, JSON): `{data: {event_type: "message.received", id, payload: {id,
 * from: {phone_number}, to: [{phone_number}], text, media: [{url}]}}}`. Other events (e.g. the
 * status of a reply sent) start nothing. A call (TeXML, form-encoded like TwiML): CallSid, From, To.
 */
function telnyxEvent(request: SignedRequest, receivedAt: string): PhoneEvent | undefined {
	const raw = request.rawBody.trim();
	if (!raw.startsWith('{')) return lamlEvent('telnyx', payloadOf(request), receivedAt);
	let body: IDataObject;
	try {
		body = JSON.parse(raw) as IDataObject;
	} catch {
		return undefined;
	}
	const data = dataOf(body);
	if (data.event_type !== 'message.received') return undefined;
	const payload = (data.payload ?? {}) as IDataObject;
	const from = (payload.from ?? {}) as IDataObject;
	const [to] = Array.isArray(payload.to) ? (payload.to as IDataObject[]) : [];
	const media = Array.isArray(payload.media) ? (payload.media as IDataObject[]).map((entry) => textOrNull(entry?.url)).filter((url): url is string => !!url) : [];
	return {
		provider: 'telnyx',
		event: 'message',
		from: textOrNull(from.phone_number) && e164From(from.phone_number),
		to: to && textOrNull(to.phone_number) ? e164From(to.phone_number) : null,
		text: typeof payload.text === 'string' ? payload.text : '',
		media,
		messageId: textOrNull(payload.id),
		eventId: textOrNull(data.id),
		receivedAt,
		raw: body,
	};
}

export const trigger: ProviderTrigger = {
	signingSecret: {
		field: 'publicKey',
		displayName: 'Public Key',
		whereToFind: 'Find it in the Telnyx Mission Control Portal: Account Settings → Keys & Credentials → Public Key.',
	},
	callXml: 'TeXML',

	async activate(ctx, target, save) {
		const record = await numberRecord(ctx, target);
		const id = String(record.id);
		const number = e164From(record.phone_number);
		const fields = target.events.map((event) => SETTING[event].field);
		const activation: TelnyxActivation = {
			provider: telnyxBase.id,
			number,
			webhookUrl: target.webhookUrl,
			numberKey: id,
			previous: pickFields(record, fields),
			applied: {},
		};
		save(activation);
		const name = `n8n Phone Number Trigger ${number}`;
		const applied: IDataObject = {};
		try {
			if (target.events.includes('call')) {
				const created = await hookRequest(ctx, telnyxBase, 'POST', '/texml_applications', {
					body: { friendly_name: name, voice_url: target.webhookUrl, voice_method: 'post' },
				});
				activation.createdTexmlApplicationId = createdId(ctx, created, 'TeXML application');
				applied.connection_id = activation.createdTexmlApplicationId;
				save(activation);
			}
			if (target.events.includes('message')) {
				const created = await hookRequest(ctx, telnyxBase, 'POST', '/messaging_profiles', {
					body: {
						name,
						webhook_url: target.webhookUrl,
						webhook_api_version: '2',
						whitelisted_destinations: [textOrNull(record.country_iso_alpha2) ?? 'US'],
					},
				});
				activation.createdMessagingProfileId = createdId(ctx, created, 'messaging profile');
				applied.messaging_profile_id = activation.createdMessagingProfileId;
				save(activation);
			}
			activation.applied = applied;
			save(activation);
			await setOnNumber(ctx, id, applied);
		} catch (error) {
			// Undo what was done, so a failed activation leaves the account as it was.
			const changed = await hookRequest(ctx, telnyxBase, 'GET', owned.path(id), { allow404: true }).catch(() => undefined);
			const now = changed ? pickFields(dataOf(changed), fields) : {};
			const back = Object.fromEntries(Object.entries(activation.previous).filter(([field]) => now[field] !== undefined && now[field] !== activation.previous[field]));
			await setOnNumber(ctx, id, back).catch(() => undefined);
			await deleteCreated(ctx, activation).catch(() => undefined);
			save({ ...activation, applied: {}, createdTexmlApplicationId: undefined, createdMessagingProfileId: undefined });
			throw new NodeOperationError(ctx.getNode(), error as Error, {
				description: `Telnyx did not take the trigger's settings for ${number}; what the trigger had created was deleted again and the number was left as it was.`,
			});
		}
		return activation;
	},
	async current(ctx, activation) {
		const answer = await hookRequest(ctx, telnyxBase, 'GET', owned.path(activation.numberKey), { allow404: true });
		return answer && pickFields(dataOf(answer), Object.keys(activation.applied));
	},
	async restore(ctx, activation) {
		await setOnNumber(ctx, activation.numberKey, activation.previous);
	},
	async cleanUp(ctx, activation: TelnyxActivation) {
		await deleteCreated(ctx, activation);
	},

	verify: (request, publicKey) => verifyTelnyx(request, publicKey),
	event: telnyxEvent,
	/** Telnyx takes no message in the answer to its webhook: the reply is POST /messages from the number. */
	messageReply: (event, reply) => ({
		request: { method: 'POST', path: '/messages', body: { from: event.to ?? '', to: event.from ?? '', text: reply, use_profile_webhooks: false } },
	}),
	/** TeXML speaks with <Say>. */
	callAnswer: (sayText) => hangUpAnswer('Say', sayText),
};
