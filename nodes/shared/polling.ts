import { rateLimitClock } from './rateLimit';

/**
 * Bounded polling, for anything a provider finishes later (e.g. a number order): asks `check`
 * until it says the thing is settled, waiting between asks as `intervalsMs` says (the last interval
 * repeats), within `budgetMs` in total. The last wait is shortened so the final ask falls on the
 * budget's end. Waits go through the rate-limit clock (shared/rateLimit.ts), n8n's own `sleep`
 * with the execution's cancel signal: node code may not set timers of its own, and tests replace
 * the clock to check each wait exactly.
 */
export interface PollOptions<T> {
	/** How long the caller may wait in total, in ms (0: no ask at all). */
	budgetMs: number;
	/** The waits before the 1st, 2nd, … ask, in ms; the last one repeats. */
	intervalsMs: readonly number[];
	signal?: AbortSignal;
	/** One ask: whether it is settled now, and what it is like. */
	check(): Promise<{ settled: boolean; value: T }>;
}

export interface PollResult<T> {
	settled: boolean;
	/** The last value `check` gave, or `initial` when it was never asked. */
	value: T;
	/** How many asks were sent. */
	polls: number;
	/** How long it waited in all, in ms. */
	waitedMs: number;
}

/** The default schedule of a purchase order: 1 s, then 2 s, 3 s, then every 5 s. */
export const ORDER_POLL_INTERVALS_MS = [1000, 2000, 3000, 5000] as const;

export async function pollUntilSettled<T>(initial: T, options: PollOptions<T>): Promise<PollResult<T>> {
	let value = initial;
	let waitedMs = 0;
	let polls = 0;
	const { intervalsMs } = options;
	while (waitedMs < options.budgetMs) {
		const interval = intervalsMs[Math.min(polls, intervalsMs.length - 1)] ?? 1000;
		const wait = Math.min(interval, options.budgetMs - waitedMs);
		await rateLimitClock.sleep(wait, options.signal);
		waitedMs += wait;
		polls++;
		const answer = await options.check();
		value = answer.value;
		if (answer.settled) return { settled: true, value, polls, waitedMs };
	}
	return { settled: false, value, polls, waitedMs };
}
