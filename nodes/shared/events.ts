import type { IDataObject } from 'n8n-workflow';
import { bodyParams, type SignedRequest } from './signatures';

export type EventKind = 'message' | 'call';

/** The item the trigger emits: the same fields at every provider, the provider's payload in `raw`. */
export interface PhoneEvent extends IDataObject {
	/** The provider's slug, as in the Phone Number node's simplified items. */
	provider: string;
	event: EventKind;
	from: string | null;
	to: string | null;
	text?: string;
	media?: string[];
	messageId?: string | null;
	callId?: string | null;
	/**
	 * The provider's ID of this webhook delivery, where it has one besides the message or call ID
	 * (e.g. an event envelope's ID): repeated deliveries of one event carry the same.
	 */
	eventId?: string | null;
	receivedAt: string;
	raw: IDataObject;
}

/** Body parameters as one value each (the last one when a name repeats). */
export type Payload = Record<string, string>;

/** A webhook's body parameters (form-encoded, or a flat JSON object), one value each. */
export function payloadOf(request: SignedRequest): Payload {
	const payload: Payload = {};
	for (const [key, values] of bodyParams(request)) payload[key] = values[values.length - 1];
	return payload;
}

/** "+" and digits for a phone number however it was written; anything else (a SIP URI) as is. */
export function e164OrText(value: string | undefined): string | null {
	const text = (value ?? '').trim();
	if (text === '') return null;
	const digits = text.replace(/^\+/, '');
	return /^\d{6,15}$/.test(digits) ? `+${digits}` : text;
}

/** Media URLs in index order: `${prefix}0`, `${prefix}1`… (e.g. MediaUrl0 or Media0). */
export function mediaUrls(payload: Payload, prefix: string): string[] {
	const pattern = new RegExp(`^${prefix}(\\d+)$`);
	return Object.keys(payload)
		.map((key) => [key, pattern.exec(key)?.[1]] as const)
		.filter(([, index]) => index !== undefined)
		.sort(([, a], [, b]) => Number(a) - Number(b))
		.map(([key]) => payload[key])
		.filter((url) => url !== '');
}

/** A payload value, null when missing or empty. */
export const payloadText = (value: string | undefined) => (value === undefined || value === '' ? null : value);

/** Text content of an element: only &, < and > need escaping there. */
export function escapeXml(value: string): string {
	return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/** An answer with nothing to do: a message is received and nothing is sent back. */
export const EMPTY_ANSWER = `${XML_DECLARATION}<Response/>`;

// ---------------------------------------------------------------------------------------------
// The LaML/TwiML webhook format, spoken by more than one provider.
// ---------------------------------------------------------------------------------------------

/**
 * A LaML/TwiML webhook as the trigger's item: a message carries MessageSid (or SmsSid) and Body,
 * media as MediaUrl0…; a call carries CallSid. Numbers are already E.164. `provider` is the slug.
 */
export function lamlEvent(provider: string, payload: Payload, receivedAt: string): PhoneEvent | undefined {
	const base = { provider, from: e164OrText(payload.From), to: e164OrText(payload.To), receivedAt, raw: { ...payload } };
	const messageId = payload.MessageSid ?? payload.SmsSid;
	if (messageId !== undefined) {
		return { ...base, event: 'message', text: payload.Body ?? '', media: mediaUrls(payload, 'MediaUrl'), messageId: payloadText(messageId) };
	}
	if (payload.CallSid !== undefined) return { ...base, event: 'call', callId: payloadText(payload.CallSid) };
	return undefined;
}

/** A LaML/TwiML reply to the sender of a message: <Message>. */
export const lamlMessageReply = (reply: string) => `${XML_DECLARATION}<Response><Message>${escapeXml(reply)}</Message></Response>`;

/** A call answer in the providers' XML dialects: say a text with `speak` (if any), then hang up. */
export function hangUpAnswer(speak: string, sayText?: string): string {
	const said = sayText ? `<${speak}>${escapeXml(sayText)}</${speak}>` : '';
	return `${XML_DECLARATION}<Response>${said}<Hangup/></Response>`;
}
