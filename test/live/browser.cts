/**
 * A real Chromium for the live suites: Debian's `chromium` driven by playwright-core (Playwright's
 * own browser download does not work on these machines). Under CI (CI=true) a missing Chromium is
 * installed with apt-get; elsewhere the suite fails with one line saying how to install it.
 */
import { ensureDebianProgram, onPath } from '../helpers/debian.cts';

export const INSTALL_HINT = 'Chromium is needed for the editor tests: install it with "sudo apt-get install -y chromium" (Debian/Ubuntu) or set CHROMIUM_PATH to a Chromium or Chrome binary';

export const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** The Chromium to drive, or undefined. */
export function findChromium(): string | undefined {
	if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
	return ['chromium', 'chromium-browser', 'google-chrome'].map((name) => onPath(name)).find(Boolean);
}

/** Under CI, installs Debian's chromium when it is missing (as root, or through sudo). */
export function ensureChromium(): string {
	return ensureDebianProgram(findChromium, ['chromium'], INSTALL_HINT, 'live');
}
