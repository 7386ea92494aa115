/**
 * A real Chromium for the live suites: Debian's `chromium` driven by playwright-core (Playwright's
 * own browser download does not work on these machines). Under CI (CI=true) a missing Chromium is
 * installed with apt-get; elsewhere the suite fails with one line saying how to install it.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const INSTALL_HINT = 'Chromium is needed for the editor tests: install it with "sudo apt-get install -y chromium" (Debian/Ubuntu) or set CHROMIUM_PATH to a Chromium or Chrome binary';

export const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

function onPath(name: string): string | undefined {
	for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
		const file = path.join(dir, name);
		try {
			fs.accessSync(file, fs.constants.X_OK);
			return file;
		} catch {
			// not here
		}
	}
	return undefined;
}

/** The Chromium to drive, or undefined. */
export function findChromium(): string | undefined {
	if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
	return ['chromium', 'chromium-browser', 'google-chrome'].map(onPath).find(Boolean);
}

/** Under CI, installs Debian's chromium when it is missing (as root, or through sudo). */
export function ensureChromium(): string {
	const found = findChromium();
	if (found) return found;
	if (process.env.CI !== 'true') throw new Error(INSTALL_HINT);
	const asRoot = process.getuid?.() === 0;
	const run = (args: string[]) => execFileSync(asRoot ? args[0] : 'sudo', asRoot ? args.slice(1) : ['-n', ...args], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeout: 15 * 60_000 });
	process.stderr.write('[live] CI: installing chromium with apt-get\n');
	run(['apt-get', 'update']);
	run(['apt-get', 'install', '-y', 'chromium']);
	const installed = findChromium();
	if (!installed) throw new Error(`apt-get installed no chromium. ${INSTALL_HINT}`);
	return installed;
}
