/**
 * Boots the one n8n every live suite shares (see harness.cts) and tells the suites where it is.
 * While developing a suite: LIVE_KEEP_RUNNING=1 leaves that n8n running after the run and prints
 * its state file; LIVE_N8N_STATE=<that file> makes later runs use it instead of booting one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bootLiveN8n, STATE_ENV, type BootedN8n, type LiveState } from './harness.cts';

function running(stateFile: string | undefined): boolean {
	if (!stateFile || !fs.existsSync(stateFile)) return false;
	const { pid } = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as LiveState;
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

export default async function globalSetup(): Promise<void> {
	if (running(process.env[STATE_ENV])) {
		process.stderr.write(`[live] using the running n8n of ${process.env[STATE_ENV]}\n`);
		return;
	}
	const booted = await bootLiveN8n();
	const stateFile = path.join(booted.state.workDir, 'live-state.json');
	fs.writeFileSync(stateFile, JSON.stringify(booted.state, null, '\t'));
	process.env[STATE_ENV] = stateFile;
	if (process.env.LIVE_KEEP_RUNNING === '1') {
		booted.release();
		process.stderr.write(`[live] n8n stays running (pid ${booted.state.pid}): LIVE_N8N_STATE=${stateFile}\n`);
		return;
	}
	(globalThis as { liveN8n?: BootedN8n }).liveN8n = booted;
}
