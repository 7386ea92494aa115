import type { IDataObject } from 'n8n-workflow';

export type EventKind = 'message' | 'call';

/** The item the trigger emits: the same fields at both providers, the provider's payload in `raw`. */
export interface PhoneEvent extends IDataObject {
	provider: 'signalwire' | 'plivo';
	event: EventKind;
	from: string | null;
	to: string | null;
	text?: string;
	media?: string[];
	messageId?: string | null;
	callId?: string | null;
	receivedAt: string;
	raw: IDataObject;
}

/** Body parameters as one value each (the last one when a name repeats). */
export type Payload = Record<string, string>;

/** "+" and digits for a phone number however it was written; anything else (a SIP URI) as is. */
export function e164OrText(value: string | undefined): string | null {
	const text = (value ?? '').trim();
	if (text === '') return null;
	const digits = text.replace(/^\+/, '');
	return /^\d{6,15}$/.test(digits) ? `+${digits}` : text;
}

/** Media URLs in index order: MediaUrl0, MediaUrl1… (SignalWire) or Media0, Media1… (Plivo). */
function mediaUrls(payload: Payload, prefix: string): string[] {
	const pattern = new RegExp(`^${prefix}(\\d+)$`);
	return Object.keys(payload)
		.map((key) => [key, pattern.exec(key)?.[1]] as const)
		.filter(([, index]) => index !== undefined)
		.sort(([, a], [, b]) => Number(a) - Number(b))
		.map(([key]) => payload[key])
		.filter((url) => url !== '');
}

const text = (value: string | undefined) => (value === undefined || value === '' ? null : value);

/**
 * SignalWire LaML (compatibility) webhooks: a message carries MessageSid (or SmsSid) and Body,
 * a call carries CallSid. Numbers are already E.164.
 */
export function signalWireEvent(payload: Payload, receivedAt: string): PhoneEvent | undefined {
	const base = { provider: 'signalwire' as const, from: e164OrText(payload.From), to: e164OrText(payload.To), receivedAt, raw: { ...payload } };
	const messageId = payload.MessageSid ?? payload.SmsSid;
	if (messageId !== undefined) {
		return { ...base, event: 'message', text: payload.Body ?? '', media: mediaUrls(payload, 'MediaUrl'), messageId: text(messageId) };
	}
	if (payload.CallSid !== undefined) return { ...base, event: 'call', callId: text(payload.CallSid) };
	return undefined;
}

/**
 * Plivo: a message carries MessageUUID, Text and Type (sms/mms), media as Media0…; a call carries
 * CallUUID. Plivo writes numbers as digits without "+".
 */
export function plivoEvent(payload: Payload, receivedAt: string): PhoneEvent | undefined {
	const base = { provider: 'plivo' as const, from: e164OrText(payload.From), to: e164OrText(payload.To), receivedAt, raw: { ...payload } };
	if (payload.MessageUUID !== undefined) {
		return { ...base, event: 'message', text: payload.Text ?? '', media: mediaUrls(payload, 'Media'), messageId: text(payload.MessageUUID) };
	}
	if (payload.CallUUID !== undefined) return { ...base, event: 'call', callId: text(payload.CallUUID) };
	return undefined;
}

/** Text content of an element: only &, < and > need escaping there. */
function escapeXml(value: string): string {
	return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/** An answer with nothing to do: a message is received and nothing is sent back. */
export const EMPTY_ANSWER = `${XML_DECLARATION}<Response/>`;

/**
 * The message answer: empty, or a reply to the sender. SignalWire's cXML replies with <Message>;
 * Plivo's <Message> names the sender (src, our number) and the receiver (dst) as digits.
 */
export function messageAnswer(event: PhoneEvent, reply: string): string {
	if (!reply) return EMPTY_ANSWER;
	if (event.provider === 'signalwire') return `${XML_DECLARATION}<Response><Message>${escapeXml(reply)}</Message></Response>`;
	const digits = (value: string | null) => escapeXml((value ?? '').replace(/^\+/, '')).replace(/"/g, '&quot;');
	return `${XML_DECLARATION}<Response><Message src="${digits(event.to)}" dst="${digits(event.from)}" type="sms">${escapeXml(reply)}</Message></Response>`;
}

/**
 * The call answer: hang up, or say a text and hang up. SignalWire's cXML speaks with <Say>,
 * Plivo XML with <Speak>; both hang up with <Hangup/>.
 */
export function callAnswer(provider: PhoneEvent['provider'], sayText?: string): string {
	const speak = provider === 'plivo' ? 'Speak' : 'Say';
	const said = sayText ? `<${speak}>${escapeXml(sayText)}</${speak}>` : '';
	return `${XML_DECLARATION}<Response>${said}<Hangup/></Response>`;
}
