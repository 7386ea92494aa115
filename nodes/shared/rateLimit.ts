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
 * has waited longer in total than its budget. Operations wrap their routes with `rateLimited`
 * (budget: Options → Max Wait on Rate Limit, per item); the Phone Number list calls `retryOn429`
 * itself (shared/listSearch.ts), with a short budget of its own.
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
				'How many seconds in total each item may wait when the provider answers "too many requests" (HTTP 429) before the item stops. The node retries by itself, as soon as the provider allows.',
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
 * execution in this n8n process (not across workers). Unlimited until the first 429; then requests start at most `rate` per
 * second: first what went through in the last 2 seconds (a burst allowance overestimates, which the
 * next 429s correct quickly), 15% less on each 429 of a request sent at the current pace, and a
 * quarter more per second while requests wait for their turn and go through (a burst allowance
 * smaller than the rate underestimates; overshooting costs a few 429s, not time). Each change starts a new
 * generation: turns taken at an older pace are taken again at the new one.
 */
interface Pace {
	rate: number;
	/** The earliest start of the next request while paced. */
	next: number;
	generation: number;
	lastUsed: number;
	/** Times of recent successes, oldest first, from index `head` on. */
	successes: number[];
	head: number;
}

const paces = new Map<string, Pace>();
const PACES_LIMIT = 100;
/** After this long without requests, an account starts unlimited again. */
const IDLE_RESET_MS = 60_000;
const WINDOW_MS = 2000;

function paceOf(account: string, now: number): Pace {
	let pace = paces.get(account);
	if (!pace || now - pace.lastUsed > IDLE_RESET_MS) {
		pace = { rate: Infinity, next: 0, generation: 0, lastUsed: now, successes: [], head: 0 };
		if (paces.size >= PACES_LIMIT) paces.delete(paces.keys().next().value as string);
		paces.set(account, pace);
	}
	pace.lastUsed = now;
	return pace;
}

function onSuccess(pace: Pace, now: number, waitedForTurn: boolean): void {
	if (Number.isFinite(pace.rate)) {
		// Speed up only while the pace is what holds requests back.
		if (waitedForTurn) pace.rate += 0.25;
		return;
	}
	pace.successes.push(now);
	while (pace.successes[pace.head] <= now - WINDOW_MS) pace.head++;
	if (pace.head > 1000) {
		pace.successes = pace.successes.slice(pace.head);
		pace.head = 0;
	}
}

function onLimited(pace: Pace, sentIn: number, now: number): void {
	// Requests sent at an earlier pace say nothing about the current one.
	if (sentIn !== pace.generation) return;
	if (Number.isFinite(pace.rate)) {
		pace.rate = Math.max(0.5, pace.rate * 0.85);
	} else {
		const observed = pace.successes.filter((time) => time > now - WINDOW_MS).length;
		if (observed === 0) return; // nothing learned: Retry-After and backoff alone
		pace.rate = observed;
		pace.successes = [];
	}
	pace.generation++;
	pace.next = now;
}

/** Waits for this request's turn at the account's pace; returns whether it had to wait. */
async function takeTurn(pace: Pace, budget: WaitBudget): Promise<boolean> {
	let waited = false;
	while (Number.isFinite(pace.rate)) {
		const now = rateLimitClock.now();
		const generation = pace.generation;
		const slot = Math.max(now, pace.next);
		if (!budget.allows(slot - now)) throw budget.exceeded(slot - now);
		pace.next = slot + 1000 / pace.rate;
		if (slot === now) break;
		waited = true;
		await budget.wait(slot - now);
		if (pace.generation === generation) break;
	}
	return waited;
}

/** Forgets every account's pace (tests start each case from a fresh process state). */
export function resetRateLimits(): void {
	paces.clear();
}

/**
 * How long one caller (an item of an operation, or one list search) has waited for the rate limit,
 * against its limit. `stop` makes the message for when a wait of `nextMs` would go past the limit.
 */
export class WaitBudget {
	waited = 0;
	constructor(
		readonly limitMs: number,
		private readonly signal: AbortSignal | undefined,
		private readonly stop: (budget: WaitBudget, nextMs: number) => Error,
	) {}

	allows(ms: number): boolean {
		return this.waited + ms <= this.limitMs;
	}

	async wait(ms: number): Promise<void> {
		if (ms <= 0) return;
		if (!this.allows(ms)) throw this.exceeded(ms);
		this.waited += ms;
		await rateLimitClock.sleep(ms, this.signal);
	}

	exceeded(nextMs: number): Error {
		return this.stop(this, nextMs);
	}
}

/** The stop of an operation's item past Options → Max Wait on Rate Limit. */
function itemStopped(ctx: IExecuteSingleFunctions, providerName: string, budget: WaitBudget): NodeApiError {
	const limit = budget.limitMs / 1000;
	return new NodeApiError(ctx.getNode(), {}, {
		message: `${providerName} is still limiting requests (HTTP 429) after this item waited ${Math.round(budget.waited / 1000)} of at most ${limit} seconds`,
		description:
			`Nothing was carried out for this item: a 429 means ${providerName} refused the request before doing anything, so nothing was bought or changed. ` +
			`Raise Options → ${MAX_WAIT_OPTION.displayName} (now ${limit} seconds), or spread the items out with Options → Batching.`,
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
		const waitedForTurn = await takeTurn(pace, budget);
		const sentIn = pace.generation;
		// Any other answer, error or not, is the caller's to handle.
		const answer = await attempt();
		const now = rateLimitClock.now();
		if ('done' in answer) {
			onSuccess(pace, now, waitedForTurn);
			return answer.done;
		}
		onLimited(pace, sentIn, now);
		const seconds = retryAfterSeconds(answer.retryAfter, now);
		await budget.wait(seconds === undefined ? backoffMs(tries) : seconds * 1000);
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
				const budget = new WaitBudget(limitMs, this.getExecutionCancelSignal(), (spent) => itemStopped(this, providerName, spent));
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
