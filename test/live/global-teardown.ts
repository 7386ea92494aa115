/** Stops the n8n global-setup.ts started (its whole process group) and removes its folder. */
import type { BootedN8n } from './harness';

export default async function globalTeardown(): Promise<void> {
	await (globalThis as { liveN8n?: BootedN8n }).liveN8n?.stop();
}
