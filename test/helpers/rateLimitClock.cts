/**
 * The node's rate-limit waits (shared/rateLimit.ts `rateLimitClock`) on a fake clock, so tests check
 * each wait exactly without sleeping: `sleep` records the wait and moves `now` on; jitter is 0.5.
 */
import { rateLimitClock, resetRateLimits } from '../../nodes/shared/rateLimit';

const realClock = { ...rateLimitClock };

export interface FakeClock {
	/** Now, in ms since the epoch. */
	now: number;
	/** Every wait the node asked for, in order. */
	waits: number[];
}

/** Installs a fresh fake clock starting at `start` (ms); returns what it records. Forgets learned paces. */
export function installFakeClock(start: number): FakeClock {
	const clock: FakeClock = { now: start, waits: [] };
	resetRateLimits();
	Object.assign(rateLimitClock, {
		now: () => clock.now,
		sleep: async (ms: number) => {
			clock.waits.push(ms);
			clock.now += ms;
		},
		random: () => 0.5,
	});
	return clock;
}

/** The real clock again (for tests that show the node really waits). */
export function useRealClock(): void {
	Object.assign(rateLimitClock, realClock);
}
