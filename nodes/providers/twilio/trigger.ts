import type { IDataObject } from 'n8n-workflow';
import { hangUpAnswer, lamlEvent, lamlMessageReply, payloadOf, type EventKind } from '../../shared/events';
import { hookRequest, notInAccount } from '../../shared/hookRequest';
import { header, invalid, verifySortedParamsHmacSha1, type SignedRequest, type Verdict } from '../../shared/signatures';
import type { Activation, ProviderTrigger } from '../types';
import { owned, twilioBase } from './api';

/**
 * What the trigger sets per event, as [form field of the update, field of the number's record]: the
 * webhook URL and its method, and the settings that would take the webhook's place while they are
 * set (Twilio ignores the Voice/SMS URL while an application or, for calls, a SIP trunk is set).
 */
const FIELDS: Record<EventKind, { url: [string, string]; method: [string, string]; overriding: Array<[string, string]> }> = {
	message: { url: ['SmsUrl', 'sms_url'], method: ['SmsMethod', 'sms_method'], overriding: [['SmsApplicationSid', 'sms_application_sid']] },
	call: {
		url: ['VoiceUrl', 'voice_url'],
		method: ['VoiceMethod', 'voice_method'],
		overriding: [
			['VoiceApplicationSid', 'voice_application_sid'],
			['TrunkSid', 'trunk_sid'],
		],
	},
};

/** Record field of each form field the trigger may set. */
const RECORD_FIELD: Record<string, string> = Object.fromEntries(
	Object.values(FIELDS).flatMap(({ url, method, overriding }) => [url, method, ...overriding]),
);

/** A setting as the form sends it: Twilio writes an unset one as "" or null, and clears one with "". */
const formValue = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

/** The number's current values of `fields` (form names), from its record. */
const valuesOf = (record: IDataObject, fields: string[]): IDataObject =>
	Object.fromEntries(fields.map((field) => [field, formValue(record[RECORD_FIELD[field]])]));

/**
 * X-Twilio-Signature: base64 HMAC-SHA1 with the account's Auth Token over the URL and the sorted
 * POST parameters (twilio SDK validateRequest), or, for JSON posts with `bodySHA256` in the query,
 * over the URL alone with the body's SHA-256 (validateRequestWithBody). API keys cannot check it.
 */
export function verifyTwilio(request: SignedRequest, authToken: string): Verdict {
	const signature = header(request, 'x-twilio-signature');
	if (!signature) return invalid('it has no X-Twilio-Signature header');
	if (!authToken) return invalid('no Auth Token is set in the credential');
	// twilio 4+ signs a repeated parameter's distinct values sorted, and also accepts the legacy query form.
	return verifySortedParamsHmacSha1(request, authToken, signature, { repeatedValues: 'sortedDistinct', legacyQuery: true });
}

export const trigger: ProviderTrigger = {
	signingSecret: {
		field: 'authToken',
		displayName: 'Auth Token',
		whereToFind:
			'Find it next to the Account SID on the dashboard of the Twilio Console. Twilio signs webhooks with it, so the trigger needs it even when the credential signs in with an API key.',
	},
	callXml: 'TwiML',

	async activate(ctx, target, save) {
		let record: IDataObject | undefined;
		if ('id' in target.number) {
			record = await hookRequest(ctx, twilioBase, 'GET', owned.path(target.number.id), { allow404: true });
			if (!record) throw notInAccount(ctx, 'Twilio', `The number with SID ${target.number.id}`);
		} else {
			const { digits } = target.number;
			const { url, qs } = owned.lookup!.request(digits);
			const list = await hookRequest(ctx, twilioBase, 'GET', url!, { qs });
			record = list && owned.lookup!.match(list, digits);
			if (!record) throw notInAccount(ctx, 'Twilio', `+${digits}`);
		}
		const applied: IDataObject = {};
		for (const event of target.events) {
			const { url, method, overriding } = FIELDS[event];
			applied[url[0]] = target.webhookUrl;
			applied[method[0]] = 'POST';
			// An application or trunk on the number would keep the webhook from being called: cleared, and put back at deactivation.
			for (const [field, recordField] of overriding) if (formValue(record[recordField]) !== '') applied[field] = '';
		}
		const activation: Activation = {
			provider: twilioBase.id,
			number: String(record.phone_number),
			webhookUrl: target.webhookUrl,
			numberKey: String(record.sid),
			previous: valuesOf(record, Object.keys(applied)),
			applied,
		};
		save(activation);
		await hookRequest(ctx, twilioBase, 'POST', owned.path(activation.numberKey), { body: applied, encoding: 'form' });
		return activation;
	},
	async current(ctx, activation) {
		const record = await hookRequest(ctx, twilioBase, 'GET', owned.path(activation.numberKey), { allow404: true });
		return record && valuesOf(record, Object.keys(activation.applied));
	},
	async restore(ctx, activation) {
		await hookRequest(ctx, twilioBase, 'POST', owned.path(activation.numberKey), { body: activation.previous, encoding: 'form' });
	},
	async cleanUp() {},

	verify: verifyTwilio,

	/** TwiML webhooks: form posts with MessageSid/Body/MediaUrlN or CallSid (bodySHA256 JSON posts alike). */
	event: (request, receivedAt) => lamlEvent('twilio', payloadOf(request), receivedAt),
	/** TwiML replies to the sender with <Message>, as the twilio SDK's MessagingResponse writes it. */
	messageReply: (_event, reply) => lamlMessageReply(reply),
	/** TwiML speaks with <Say>, as VoiceResponse writes it. */
	callAnswer: (sayText) => hangUpAnswer('Say', sayText),
};
