import {
	NodeApiError,
	type DeclarativeRestApiSettings,
	type IExecutePaginationFunctions,
	type IExecuteSingleFunctions,
	type IN8nHttpFullResponse,
	type INodeExecutionData,
	type INodeProperties,
	type INodePropertyRouting,
	type PostReceiveAction,
} from 'n8n-workflow';
import { waitClock } from './clock';
import { retryAfterSeconds } from './errors';

/**
 * Rate limits (HTTP 429). A 429 means the provider refused the request before carrying it out, so
 * sending it again is safe, even for a purchase. Every request to a provider goes through
 * `retryOn429`: it waits what Retry-After asks (or backs off with jitter), paces the account's
 * requests once the provider has limited them, and gives up with a clear message once the caller
 * would wait longer than its budget (wall time: pages of one item waiting at the same time count
 * once), saying whether a fresh 429 or the node's own pace holds it back. Operations wrap their
 * routes with `rateLimited` (budget: Options → Max Wait on Rate Limit, per item); the Phone Number
 * list calls `retryOn429` itself (shared/listSearch.ts), with a short budget of its own.
 */

const MAX_WAIT_OPTION = { name: 'maxRateLimitWait', displayName: 'Max Wait on Rate Limit' } as const;
const MAX_WAIT_DEFAULT = 300;

/**
 * Options → Max Wait on Rate Limit. n8n's loader merges this collection with the Options it adds to
 * every declarative node (Batching, Timeout, Proxy…), so it sits next to Batching.
 */
export const requestOptionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'requestOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			...MAX_WAIT_OPTION,
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 300,
			description:
				'How many seconds each item may wait when the provider answers "too many requests" (HTTP 429), and for its turn while the node paces requests after one, before the item stops. The node retries by itself, as soon as the provider allows.',
		},
	],
};

/** The clock the waits use (shared/clock.ts, the same object every wait of the node uses). */
export const rateLimitClock = waitClock;

/** Backoff when the provider gives no Retry-After: 1 s, 2 s, 4 s… up to 32 s, each with jitter. */
const BACKOFF_BASE_MS = 1000;
const BACKOFF_CAP_MS = 32_000;

function backoffMs(attempt: number): number {
	const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
	// Half fixed, half random: never a hammering zero wait, and retries of many items spread out.
	return Math.round(ceiling / 2 + rateLimitClock.random() * (ceiling / 2));
}

/** What a 429 answer carries to the retry loop. */
class RateLimitedAnswer extends NodeApiError {
	retryAfter: unknown;
}

/**
 * A postReceive action, before the provider error mapping: a 429 becomes a RateLimitedAnswer with
 * the Retry-After header, for the retry loop below.
 */
export function rateLimitAnswer(providerName: string): PostReceiveAction {
	return async function (this: IExecuteSingleFunctions, items: INodeExecutionData[], response: IN8nHttpFullResponse) {
		if (response.statusCode !== 429) return items;
		const error = new RateLimitedAnswer(this.getNode(), { body: JSON.stringify(response.body ?? null) }, {
			message: `${providerName} answered "too many requests" (HTTP 429)`,
			httpCode: '429',
			itemIndex: this.getItemIndex(),
		});
		error.retryAfter = response.headers?.['retry-after'];
		throw error;
	};
}

/**
 * How fast one provider account may be asked, learned from its 429s and shared by every item and
 * execution in this n8n process (not across workers).
 *
 * - Unpaced until the first 429. Then requests start at most `rate` per second: as many as went
 *   through in the last second, at least 10 (fewer say little about the provider's limit; a burst
 *   allowance overestimates, which the next 429s correct).
 * - A 429 of a request sent at the current pace cuts it to 90% of the pace or of what went through
 *   in the last second, whichever is lower, so one cut lands near the provider's limit.
 * - It recovers by itself once the provider stops refusing: after the wait the latest 429 asked for
 *   (Retry-After or the backoff), the pace doubles for every 100 ms in which requests go through
 *   (measured at each success). Below twice a limit a 429 taught (10 or more went through in the
 *   second before it) it doubles every 300 ms instead, so probing a real limit costs a few 429s.
 *   Past 1,000 per second the pace is dropped. Measured with the fake clock (test/rateLimit.test.ts,
 *   "recovers"): a Return All of 10,000 numbers in 500 pages of 20, right after a 429 that set the
 *   pace to 10 per second, is held back 0.85 s in all, where a fixed 10 per second would take 50 s.
 *   bench/scale.bench.js ("After a 429") times the same list in n8n's engine against a fresh
 *   process; README's Rate limits has the numbers.
 *
 * Waiting requests stand in one line per account, let go in order at the pace of the moment, so a
 * pace that speeds up moves the whole line at once. A request leaves the line when its caller's
 * budget runs out (WaitBudget), with a message that blames the pace, not the provider.
 */
interface Pace {
	/** Requests per second; Infinity while unpaced. */
	rate: number;
	/** Counts the cuts: a 429 of a request sent before the latest cut says nothing about the current pace. */
	generation: number;
	/** When the last request started. */
	lastStart: number;
	/** Requests waiting for their turn, first in line first. */
	line: Turn[];
	serving: boolean;
	/** Cuts the line's current wait short when the pace speeds up; `wakeAt` is when that wait ends. */
	wake: AbortController | undefined;
	wakeAt: number;
	/** The pace has grown (or was set) up to this time. */
	grownAt: number;
	/**
	 * What went through in the second before the last cut, when that was enough to tell the
	 * provider's limit (0 otherwise): below twice this the pace grows slowly.
	 */
	limitSeen: number;
	/** The end of the latest wait a 429 asked for: the pace does not grow before it. */
	heldUntil: number;
	/** When the account last answered 429, for the messages. */
	limitedAt: number;
	lastUsed: number;
	/** Times of recent successes, oldest first, from index `head` on. */
	successes: number[];
	head: number;
}

/** A request waiting in an account's line. */
interface Turn {
	go(): void;
}

const paces = new Map<string, Pace>();
const PACES_LIMIT = 100;
/** After this long without requests, an account starts unpaced again. */
const IDLE_RESET_MS = 60_000;
const WINDOW_MS = 1000;
const MIN_RATE = 0.5;
const CUT = 0.9;
/** How long the pace takes to double while requests go through: within twice a limit seen, and beyond. */
const DOUBLING_MS = { nearLimit: 300, free: 100 } as const;
/** Fewer successes than this in the second before a 429 say little about the provider's limit. */
const TAUGHT_FROM = 10;
const UNPACED_ABOVE = 1000;

function paceOf(account: string, now: number): Pace {
	let pace = paces.get(account);
	if (!pace || (now - pace.lastUsed > IDLE_RESET_MS && pace.line.length === 0)) {
		pace = {
			rate: Infinity,
			generation: 0,
			lastStart: -Infinity,
			line: [],
			serving: false,
			wake: undefined,
			wakeAt: 0,
			grownAt: now,
			limitSeen: 0,
			heldUntil: 0,
			limitedAt: 0,
			lastUsed: now,
			successes: [],
			head: 0,
		};
		if (paces.size >= PACES_LIMIT) paces.delete(paces.keys().next().value as string);
		paces.set(account, pace);
	}
	pace.lastUsed = now;
	return pace;
}

const gapMs = (pace: Pace): number => 1000 / pace.rate;

/** Requests per second that went through in the last WINDOW_MS. */
function observedRate(pace: Pace, now: number): number {
	while (pace.head < pace.successes.length && pace.successes[pace.head] <= now - WINDOW_MS) pace.head++;
	if (pace.head > 1000) {
		pace.successes = pace.successes.slice(pace.head);
		pace.head = 0;
	}
	return ((pace.successes.length - pace.head) * 1000) / WINDOW_MS;
}

function onSuccess(pace: Pace, now: number): void {
	pace.successes.push(now);
	observedRate(pace, now); // drops what left the window
	if (!Number.isFinite(pace.rate)) return;
	const from = Math.max(pace.grownAt, pace.heldUntil);
	if (now <= from) return;
	const nearLimit = pace.rate < 2 * pace.limitSeen;
	pace.rate *= 2 ** ((now - from) / DOUBLING_MS[nearLimit ? 'nearLimit' : 'free']);
	pace.grownAt = now;
	// Twice the limit seen, and still no 429: that limit is gone.
	if (pace.rate >= 2 * pace.limitSeen) pace.limitSeen = 0;
	// Unpaced once fast enough; a line still waiting is let go at the pace, not all at once.
	if (pace.rate > UNPACED_ABOVE && pace.line.length === 0) pace.rate = Infinity;
	// The line may go sooner now.
	if (pace.wake && pace.lastStart + gapMs(pace) < pace.wakeAt - 1) pace.wake.abort();
}

function onLimited(pace: Pace, sentIn: number, now: number): void {
	pace.limitedAt = now;
	// Requests sent at an earlier pace say nothing about the current one.
	if (sentIn !== pace.generation) return;
	const observed = observedRate(pace, now);
	if (Number.isFinite(pace.rate)) {
		pace.rate = Math.max(MIN_RATE, CUT * Math.min(pace.rate, observed || pace.rate));
	} else {
		if (observed === 0) return; // nothing learned: Retry-After and backoff alone
		pace.rate = Math.max(TAUGHT_FROM, observed);
	}
	pace.limitSeen = observed >= TAUGHT_FROM ? observed : 0;
	pace.generation++;
	pace.grownAt = now;
}

/** Why a request waits: the pace, as the messages tell it. */
function pacedBy(pace: Pace, now: number): WaitCause {
	return { by: 'pace', rate: pace.rate, limitedAgoMs: now - pace.limitedAt };
}

/** Waits for this request's turn at the account's pace (at once while unpaced, or when it is already due). */
async function takeTurn(pace: Pace, budget: WaitBudget): Promise<void> {
	const now = rateLimitClock.now();
	if (!Number.isFinite(pace.rate) || (pace.line.length === 0 && now >= pace.lastStart + gapMs(pace))) {
		pace.lastStart = now;
		return;
	}
	const left = budget.limitMs - budget.waitedMs(now);
	if (left <= 0) throw budget.exceeded(untilTurn(pace, pace.line.length, now), pacedBy(pace, now));
	await budget.during(async () => await inLine(pace, budget, left));
}

/** How long the request at `position` in the line would still wait at the current pace. */
function untilTurn(pace: Pace, position: number, now: number): number {
	return Math.max(0, pace.lastStart + (position + 1) * gapMs(pace) - now);
}

/**
 * Stands in the account's line until the request's turn. It leaves the line when the caller's
 * budget (`leftMs` more) runs out first, or when the execution is cancelled.
 */
async function inLine(pace: Pace, budget: WaitBudget, leftMs: number): Promise<void> {
	const { signal } = budget;
	const deadline = new AbortController();
	await new Promise<void>((go, stop) => {
		if (signal?.aborted) return stop(abortReason(signal));
		let settled = false;
		const leave = (outcome: () => void) => {
			if (settled) return;
			settled = true;
			pace.line = pace.line.filter((waiting) => waiting !== turn);
			if (pace.line.length === 0) pace.wake?.abort(); // nobody left to serve
			signal?.removeEventListener('abort', onAbort);
			deadline.abort();
			outcome();
		};
		const turn: Turn = { go: () => leave(go) };
		const onAbort = () => leave(() => stop(abortReason(signal as AbortSignal)));
		signal?.addEventListener('abort', onAbort, { once: true });
		pace.line.push(turn);
		rateLimitClock.sleep(leftMs, deadline.signal).then(
			() => {
				const now = rateLimitClock.now();
				const error = budget.exceeded(untilTurn(pace, pace.line.indexOf(turn), now), pacedBy(pace, now));
				leave(() => stop(error));
			},
			() => undefined, // its turn came first
		);
		void serve(pace);
	});
}

function abortReason(signal: AbortSignal): Error {
	return signal.reason instanceof Error ? signal.reason : new Error('The execution was cancelled');
}

/** Lets the account's line go, one request per gap at the pace of the moment; one loop per account. */
async function serve(pace: Pace): Promise<void> {
	if (pace.serving) return;
	pace.serving = true;
	try {
		while (pace.line.length > 0) {
			const now = rateLimitClock.now();
			const gap = Number.isFinite(pace.rate) ? gapMs(pace) : 0;
			const due = pace.lastStart + gap;
			if (due > now) {
				pace.wake = new AbortController();
				pace.wakeAt = due;
				// Cut short when the pace speeds up (onSuccess); the loop then looks again.
				await rateLimitClock.sleep(due - now, pace.wake.signal).catch(() => undefined);
				pace.wake = undefined;
				continue;
			}
			// On time keeps the pace exact; after a pause the next gap counts from now.
			pace.lastStart = due >= now - gap ? due : now;
			pace.line.shift()?.go();
		}
	} finally {
		pace.serving = false;
	}
}

/** Forgets every account's pace (tests start each case from a fresh process state). */
export function resetRateLimits(): void {
	paces.clear();
}

/** What holds a request back: a 429 the provider just answered, or the node's own pace. */
export type WaitCause = { by: 'provider' } | { by: 'pace'; rate: number; limitedAgoMs: number };

/**
 * How long one caller (an item of an operation, or one list search) has waited for the rate limit,
 * against its limit: wall time, so pages of one item that wait at the same time count once.
 * `stop` makes the message for when a wait of `nextMs` would go past the limit.
 */
export class WaitBudget {
	/** Waits that have ended, in ms of wall time. */
	private spent = 0;
	/** Waits going on now, and since when at least one has. */
	private waiting = 0;
	private since = 0;

	constructor(
		readonly limitMs: number,
		readonly signal: AbortSignal | undefined,
		private readonly stop: (budget: WaitBudget, nextMs: number, cause: WaitCause) => Error,
	) {}

	/** How long the caller has waited so far: the time during which any of its requests waited. */
	waitedMs(now = rateLimitClock.now()): number {
		return this.spent + (this.waiting > 0 ? now - this.since : 0);
	}

	allows(ms: number, now = rateLimitClock.now()): boolean {
		return this.waitedMs(now) + ms <= this.limitMs;
	}

	/** Counts the time `wait` takes as waited. */
	async during<T>(wait: () => Promise<T>): Promise<T> {
		if (this.waiting++ === 0) this.since = rateLimitClock.now();
		try {
			return await wait();
		} finally {
			if (--this.waiting === 0) this.spent += rateLimitClock.now() - this.since;
		}
	}

	/** Waits out a 429: what the provider asked for, or the backoff. */
	async wait(ms: number): Promise<void> {
		if (ms <= 0) return;
		if (!this.allows(ms)) throw this.exceeded(ms, { by: 'provider' });
		await this.during(async () => await rateLimitClock.sleep(ms, this.signal));
	}

	exceeded(nextMs: number, cause: WaitCause): Error {
		return this.stop(this, nextMs, cause);
	}
}

/** "less than a second", "1 second", "12 seconds". */
export function secondsText(ms: number): string {
	const seconds = Math.round(ms / 1000);
	if (seconds === 0) return 'less than a second';
	return seconds === 1 ? '1 second' : `${seconds} seconds`;
}

/** A pace for the messages: "0.5", "4.2", "120". */
export function rateText(rate: number): string {
	return rate < 10 ? String(Math.round(rate * 10) / 10) : String(Math.round(rate));
}

/** The stop of an operation's item past Options → Max Wait on Rate Limit. */
function itemStopped(ctx: IExecuteSingleFunctions, providerName: string, budget: WaitBudget, nextMs: number, cause: WaitCause): NodeApiError {
	const limit = budget.limitMs / 1000;
	const remedy = `Raise Options → ${MAX_WAIT_OPTION.displayName} (now ${limit} seconds), or spread the items out with Options → Batching.`;
	if (cause.by === 'pace') {
		// No fresh 429 for this request: what holds it back is the node's own pace, and the message says so.
		return new NodeApiError(ctx.getNode(), {}, {
			message: `This item's turn did not come within ${limit} seconds: the node is pacing its requests to ${providerName}`,
			description:
				`Nothing was carried out for this item. ${providerName} last answered "too many requests" (HTTP 429) ${secondsText(cause.limitedAgoMs)} ago; ` +
				`since then the node sends the account's requests at a pace learned from ${providerName} (now ${rateText(cause.rate)} per second, shared by every item and execution in this n8n process), faster while they go through. ` +
				`At the current pace its turn would have come in ${secondsText(nextMs)}. ${remedy}`,
			itemIndex: ctx.getItemIndex(),
		});
	}
	return new NodeApiError(ctx.getNode(), {}, {
		message: `${providerName} is still limiting requests (HTTP 429) after this item waited ${Math.round(budget.waitedMs() / 1000)} of at most ${limit} seconds`,
		description: `Nothing was carried out for this item: a 429 means ${providerName} refused the request before doing anything, so nothing was bought or changed. ${remedy}`,
		httpCode: '429',
		itemIndex: ctx.getItemIndex(),
	});
}

/** One attempt of a request: its result, or the Retry-After header (if any) of a 429 answer. */
export type Attempt<T> = { done: T } | { retryAfter: unknown };

/**
 * Sends a request (`attempt`) until the provider does not answer 429: each try takes its turn at
 * the account's pace, each 429 waits what Retry-After asks (or backs off), all within `budget`.
 * `account` is the API root, so every caller that reaches the same account shares one pace.
 */
export async function retryOn429<T>(account: string, budget: WaitBudget, attempt: () => Promise<Attempt<T>>): Promise<T> {
	for (let tries = 0; ; tries++) {
		const pace = paceOf(account, rateLimitClock.now());
		await takeTurn(pace, budget);
		const sentIn = pace.generation;
		// Any other answer, error or not, is the caller's to handle.
		const answer = await attempt();
		const now = rateLimitClock.now();
		if ('done' in answer) {
			onSuccess(pace, now);
			return answer.done;
		}
		onLimited(pace, sentIn, now);
		const seconds = retryAfterSeconds(answer.retryAfter, now);
		const waitMs = seconds === undefined ? backoffMs(tries) : seconds * 1000;
		pace.heldUntil = Math.max(pace.heldUntil, now + waitMs);
		await budget.wait(waitMs);
	}
}

type Runner = (this: IExecutePaginationFunctions, requestData: DeclarativeRestApiSettings.ResultOptions) => Promise<INodeExecutionData[]>;

/** An operation with one request: n8n's own request, through the retry loop. */
const single: Runner = async function (requestData) {
	return await this.makeRoutingRequest(requestData);
};

/**
 * Wraps a route so that every request of the operation retries 429s: the route runs as a request
 * operation (n8n's `pagination` hook, the only place a declarative node controls its requests),
 * with a context whose makeRoutingRequest waits and retries. The operation's own steps are unchanged.
 */
export function rateLimited(providerName: string, routing: INodePropertyRouting): INodePropertyRouting {
	const runner = routing.operations?.pagination ?? single;
	if (typeof runner !== 'function') throw new TypeError('rate-limited routes run their pages in code');
	return {
		...routing,
		send: { ...routing.send, paginate: true },
		operations: {
			...routing.operations,
			pagination: async function (this: IExecutePaginationFunctions, requestData) {
				const seconds = Number(this.getNodeParameter(`requestOptions.${MAX_WAIT_OPTION.name}`, MAX_WAIT_DEFAULT));
				const limitMs = Math.max(0, Number.isFinite(seconds) ? seconds : MAX_WAIT_DEFAULT) * 1000;
				const budget = new WaitBudget(limitMs, this.getExecutionCancelSignal(), (spent, nextMs, cause) => itemStopped(this, providerName, spent, nextMs, cause));
				const send = this.makeRoutingRequest;
				const retrying = async (options: DeclarativeRestApiSettings.ResultOptions) =>
					await retryOn429(String(options.options.baseURL ?? ''), budget, async () => await sendOnce(this, send, options));
				// The engine's context is used through its prototype, as n8n itself does for this hook.
				const context = Object.create(this, { makeRoutingRequest: { value: retrying } }) as IExecutePaginationFunctions;
				return await runner.call(context, requestData);
			},
		},
	};
}

/** One routing request; the 429 postReceive action (rateLimitAnswer) turns a 429 into a RateLimitedAnswer. */
async function sendOnce(
	ctx: IExecutePaginationFunctions,
	send: IExecutePaginationFunctions['makeRoutingRequest'],
	requestData: DeclarativeRestApiSettings.ResultOptions,
): Promise<Attempt<INodeExecutionData[]>> {
	// Any other error is the operation's own, passed on unchanged.
	return await send.call(ctx, requestData).then(
		(items): Attempt<INodeExecutionData[]> => ({ done: items }),
		(error: unknown) => (error instanceof RateLimitedAnswer ? { retryAfter: error.retryAfter } : Promise.reject(error)),
	);
}
