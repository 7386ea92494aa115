import { waitClock } from './clock';

/**
 * Bounded polling, for anything a provider finishes later (a number order, a campaign assignment):
 * look again until it has finished or a time budget is spent. Generic: it knows nothing of what it
 * looks at.
 *
 * Waits come from the node's one clock (shared/clock.ts, n8n-workflow's `sleep` with the
 * execution's cancel signal), never from setTimeout: node code may not set timers of its own, and
 * tests replace the clock to check each wait exactly.
 */

/** The default schedule: 1 s, 2 s, 4 s, 8 s, then every 10 s (a campaign assignment). */
export const DOUBLING_POLL_INTERVALS_MS = [1000, 2000, 4000, 8000, 10_000] as const;

/** The schedule of a purchase order: 1 s, then 2 s, 3 s, then every 5 s. */
export const ORDER_POLL_INTERVALS_MS = [1000, 2000, 3000, 5000] as const;

export interface PollOptions<T> {
	/** What is known already, e.g. the answer that created the order. */
	first: T;
	/** Whether a value is final (nothing to wait for any more). */
	settled(value: T): boolean;
	/** One look (one request, usually), given what the previous look found. */
	look(previous: T): Promise<T>;
	/** How long the waits may add up to, in ms; 0: no look at all. */
	budgetMs: number;
	/** The waits before the 1st, 2nd, … look, in ms; the last one repeats. Default: DOUBLING_POLL_INTERVALS_MS. */
	intervalsMs?: readonly number[];
	signal?: AbortSignal;
}

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

/**
 * Looks again while the value is not settled and the budget allows, waiting as `intervalsMs` says;
 * the last wait is shortened so that the final look falls where the budget ends (doubling schedule,
 * budget 30 s: looks after 1, 3, 7, 15, 25 and 30 s). Returns the last value seen.
 */
export async function pollUntilSettled<T>(options: PollOptions<T>): Promise<PollOutcome<T>> {
	const budgetMs = Math.max(0, options.budgetMs);
	const intervals = options.intervalsMs?.length ? options.intervalsMs : DOUBLING_POLL_INTERVALS_MS;
	let value = options.first;
	let looks = 0;
	let waitedMs = 0;
	while (!options.settled(value) && waitedMs < budgetMs) {
		const wait = Math.min(intervals[Math.min(looks, intervals.length - 1)], budgetMs - waitedMs);
		await waitClock.sleep(wait, options.signal);
		waitedMs += wait;
		value = await options.look(value);
		looks++;
	}
	return { value, settled: options.settled(value), looks, waitedMs };
}
