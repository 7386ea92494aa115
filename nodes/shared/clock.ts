import { sleep } from 'n8n-workflow';

/**
 * The one clock every wait of the node uses (rate limits, bounded polling). Node code may not use
 * setTimeout (n8n's scanner rejects it); n8n-workflow's `sleep` is allowed. Replaceable as a whole
 * object, so tests check the exact waits without sleeping (test/helpers/rateLimitClock.cts).
 */
export const waitClock = {
	now: (): number => Date.now(),
	sleep: async (ms: number, signal?: AbortSignal): Promise<void> => await sleep(ms, signal),
	random: (): number => Math.random(),
};
