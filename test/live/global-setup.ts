/** Boots the one n8n every live suite shares (see harness.ts) and tells the suites where it is. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bootLiveN8n, STATE_ENV, type BootedN8n } from './harness';

export default async function globalSetup(): Promise<void> {
	const booted = await bootLiveN8n();
	const stateFile = path.join(booted.state.workDir, 'live-state.json');
	fs.writeFileSync(stateFile, JSON.stringify(booted.state, null, '\t'));
	process.env[STATE_ENV] = stateFile;
	(globalThis as { liveN8n?: BootedN8n }).liveN8n = booted;
}
