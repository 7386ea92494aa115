import { createHash } from 'crypto';
import type { PhoneEvent } from './events';

/**
 * Repeated webhook deliveries. A provider sends the same event again when it did not get (or did
 * not wait for) n8n's answer, and anyone who saw a signed request can send it again (signatures
 * without a timestamp stay valid forever). The trigger starts one execution per provider event:
 * each verified request is checked against what this n8n process received within the window.
 *
 * - The event key comes from the trigger's item, for every provider alike: the provider's slug, the
 *   kind of event and the provider's ID of the message or call (`messageId` / `callId`), which is
 *   the same in every delivery of one event. A request whose key was seen within the window is a
 *   repeat: it is answered, and starts nothing. Items without an ID have no key and are not
 *   de-duplicated.
 * - A provider that signs a one-time value with each request (ProviderTrigger.replayNonce, e.g. a
 *   signature nonce) has its replays refused outright: a request whose nonce was seen within the
 *   window is not a delivery from the provider but a copy of one.
 *
 * The memory is this process's: a map from the SHA-256 of each key (44 characters, whatever the
 * provider's IDs look like, and no slice of a request body kept alive) to the time it was first
 * seen, oldest first, pruned as it is used (no timers). It is not shared between n8n processes: README, "Phone Number
 * Trigger", says why n8n offers no store that could share it without a race.
 */

/**
 * How long a delivery is remembered: 15 minutes, twice the longest retry schedule the providers
 * document (retries until 7 minutes after the first attempt; the others within a minute, and
 * signatures with a timestamp refused after 5). README, "Phone Number Trigger", names them. So a
 * delivery that n8n takes late still meets its key.
 */
export const REPEAT_WINDOW_MS = 15 * 60 * 1000;

/**
 * At most this many keys (events and nonces, all triggers of the process together): about 6.5 MB
 * (130 bytes a key, measured on Node 24). Past it the oldest are forgotten first, which shortens
 * the window; it holds a steady 55 events per second for the whole window.
 */
export const REPEAT_WINDOW_CAPACITY = 50_000;

/** The clock of the window; replaceable so tests move time on without waiting. */
export const deliveryClock = { now: (): number => Date.now() };

/** Key → when it was first seen (ms), in the order first seen. */
const seen = new Map<string, number>();

/** Forgets what is older than the window (the oldest come first). */
function prune(now: number): void {
	for (const [key, first] of seen) {
		if (now - first < REPEAT_WINDOW_MS) break;
		seen.delete(key);
	}
}

/** When `text` was first seen within the window (ms), or undefined when it is new; it is recorded either way. */
function sight(text: string, now: number): number | undefined {
	const key = createHash('sha256').update(text, 'utf8').digest('base64');
	const first = seen.get(key);
	if (first !== undefined && now - first < REPEAT_WINDOW_MS) return first;
	seen.delete(key);
	seen.set(key, now);
	if (seen.size > REPEAT_WINDOW_CAPACITY) seen.delete(seen.keys().next().value as string);
	return undefined;
}

/** "acme message M123…" (slug, kind, ID): the event key of an item, or undefined when the item has no ID. */
export function eventKey(event: PhoneEvent): string | undefined {
	const id = event.event === 'message' ? event.messageId : event.callId;
	return typeof id === 'string' && id !== '' ? `${event.provider} ${event.event} ${id}` : undefined;
}

export type Delivery =
	| { kind: 'first'; key?: string }
	| { kind: 'repeat'; key: string; firstSeenMs: number }
	| { kind: 'replay'; nonce: string; firstSeenMs: number };

/**
 * What a verified request is, and remembers it: a `replay` (its nonce was seen), a `repeat` (its
 * event was seen), or the `first` delivery. `scope` separates triggers (workflow and node). Check
 * and record happen together, without awaiting anything, so two copies arriving at once in one
 * process cannot both be `first`.
 */
export function checkDelivery(scope: string, event: PhoneEvent | undefined, nonce: string | undefined): Delivery {
	const now = deliveryClock.now();
	prune(now);
	if (nonce) {
		const firstSeenMs = sight(`${scope}\nnonce\n${nonce}`, now);
		if (firstSeenMs !== undefined) return { kind: 'replay', nonce, firstSeenMs };
	}
	const key = event && eventKey(event);
	if (!key) return { kind: 'first' };
	const firstSeenMs = sight(`${scope}\nevent\n${key}`, now);
	return firstSeenMs === undefined ? { kind: 'first', key } : { kind: 'repeat', key, firstSeenMs };
}

/** Forgets every delivery (tests). */
export function forgetDeliveries(): void {
	seen.clear();
}

/** How many keys the window holds (tests, and the memory measurement). */
export const rememberedDeliveries = (): number => seen.size;
