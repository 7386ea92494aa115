/** Stops the n8n global-setup.cts started (its whole process group) and removes its folder. */
import type { BootedN8n } from './harness.cts';

export default async function globalTeardown(): Promise<void> {
	await (globalThis as { liveN8n?: BootedN8n }).liveN8n?.stop();
}
