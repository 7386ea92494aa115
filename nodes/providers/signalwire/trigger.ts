import type { IDataObject } from 'n8n-workflow';
import { hangUpAnswer, lamlEvent, lamlMessageReply, payloadOf, type EventKind } from '../../shared/events';
import { hookRequest, notInAccount, pickFields } from '../../shared/hookRequest';
import { header, hmacSha1, invalid, sameText, VALID, verifySortedParamsHmacSha1, type SignedRequest, type Verdict } from '../../shared/signatures';
import type { Activation, ProviderTrigger } from '../types';
import { owned, signalWireBase } from './api';
import { settings } from './settings';

/** The number's message and/or call handler become LaML webhooks at the workflow URL. */
const FIELDS: Record<EventKind, string[]> = {
	message: ['message_handler', 'message_request_url', 'message_request_method'],
	call: ['call_handler', 'call_request_url', 'call_request_method'],
};

const lookup = owned.lookup!;
const URL_FIELDS = Object.values(FIELDS).map(([, url]) => url);

/**
 * What the number had, as SignalWire's update request takes it back. That request has no null
 * (its OpenAPI spec: every field is text or a name from a list): a URL that was unset is cleared
 * with an empty string; a handler or method that was unset cannot be unset again, so it stays as
 * the trigger set it (LaML Webhooks, POST), with no URL to call.
 */
function restoreBody(previous: IDataObject): IDataObject {
	const body: IDataObject = {};
	for (const [field, value] of Object.entries(previous)) {
		if (value !== null && value !== undefined) body[field] = value;
		else if (URL_FIELDS.includes(field)) body[field] = settings.clearedAs ?? null;
	}
	return body;
}

/**
 * SignalWire signs a request in one of three ways; a match on any is valid:
 * 1. JSON bodies (SignalWire's own webhooks): hex HMAC-SHA1 over URL + raw body
 *    (`@signalwire/web-api` validateRequest).
 * 2. Compatibility (LaML) form posts: base64 HMAC-SHA1 over URL + the sorted body parameters
 *    (`@signalwire/compatibility-api` validateRequest).
 * 3. Compatibility JSON posts with `bodySHA256` in the query (validateRequestWithBody).
 * The header is X-SignalWire-Signature, or X-Twilio-Signature (the compatibility name); the key is
 * the project's Signing Key.
 */
export function verifySignalWire(request: SignedRequest, signingKey: string): Verdict {
	const signature = header(request, 'x-signalwire-signature') ?? header(request, 'x-twilio-signature');
	if (!signature) return invalid('it has no X-SignalWire-Signature header');
	if (!signingKey) return invalid('no Signing Key is set in the credential');
	if (sameText(signature, hmacSha1(signingKey, `${request.url}${request.rawBody}`, 'hex'))) return VALID;
	return verifySortedParamsHmacSha1(request, signingKey, signature);
}

export const trigger: ProviderTrigger = {
	signingSecret: {
		field: 'signingSecret',
		displayName: 'Signing Key',
		whereToFind: 'Find it in your SignalWire space: API page, "Signing Key" (beside the Project ID and the API tokens).',
	},
	callXml: 'cXML',

	async activate(ctx, target, save) {
		let record: IDataObject | undefined;
		if ('id' in target.number) {
			record = await hookRequest(ctx, signalWireBase, 'GET', owned.path(target.number.id), { allow404: true });
			if (!record) throw notInAccount(ctx, 'SignalWire', `The number with ID ${target.number.id}`);
		} else {
			const number = `+${target.number.digits}`;
			const { url, qs } = lookup.request(target.number.digits);
			const list = await hookRequest(ctx, signalWireBase, 'GET', url!, { qs });
			record = (Array.isArray(list?.data) ? (list!.data as IDataObject[]) : []).find((entry) => entry.number === number);
			if (!record) throw notInAccount(ctx, 'SignalWire', number);
		}
		const fields = target.events.flatMap((event) => FIELDS[event]);
		const applied: IDataObject = {};
		for (const event of target.events) {
			const [handler, url, method] = FIELDS[event];
			Object.assign(applied, { [handler]: 'laml_webhooks', [url]: target.webhookUrl, [method]: 'POST' });
		}
		const activation: Activation = {
			provider: signalWireBase.id,
			number: String(record.number),
			webhookUrl: target.webhookUrl,
			numberKey: String(record.id),
			previous: pickFields(record, fields),
			applied,
		};
		save(activation);
		await hookRequest(ctx, signalWireBase, 'PUT', owned.path(activation.numberKey), { body: applied });
		return activation;
	},
	async current(ctx, activation) {
		const record = await hookRequest(ctx, signalWireBase, 'GET', owned.path(activation.numberKey), { allow404: true });
		return record && pickFields(record, Object.keys(activation.applied));
	},
	async restore(ctx, activation) {
		await hookRequest(ctx, signalWireBase, 'PUT', owned.path(activation.numberKey), { body: restoreBody(activation.previous) });
	},
	async cleanUp() {},

	verify: verifySignalWire,

	/** LaML (compatibility) webhooks, the TwiML format. */
	event: (request, receivedAt) => lamlEvent('signalwire', payloadOf(request), receivedAt),
	/** cXML replies to the sender with <Message>. */
	messageReply: (_event, reply) => lamlMessageReply(reply),
	/** cXML speaks with <Say>. */
	callAnswer: (sayText) => hangUpAnswer('Say', sayText),
};
