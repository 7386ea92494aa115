/**
 * The node's rate-limit waits (shared/rateLimit.ts `rateLimitClock`) on a fake clock, so tests check
 * each wait exactly without sleeping; jitter is 0.5.
 *
 * Time is virtual: a sleep ends when the clock reaches its end, and the clock moves on to the next
 * end only once the node has nothing else to do: every request answered and every answer handled.
 * nock answers without real I/O, through a 0 ms timer and a few event-loop turns, so the node has
 * settled when several timer rounds in a row pass without it touching the clock. Waits that overlap
 * in real life overlap here too: pages of one list waiting at the same time, an account's line of
 * requests beside a Retry-After.
 */
import { rateLimitClock, resetRateLimits } from '../../nodes/shared/rateLimit';

const realClock = { ...rateLimitClock };

export interface FakeClock {
	/** Now, in ms since the epoch. */
	now: number;
	/** Every wait the node asked for, in order. */
	waits: number[];
}

interface Sleeper {
	end: number;
	order: number;
	wake(): void;
}

/** Timer rounds without any clock use before the clock moves on: the node has settled. */
const SETTLED_AFTER_ROUNDS = Number(process.env.FAKE_CLOCK_ROUNDS ?? 5);

/** Installs a fresh fake clock starting at `start` (ms); returns what it records. Forgets learned paces. */
export function installFakeClock(start: number): FakeClock {
	const clock: FakeClock = { now: start, waits: [] };
	let sleepers: Sleeper[] = [];
	let order = 0;
	let used = 0;
	let running = false;

	// A 0 ms timer set now fires after every 0 ms timer set before it (nock's answers), and after
	// the event loop's pending turns.
	const round = async () => await new Promise<void>((resolve) => setTimeout(resolve, 0));
	/** Moves the clock from one sleep's end to the next while anyone sleeps. */
	const run = async () => {
		running = true;
		try {
			while (sleepers.length > 0) {
				for (let quiet = 0; quiet < SETTLED_AFTER_ROUNDS; quiet++) {
					const before = used;
					await round();
					if (used !== before) quiet = -1;
				}
				if (sleepers.length === 0) break;
				sleepers.sort((a, b) => a.end - b.end || a.order - b.order);
				const [next] = sleepers.splice(0, 1);
				clock.now = Math.max(clock.now, next.end);
				next.wake();
			}
		} finally {
			running = false;
		}
	};

	resetRateLimits();
	Object.assign(rateLimitClock, {
		now: () => {
			used++;
			return clock.now;
		},
		sleep: async (ms: number, signal?: AbortSignal) => {
			used++;
			clock.waits.push(ms);
			await new Promise<void>((resolve, reject) => {
				const sleeper: Sleeper = { end: clock.now + Math.max(0, ms), order: order++, wake: resolve };
				if (signal) {
					const abort = () => {
						sleepers = sleepers.filter((other) => other !== sleeper);
						reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
					};
					if (signal.aborted) return abort();
					signal.addEventListener('abort', abort, { once: true });
					sleeper.wake = () => {
						signal.removeEventListener('abort', abort);
						resolve();
					};
				}
				sleepers.push(sleeper);
				if (!running) void run();
			});
		},
		random: () => 0.5,
	});
	return clock;
}

/** The real clock again (for tests that show the node really waits). */
export function useRealClock(): void {
	Object.assign(rateLimitClock, realClock);
}
