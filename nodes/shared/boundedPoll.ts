import { waitClock } from './clock';

/**
 * Bounded polling: look again at something the provider finishes later (an order, an assignment)
 * until it has finished or a time budget is spent. Generic: it knows nothing of what it looks at.
 *
 * Waits come from the node's one clock (shared/clock.ts, n8n-workflow's `sleep`), never from
 * setTimeout, and stop at once when the execution is cancelled.
 */

/** The wait before the first look again, doubled before each further one up to the cap: 1 s, 2 s, 4 s, 8 s, 10 s, 10 s… */
export const POLL_FIRST_WAIT_MS = 1000;
export const POLL_MAX_WAIT_MS = 10_000;

export interface PollOutcome<T> {
	/** What the last look found (`first` when there was no look). */
	value: T;
	/** Whether `value` is final. */
	settled: boolean;
	/** How many looks were made after `first`. */
	looks: number;
	/** The time waited between looks, in total. */
	waitedMs: number;
}

export interface PollOptions<T> {
	/** What is known already, e.g. the answer that created the order. */
	first: T;
	/** Whether a value is final (nothing to wait for any more). */
	settled(value: T): boolean;
	/** One look (one request, usually), given what the previous look found. */
	look(previous: T): Promise<T>;
	/** How long the waits may add up to, in ms; 0: no look at all. */
	budgetMs: number;
	signal?: AbortSignal;
}

/**
 * Looks again while the value is not settled and the budget allows: the waits are 1 s, 2 s, 4 s,
 * 8 s, then 10 s each, and the last one is shortened so that the final look falls where the budget
 * ends (budget 30 s: looks after 1, 3, 7, 15, 25 and 30 s). Returns the last value seen.
 */
export async function pollUntilSettled<T>(options: PollOptions<T>): Promise<PollOutcome<T>> {
	const budgetMs = Math.max(0, options.budgetMs);
	let value = options.first;
	let looks = 0;
	let waitedMs = 0;
	let next = POLL_FIRST_WAIT_MS;
	while (!options.settled(value) && waitedMs < budgetMs) {
		const wait = Math.min(next, budgetMs - waitedMs);
		await waitClock.sleep(wait, options.signal);
		waitedMs += wait;
		value = await options.look(value);
		looks++;
		next = Math.min(next * 2, POLL_MAX_WAIT_MS);
	}
	return { value, settled: options.settled(value), looks, waitedMs };
}
